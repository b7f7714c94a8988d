/**
 * Telegram's environment variables: the bot token and Bot API root, and the optional webhook
 * (TELEGRAM_WEBHOOK_URL, served on KILAS_HTTP_PORT) that replaces long polling behind a proxy.
 */
import { z } from 'zod';
import { httpUrl, optional, type ConfigIssue } from '../../config-fields.ts';
import type { PlatformConfig } from '../module.ts';

/** Paths kilas's HTTP server answers itself. */
const RESERVED_PATHS: ReadonlySet<string> = new Set(['/healthz', '/metrics']);
/** Ports Telegram delivers webhooks to. */
const WEBHOOK_PORTS: ReadonlySet<string> = new Set(['', '443', '80', '88', '8443']);

const VARIABLES = {
  TELEGRAM_BOT_TOKEN: optional(z.string().optional()),
  TELEGRAM_API_ROOT: httpUrl('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: optional(z.url({ protocol: /^https?$/, error: 'expected the https:// URL Telegram posts updates to' }).optional()),
  TELEGRAM_WEBHOOK_SECRET: optional(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'expected 1-256 characters A-Z, a-z, 0-9, _ or -').optional(),
  ),
  TELEGRAM_WEBHOOK_ALLOW_HTTP: optional(z.enum(['0', '1', 'true', 'false'], { error: 'expected 0 or 1' }).default('0')),
};

type Vars = z.infer<z.ZodObject<typeof VARIABLES>>;

/** Where Telegram posts updates instead of kilas long polling. */
export interface TelegramWebhook {
  /** The public URL given to setWebhook. */
  readonly url: string;
  /** The path kilas serves it on (the URL's path: a proxy forwards it unchanged). */
  readonly path: string;
  /** Sent by Telegram in X-Telegram-Bot-Api-Secret-Token with every update; null: not checked. */
  readonly secretToken: string | null;
}

export interface TelegramSettings {
  readonly token: string;
  readonly apiRoot: string;
  /** null: long polling. */
  readonly webhook: TelegramWebhook | null;
}

function checkWebhook(v: Vars, issue: ConfigIssue, all: Readonly<Record<string, unknown>>): void {
  if (v.TELEGRAM_WEBHOOK_URL === undefined) {
    if (v.TELEGRAM_WEBHOOK_SECRET !== undefined) issue('TELEGRAM_WEBHOOK_SECRET', 'only used with TELEGRAM_WEBHOOK_URL');
    return;
  }
  // The refinement also runs when the URL itself was refused: that problem is already reported.
  const url = URL.canParse(v.TELEGRAM_WEBHOOK_URL) ? new URL(v.TELEGRAM_WEBHOOK_URL) : null;
  if (url === null) return;
  const allowHttp = v.TELEGRAM_WEBHOOK_ALLOW_HTTP === '1' || v.TELEGRAM_WEBHOOK_ALLOW_HTTP === 'true';
  if (!v.TELEGRAM_BOT_TOKEN) issue('TELEGRAM_WEBHOOK_URL', 'needs TELEGRAM_BOT_TOKEN');
  if (url.protocol !== 'https:' && !allowHttp) issue('TELEGRAM_WEBHOOK_URL', 'Telegram posts to https:// URLs only (TELEGRAM_WEBHOOK_ALLOW_HTTP=1 for a local Bot API server)');
  else if (!allowHttp && !WEBHOOK_PORTS.has(url.port)) issue('TELEGRAM_WEBHOOK_URL', `Telegram posts to ports 443, 80, 88 or 8443 only (given ${url.port})`);
  if (RESERVED_PATHS.has(url.pathname)) issue('TELEGRAM_WEBHOOK_URL', `the path ${url.pathname} is kilas's own; choose another, e.g. /telegram`);
  if (all['KILAS_HTTP_PORT'] === undefined) issue('KILAS_HTTP_PORT', 'required with TELEGRAM_WEBHOOK_URL: the webhook is served on it');
}

export const telegramConfig: PlatformConfig<Vars, TelegramSettings> = {
  variables: VARIABLES,
  secrets: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET'],
  check: checkWebhook,
  settings(v) {
    if (!v.TELEGRAM_BOT_TOKEN) return null;
    const webhook = v.TELEGRAM_WEBHOOK_URL
      ? { url: v.TELEGRAM_WEBHOOK_URL, path: new URL(v.TELEGRAM_WEBHOOK_URL).pathname, secretToken: v.TELEGRAM_WEBHOOK_SECRET ?? null }
      : null;
    return { token: v.TELEGRAM_BOT_TOKEN, apiRoot: v.TELEGRAM_API_ROOT.replace(/\/+$/, ''), webhook };
  },
};
