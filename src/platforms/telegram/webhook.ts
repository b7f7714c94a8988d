/**
 * Updates by webhook instead of long polling (TELEGRAM_WEBHOOK_URL): grammY's `webhookCallback`
 * on kilas's own HTTP server (KILAS_HTTP_PORT), behind the operator's TLS proxy. Telegram proves
 * each post with the secret token (X-Telegram-Bot-Api-Secret-Token): a wrong one gets 401 and nothing
 * is read. An update is acknowledged once answered, or after a few seconds while its answer goes on
 * (a reply waiting out a 429 must not make Telegram post the update again).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
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

/** The JSON body, read only after the secret was checked, at most `max` bytes. */
function readUpdate(req: IncomingMessage, max: number): Promise<Update> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) req.destroy(new Error(`update larger than ${max} bytes`));
      else chunks.push(chunk);
    });
    req.once('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.once('error', reject);
  });
}

/** grammY's request-response adapter for node:http, with a bounded body (grammY's own 'http' reads any size). */
const boundedHttp = (req: IncomingMessage, res: ServerResponse) => {
  const given = req.headers['x-telegram-bot-api-secret-token'];
  const header = Array.isArray(given) ? given[0] : given;
  return {
    ...(header !== undefined ? { header } : {}),
    get update() {
      return readUpdate(req, MAX_UPDATE_BYTES);
    },
    end: () => void res.end(),
    respond: (json: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(json),
    unauthorized: () => res.writeHead(401, { 'content-type': 'text/plain' }).end('secret token is wrong\n'),
  };
};

/** The POST handler; `accepting()` false (stopping) answers 503 so Telegram posts the update again later. */
export function webhookHandler(bot: Bot, webhook: TelegramWebhook, logger: Logger, accepting: () => boolean): HttpHandler {
  const callback = webhookCallback(bot, boundedHttp, {
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
    try {
      await callback(req, res);
    } catch (error) {
      logger.warn('telegram webhook post refused', { error: messageOf(error) });
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end('not a Telegram update\n');
    }
  };
}
