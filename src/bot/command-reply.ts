/**
 * What a command answers with: an outcome and the documents to send. Shared by the command
 * handlers (commands.ts) and the groups of commands they dispatch to.
 */
import type { Document } from '../format/document.ts';
import type { OutgoingFile, Picker } from './source-commands.ts';

/**
 * How a command ended: `ok`, `invalid` (bad argument), `refused` (not an admin), `not-found`
 * (/quotes without hits), `rate-limited` (told to slow down), `silent` (rate limited, already told),
 * `unknown` (not a kilas command), `error` (our failure, logged).
 */
export type CommandOutcome = 'ok' | 'invalid' | 'refused' | 'not-found' | 'rate-limited' | 'silent' | 'unknown' | 'error';

/** What to answer: the documents to send in order (none means stay quiet). */
export interface CommandReply {
  readonly outcome: CommandOutcome;
  readonly documents: readonly Document[];
  /**
   * For `silent`: the notice a platform that must answer every command (Discord interactions) shows
   * privately instead of staying quiet. Chat platforms do not send it, so a group is not flooded.
   */
  readonly privateNotice?: Document;
  /** Choices to show with the first document (buttons or a select menu). */
  readonly picker?: Picker;
  /** Files to send after the documents. */
  readonly files?: readonly OutgoingFile[];
}

/** A reply of `outcome` with `documents`. */
export const reply = (outcome: CommandOutcome, ...documents: Document[]): CommandReply => ({ outcome, documents });
