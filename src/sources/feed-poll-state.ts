/**
 * What one poll does to a feed's stored state: a success clears failures and keeps the new
 * conditional-GET validators; a failure counts, backs off (`base × 2^(n-1)`, or longer when the
 * server asks with Retry-After) and disables the feed after too many in a row. Pure: the poller
 * reads and writes the state, these functions only compute it.
 */
import { backoffDelay } from '../core/pacing/index.ts';
import { FeedError, messageOf } from '../errors.ts';
import type { FeedState } from './feed-state.ts';
import { FeedHttpError } from './http-fetch.ts';

/** The settings of {@link failedFeedState}. */
export interface FeedBackoffSettings {
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly disableAfter: number;
}

/** The state of a feed never polled. */
export function emptyFeedState(url: string): FeedState {
  return { url, etag: null, lastModified: null, failures: 0, nextAttemptAt: null, disabled: false, lastError: null, lastSuccessAt: null };
}

/** The state after a poll that worked (new items or 304), with the validators to send next time. */
export function succeededFeedState(state: FeedState, validators: { etag: string | null; lastModified: string | null }, now: Date): FeedState {
  return { ...state, ...validators, failures: 0, nextAttemptAt: null, lastError: null, lastSuccessAt: now.toISOString() };
}

/** The state after a failed poll, and the failure as a typed error (anything else counts as transient). */
export function failedFeedState(state: FeedState, error: unknown, settings: FeedBackoffSettings, now: Date): { state: FeedState; error: FeedError } {
  const feedError = error instanceof FeedError ? error : new FeedError(messageOf(error), state.url, true, { cause: error });
  const failures = state.failures + 1;
  const disabled = failures >= settings.disableAfter;
  // A server that says how long to wait (Retry-After) is believed, up to the longest backoff.
  const asked = feedError instanceof FeedHttpError && feedError.retryAfterMs !== null ? feedError.retryAfterMs : 0;
  const delay = Math.max(backoffDelay(failures, settings.baseBackoffMs, settings.maxBackoffMs), Math.min(asked, settings.maxBackoffMs));
  const nextAttemptAt = disabled ? null : new Date(now.getTime() + delay).toISOString();
  return { state: { ...state, failures, disabled, nextAttemptAt, lastError: feedError.message }, error: feedError };
}
