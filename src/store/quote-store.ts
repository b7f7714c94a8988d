/**
 * `/quotes` over SQLite: speaker lookup through an in-memory speaker list and the
 * (speaker_key, sort_ms) index, full-text search through FTS5 (accents folded by unicode61).
 */
import type { QuoteHit } from '../bot/ports.ts';
import { mergeQuoteRows, type QuoteRowView } from './quote-merge.ts';
import { foldName, MAX_QUERY, SpeakerIndex, type SpeakerEntry, type SpeakerMatcher } from './speaker-index.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';

export interface QuoteStore {
  /** Quotes by a speaker (forgiving match on key and name), newest first, one per distinct quote. */
  quotesBy(name: string, limit: number): QuoteHit[];
  /** Keys whose spellings match `name`, best first ([] when unknown). */
  resolveSpeakers(name: string): string[];
  /** Known speakers whose key or a name word starts with `prefix` (all when empty), most quoted first. */
  speakers(prefix: string, limit: number): { key: string; name: string; count: number }[];
  /** Known speakers close to an unknown `name`, for "Maksud Anda: …?". */
  suggestSpeakers(name: string, limit: number): { key: string; name: string; count: number }[];
  /** Full-text search over quote words (accents ignored; a near miss falls back to word prefixes). */
  searchQuotes(text: string, limit: number): QuoteHit[];
  /** Marks the speaker list stale; the next lookup reloads it. */
  invalidateSpeakers(): void;
}

export interface QuoteStoreOptions {
  /**
   * Re-ranks (and may narrow) the speakers the index found for a name: the candidates are the
   * index's matches plus speakers with a name word starting with the query's words. Default: none,
   * the index's own order.
   */
  readonly matchSpeakers?: SpeakerMatcher;
}

interface JoinedRow {
  quote_id: number;
  text: string;
  speaker: string | null;
  speaker_key: string | null;
  sort_ms: number | null;
  article_id: string;
  published_at: string | null;
  date: string | null;
  title: string | null;
  url: string | null;
  outlet: string | null;
}

const JOINED = `SELECT q.id AS quote_id, q.text, q.speaker, q.speaker_key, q.sort_ms, q.article_id,
    a.published_at, a.date, a.title, a.url, a.outlet
  FROM quotes q JOIN articles a ON a.id = q.article_id`;

/** Largest number of rows one lookup reads per speaker while looking for enough distinct quotes. */
const MAX_ROWS_PER_KEY = 5000;

function toView(row: JoinedRow): QuoteRowView {
  return {
    quoteId: row.quote_id,
    text: row.text,
    speaker: row.speaker,
    speakerKey: row.speaker_key,
    sortMs: row.sort_ms,
    articleId: row.article_id,
    publishedAt: row.published_at,
    date: row.date,
    title: row.title,
    url: row.url,
    outlet: row.outlet,
  };
}

function newestFirst(a: QuoteRowView, b: QuoteRowView): number {
  const am = a.sortMs ?? -Infinity;
  const bm = b.sortMs ?? -Infinity;
  return bm - am || b.quoteId - a.quoteId;
}

function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.min(1000, Math.floor(limit))) : 0;
}

