/**
 * `kilas quotes NAME [--json] [--limit N]`: what NAME said, newest first, each quote once however
 * many outlets carried it. Reads the store; an empty store is filled from the seed articles first,
 * so the command works out of the box. An unknown name exits 1 with suggestions ("Maksud Anda:
 * lavrov?"); an empty or unusable NAME is bad usage (exit 2), with a one-line reason on stderr.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { UsageError } from '../errors.ts';
import { quotesDocument } from '../format/quotes-document.ts';
import { renderText } from '../format/text-renderer.ts';
import { ingestSeeds } from '../ingest/seed-ingest.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/sqlite-store.ts';
import { argumentError } from './argument-error.ts';
import type { CliCommand } from './io.ts';

const HELP = `usage: kilas quotes NAME [--json] [--limit N]

What NAME said, newest first, deduplicated across outlets. NAME matches forgivingly (case,
accents, a typo, first name or full name). --limit N: at most N quotes (1-100, default 10).
`;

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const MAX_NAME = 80;

/**
 * The NAME a user typed, trimmed and checked.
 * @throws UsageError with a one-line reason when it is empty, too long, or not a name.
 */
export function checkName(words: readonly string[]): string {
  const name = words.join(' ').replace(/\s+/g, ' ').trim();
  if (name === '') throw new UsageError("missing NAME (try 'kilas quotes lavrov')");
  if ([...name].length > MAX_NAME) throw new UsageError(`NAME is too long (at most ${MAX_NAME} characters)`);
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u.test(name)) throw new UsageError('NAME contains control or invisible characters');
  if (!/\p{L}/u.test(name)) throw new UsageError('NAME must contain letters');
  return name;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const given = value.trim();
  if (!/^-?\d+$/.test(given)) throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got '${given}'`);
  const n = Number(given);
  if (n < 1 || n > MAX_LIMIT) throw new UsageError(`--limit must be between 1 and ${MAX_LIMIT}, got ${n}`);
  return n;
}

export const quotesCommand: CliCommand = async (args, io) => {
  let parsed;
  try {
    parsed = parseArgs({
      // "--limit -1" would read as an unknown option "-1": keep a value that looks negative a value.
      args: args.map((a, i) => (i > 0 && args[i - 1] === '--limit' && /^-\d/.test(a) ? ` ${a}` : a)),
      options: {
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw argumentError(error, 'quotes');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const name = checkName(positionals);
  const limit = parseLimit(values.limit);

  const config = loadConfig(io.env);
  const logger = createLogger(config.logLevel, io.stderr);
  const dbPath = resolve(io.cwd, config.dbPath);
  // Reading only when there is something to read: works on a database this process may not write.
  let store = existsSync(dbPath) ? openStore(dbPath, { timeZone: config.timeZone, readonly: true }) : null;
  if (store === null || store.articleCount() === 0) {
    store?.close();
    store = openStore(dbPath, { timeZone: config.timeZone });
  }
  try {
    if (store.articleCount() === 0) {
      io.stderr.write(`kilas quotes: the store is empty, loading the seed articles from ${config.seedsDir}\n`);
      const seeds = await ingestSeeds({ store, seedsDir: config.seedsDir, cwd: io.cwd, timeZone: config.timeZone, logger });
      for (const e of seeds.errors) io.stderr.write(`kilas quotes: ${e.message.replace(`${io.cwd}/`, '')}\n`);
    }
    const hits = store.quotesBy(name, limit);
    const suggestions = hits.length === 0 ? store.suggestSpeakers(name, 3).map((s) => s.key) : [];

    if (values.json) {
      const body = hits.length > 0 ? { query: name, speakers: store.resolveSpeakers(name), quotes: hits } : { query: name, quotes: [], suggestions };
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else if (hits.length > 0) {
      const out = renderText(quotesDocument(name, hits));
      io.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    }
    if (hits.length === 0) {
      const hint = suggestions.length > 0 ? ` Maksud Anda: ${suggestions.join(', ')}?` : '';
      io.stderr.write(`kilas quotes: tidak ada kutipan dari "${name}".${hint}\n`);
      return 1;
    }
    return 0;
  } finally {
    store.close();
  }
};
