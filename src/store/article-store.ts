/**
 * Articles and their quotes in SQLite. An article is stored once: by its content hash
 * (`Article.id`) and by its canonical URL; saving it again is the expected outcome 'duplicate'.
 */
import type { Article, ArticleOrigin, ExtractedArticle, Quote } from '../core/model/index.ts';
import { StoreError } from '../errors.ts';
import { canonicalUrl } from '../core/article/index.ts';
import { articleInstantMs, boundMs } from '../core/time/index.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';
import { damageScore } from '../core/text/index.ts';

export type SaveOutcome = 'inserted' | 'duplicate';

/** One quote's new speaker, from the core's story-level resolution. */
export interface QuoteSpeakerChange {
  readonly articleId: string;
  readonly position: number;
  readonly speaker: string;
  readonly speakerKey: string;
}

/**
 * What is stored under a URL: nothing, a clean copy, or a copy whose text shows decoding damage
 * (`damage` characters) that a clean copy of the same URL may replace.
 */
export type StoredCopy = { readonly state: 'absent' } | { readonly state: 'clean' } | { readonly state: 'damaged'; readonly damage: number };

/**
 * An article to store, with where its text came from. A `feed` or `page` article replaces a stored
 * `snippet` article of the same URL (its page could not be read before); anything else under a
 * stored URL or content hash is a duplicate.
 */
export type ArticleInput = ExtractedArticle & { readonly origin?: ArticleOrigin };

export interface ArticleStore {
  /** Stores an article with its quotes unless it is already stored (same hash or canonical URL). */
  saveArticle(extracted: ArticleInput): SaveOutcome;
  /** Saves many articles in one transaction; outcomes in input order. */
  saveArticles(items: readonly ArticleInput[]): SaveOutcome[];
  /** What is stored under this article URL (compared canonically): 'full' text, a 'snippet' only, or nothing (null). */
  storedBody(url: string): 'full' | 'snippet' | null;
  /** Whether an article with this URL (compared canonically) is stored: lets pollers skip known items. */
  hasUrl(url: string): boolean;
  /**
   * What is stored under this URL (compared canonically): a poller fetches and extracts an item
   * again only when it is absent, or damaged and the new copy looks cleaner.
   */
  storedCopy(url: string): StoredCopy;
  /**
   * Replaces the text and quotes of the article stored under `extracted`'s URL, keeping its id (so
   * its story stays), when the stored copy is damaged and the new one is less so.
   * Returns whether it replaced.
   */
  replaceDamaged(extracted: ExtractedArticle): boolean;
  /** Whether an article with this content hash is stored. */
  hasArticle(id: string): boolean;
  /**
   * Stored articles of [from, to) (all with null bounds), oldest first; with `unassignedOnly`, only
   * those that belong to no story yet (what a poll has to assign).
   */
  articlesIn(window: { from: string | null; to: string | null; unassignedOnly?: boolean }): ExtractedArticle[];
  articleCount(): number;
  /**
   * Persists speakers renamed by the core's story-level resolution ("Dwikorita" -> "Dwikorita
   * Karnawati"): quote `position` of article `articleId` gets the new name and key; the speaker list
   * is recounted for every key touched. One transaction; returns the number of quotes changed.
   */
  renameQuoteSpeakers(changes: readonly QuoteSpeakerChange[]): number;
}

export interface ArticleStoreOptions {
  /** Time zone in which a date-only article's day starts. */
  readonly timeZone: string;
  /** Clock for `fetched_at`. */
  readonly now: () => Date;
  /** Called after a transaction that inserted quotes (the speaker cache refreshes). */
  readonly onQuotesAdded: () => void;
}

interface ArticleRow {
  id: string;
  url: string | null;
  title: string | null;
  date: string | null;
  published_at: string | null;
  dateline: string | null;
  paragraphs: string;
  outlet: string | null;
  file: string | null;
  credit: string | null;
}

interface QuoteRow {
  article_id: string;
  paragraph: number;
  text: string;
  speaker: string | null;
  speaker_key: string | null;
}

