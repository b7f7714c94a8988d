/**
 * Environment -> validated, typed configuration. The only module that reads the environment, and
 * only when asked (never at import time): `withDotEnv` merges a `.env` file under the real
 * environment, `loadConfig` validates the whole of it with zod and reports every problem at once.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';
import { ConfigInvalidError, InputError, messageOf } from './errors.ts';
import { optional } from './config-fields.ts';
import { PLATFORMS } from './platforms/registry.ts';

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Every platform module's variables first (in registry order), then kilas's own. */
const schema = z
  .object({
    ...Object.fromEntries(PLATFORMS.flatMap((p) => Object.entries(p.config.variables))),
    KILAS_DB: optional(z.string().default('data/kilas.db')),
    KILAS_FEEDS: optional(z.string().default('data/feeds.json')),
    KILAS_SEEDS: optional(z.string().default('data/seeds')),
    KILAS_TZ: optional(z.string().default('Asia/Jakarta').refine(isTimeZone, 'not a known IANA time zone (e.g. Asia/Jakarta)')),
    KILAS_DIGEST_TIME: optional(z.string().regex(hhmm, 'expected HH:MM (24-hour), e.g. 07:00').default('07:00')),
    KILAS_POLL_CRON: optional(
      z.string().default('*/15 * * * *').refine((v) => isCronExpression(v), 'not a valid cron expression (e.g. "*/15 * * * *")'),
    ),
    KILAS_LOG_LEVEL: optional(
      z.enum(['debug', 'info', 'warn', 'error'], { error: 'expected debug, info, warn or error' }).default('info'),
    ),
    KILAS_HTTP_PORT: optional(
      z.coerce
        .number({ error: 'expected a port number' })
        .int('expected a whole port number')
        .min(0, 'expected a port from 0 to 65535')
        .max(65535, 'expected a port from 0 to 65535')
        .optional(),
    ),
    KILAS_HTTP_HOST: optional(z.string().default('127.0.0.1')),
    KILAS_CHAT_FEEDS: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
      z.enum(['on', 'off', '1', '0', 'true', 'false', 'yes', 'no'], { error: 'expected on or off' }).default('on'),
    ),
    KILAS_CHAT_FEEDS_MAX: optional(
      z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(0, 'expected 0 to 500').max(500, 'expected 0 to 500').default(10),
    ),
    KILAS_ALLOW_PRIVATE_FETCH: optional(z.enum(['0', '1', 'true', 'false'], { error: 'expected 0 or 1' }).default('0')),
  })
  .superRefine((e, ctx) => {
    const all = e as Record<string, unknown>;
    for (const p of PLATFORMS) {
      p.config.check?.(all, (variable, message) => ctx.addIssue({ code: 'custom', path: [variable], message }), all);
    }
  });

/** Variables whose values are secrets: never printed, masked by `kilas config`, redacted from logs. */
export const SECRET_VARIABLES: readonly string[] = PLATFORMS.flatMap((p) => p.config.secrets);

/** The variables kilas reads, in the order `kilas config` prints them. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export interface Config {
  /**
   * The settings of each configured platform by its module's name (src/platforms/registry.ts); a
   * platform whose variables are not set is absent.
   */
  readonly platforms: Readonly<Record<string, unknown>>;
  /** The values of every secret variable that is set (for the log redactor). */
  readonly secrets: readonly string[];
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
  /** Port of the health and metrics server; null: no server. 0 picks a free port (tests). */
  readonly httpPort: number | null;
  /** Address the health and metrics server listens on. Default 127.0.0.1. */
  readonly httpHost: string;
}

/** The effective value of every variable kilas reads (defaults filled in), secrets as given. */
export type EffectiveVariables = Readonly<Record<string, string | null>>;

function parse(env: Readonly<Record<string, string | undefined>>) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = i.path.map(String).join('.') || 'environment';
      const given = typeof env[name] === 'string' && !SECRET_VARIABLES.includes(name) ? ` (given ${JSON.stringify(env[name])})` : '';
      return `${name}: ${i.message}${given}`;
    });
    throw new ConfigInvalidError(problems);
  }
  return parsed.data;
}

/**
 * Reads and validates the whole configuration before anything starts.
 * @throws ConfigInvalidError listing every invalid variable by name.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const e = parse(env);
  const all = e as Record<string, unknown>;
  const platforms: Record<string, unknown> = {};
  for (const p of PLATFORMS) {
    const settings = p.config.settings(all);
    if (settings !== null) platforms[p.name] = settings;
  }
  return {
    platforms,
    secrets: SECRET_VARIABLES.map((name) => all[name]).filter((v): v is string => typeof v === 'string' && v !== ''),
    dbPath: e.KILAS_DB,
    feeds: e.KILAS_FEEDS,
    seedsDir: e.KILAS_SEEDS,
    timeZone: e.KILAS_TZ,
    digestTime: e.KILAS_DIGEST_TIME,
    pollCron: e.KILAS_POLL_CRON,
    logLevel: e.KILAS_LOG_LEVEL,
    httpPort: e.KILAS_HTTP_PORT ?? null,
    httpHost: e.KILAS_HTTP_HOST,
    chatFeeds: { enabled: ['on', '1', 'true', 'yes'].includes(e.KILAS_CHAT_FEEDS), maxPerChat: e.KILAS_CHAT_FEEDS_MAX },
    allowPrivateFetch: e.KILAS_ALLOW_PRIVATE_FETCH === '1' || e.KILAS_ALLOW_PRIVATE_FETCH === 'true',
  };
}

/**
 * Every variable with its effective value (the default when unset), validated like `loadConfig`.
 * @throws ConfigInvalidError listing every invalid variable by name.
 */
export function effectiveVariables(env: Readonly<Record<string, string | undefined>>): EffectiveVariables {
  const e: Record<string, unknown> = parse(env);
  return Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, e[name] === undefined ? null : String(e[name])]));
}

/**
 * The environment with a `.env` file (when `path` exists) underneath it: a variable set in the real
 * environment wins over the file, as with `node --env-file` and dotenv. The file is read with Node's
 * own parser (`util.parseEnv`), so quoting rules are the same as `--env-file`'s. KILAS_ENV_FILE names
 * another file (which must exist); set to empty, no file is read.
 * @throws InputError when the file exists but cannot be read.
 */
export function withDotEnv(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  path = env['KILAS_ENV_FILE'] ?? '.env',
): Readonly<Record<string, string | undefined>> {
  // KILAS_ENV_FILE= (empty) reads no file at all.
  if (path.trim() === '') return env;
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && env['KILAS_ENV_FILE'] === undefined) return env;
    throw new InputError(`cannot read ${path}: ${messageOf(error)}`, file, { cause: error });
  }
  return { ...parseEnv(text), ...definedOnly(env) };
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
