/**
 * Updates by webhook instead of long polling (TELEGRAM_WEBHOOK_URL): grammY's `webhookCallback`
 * on kilas's own HTTP server (KILAS_HTTP_PORT), behind the operator's TLS proxy. Telegram proves
 * each post with the secret token (X-Telegram-Bot-Api-Secret-Token): a wrong one gets 401 and nothing
 * is read. An update is acknowledged once answered, or after a few seconds while its answer goes on
 * (a reply waiting out a 429 must not make Telegram post the update again).
 */
import { webhookCallback, type Bot } from 'grammy';
import { messageOf } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { HttpHandler } from '../module.ts';
import type { TelegramWebhook } from './config.ts';
import { ALLOWED_UPDATES } from './polling.ts';

/** Telegram's updates are a few kilobytes; anything far larger is not Telegram. */
const MAX_UPDATE_BYTES = 1 << 20;
/** How long a post waits for its update to be answered before it is acknowledged anyway. */
const ACK_AFTER_MS = 5000;

/** Registers the webhook with Telegram (from now on it posts updates there). */
export async function setWebhook(bot: Bot, webhook: TelegramWebhook, signal: AbortSignal): Promise<void> {
  await bot.api.setWebhook(
    webhook.url,
    { allowed_updates: [...ALLOWED_UPDATES], ...(webhook.secretToken !== null ? { secret_token: webhook.secretToken } : {}) },
    // grammY types its signal with the abort-controller shim; the runtime object is the same.
    signal as Parameters<typeof bot.api.setWebhook>[2],
  );
}

/** The POST handler; `accepting()` false (stopping) answers 503 so Telegram posts the update again later. */
export function webhookHandler(bot: Bot, webhook: TelegramWebhook, logger: Logger, accepting: () => boolean): HttpHandler {
  const callback = webhookCallback(bot, 'http', {
    onTimeout: 'return',
    timeoutMilliseconds: ACK_AFTER_MS,
    ...(webhook.secretToken !== null ? { secretToken: webhook.secretToken } : {}),
  });
  return async (req, res) => {
    if (!accepting()) {
      res.writeHead(503, { 'retry-after': '5' }).end();
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_UPDATE_BYTES) {
      res.writeHead(413, { connection: 'close' }).end();
      return;
    }
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_UPDATE_BYTES) req.destroy(new Error(`update larger than ${MAX_UPDATE_BYTES} bytes`));
    });
    try {
      await callback(req, res);
    } catch (error) {
      logger.warn('telegram webhook post refused', { error: messageOf(error) });
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end('not a Telegram update\n');
    }
  };
}
