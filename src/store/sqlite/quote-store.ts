/**
 * `/quotes` over SQLite: speaker lookup through the core's speaker index (people, built from the
 * `speakers` table and the alias list) and the
 * (speaker_key, sort_ms) index, full-text search through FTS5 (accents folded by unicode61).
 */
import { EMPTY_DIRECTORY, MAX_QUERY, SpeakerIndex, type Person, type SpeakerDirectory } from '../../core/speakers/index.ts';
import { StoreError } from '../../errors.ts';
import { mergeQuoteRows, type QuoteRowView } from '../../core/quotes/index.ts';
import { clampLimit, newestFirst, toQuoteView, type JoinedQuoteRow } from '../stored-rows.ts';
import { wordRuns } from '../../core/text/index.ts';
import type { QuoteHit, QuoteStore } from '../ports.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';
import type { Sync } from './sync-port.ts';
import { rankSpeakers, speakerEntries } from '../speaker-ranking.ts';

/** The SQLite quote store: the port, plus what the article store calls after it changed quotes. */
export type SqliteQuoteStore = Sync<QuoteStore> & {
  /** Marks the speaker list stale; the next lookup reloads it. */
  invalidateSpeakers(): void;
};

export interface QuoteStoreOptions {
  /** The operator's aliases, so a popular name finds the person. Default: none. */
  readonly speakers?: SpeakerDirectory;
}

const JOINED = `SELECT q.id AS quote_id, q.text, q.speaker, q.speaker_key, q.sort_ms, q.article_id,
    a.published_at, a.date, a.title, a.url, a.outlet
  FROM quotes q JOIN articles a ON a.id = q.article_id`;

/** Largest number of rows one lookup reads per speaker while looking for enough distinct quotes. */
const MAX_ROWS_PER_KEY = 5000;

/** Creates the quote half of the store over an open, migrated database. */
export function createQuoteStore(db: SqliteDatabase, options: QuoteStoreOptions = {}): SqliteQuoteStore {
  const directory = options.speakers ?? EMPTY_DIRECTORY;
  const recentCounts = db.prepare(`SELECT speaker_key AS key, COUNT(DISTINCT text) AS n FROM quotes
    WHERE speaker_key IS NOT NULL AND sort_ms >= ? GROUP BY speaker_key`);
  const ftsSearch = db.prepare(`${JOINED} WHERE q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)
    ORDER BY q.sort_ms DESC, q.id DESC LIMIT ?`);

  const speakerIndex = createSpeakerCache(db, directory);
  const describe = (p: Person) => ({ key: p.key, name: p.name, count: p.count });
  const lookup = createKeyLookup(db);

  return {
    quotesBy(name, limit) {
      const n = clampLimit(limit);
      return guard('looking up quotes', () => {
        const found = speakerIndex.get().lookup(name);
        return n === 0 || found.kind !== 'person' ? [] : lookup(found.person.keys.slice(0, 20), n);
      });
    },
    lookupSpeakers(name) {
      return guard('resolving a speaker', () => speakerIndex.get().lookup(name));
    },
    quotesOf(keys, limit) {
      const n = clampLimit(limit);
      return guard('looking up quotes', () => (n === 0 || keys.length === 0 ? [] : lookup(keys.slice(0, 20), n)));
    },
    resolveSpeakers(name) {
      return guard('resolving a speaker', () => {
        const found = speakerIndex.get().lookup(name);
        return found.kind === 'person' ? [...found.person.keys] : [];
      });
    },
    speakers(prefix, limit) {
      const n = clampLimit(limit);
      return guard('listing speakers', () => speakerIndex.get().complete(prefix.slice(0, MAX_QUERY), n).map(describe));
    },
    suggestSpeakers(name, limit) {
      return guard('suggesting speakers', () => speakerIndex.get().suggest(name, clampLimit(limit)).map(describe));
    },
    topSpeakers(since, limit) {
      const n = clampLimit(limit);
      const from = Date.parse(since);
      if (!Number.isFinite(from)) throw new StoreError(`not an ISO instant: ${JSON.stringify(since)}`);
      return guard('listing the most quoted speakers', () => {
        const index = speakerIndex.get();
        return rankSpeakers(recentCounts.all(from) as { key: string; n: number }[], (key) => index.personOf(key), n);
      });
    },
    searchQuotes(text, limit) {
      const n = clampLimit(limit);
      const words = wordRuns(text.slice(0, 1000)).slice(0, 16);
      if (n === 0 || words.length === 0) return [];
      return guard('searching quotes', () => {
        const exact = words.map((w) => `"${w}"`).join(' ');
        let rows = ftsSearch.all(exact, n * 4) as JoinedQuoteRow[];
        if (rows.length === 0) {
          // A misspelt or inflected word: match on its stem-ish start instead.
          const loose = words.map((w) => `"${w.slice(0, Math.max(3, w.length - 2))}"*`).join(' ');
          rows = ftsSearch.all(loose, n * 4) as JoinedQuoteRow[];
        }
        return mergeQuoteRows(rows.map(toQuoteView)).slice(0, n);
      });
    },
    invalidateSpeakers: speakerIndex.invalidate,
  };
}

/**
 * The core's speaker index over the `speakers` table, rebuilt when the table may have changed: after
 * `invalidate`, or when another connection (another kilas process) committed (`data_version`).
 */
function createSpeakerCache(db: SqliteDatabase, directory: SpeakerDirectory): { get(): SpeakerIndex; invalidate(): void } {
  const allSpeakers = db.prepare('SELECT key, name, count FROM speakers ORDER BY key, count DESC, name');
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let cache: { index: SpeakerIndex; version: number } | null = null;
  const get = (): SpeakerIndex => {
    const version = dataVersion.get() as number;
    if (cache && cache.version === version) return cache.index;
    const entries = speakerEntries(allSpeakers.all() as { key: string; name: string; count: number }[]);
    cache = { index: new SpeakerIndex(entries, directory), version };
    return cache.index;
  };
  return {
    get,
    invalidate() {
      cache = null;
    },
  };
}

/** Quotes of some speaker keys, newest first, one per distinct quote: reads more rows per key until `limit` distinct ones are found. */
function createKeyLookup(db: SqliteDatabase): (keys: readonly string[], limit: number) => QuoteHit[] {
  const bySpeaker = db.prepare(`${JOINED} WHERE q.speaker_key = ? ORDER BY q.sort_ms DESC, q.id DESC LIMIT ?`);
  return (keys, limit) => {
    let perKey = Math.max(20, limit * 3);
    for (;;) {
      let exhausted = true;
      const rows: QuoteRowView[] = [];
      for (const key of keys) {
        const got = bySpeaker.all(key, perKey) as JoinedQuoteRow[];
        if (got.length === perKey) exhausted = false;
        for (const r of got) rows.push(toQuoteView(r));
      }
      rows.sort(newestFirst);
      const hits = mergeQuoteRows(rows);
      if (hits.length >= limit || exhausted || perKey >= MAX_ROWS_PER_KEY) return hits.slice(0, limit);
      perKey = Math.min(MAX_ROWS_PER_KEY, perKey * 4);
    }
  };
}
