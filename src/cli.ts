/**
 * The `kilas` command: dispatches to one module per subcommand under `cli/`.
 * Exit codes: 0 success, 1 runtime failure, 2 bad usage — always with a one-line reason on stderr.
 */
import { readFileSync } from 'node:fs';
import { SECRET_VARIABLES, withDotEnv } from './config.ts';
import { ConfigInvalidError, KilasError, UsageError } from './errors.ts';
import type { CliCommand, CliIO } from './cli/io.ts';
import { escapeControls } from './logger.ts';
import { createRedactor, describeError } from './redact.ts';

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
  config                 print the effective configuration (secrets masked)

options:
  --version              print the version
  --help                 print this help
`;

const commands: Record<string, () => Promise<CliCommand>> = {
  digest: async () => (await import('./cli/digest-command.ts')).digestCommand,
  extract: async () => (await import('./cli/extract-command.ts')).extractCommand,
  quotes: async () => (await import('./cli/quotes-command.ts')).quotesCommand,
  speakers: async () => (await import('./cli/speakers-command.ts')).speakersCommand,
  ingest: async () => (await import('./cli/ingest-command.ts')).ingestCommand,
  start: async () => (await import('./cli/start-command.ts')).startCommand,
  config: async () => (await import('./cli/config-command.ts')).configCommand,
  feeds: async () => (await import('./cli/feeds-command.ts')).feedsCommand,
};

/**
 * A stream that writes control characters other than tab and line feed as `\uXXXX`: whatever an
 * article carried (ESC, BEL, the C1 CSI U+009B), it cannot drive the terminal, and inside JSON
 * strings (the only place they can occur there) the escape is the same character.
 */
function controlSafe(out: CliIO['stdout']): CliIO['stdout'] {
  return {
    write: (chunk: string) =>
      out.write(
        typeof chunk === 'string'
          ? chunk.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
          : chunk,
      ),
  };
}

/** The package version, from package.json next to src/. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

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
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write(`kilas ${version()}\n`);
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr.write(`kilas: unknown command '${name}' (try 'kilas --help')\n`);
    return 2;
  }
  // Secrets known from the environment are redacted from every error line, whatever echoed them.
  let redact = createRedactor(SECRET_VARIABLES.map((v) => io.env[v]));
  const fail = (text: string) => io.stderr.write(`${escapeControls(redact(`kilas ${name}: ${text}`))}\n`);
  try {
    // The environment over `.env`, read once here; every command validates it before doing anything.
    const env = withDotEnv(io.env, io.cwd);
    redact = createRedactor(SECRET_VARIABLES.map((v) => env[v]));
    const command = await load();
    return await command(rest, { ...io, env, stdout: controlSafe(io.stdout) });
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigInvalidError) {
      fail(error.message);
      return 2;
    }
    if (error instanceof KilasError) {
      fail(describeError(error));
      return 1;
    }
    fail(`unexpected failure: ${describeError(error).split('\n')[0]}`);
    if (io.env['KILAS_DEBUG']) io.stderr.write(`${redact(error instanceof Error ? (error.stack ?? '') : '')}\n`);
    return 1;
  }
}
