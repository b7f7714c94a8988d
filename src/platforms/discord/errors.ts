/**
 * discord.js failures -> kilas's `PlatformError`s, classified once, at the edge, so the delivery
 * loop never looks at a library error. The original error always stays in `cause`.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import {
  ChatUnavailableError,
  PlatformError,
  RateLimitedError,
  RejectedPayloadError,
  TransientPlatformError,
} from '../../errors.ts';

/**
 * JSON error codes that mean the channel cannot take the bot's messages any more, whatever the
 * payload: Unknown Channel, Missing Access, Missing Permissions, Cannot send messages to this user,
 * and the thread codes (archived, locked). Sending there again only adds to Discord's invalid-request
 * count (10,000 in 10 minutes bans the bot), so the subscription is deactivated instead.
 */
export const CHANNEL_GONE_CODES: ReadonlySet<number> = new Set([10003, 50001, 50013, 50007, 50083, 160005]);

/**
 * Classifies a discord.js failure: RateLimitError (and an unexpected 429) -> RateLimitedError,
 * the codes of {@link CHANNEL_GONE_CODES} and any 403 -> ChatUnavailableError, 5xx, network failures
 * and timeouts -> TransientPlatformError, other 4xx -> RejectedPayloadError.
 */
export function classifyDiscordError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof RateLimitError) {
    const waitMs = Math.max(error.retryAfter, error.timeToReset, 0);
    return new RateLimitedError(`discord ${error.method} ${error.route}: rate limited for ${waitMs} ms`, waitMs, { cause: error });
  }
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const what = `discord ${error.method.toUpperCase()} ${pathOf(error.url)}: ${error.status} ${code} ${error.message}`;
    if (error.status === 429) return new RateLimitedError(what, retryAfterOf(error.rawError), { cause: error });
    if (CHANNEL_GONE_CODES.has(code) || error.status === 403) return new ChatUnavailableError(what, { cause: error });
    if (error.status >= 500) return new TransientPlatformError(what, { cause: error });
    // 401 (token revoked) says nothing about this channel or payload: retry later, do not deactivate.
    if (error.status === 401) return new TransientPlatformError(what, { cause: error });
    return new RejectedPayloadError(what, { cause: error });
  }
  if (error instanceof HTTPError) {
    const what = `discord ${error.method.toUpperCase()} ${pathOf(error.url)}: HTTP ${error.status}`;
    if (error.status >= 500 || error.status === 408) return new TransientPlatformError(what, { cause: error });
    return new RejectedPayloadError(what, { cause: error });
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new TransientPlatformError(`discord failure: ${message}`, { cause: error });
}

/** The path of a request URL without the host or query, for log lines that never carry tokens' hosts. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/(interactions|webhooks)\/(\d+)\/[^/]+/, '/$1/$2/…');
  } catch {
    return url;
  }
}

function retryAfterOf(raw: unknown): number {
  const seconds = typeof raw === 'object' && raw !== null && 'retry_after' in raw ? Number((raw as { retry_after: unknown }).retry_after) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds * 1000) : 1000;
}
