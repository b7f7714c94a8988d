/** What a CLI command may touch: its streams and environment, injected so tests can capture them. */
export interface CliIO {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A CLI subcommand: resolves with the process exit code (0 ok, 1 runtime failure, 2 bad usage). */
export type CliCommand = (args: readonly string[], io: CliIO) => Promise<number>;