/** Creates the quote half of the store over an open, migrated database. */
export function createQuoteStore(db: SqliteDatabase, options: QuoteStoreOptions = {}): QuoteStore {
  const match = options.matchSpeakers ?? null;
  const bySpeaker = db.prepare(`${JOINED} WHERE q.speaker_key = ? ORDER BY q.sort_ms DESC, q.id DESC LIMIT ?`);
  const allSpeakers = db.prepare('SELECT key, name, count FROM speakers ORDER BY key, count DESC, name');
  const ftsSearch = db.prepare(`${JOINED} WHERE q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)
    ORDER BY q.sort_ms DESC, q.id DESC LIMIT ?`);
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  let cache: { index: SpeakerIndex; version: number } | null = null;
  const speakerIndex = (): SpeakerIndex => {
    // data_version changes when another connection (another kilas process) commits.
    const version = dataVersion.get() as number;
    if (cache && cache.version === version) return cache.index;
    const grouped = new Map<string, { names: string[]; count: number }>();
    for (const row of allSpeakers.all() as { key: string; name: string; count: number }[]) {
      let g = grouped.get(row.key);
      if (!g) grouped.set(row.key, (g = { names: [], count: 0 }));
      g.names.push(row.name);
      g.count += row.count;
    }
    const entries = [...grouped].map(([key, g]) => ({ key, names: g.names, count: g.count }));
    cache = { index: new SpeakerIndex(entries), version };
    return cache.index;
  };
  const describe = (e: SpeakerEntry) => ({ key: e.key, name: e.names[0] ?? e.key, count: e.count });

  const resolve = (input: string): string[] => {
    const name = input.slice(0, MAX_QUERY);
    const index = speakerIndex();
    const { tier, keys: found } = index.matchTier(name);
    if (!match) return found;
    const candidates = new Map<string, SpeakerEntry>();
    for (const key of found) {
      const entry = index.get(key);
      if (entry) candidates.set(key, entry);
    }
    // Name-word prefixes ("zelen") only matter when nothing closer matched: an exact or whole-word
    // match outscores any prefix in the matcher, and common first names have thousands of them.
    if (tier === 0 || tier === 3) {
      for (const word of name.split(/\s+/).slice(0, 8)) {
        if (word.length >= 3) for (const e of index.withPrefix(word, 50)) candidates.set(e.key, e);
      }
    }
    return match(name, [...candidates.values()]);
  };

  const lookup = (keys: readonly string[], limit: number): QuoteHit[] => {
    let perKey = Math.max(20, limit * 3);
    for (;;) {
      let exhausted = true;
      const rows: QuoteRowView[] = [];
      for (const key of keys) {
        const got = bySpeaker.all(key, perKey) as JoinedRow[];
        if (got.length === perKey) exhausted = false;
        for (const r of got) rows.push(toView(r));
      }
      rows.sort(newestFirst);
      const hits = mergeQuoteRows(rows);
      if (hits.length >= limit || exhausted || perKey >= MAX_ROWS_PER_KEY) return hits.slice(0, limit);
      perKey = Math.min(MAX_ROWS_PER_KEY, perKey * 4);
    }
  };

  return {
    quotesBy(name, limit) {
      const n = clampLimit(limit);
      return guard('looking up quotes', () => {
        if (n === 0) return [];
        const keys = resolve(name).slice(0, 5);
        return keys.length === 0 ? [] : lookup(keys, n);
      });
    },
    resolveSpeakers(name) {
      return guard('resolving a speaker', () => resolve(name));
    },
    speakers(prefix, limit) {
      const n = clampLimit(limit);
      return guard('listing speakers', () => speakerIndex().withPrefix(prefix, n).map(describe));
    },
    suggestSpeakers(name, limit) {
      return guard('suggesting speakers', () => speakerIndex().suggest(name, clampLimit(limit)).map(describe));
    },
    searchQuotes(text, limit) {
      const n = clampLimit(limit);
      const words = foldName(text.slice(0, 1000)).split(' ').filter(Boolean).slice(0, 16);
      if (n === 0 || words.length === 0) return [];
      return guard('searching quotes', () => {
        const exact = words.map((w) => `"${w}"`).join(' ');
        let rows = ftsSearch.all(exact, n * 4) as JoinedRow[];
        if (rows.length === 0) {
          // A misspelt or inflected word: match on its stem-ish start instead.
          const loose = words.map((w) => `"${w.slice(0, Math.max(3, w.length - 2))}"*`).join(' ');
          rows = ftsSearch.all(loose, n * 4) as JoinedRow[];
        }
        return mergeQuoteRows(rows.map(toView)).slice(0, n);
      });
    },
    invalidateSpeakers() {
      cache = null;
    },
  };
}
