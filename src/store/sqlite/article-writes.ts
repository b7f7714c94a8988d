/**
 * Saving articles with their quotes: one IMMEDIATE transaction per batch; a `feed` or `page` copy
 * replaces a stored `snippet` of the same URL, anything else already stored is a duplicate.
 */
import { canonicalUrl } from '../../core/article/index.ts';
import type { ArticleOrigin } from '../../core/model/index.ts';
import { articleInstantMs } from '../../core/time/index.ts';
import type { ArticleInput, SaveOutcome } from '../ports.ts';
import { nonEmpty, type ArticleStoreOptions } from './article-rows.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';

/** Statements that keep quotes and the speaker counts together, shared with the repairs. */
export function quoteWriter(db: SqliteDatabase) {
  const insertQuote = db.prepare(`
    INSERT INTO quotes (article_id, position, paragraph, text, speaker, speaker_key, sort_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const countSpeaker = db.prepare(`
    INSERT INTO speakers (key, name, count) VALUES (?, ?, 1)
    ON CONFLICT (key, name) DO UPDATE SET count = count + 1`);
  const uncountSpeaker = db.prepare('UPDATE speakers SET count = count - 1 WHERE key = ? AND name = ?');
  const dropUncounted = db.prepare('DELETE FROM speakers WHERE count <= 0');
  return {
    /** Inserts the quotes of one article and counts their speakers; returns how many. */
    insert(articleId: string, quotes: readonly { paragraph: number; text: string; speaker: string | null; speakerKey: string | null }[], sortMs: number | null): number {
      quotes.forEach((q, position) => {
        const key = nonEmpty(q.speakerKey);
        insertQuote.run(articleId, position, q.paragraph, q.text, q.speaker, key, sortMs);
        if (key !== null) countSpeaker.run(key, nonEmpty(q.speaker) ?? key);
      });
      return quotes.length;
    },
    /** Takes one quote of `key` (said as `speaker`) off the speaker counts. */
    uncount(key: string, speaker: string | null): void {
      uncountSpeaker.run(key, nonEmpty(speaker) ?? key);
    },
    /** Removes speakers left without quotes. */
    dropUncounted(): void {
      dropUncounted.run();
    },
  };
}

/** `saveArticles` over an open, migrated database; `onQuotesAdded` runs after a commit that stored quotes. */
export function createArticleSaver(db: SqliteDatabase, options: ArticleStoreOptions): (what: string, items: readonly ArticleInput[]) => SaveOutcome[] {
  const insertArticle = db.prepare(`
    INSERT INTO articles (id, canonical_url, url, title, date, published_at, sort_ms, dateline,
                          paragraphs, outlet, file, credit, fetched_at, body_source, page_url)
    VALUES (@id, @canonical_url, @url, @title, @date, @published_at, @sort_ms, @dateline,
            @paragraphs, @outlet, @file, @credit, @fetched_at, @body_source, @page_url)
    ON CONFLICT DO NOTHING`);
  const snippetQuotes = db.prepare(`SELECT q.speaker_key, q.speaker FROM quotes q JOIN articles a ON a.id = q.article_id
    WHERE a.canonical_url = ? AND a.body_source = 'snippet' AND q.speaker_key IS NOT NULL`);
  const deleteSnippet = db.prepare(`DELETE FROM articles WHERE canonical_url = ? AND body_source = 'snippet'`);
  const clearAttempts = db.prepare('DELETE FROM page_attempts WHERE canonical_url = ?');
  const quotes = quoteWriter(db);

  let quotesAdded = false;
  /** Makes room for the full text of an article stored as a snippet (its quotes and story go with it). */
  const replaceSnippet = (canonical: string | null, origin: ArticleOrigin | undefined): void => {
    if (canonical === null || !origin || origin.body === 'snippet') return;
    for (const q of snippetQuotes.all(canonical) as { speaker_key: string; speaker: string | null }[]) quotes.uncount(q.speaker_key, q.speaker);
    if (deleteSnippet.run(canonical).changes > 0) quotes.dropUncounted();
    clearAttempts.run(canonical);
  };
  const saveOne = (extracted: ArticleInput, fetchedAt: string): SaveOutcome => {
    const a = extracted.article;
    const canonical = canonicalUrl(a.source.url);
    replaceSnippet(canonical, extracted.origin);
    const sortMs = articleInstantMs(a.publishedAt, a.date, options.timeZone);
    // An article without a publication date is news from the moment we first saw it: it belongs to
    // the digest window it arrived in. Its quotes keep no date (they sort last in /quotes).
    const result = insertArticle.run({
      id: a.id,
      canonical_url: canonical,
      url: a.source.url,
      title: a.title,
      date: a.date,
      published_at: a.publishedAt,
      sort_ms: sortMs ?? Date.parse(fetchedAt),
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
    if (quotes.insert(a.id, extracted.quotes, sortMs) > 0) quotesAdded = true;
    return 'inserted';
  };
  const saveBatch = db.transaction((items: readonly ArticleInput[]): SaveOutcome[] => {
    const fetchedAt = options.now().toISOString();
    return items.map((item) => saveOne(item, fetchedAt));
  });
  return (what, items) => {
    quotesAdded = false;
    const outcomes = guard(what, () => saveBatch.immediate(items));
    if (quotesAdded) options.onQuotesAdded();
    quotesAdded = false;
    return outcomes;
  };
}
