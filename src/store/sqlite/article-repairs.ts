/**
 * Changes to stored articles after the fact: a damaged text replaced by a cleaner copy of the same
 * URL (its id, so its story, stays), and speakers renamed by the core's story-level resolution.
 */
import { canonicalUrl } from '../../core/article/index.ts';
import { damageScore } from '../../core/text/index.ts';
import type { ExtractedArticle } from '../../core/model/index.ts';
import { articleInstantMs } from '../../core/time/index.ts';
import type { QuoteSpeakerChange, StoredCopy } from '../ports.ts';
import { nonEmpty, type ArticleStoreOptions } from './article-rows.ts';
import { quoteWriter } from './article-writes.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';

interface TextRow {
  id: string;
  title: string | null;
  paragraphs: string;
}

const damageOf = (row: { title: string | null; paragraphs: string }) => damageScore(`${row.title ?? ''}\n${row.paragraphs}`);

/** `storedCopy` and `replaceDamaged` over an open, migrated database. */
export function createDamageRepair(db: SqliteDatabase, options: ArticleStoreOptions) {
  const textByUrl = db.prepare('SELECT id, title, paragraphs FROM articles WHERE canonical_url = ?');
  const oldQuotes = db.prepare('SELECT speaker, speaker_key FROM quotes WHERE article_id = ?');
  const deleteQuotes = db.prepare('DELETE FROM quotes WHERE article_id = ?');
  const updateArticle = db.prepare(`UPDATE articles SET title = @title, date = @date, published_at = @published_at,
    sort_ms = COALESCE(@sort_ms, sort_ms), dateline = @dateline, paragraphs = @paragraphs, credit = @credit WHERE id = @id`);
  const quotes = quoteWriter(db);
  const storedAt = (url: string | null): TextRow | undefined => {
    const canonical = canonicalUrl(url);
    return canonical === null ? undefined : (textByUrl.get(canonical) as TextRow | undefined);
  };
  const replace = db.transaction((extracted: ExtractedArticle): boolean => {
    const old = storedAt(extracted.article.source.url);
    if (!old) return false;
    const a = extracted.article;
    const before = damageOf(old);
    if (before === 0 || damageScore(`${a.title ?? ''}\n${JSON.stringify(a.paragraphs)}`) >= before) return false;
    for (const q of oldQuotes.all(old.id) as { speaker: string | null; speaker_key: string | null }[]) {
      const key = nonEmpty(q.speaker_key);
      if (key !== null) quotes.uncount(key, q.speaker);
    }
    quotes.dropUncounted();
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
    quotes.insert(old.id, extracted.quotes, sortMs);
    return true;
  });
  return {
    storedCopy(url: string): StoredCopy {
      return guard('looking up a URL', (): StoredCopy => {
        const row = storedAt(url);
        if (!row) return { state: 'absent' };
        const damage = damageOf(row);
        return damage === 0 ? { state: 'clean' } : { state: 'damaged', damage };
      });
    },
    replaceDamaged(extracted: ExtractedArticle): boolean {
      const replaced = guard('replacing a damaged article', () => replace.immediate(extracted));
      if (replaced) options.onQuotesAdded();
      return replaced;
    },
  };
}

/** `renameQuoteSpeakers` over an open, migrated database. */
export function createSpeakerRenames(db: SqliteDatabase, options: ArticleStoreOptions): (changes: readonly QuoteSpeakerChange[]) => number {
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
  return (changes) => {
    if (changes.length === 0) return 0;
    const changed = guard('renaming quote speakers', () => renameBatch.immediate(changes));
    if (changed > 0) options.onQuotesAdded();
    return changed;
  };
}
