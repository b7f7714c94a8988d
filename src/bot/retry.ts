/**
 * Sending one part with retries: 429 waits the platform's retry_after and retries the same part
 * (it is never dropped for being rate limited, within a generous cap); 5xx, timeouts and network
 * failures retry with bounded exponential backoff and jitter; "chat unavailable" and "payload
 * rejected" are final at once. The outcome is a value, so the delivery loop decides what a failure
 * means for the subscription.
 */
import {
  ChatUnavailableError,
  PlatformError,
  RateLimitedError,
  RejectedPayloadError,
  TransientPlatformError,
  messageOf,
} from '../errors.ts';
import { jitteredBackoffDelay, type BackoffPolicy } from '../core/pacing/index.ts';
import { withinDeadline } from '../lib/deadline.ts';
import type { Pacer, Sleep } from './pacer.ts';
import type { ChatRef } from './ports.ts';

/** How hard one part is retried. */
export interface RetryPolicy extends BackoffPolicy {
  /** Retries after transient failures (5xx, timeouts, network), per part. Default 6. */
  readonly maxTransientRetries: number;
  /** First backoff delay in ms; doubles each retry. Default 500. */
  readonly backoffBaseMs: number;
  /** Upper bound of one backoff delay in ms. Default 30,000. */
  readonly backoffMaxMs: number;
  /** Total attempts of one part, 429s included: a generous cap against a platform that never lets up. Default 50. */
  readonly maxAttempts: number;
  /** Upper bound of one honoured retry_after in ms (longer asks are waited this long, then retried). Default 600,000. */
  readonly maxRetryAfterMs: number;
  /** One send that has not settled after this many ms (real time) counts as a transient failure; 0 disables. Default 60,000. */
  readonly sendTimeoutMs: number;
}

/** Defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY = {
  maxTransientRetries: 6,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  maxAttempts: 50,
  maxRetryAfterMs: 600_000,
  sendTimeoutMs: 60_000,
} satisfies Required<RetryPolicy>;

export type SendOutcome =
  | { readonly ok: true; readonly messageId: string; readonly attempts: number }
  | {
      readonly ok: false;
      /**
       * unavailable: the chat cannot receive (deactivate); rejected: the payload is refused (400);
       * exhausted: retries used up (try again later); aborted: stopping, the part is parked.
       */
      readonly kind: 'unavailable' | 'rejected' | 'exhausted' | 'aborted';
      readonly reason: string;
      readonly attempts: number;
      readonly error: unknown;
    };

export interface SendWithRetryDeps {
  readonly pacer: Pacer;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly policy: RetryPolicy;
  readonly signal?: AbortSignal;
  /** Called for each failed attempt that will be retried (logging, counters). */
  readonly onRetry?: (info: { attempt: number; error: unknown; waitMs: number }) => void;
}


/**
 * `send` against a real timer: a safety net against an adapter that never settles (its own
 * library timeouts should fire first). Not on the injected clock, so virtual-time runs are unaffected.
 */
function withTimeout<T>(send: () => Promise<T>, ms: number): Promise<T> {
  if (!(ms > 0)) return send();
  return withinDeadline(send(), ms, () => new TransientPlatformError(`send timed out after ${ms} ms`), { unref: true });
}

/**
 * Sends one part to `chat` through the pacer, retrying as the policy says. Never throws: every
 * outcome is returned. Errors that are not `PlatformError`s are treated as transient.
 */
export async function sendWithRetry(
  chat: ChatRef,
  send: () => Promise<string>,
  deps: SendWithRetryDeps,
): Promise<SendOutcome> {
  const { policy, signal } = deps;
  let transientRetries = 0;
  let attempts = 0;
  let lastError: unknown = null;
  const aborted = (): SendOutcome => ({
    ok: false,
    kind: 'aborted',
    reason: 'stopped before the part was confirmed',
    attempts,
    error: signal?.reason,
  });
  while (attempts < policy.maxAttempts) {
    if (signal?.aborted) return aborted();
    try {
      await deps.pacer.acquire(chat, signal);
    } catch (error) {
      if (signal?.aborted) return aborted();
      throw error;
    }
    attempts++;
    try {
      const messageId = await withTimeout(send, policy.sendTimeoutMs);
      return { ok: true, messageId, attempts };
    } catch (error) {
      lastError = error;
      if (error instanceof ChatUnavailableError) {
        return { ok: false, kind: 'unavailable', reason: messageOf(error), attempts, error };
      }
      if (error instanceof RejectedPayloadError) {
        return { ok: false, kind: 'rejected', reason: messageOf(error), attempts, error };
      }
      let waitMs: number;
      let pacerWaits = false;
      if (error instanceof RateLimitedError) {
        waitMs = Math.min(Math.max(0, error.retryAfterMs), policy.maxRetryAfterMs);
        // The pacer holds this chat for the wait, so other sends to it queue behind the pause.
        pacerWaits = deps.pacer.penalize(chat, waitMs);
      } else {
        if (signal?.aborted && !(error instanceof PlatformError)) return aborted();
        transientRetries++;
        if (transientRetries > policy.maxTransientRetries) break;
        waitMs = jitteredBackoffDelay(transientRetries, policy, deps.random);
      }
      if (attempts >= policy.maxAttempts) break;
      deps.onRetry?.({ attempt: attempts, error, waitMs });
      if (!pacerWaits) {
        try {
          await deps.sleep(waitMs, signal);
        } catch {
          return aborted();
        }
      }
    }
  }
  return {
    ok: false,
    kind: 'exhausted',
    reason: `gave up after ${attempts} attempts: ${messageOf(lastError)}`,
    attempts,
    error: lastError,
  };
}
