/**
 * grammY failures -> kilas's platform errors, classified once, at the edge, for the delivery loop
 * and the command replies. The table of real Bot API answers is tests/fixtures/bot/telegram-errors.json.
 */
import { GrammyError, HttpError } from 'grammy';
import {
  ChatUnavailableError,
  PlatformError,
  RateLimitedError,
  RejectedPayloadError,
  TransientPlatformError,
  messageOf,
} from '../../errors.ts';

/** 400 descriptions that mean the chat cannot take messages any more, not that the payload was bad. */
const GONE_400 =
  /chat not found|user is deactivated|bot was kicked|not enough rights|have no rights|need administrator rights|chat_write_forbidden|chat is deactivated|message thread not found|topic_deleted|topic_closed|group chat was upgraded/i;

/**
 * Classifies a grammY failure once, at the edge: 429 -> RateLimitedError(retry_after),
 * 403 and "chat not found"-like 400s -> ChatUnavailableError, other 400s -> RejectedPayloadError,
 * HttpError and 5xx -> TransientPlatformError. The original error stays in `cause`.
 */
export function classifyTelegramError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof GrammyError) {
    const what = `telegram ${error.method}: ${error.error_code} ${error.description}`;
    const code = error.error_code;
    if (code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return new RateLimitedError(what, Math.max(0, Math.ceil(seconds * 1000)), { cause: error });
    }
    if (code === 403) return new ChatUnavailableError(what, { cause: error });
    if (code === 400 && GONE_400.test(error.description)) return new ChatUnavailableError(what, { cause: error });
    if (code === 400) return new RejectedPayloadError(what, { cause: error });
    if (code >= 500) return new TransientPlatformError(what, { cause: error });
    // 401 (token revoked), 404 (wrong API root) and the like: nothing about this chat or payload.
    return new TransientPlatformError(what, { cause: error });
  }
  if (error instanceof HttpError) {
    return new TransientPlatformError(`telegram network failure: ${error.message} (${networkReason(error)})`, { cause: error });
  }
  return new TransientPlatformError(`telegram failure: ${messageOf(error)}`, { cause: error });
}

/**
 * What really went wrong under a grammY network failure ("getaddrinfo ENOTFOUND api.example",
 * "connect ECONNREFUSED 127.0.0.1:1"), without the request URL (which carries the token).
 */
export function networkReason(error: HttpError): string {
  const inner = error.error as { message?: unknown; code?: unknown } | undefined;
  const message = typeof inner?.message === 'string' ? inner.message : String(inner ?? 'unknown');
  const reason = /reason: (.*)$/s.exec(message)?.[1] ?? message;
  return reason.replace(/https?:\/\/\S+/g, '<url>').split('\n')[0]?.trim() || (typeof inner?.code === 'string' ? inner.code : 'unknown');
}
