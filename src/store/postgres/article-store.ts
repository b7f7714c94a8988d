/**
 * Articles and their quotes in PostgreSQL. An article is stored once: by its content hash and by
 * its canonical URL. Every transaction that changes quote speakers bumps the speaker list's version
 * first: readers in every process reload the list, and such writers take turns on that one row, so
 * two processes counting the same speakers in different orders never deadlock.
 */
import { canonicalUrl } from '../../core/article/index.ts';
import { damageScore } from '../../core/text/index.ts';
import type { ArticleOrigin, ExtractedArticle, Quote } from '../../core/model/index.ts';
import { articleInstantMs } from '../../core/time/index.ts';
import type { ArticleInput, ArticleStore, ArticleWindow, SaveOutcome } from '../ports.ts';
import { nonEmpty, parseBound, toArticle, type ArticleRow } from '../stored-rows.ts';
import { pgGuard, withTransaction, type PgPool, type Queryable } from './pool.ts';
import { bumpSpeakers, renameQuoteSpeakers } from './quote-speakers.ts';

export interface PgArticleStoreOptions {
  /** Time zone in which a date-only article's day starts. */
  readonly timeZone: string;
  /** Clock for `fetched_at`. */
  readonly now: () => Date;
}

interface QuoteRow {
  article_id: string;
  paragraph: number;
  text: string;
  speaker: string | null;
  speaker_key: string | null;
}

/** Adds `delta` to the count of each (key, name) (a negative delta uncounts; rows at 0 go). */
async function countSpeakers(client: Queryable, pairs: readonly { key: string; name: string }[], delta: 1 | -1): Promise<void> {
  if (pairs.length === 0) return;
  const totals = new Map<string, { key: string; name: string; n: number }>();
  for (const p of pairs) {
    const id = `${p.key}\u0000${p.name}`;
    const t = totals.get(id);
    if (t) t.n += delta;
    else totals.set(id, { ...p, n: delta });
  }
  const rows = [...totals.values()];
  await client.query(
    `INSERT INTO speakers (key, name, count) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
     ON CONFLICT (key, name) DO UPDATE SET count = speakers.count + excluded.count`,
    [rows.map((r) => r.key), rows.map((r) => r.name), rows.map((r) => r.n)],
  );
  if (delta < 0) await client.query('DELETE FROM speakers WHERE count <= 0');
}

/** The (key, name) a quote counts under, or null when it has no speaker key. */
function speakerOf(q: { speaker: string | null; speakerKey: string | null }): { key: string; name: string } | null {
  const key = nonEmpty(q.speakerKey);
  return key === null ? null : { key, name: nonEmpty(q.speaker) ?? key };
}

/** Inserts an article's quotes (positions in order) and counts their speakers. */
async function insertQuotes(client: Queryable, articleId: string, quotes: readonly Quote[], sortMs: number | null): Promise<void> {
  if (quotes.length === 0) return;
  await client.query(
    `INSERT INTO quotes (article_id, position, paragraph, text, speaker, speaker_key, sort_ms)
     SELECT $1, p, para, t, s, k, $7 FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[]) AS u(p, para, t, s, k)`,
    [
      articleId,
      quotes.map((_, i) => i),
      quotes.map((q) => q.paragraph),
      quotes.map((q) => q.text),
      quotes.map((q) => q.speaker),
      quotes.map((q) => nonEmpty(q.speakerKey)),
      sortMs,
    ],
  );
  await countSpeakers(client, quotes.map(speakerOf).filter((s) => s !== null), 1);
}

/** Uncounts the speakers of quotes about to be deleted. */
async function uncountQuotes(client: Queryable, where: string, param: string): Promise<void> {
  const { rows } = await client.query<{ speaker: string | null; speaker_key: string | null }>(
    `SELECT q.speaker, q.speaker_key FROM quotes q JOIN articles a ON a.id = q.article_id WHERE ${where}`,
    [param],
  );
  const pairs = rows.map((r) => speakerOf({ speaker: r.speaker, speakerKey: r.speaker_key })).filter((s) => s !== null);
  await countSpeakers(client, pairs, -1);
}

