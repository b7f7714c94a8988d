/**
 * Articles and their quotes in SQLite (`ArticleStore`). An article is stored once: by its content
 * hash (`Article.id`) and by its canonical URL; saving it again is the expected outcome 'duplicate'.
 */
import { canonicalUrl } from '../../core/article/index.ts';
import type { ExtractedArticle, Quote } from '../../core/model/index.ts';
import type { ArticleStore } from '../ports.ts';
import { parseBound, toArticle, type ArticleRow, type ArticleStoreOptions, type QuoteRow } from './article-rows.ts';
import { createDamageRepair, createSpeakerRenames } from './article-repairs.ts';
import { createArticleSaver } from './article-writes.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';
import type { Sync } from './sync-port.ts';

export type { ArticleStoreOptions } from './article-rows.ts';

/** Creates the article half of the store over an open, migrated database. */
export function createArticleStore(db: SqliteDatabase, options: ArticleStoreOptions): Sync<ArticleStore> {
  const save = createArticleSaver(db, options);
  const repair = createDamageRepair(db, options);
  const bodyByUrl = db.prepare('SELECT body_source FROM articles WHERE canonical_url = ?').pluck();
  const byUrl = db.prepare('SELECT 1 FROM articles WHERE canonical_url = ?').pluck();
  const byId = db.prepare('SELECT 1 FROM articles WHERE id = ?').pluck();
  const count = db.prepare('SELECT COUNT(*) FROM articles').pluck();
  const readWindow = createWindowReader(db, options.timeZone);
  return {
    saveArticle: (extracted) => save('saving an article', [extracted])[0] ?? 'duplicate',
    saveArticles: (items) => (items.length === 0 ? [] : save('saving articles', items)),
    storedCopy: repair.storedCopy,
    replaceDamaged: repair.replaceDamaged,
    renameQuoteSpeakers: createSpeakerRenames(db, options),
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
    hasArticle: (id) => guard('looking up an article', () => byId.get(id) !== undefined),
    articleCount: () => guard('counting articles', () => count.get() as number),
    articlesIn: readWindow,
  };
}

/** `articlesIn`: the window's articles, oldest first, each with its quotes in order. */
function createWindowReader(db: SqliteDatabase, timeZone: string): Sync<ArticleStore>['articlesIn'] {
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
  return (window) => {
    const from = parseBound(window.from, timeZone);
    const to = parseBound(window.to, timeZone);
    const params = { all: window.from === null && window.to === null ? 1 : 0, from, to, unassigned: window.unassignedOnly ? 1 : 0 };
    return guard('reading articles', (): ExtractedArticle[] => {
      const quotes = new Map<string, Quote[]>();
      for (const row of quotesInWindow.all(params) as QuoteRow[]) {
        let list = quotes.get(row.article_id);
        if (!list) quotes.set(row.article_id, (list = []));
        list.push({ text: row.text, speaker: row.speaker, speakerKey: row.speaker_key, paragraph: row.paragraph });
      }
      return (inWindow.all(params) as ArticleRow[]).map((row) => ({ article: toArticle(row), quotes: quotes.get(row.id) ?? [] }));
    });
  };
}
