/**
 * Reaching the Bot API at start, for the Telegram adapter: getMe waits out a Bot API that is not
 * ready yet (5xx, 429) but reports at once what will not pass by itself (a name that does not
 * resolve, a refused connection, a refused token), so the operator sees the real cause at once
 * instead of a timeout after half a minute.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { GrammyError, HttpError, type Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { ConfigError, TransientPlatformError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { classifyTelegramError } from './errors.ts';

/** Abort reason of a start that ran out of time (as opposed to one that was stopped). */
export const START_TIMEOUT = Symbol('telegram start timed out');

/** Network failures that retrying at once will not cure: report them instead of waiting. */
const PERMANENT_NETWORK: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The system error code under a grammY network failure (node-fetch's FetchError carries it). */
function networkCode(error: HttpError): string {
  const inner = error.error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = inner?.code ?? inner?.cause?.code;
  return typeof code === 'string' ? code : '';
}

const timedOut = (last: unknown) =>
  new TransientPlatformError(`the Bot API did not answer getMe in time (last failure: ${classifyTelegramError(last).message})`, {
    cause: last,
  });

/**
 * getMe until the Bot API answers, with backoff between 5xx/429/transient network failures, until
 * `signal` aborts (with {@link START_TIMEOUT} as reason: a timeout naming the last failure).
 * @throws the first failure that retrying will not cure, as grammY raised it.
 */
export async function reachBotApi(bot: Bot, signal: AbortSignal, logger: Logger): Promise<UserFromGetMe> {
  let lastError: unknown = null;
  for (let attempt = 0; ; attempt++) {
    try {
      // grammY types its signal with the abort-controller shim; the runtime object is the same.
      return await bot.api.getMe(signal as Parameters<typeof bot.api.getMe>[0]);
    } catch (error) {
      if (signal.aborted) throw signal.reason === START_TIMEOUT ? timedOut(lastError ?? error) : error;
      const retry =
        (error instanceof GrammyError && (error.error_code >= 500 || error.error_code === 429)) ||
        (error instanceof HttpError && !PERMANENT_NETWORK.has(networkCode(error)));
      if (!retry) throw error;
      lastError = error;
      const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
      const waitMs = retryAfter !== undefined ? retryAfter * 1000 : Math.min(5000, 250 * 2 ** attempt);
      logger.warn('telegram Bot API not ready, retrying getMe', { error: classifyTelegramError(error).message, waitMs });
      try {
        await delay(waitMs, undefined, { signal });
      } catch {
        throw signal.reason === START_TIMEOUT ? timedOut(lastError) : signal.reason;
      }
    }
  }
}

/** A start that cannot work: a refused token is configuration, anything else the platform's failure. */
export function startFailureOf(error: unknown, apiRoot: string): Error {
  if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
    return new ConfigError(`TELEGRAM_BOT_TOKEN was refused by the Bot API at ${apiRoot} (${error.error_code} ${error.description})`, { cause: error });
  }
  return new TransientPlatformError(`telegram could not start: ${classifyTelegramError(error).message}`, { cause: error });
}
