/**
 * `/quotes` over PostgreSQL. The forgiving speaker match is the core's speaker index over the stored
 * speaker list (cached per process, reloaded when any process changed the list: `store_versions`);
 * quotes of a person come from the (speaker_key, sort_ms) index in one query for all their keys.
 * Word search uses the server's full text search (a folded 'simple' tsvector), then word prefixes,
 * then pg_trgm similarity for a misspelt word when the extension is there.
 */
import { EMPTY_DIRECTORY, type SpeakerDirectory } from '../../core/speakers/index.ts';
import { MAX_QUERY, SpeakerIndex, type Person } from '../../core/speakers/index.ts';
import { StoreError } from '../../errors.ts';
import type { QuoteHit, QuoteStore } from '../ports.ts';
import { mergeQuoteRows } from '../../core/quotes/index.ts';
import { wordRuns } from '../../core/text/index.ts';
import { clampLimit, newestFirst, toQuoteView, type JoinedQuoteRow } from '../stored-rows.ts';
import { pgGuard, withTransaction, type PgPool } from './pool.ts';
import { rankSpeakers, speakerEntries } from '../speaker-ranking.ts';

export interface PgQuoteStoreOptions {
  /** The operator's aliases, so a popular name finds the person. Default: none. */
  readonly speakers?: SpeakerDirectory;
  /** Whether the server has pg_trgm (near-miss search); read from the database at open. */
  readonly trigrams: boolean;
}

const COLUMNS = `q.id AS quote_id, q.text, q.speaker, q.speaker_key, q.sort_ms, q.article_id,
  a.published_at, a.date, a.title, a.url, a.outlet`;

/** Up to $2 newest quotes of each key of $1, with their articles (exported for the bench's EXPLAIN). */
export const QUOTES_BY_KEYS_SQL = `SELECT ${COLUMNS} FROM unnest($1::text[]) AS k(key)
  CROSS JOIN LATERAL (SELECT * FROM quotes WHERE speaker_key = k.key ORDER BY sort_ms DESC NULLS LAST, id DESC LIMIT $2) q
  JOIN articles a ON a.id = q.article_id`;

const searchSql = (match: string) => `SELECT ${COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id
  WHERE ${match} ORDER BY q.sort_ms DESC NULLS LAST, q.id DESC LIMIT $2`;

/** Largest number of rows one lookup reads per speaker while looking for enough distinct quotes. */
const MAX_ROWS_PER_KEY = 5000;

/** The speaker list as the core's index, reloaded only when some process changed it. */
function speakerCache(pool: PgPool, directory: SpeakerDirectory): () => Promise<SpeakerIndex> {
  let cache: { index: SpeakerIndex; version: number } | null = null;
  let loading: Promise<SpeakerIndex> | null = null;
  const load = () =>
    withTransaction(
      pool,
      async (client) => {
        const version = (await client.query<{ version: number }>(`SELECT version FROM store_versions WHERE name = 'speakers'`)).rows[0]?.version ?? 0;
        const { rows } = await client.query<{ key: string; name: string; count: number }>('SELECT key, name, count FROM speakers ORDER BY key, count DESC, name');
        const entries = speakerEntries(rows);
        cache = { index: new SpeakerIndex(entries, directory), version };
        return cache.index;
      },
      { isolation: 'repeatable read' },
    );
  return async () => {
    const { rows } = await pool.query<{ version: number }>(`SELECT version FROM store_versions WHERE name = 'speakers'`);
    if (cache && cache.version === rows[0]?.version) return cache.index;
    // Concurrent lookups share one reload.
    loading ??= load().finally(() => (loading = null));
    return await loading;
  };
}

/**
 * Word search: every word (accents and case folded) in the quote or its speaker; failing that, the
 * words' starts; failing that, pg_trgm word similarity (a misspelt word) when the server has it.
 */