/** Makes room for the full text of an article stored as a snippet (its quotes and story go with it). */
async function replaceSnippet(client: Queryable, canonical: string | null, origin: ArticleOrigin | undefined): Promise<void> {
  if (canonical === null || !origin || origin.body === 'snippet') return;
  await uncountQuotes(client, `a.canonical_url = $1 AND a.body_source = 'snippet'`, canonical);
  await client.query(`DELETE FROM articles WHERE canonical_url = $1 AND body_source = 'snippet'`, [canonical]);
  await client.query('DELETE FROM page_attempts WHERE canonical_url = $1', [canonical]);
}

async function saveOne(client: Queryable, extracted: ArticleInput, fetchedAt: string, timeZone: string): Promise<SaveOutcome> {
  const a = extracted.article;
  const canonical = canonicalUrl(a.source.url);
  await replaceSnippet(client, canonical, extracted.origin);
  const sortMs = articleInstantMs(a.publishedAt, a.date, timeZone);
  // An undated article is news from the moment we first saw it (its quotes keep no date).
  const windowMs = sortMs ?? Date.parse(fetchedAt);
  const inserted = await client.query(
    `INSERT INTO articles (id, canonical_url, url, title, date, published_at, sort_ms, dateline, paragraphs,
                           outlet, file, credit, fetched_at, body_source, page_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING`,
    [a.id, canonical, a.source.url, a.title, a.date, a.publishedAt, windowMs, a.dateline, JSON.stringify(a.paragraphs),
      a.source.outlet, a.source.file, a.source.credit, fetchedAt, extracted.origin?.body ?? null, extracted.origin?.pageUrl ?? null],
  );
  if (inserted.rowCount === 0) return 'duplicate';
  await insertQuotes(client, a.id, extracted.quotes, sortMs);
  return 'inserted';
}

const damageOf = (row: { title: string | null; paragraphs: string }) => damageScore(`${row.title ?? ''}\n${row.paragraphs}`);

/** The id and text stored under an article URL (compared canonically). */
async function textAt(client: Queryable, url: string | null) {
  const canonical = canonicalUrl(url);
  if (canonical === null) return undefined;
  const { rows } = await client.query<{ id: string; title: string | null; paragraphs: string }>(
    'SELECT id, title, paragraphs FROM articles WHERE canonical_url = $1',
    [canonical],
  );
  return rows[0];
}

/** `replaceDamaged` inside its transaction. */
async function replaceDamaged(client: Queryable, extracted: ExtractedArticle, timeZone: string): Promise<boolean> {
  await bumpSpeakers(client);
  const old = await textAt(client, extracted.article.source.url);
  if (!old) return false;
  const a = extracted.article;
  const before = damageOf(old);
  if (before === 0 || damageScore(`${a.title ?? ''}\n${JSON.stringify(a.paragraphs)}`) >= before) return false;
  await uncountQuotes(client, 'a.id = $1', old.id);
  await client.query('DELETE FROM quotes WHERE article_id = $1', [old.id]);
  const sortMs = articleInstantMs(a.publishedAt, a.date, timeZone);
  await client.query(
    `UPDATE articles SET title = $2, date = $3, published_at = $4, sort_ms = COALESCE($5, sort_ms), dateline = $6,
       paragraphs = $7, credit = $8 WHERE id = $1`,
    [old.id, a.title, a.date, a.publishedAt, sortMs, a.dateline, JSON.stringify(a.paragraphs), a.source.credit],
  );
  await insertQuotes(client, old.id, extracted.quotes, sortMs);
  return true;
}

