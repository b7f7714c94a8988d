/**
 * `kilas start` as a user runs it, in a child process, for the end-to-end tests of both platforms:
 * only PATH and HOME are inherited, stderr (the logs) is collected, and the exit is awaited with a bound.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface KilasProcess {
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Whether the process has exited. */
  exited(): boolean;
  /** Asks the process to stop (SIGTERM), as a service manager would. */
  terminate(): void;
  /** The exit code once the process exits, or 'timeout' after `timeoutMs`. */
  exitCode(timeoutMs: number): Promise<number | null | 'timeout'>;
}

/** Starts `bin/kilas.mjs start` in the repository with `env` (plus PATH, and HOME defaulting to `home`). */
export function startKilas(env: Readonly<Record<string, string>>, home: string): KilasProcess {
  const child = spawn(process.execPath, [join(REPO, 'bin/kilas.mjs'), 'start'], {
    cwd: REPO,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    stderr: () => stderr,
    exited: () => child.exitCode !== null,
    terminate: () => child.kill('SIGTERM'),
    exitCode: (timeoutMs) => Promise.race([exit, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs))]),
  };
}
