/**
 * Environment -> validated, typed configuration. The only module that reads `process.env`,
 * and only when `loadConfig` is called (never at import time).
 */
import { z } from 'zod';
import { ConfigError } from './errors.ts';

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const schema = z.object({
  TELEGRAM_BOT_TOKEN: z.preprocess(emptyToUndefined, z.string().optional()),
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url().default('https://api.telegram.org')),
  DISCORD_TOKEN: z.preprocess(emptyToUndefined, z.string().optional()),
  DISCORD_APP_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  DISCORD_GUILD_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  DISCORD_API_BASE: z.preprocess(emptyToUndefined, z.url().default('https://discord.com/api')),
  KILAS_DB: z.preprocess(emptyToUndefined, z.string().default('data/kilas.db')),
  KILAS_FEEDS: z.preprocess(emptyToUndefined, z.string().default('data/feeds.json')),
  KILAS_SEEDS: z.preprocess(emptyToUndefined, z.string().default('data/seeds')),
  KILAS_TZ: z.preprocess(
    emptyToUndefined,
    z.string().default('Asia/Jakarta').refine(isTimeZone, 'not a known IANA time zone'),
  ),
  KILAS_DIGEST_TIME: z.preprocess(
    emptyToUndefined,
    z.string().regex(hhmm, 'expected HH:MM (24-hour)').default('07:00'),
  ),
  KILAS_POLL_CRON: z.preprocess(emptyToUndefined, z.string().default('*/15 * * * *')),
  KILAS_LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  KILAS_CHAT_FEEDS: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.enum(['on', 'off', '1', '0', 'true', 'false', 'yes', 'no']).default('on'),
  ),
  KILAS_CHAT_FEEDS_MAX: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(500).default(10)),
  KILAS_ALLOW_PRIVATE_FETCH: z.preprocess(emptyToUndefined, z.enum(['0', '1', 'true', 'false']).default('0')),
});

export interface Config {
  readonly telegram: { readonly token: string; readonly apiRoot: string } | null;
  readonly discord: {
    readonly token: string;
    readonly appId: string;
    readonly guildId: string | null;
    readonly apiBase: string;
  } | null;
  readonly dbPath: string;
  /** Comma-separated feed URLs or the path of a JSON file listing them. */
  readonly feeds: string;
  readonly seedsDir: string;
  readonly timeZone: string;
  readonly digestTime: string;
  readonly pollCron: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Whether chats may add feeds of their own (KILAS_CHAT_FEEDS), and how many each (KILAS_CHAT_FEEDS_MAX). */
  readonly chatFeeds: { readonly enabled: boolean; readonly maxPerChat: number };
  /**
   * KILAS_ALLOW_PRIVATE_FETCH=1: feeds and article pages may be fetched from private, loopback and
   * link-local addresses (a feed on the operator's own network, local test servers). Off by default:
   * links come from third-party feeds.
   */
  readonly allowPrivateFetch: boolean;
}

/**
 * Reads and validates the configuration.
 * @throws ConfigError naming every invalid variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.DISCORD_TOKEN && !e.DISCORD_APP_ID) {
    throw new ConfigError('invalid configuration: DISCORD_APP_ID is required when DISCORD_TOKEN is set');
  }
  return {
    telegram: e.TELEGRAM_BOT_TOKEN ? { token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, '') } : null,
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APP_ID
        ? {
            token: e.DISCORD_TOKEN,
            appId: e.DISCORD_APP_ID,
            guildId: e.DISCORD_GUILD_ID ?? null,
            apiBase: e.DISCORD_API_BASE.replace(/\/+$/, ''),
          }
        : null,
    dbPath: e.KILAS_DB,
    feeds: e.KILAS_FEEDS,
    seedsDir: e.KILAS_SEEDS,
    timeZone: e.KILAS_TZ,
    digestTime: e.KILAS_DIGEST_TIME,
    pollCron: e.KILAS_POLL_CRON,
    logLevel: e.KILAS_LOG_LEVEL,
    chatFeeds: { enabled: ['on', '1', 'true', 'yes'].includes(e.KILAS_CHAT_FEEDS), maxPerChat: e.KILAS_CHAT_FEEDS_MAX },
    allowPrivateFetch: e.KILAS_ALLOW_PRIVATE_FETCH === '1' || e.KILAS_ALLOW_PRIVATE_FETCH === 'true',
  };
}
