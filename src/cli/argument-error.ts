/**
 * The one way subcommands read their arguments: `parseArgs` with a refusal turned into a one-line
 * usage error that points to `--help`, and whole-number options checked against their range.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';

/** A UsageError for arguments `parseArgs` refused; with `command`, it points to `kilas <command> --help`. */
export function argumentError(error: unknown, command?: string): UsageError {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments';
  return new UsageError(command === undefined ? message : `${message} (try 'kilas ${command} --help')`);
}

/** Options as `parseArgs` takes them (the type @types/node does not export). */
type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The option every subcommand has. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

type CommandConfig<O extends ParseArgsOptionsConfig> = { args: string[]; options: O & typeof HELP_OPTION; allowPositionals: boolean; strict: true };

/**
 * The arguments of `kilas <command>`: strict `parseArgs` over `options` plus `--help`/`-h`, throwing
 * {@link argumentError} for `command` when it refuses. Positionals only when `allowPositionals`.
 * @example const { values } = parseCommandArgs('ingest', args, { json: { type: 'boolean', default: false } })
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(
  command: string | undefined,
  args: readonly string[],
  options: O,
  allowPositionals = false,
): ReturnType<typeof parseArgs<CommandConfig<O>>> {
  try {
    return parseArgs<CommandConfig<O>>({ args: [...args], options: { ...options, ...HELP_OPTION }, allowPositionals, strict: true });
  } catch (error) {
    throw argumentError(error, command);
  }
}

/**
 * The whole number `--name` was given, from 1 to `max`; `fallback` when it was not given.
 * @throws UsageError for anything else ("1e3", "0", "-1", a number above `max`).
 */
export function wholeNumberOption(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const given = value.trim();
  if (!/^-?\d+$/.test(given)) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got '${given}'`);
  const n = Number(given);
  if (n < 1 || n > max) throw new UsageError(`--${name} must be between 1 and ${max}, got ${n}`);
  return n;
}
