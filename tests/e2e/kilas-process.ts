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
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  /** Whether the process has exited. */
  exited(): boolean;
  /** Asks the process to stop (SIGTERM by default), as a service manager would. */
  terminate(signal?: NodeJS.Signals): void;
  /** The child's process id. */
  readonly pid: number | undefined;
  /** The exit code once the process exits, or 'timeout' after `timeoutMs`. */
  exitCode(timeoutMs: number): Promise<number | null | 'timeout'>;
}

/**
 * Starts `bin/kilas.mjs start` (or `args`) in the repository with `env` (plus PATH, HOME defaulting
 * to `home`, and no `.env` file unless `env` names one in KILAS_ENV_FILE).
 */
export function startKilas(env: Readonly<Record<string, string>>, home: string, args: readonly string[] = ['start']): KilasProcess {
  const child = spawn(process.execPath, [join(REPO, 'bin/kilas.mjs'), ...args], {
    cwd: REPO,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? home, KILAS_ENV_FILE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    stderr: () => stderr,
    stdout: () => stdout,
    exited: () => child.exitCode !== null,
    terminate: (signal = 'SIGTERM') => void child.kill(signal),
    pid: child.pid,
    exitCode: (timeoutMs) => Promise.race([exit, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs))]),
  };
}
