/** Runs `kilas` in-process with captured streams, for the ingest and quotes CLI tests. */
import { main } from '../../src/cli.ts';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runKilas(argv: readonly string[], env: Record<string, string>, cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env,
    cwd,
  });
  return { code, stdout, stderr };
}