async function searchQuotes(pool: PgPool, text: string, n: number, trigrams: boolean): Promise<QuoteHit[]> {
  // Folded runs of letters and digits: nothing tsquery would read as syntax.
  const words = wordRuns(text.slice(0, 1000)).slice(0, 16);
  if (n === 0 || words.length === 0) return [];
  const search = async (match: string, param: string): Promise<JoinedQuoteRow[]> => (await pool.query<JoinedQuoteRow>(searchSql(match), [param, n * 4])).rows;
  let rows = await search(`q.search @@ plainto_tsquery('simple', $1)`, words.join(' '));
  // An inflected or suffixed word ("kebijakannya" for "kebijakan"): match on its start.
  if (rows.length === 0) rows = await search(`q.search @@ to_tsquery('simple', $1)`, words.map((w) => `${w.slice(0, Math.max(3, w.length - 2))}:*`).join(' & '));
  if (rows.length === 0 && trigrams) rows = await search(`$1 <% kilas_fold(q.text)`, words.join(' '));
  return mergeQuoteRows(rows.map(toQuoteView)).slice(0, n);
}

/** Creates the quote port over a migrated database. */
export function createPgQuoteStore(pool: PgPool, options: PgQuoteStoreOptions): QuoteStore {
  const speakerIndex = speakerCache(pool, options.speakers ?? EMPTY_DIRECTORY);
  const describe = (p: Person) => ({ key: p.key, name: p.name, count: p.count });

  const lookup = async (keys: readonly string[], limit: number): Promise<QuoteHit[]> => {
    let perKey = Math.max(20, limit * 3);
    for (;;) {
      const { rows } = await pool.query<JoinedQuoteRow>(QUOTES_BY_KEYS_SQL, [keys, perKey]);
      const perKeyCount = new Map<string | null, number>();
      for (const r of rows) perKeyCount.set(r.speaker_key, (perKeyCount.get(r.speaker_key) ?? 0) + 1);
      const exhausted = ![...perKeyCount.values()].some((n) => n === perKey);
      const hits = mergeQuoteRows(rows.map(toQuoteView).sort(newestFirst));
      if (hits.length >= limit || exhausted || perKey >= MAX_ROWS_PER_KEY) return hits.slice(0, limit);
      perKey = Math.min(MAX_ROWS_PER_KEY, perKey * 4);
    }
  };

  return {
    quotesBy(name, limit) {
      const n = clampLimit(limit);
      return pgGuard('looking up quotes', async () => {
        const found = (await speakerIndex()).lookup(name);
        return n === 0 || found.kind !== 'person' ? [] : await lookup(found.person.keys.slice(0, 20), n);
      });
    },
    lookupSpeakers(name) {
      return pgGuard('resolving a speaker', async () => (await speakerIndex()).lookup(name));
    },
    quotesOf(keys, limit) {
      const n = clampLimit(limit);
      return pgGuard('looking up quotes', async () => (n === 0 || keys.length === 0 ? [] : await lookup(keys.slice(0, 20), n)));
    },
    resolveSpeakers(name) {
      return pgGuard('resolving a speaker', async () => {
        const found = (await speakerIndex()).lookup(name);
        return found.kind === 'person' ? [...found.person.keys] : [];
      });
    },
    speakers(prefix, limit) {
      const n = clampLimit(limit);
      return pgGuard('listing speakers', async () => (await speakerIndex()).complete(prefix.slice(0, MAX_QUERY), n).map(describe));
    },
    suggestSpeakers(name, limit) {
      return pgGuard('suggesting speakers', async () => (await speakerIndex()).suggest(name, clampLimit(limit)).map(describe));
    },
    async topSpeakers(since, limit) {
      const n = clampLimit(limit);
      const from = Date.parse(since);
      if (!Number.isFinite(from)) throw new StoreError(`not an ISO instant: ${JSON.stringify(since)}`);
      return pgGuard('listing the most quoted speakers', async () => {
        const index = await speakerIndex();
        const { rows } = await pool.query<{ key: string; n: number }>(
          `SELECT speaker_key AS key, COUNT(DISTINCT text) AS n FROM quotes
            WHERE speaker_key IS NOT NULL AND sort_ms >= $1 GROUP BY speaker_key`,
          [from],
        );
        return rankSpeakers(rows, (key) => index.personOf(key), n);
      });
    },
    searchQuotes(text, limit) {
      return pgGuard('searching quotes', () => searchQuotes(pool, text, clampLimit(limit), options.trigrams));
    },
  };
}