/** Creates the article half of the store over an open, migrated database. */
export function createArticleStore(db: SqliteDatabase, options: ArticleStoreOptions): ArticleStore {
  const insertArticle = db.prepare(`
    INSERT INTO articles (id, canonical_url, url, title, date, published_at, sort_ms, dateline,
                          paragraphs, outlet, file, credit, fetched_at, body_source, page_url)
    VALUES (@id, @canonical_url, @url, @title, @date, @published_at, @sort_ms, @dateline,
            @paragraphs, @outlet, @file, @credit, @fetched_at, @body_source, @page_url)
    ON CONFLICT DO NOTHING`);
  const bodyByUrl = db.prepare('SELECT body_source FROM articles WHERE canonical_url = ?').pluck();
  const snippetQuotes = db.prepare(`SELECT q.speaker_key, q.speaker FROM quotes q JOIN articles a ON a.id = q.article_id
    WHERE a.canonical_url = ? AND a.body_source = 'snippet' AND q.speaker_key IS NOT NULL`);
  const uncountSpeaker = db.prepare('UPDATE speakers SET count = count - 1 WHERE key = ? AND name = ?');
  const dropUncounted = db.prepare('DELETE FROM speakers WHERE count <= 0');
  const deleteSnippet = db.prepare(`DELETE FROM articles WHERE canonical_url = ? AND body_source = 'snippet'`);
  const clearAttempts = db.prepare('DELETE FROM page_attempts WHERE canonical_url = ?');
  const insertQuote = db.prepare(`
    INSERT INTO quotes (article_id, position, paragraph, text, speaker, speaker_key, sort_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const countSpeaker = db.prepare(`
    INSERT INTO speakers (key, name, count) VALUES (?, ?, 1)
    ON CONFLICT (key, name) DO UPDATE SET count = count + 1`);
  const byUrl = db.prepare('SELECT 1 FROM articles WHERE canonical_url = ?').pluck();
  const byId = db.prepare('SELECT 1 FROM articles WHERE id = ?').pluck();
  const textByUrl = db.prepare('SELECT id, title, paragraphs FROM articles WHERE canonical_url = ?');
  const oldQuotes = db.prepare('SELECT speaker, speaker_key FROM quotes WHERE article_id = ?');
  const deleteQuotes = db.prepare('DELETE FROM quotes WHERE article_id = ?');
  const updateArticle = db.prepare(`UPDATE articles SET title = @title, date = @date, published_at = @published_at,
    sort_ms = COALESCE(@sort_ms, sort_ms), dateline = @dateline, paragraphs = @paragraphs, credit = @credit WHERE id = @id`);
  const count = db.prepare('SELECT COUNT(*) FROM articles').pluck();
  const columns = 'a.id, a.url, a.title, a.date, a.published_at, a.dateline, a.paragraphs, a.outlet, a.file, a.credit';
  const inWindow = db.prepare(`SELECT ${columns} FROM articles a
    WHERE (@all = 1 OR a.sort_ms IS NOT NULL)
      AND (@from IS NULL OR a.sort_ms >= @from) AND (@to IS NULL OR a.sort_ms < @to)
      AND (@unassigned = 0 OR NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.article_id = a.id))
    ORDER BY a.sort_ms IS NULL, a.sort_ms, a.id`);
  const quotesInWindow = db.prepare(`SELECT q.article_id, q.paragraph, q.text, q.speaker, q.speaker_key
    FROM quotes q JOIN articles a ON a.id = q.article_id
    WHERE (@all = 1 OR a.sort_ms IS NOT NULL)
      AND (@from IS NULL OR a.sort_ms >= @from) AND (@to IS NULL OR a.sort_ms < @to)
      AND (@unassigned = 0 OR NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.article_id = a.id))
    ORDER BY q.article_id, q.position`);

  let quotesAdded = false;
  /** Makes room for the full text of an article stored as a snippet (its quotes and story go with it). */
  const replaceSnippet = (canonical: string | null, origin: ArticleOrigin | undefined): void => {
    if (canonical === null || !origin || origin.body === 'snippet') return;
    for (const q of snippetQuotes.all(canonical) as { speaker_key: string; speaker: string | null }[]) {
      uncountSpeaker.run(q.speaker_key, nonEmpty(q.speaker) ?? q.speaker_key);
    }
    if (deleteSnippet.run(canonical).changes > 0) dropUncounted.run();
    clearAttempts.run(canonical);
  };
  const saveOne = (extracted: ArticleInput, fetchedAt: string): SaveOutcome => {
    const a = extracted.article;
    const canonical = canonicalUrl(a.source.url);
    replaceSnippet(canonical, extracted.origin);
    const sortMs = articleInstantMs(a.publishedAt, a.date, options.timeZone);
    // An article without a publication date is news from the moment we first saw it: it belongs to
    // the digest window it arrived in. Its quotes keep no date (they sort last in /quotes).
    const windowMs = sortMs ?? Date.parse(fetchedAt);
    const result = insertArticle.run({
      id: a.id,
      canonical_url: canonical,
      url: a.source.url,
      title: a.title,
      date: a.date,
      published_at: a.publishedAt,
      sort_ms: windowMs,
      dateline: a.dateline,
      paragraphs: JSON.stringify(a.paragraphs),
      outlet: a.source.outlet,
      file: a.source.file,
      credit: a.source.credit,
      fetched_at: fetchedAt,
      body_source: extracted.origin?.body ?? null,
      page_url: extracted.origin?.pageUrl ?? null,
    });
    if (result.changes === 0) return 'duplicate';
    extracted.quotes.forEach((q, position) => {
      const key = nonEmpty(q.speakerKey);
      insertQuote.run(a.id, position, q.paragraph, q.text, q.speaker, key, sortMs);
      if (key !== null) countSpeaker.run(key, nonEmpty(q.speaker) ?? key);
      quotesAdded = true;
    });
    return 'inserted';
  };
  const saveBatch = db.transaction((items: readonly ArticleInput[]): SaveOutcome[] => {
    const fetchedAt = options.now().toISOString();
    return items.map((item) => saveOne(item, fetchedAt));
  });
  /** Saves in one IMMEDIATE transaction; tells the speaker cache only when quotes were committed. */
  const save = (what: string, items: readonly ArticleInput[]): SaveOutcome[] => {
    quotesAdded = false;
    const outcomes = guard(what, () => saveBatch.immediate(items));
    if (quotesAdded) options.onQuotesAdded();
    quotesAdded = false;
    return outcomes;
  };

  const damageOf = (row: { title: string | null; paragraphs: string }) => damageScore(`${row.title ?? ''}\n${row.paragraphs}`);
  const storedAt = (url: string | null) => {
    const canonical = canonicalUrl(url);
    return canonical === null ? undefined : (textByUrl.get(canonical) as { id: string; title: string | null; paragraphs: string } | undefined);
  };
  const replace = db.transaction((extracted: ExtractedArticle): boolean => {
    const old = storedAt(extracted.article.source.url);
    if (!old) return false;
    const a = extracted.article;
    const before = damageOf(old);
    if (before === 0 || damageScore(`${a.title ?? ''}\n${JSON.stringify(a.paragraphs)}`) >= before) return false;
    for (const q of oldQuotes.all(old.id) as { speaker: string | null; speaker_key: string | null }[]) {
      const key = nonEmpty(q.speaker_key);
      if (key !== null) uncountSpeaker.run(key, nonEmpty(q.speaker) ?? key);
    }
    dropUncounted.run();
    deleteQuotes.run(old.id);
    const sortMs = articleInstantMs(a.publishedAt, a.date, options.timeZone);
    updateArticle.run({
      id: old.id,
      title: a.title,
      date: a.date,
      published_at: a.publishedAt,
      sort_ms: sortMs,
      dateline: a.dateline,
      paragraphs: JSON.stringify(a.paragraphs),
      credit: a.source.credit,
    });
    extracted.quotes.forEach((q, position) => {
      const key = nonEmpty(q.speakerKey);
      insertQuote.run(old.id, position, q.paragraph, q.text, q.speaker, key, sortMs);
      if (key !== null) countSpeaker.run(key, nonEmpty(q.speaker) ?? key);
    });
    return true;
  });

  const renameQuote = db.prepare(`UPDATE quotes SET speaker = ?, speaker_key = ?
    WHERE article_id = ? AND position = ? AND (speaker IS NOT ? OR speaker_key IS NOT ?) RETURNING speaker_key`);
  const oldKey = db.prepare('SELECT speaker_key FROM quotes WHERE article_id = ? AND position = ?').pluck();
  const dropCounts = db.prepare('DELETE FROM speakers WHERE key = ?');
  const recount = db.prepare(`INSERT INTO speakers(key, name, count)
    SELECT speaker_key, COALESCE(NULLIF(TRIM(speaker), ''), speaker_key), COUNT(*) FROM quotes WHERE speaker_key = ? GROUP BY 1, 2`);
  const renameBatch = db.transaction((changes: readonly QuoteSpeakerChange[]): number => {
    const touched = new Set<string>();
    let changed = 0;
    for (const c of changes) {
      const before = oldKey.get(c.articleId, c.position) as string | null | undefined;
      if (renameQuote.get(c.speaker, c.speakerKey, c.articleId, c.position, c.speaker, c.speakerKey) === undefined) continue;
      changed++;
      if (before) touched.add(before);
      touched.add(c.speakerKey);
    }
    for (const key of touched) {
      dropCounts.run(key);
      recount.run(key);
    }
    return changed;
  });

  return {
    storedCopy(url) {
      return guard('looking up a URL', (): StoredCopy => {
        const row = storedAt(url);
        if (!row) return { state: 'absent' };
        const damage = damageOf(row);
        return damage === 0 ? { state: 'clean' } : { state: 'damaged', damage };
      });
    },
    replaceDamaged(extracted) {
      const replaced = guard('replacing a damaged article', () => replace.immediate(extracted));
      if (replaced) options.onQuotesAdded();
      return replaced;
    },
    renameQuoteSpeakers(changes) {
      if (changes.length === 0) return 0;
      const changed = guard('renaming quote speakers', () => renameBatch.immediate(changes));
      if (changed > 0) options.onQuotesAdded();
      return changed;
    },
    saveArticle(extracted) {
      return save('saving an article', [extracted])[0] ?? 'duplicate';
    },
    saveArticles(items) {
      return items.length === 0 ? [] : save('saving articles', items);
    },
    hasUrl(url) {
      const canonical = canonicalUrl(url);
      return canonical !== null && guard('looking up a URL', () => byUrl.get(canonical) !== undefined);
    },
    storedBody(url) {
      const canonical = canonicalUrl(url);
      if (canonical === null) return null;
      const body = guard('looking up a URL', () => bodyByUrl.get(canonical)) as string | null | undefined;
      return body === undefined ? null : body === 'snippet' ? 'snippet' : 'full';
    },
    hasArticle(id) {
      return guard('looking up an article', () => byId.get(id) !== undefined);
    },
    articleCount() {
      return guard('counting articles', () => count.get() as number);
    },
    articlesIn(window) {
      const from = parseBound(window.from, options.timeZone);
      const to = parseBound(window.to, options.timeZone);
      const params = { all: window.from === null && window.to === null ? 1 : 0, from, to, unassigned: window.unassignedOnly ? 1 : 0 };
      return guard('reading articles', () => {
        const quotes = new Map<string, Quote[]>();
        for (const row of quotesInWindow.all(params) as QuoteRow[]) {
          let list = quotes.get(row.article_id);
          if (!list) quotes.set(row.article_id, (list = []));
          list.push({ text: row.text, speaker: row.speaker, speakerKey: row.speaker_key, paragraph: row.paragraph });
        }
        return (inWindow.all(params) as ArticleRow[]).map((row) => ({
          article: toArticle(row),
          quotes: quotes.get(row.id) ?? [],
        }));
      });
    },
  };
}

function parseBound(bound: string | null, timeZone: string): number | null {
  const ms = boundMs(bound, timeZone);
  if (bound !== null && ms === null) throw new StoreError(`not a date or ISO instant: ${JSON.stringify(bound)}`);
  return ms;
}

function nonEmpty(value: string | null): string | null {
  return value !== null && value.trim() !== '' ? value : null;
}

function toArticle(row: ArticleRow): Article {
  return {
    id: row.id,
    title: row.title,
    date: row.date,
    publishedAt: row.published_at,
    dateline: row.dateline,
    paragraphs: JSON.parse(row.paragraphs) as string[],
    source: { url: row.url, outlet: row.outlet, file: row.file, credit: row.credit },
  };
}