/** `articlesIn`: the articles of a window with their quotes, read from one snapshot. */
async function articlesIn(pool: PgPool, window: ArticleWindow & { readonly unassignedOnly?: boolean }, timeZone: string): Promise<ExtractedArticle[]> {
  const from = parseBound(window.from, timeZone);
  const to = parseBound(window.to, timeZone);
  const params = [window.from === null && window.to === null, from, to, window.unassignedOnly === true];
  const where = `($1 OR a.sort_ms IS NOT NULL) AND ($2::bigint IS NULL OR a.sort_ms >= $2) AND ($3::bigint IS NULL OR a.sort_ms < $3)
    AND (NOT $4 OR NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.article_id = a.id))`;
  return await withTransaction(
    pool,
    async (client) => {
      const quoteRows = await client.query<QuoteRow>(
        `SELECT q.article_id, q.paragraph, q.text, q.speaker, q.speaker_key FROM quotes q JOIN articles a ON a.id = q.article_id
         WHERE ${where} ORDER BY q.article_id, q.position`,
        params,
      );
      const quotes = new Map<string, Quote[]>();
      for (const row of quoteRows.rows) {
        let list = quotes.get(row.article_id);
        if (!list) quotes.set(row.article_id, (list = []));
        list.push({ text: row.text, speaker: row.speaker, speakerKey: row.speaker_key, paragraph: row.paragraph });
      }
      const articleRows = await client.query<ArticleRow>(
        `SELECT a.id, a.url, a.title, a.date, a.published_at, a.dateline, a.paragraphs, a.outlet, a.file, a.credit
         FROM articles a WHERE ${where} ORDER BY a.sort_ms ASC NULLS LAST, a.id`,
        params,
      );
      return articleRows.rows.map((row): ExtractedArticle => ({ article: toArticle(row), quotes: quotes.get(row.id) ?? [] }));
    },
    { isolation: 'repeatable read' },
  );
}

/** Creates the article port over a migrated database. */
export function createPgArticleStore(pool: PgPool, options: PgArticleStoreOptions): ArticleStore {
  const save = (what: string, items: readonly ArticleInput[]) =>
    pgGuard(what, () =>
      withTransaction(pool, async (client) => {
        await bumpSpeakers(client);
        const fetchedAt = options.now().toISOString();
        const outcomes: SaveOutcome[] = [];
        for (const item of items) outcomes.push(await saveOne(client, item, fetchedAt, options.timeZone));
        return outcomes;
      }),
    );
  const exists = async (sql: string, param: string) => ((await pool.query(sql, [param])).rowCount ?? 0) > 0;

  return {
    async saveArticle(extracted) {
      return (await save('saving an article', [extracted]))[0] ?? 'duplicate';
    },
    async saveArticles(items) {
      return items.length === 0 ? [] : await save('saving articles', items);
    },
    storedCopy(url) {
      return pgGuard('looking up a URL', async () => {
        const row = await textAt(pool, url);
        if (!row) return { state: 'absent' } as const;
        const damage = damageOf(row);
        return damage === 0 ? ({ state: 'clean' } as const) : ({ state: 'damaged', damage } as const);
      });
    },
    replaceDamaged(extracted) {
      return pgGuard('replacing a damaged article', () => withTransaction(pool, (client) => replaceDamaged(client, extracted, options.timeZone)));
    },
    renameQuoteSpeakers(changes) {
      if (changes.length === 0) return Promise.resolve(0);
      return pgGuard('renaming quote speakers', () => withTransaction(pool, (client) => renameQuoteSpeakers(client, changes)));
    },
    hasUrl(url) {
      const canonical = canonicalUrl(url);
      if (canonical === null) return Promise.resolve(false);
      return pgGuard('looking up a URL', () => exists('SELECT 1 FROM articles WHERE canonical_url = $1', canonical));
    },
    storedBody(url) {
      const canonical = canonicalUrl(url);
      if (canonical === null) return Promise.resolve(null);
      return pgGuard('looking up a URL', async () => {
        const { rows } = await pool.query<{ body_source: string | null }>('SELECT body_source FROM articles WHERE canonical_url = $1', [canonical]);
        const row = rows[0];
        return row === undefined ? null : row.body_source === 'snippet' ? 'snippet' : 'full';
      });
    },
    hasArticle(id) {
      return pgGuard('looking up an article', () => exists('SELECT 1 FROM articles WHERE id = $1', id));
    },
    articleCount() {
      return pgGuard('counting articles', async () => (await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM articles')).rows[0]?.n ?? 0);
    },
    articlesIn(window) {
      return pgGuard('reading articles', () => articlesIn(pool, window, options.timeZone));
    },
  };
}
