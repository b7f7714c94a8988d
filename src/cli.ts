/**
 * The `kilas` command: dispatches to one module per subcommand under `cli/`.
 * Exit codes: 0 success, 1 runtime failure, 2 bad usage — always with a one-line reason on stderr.
 */
import { KilasError, UsageError, messageOf } from './errors.ts';
import type { CliCommand, CliIO } from './cli/io.ts';

const USAGE = `usage: kilas <command> [options]

commands:
  digest [--format text|markdown|telegram|discord|json] [--since DATE] [--input PATH...]
                         print the digest (stored articles, or the seed articles when none are stored)
  extract --json FILE... run the core pipeline over article files, one JSON object per file
  quotes NAME [--json] [--limit N]
  speakers [--json] [--days N]
                         what NAME said, newest first, deduplicated across outlets
  ingest [--feeds ...]   poll feeds once and load the seeds into the store
  start                  run the Telegram and Discord bots and the scheduler
  feeds import FILE.opml [--replace] | feeds export
                         the operator's outlets as OPML: add them from a file, or print them
`;

const commands: Record<string, () => Promise<CliCommand>> = {
  digest: async () => (await import('./cli/digest-command.ts')).digestCommand,
  extract: async () => (await import('./cli/extract-command.ts')).extractCommand,
  quotes: async () => (await import('./cli/quotes-command.ts')).quotesCommand,
  speakers: async () => (await import('./cli/speakers-command.ts')).speakersCommand,
  ingest: async () => (await import('./cli/ingest-command.ts')).ingestCommand,
  start: async () => (await import('./cli/start-command.ts')).startCommand,
  feeds: async () => (await import('./cli/feeds-command.ts')).feedsCommand,
};

/** Runs the CLI with `argv` (without node and script) and resolves with the exit code. */
export async function main(
  argv: readonly string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() },
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr.write(`kilas: unknown command '${name}' (try 'kilas --help')\n`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`kilas ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof KilasError) {
      io.stderr.write(`kilas ${name}: ${error.message}\n`);
      return 1;
    }
    const message = messageOf(error);
    io.stderr.write(`kilas ${name}: unexpected failure: ${message.split('\n')[0]}\n`);
    if (io.env['KILAS_DEBUG']) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 1;
  }
}
