/**
 * The one way subcommands turn a `parseArgs` refusal into a usage error: the first line of its
 * message, so the error stays one line on stderr, plus where to find help.
 */
import { UsageError } from '../errors.ts';

/** A UsageError for arguments `parseArgs` refused; with `command`, it points to `kilas <command> --help`. */
export function argumentError(error: unknown, command?: string): UsageError {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments';
  return new UsageError(command === undefined ? message : `${message} (try 'kilas ${command} --help')`);
}
