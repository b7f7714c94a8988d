/** The statements both ways of saving stories share, and bringing one story's figures up to date. */
import type { SqliteDatabase } from './sqlite-database.ts';

export interface StoryRow {
  id: string;
  headline: string | null;
  first_seen_ms: number | null;
  last_seen_ms: number | null;
  article_count: number;
  updated_at: string;
}

interface StoryFigures {
  first: number | null;
  last: number | null;
  count: number;
}

/** Prepared statements over `stories` and `article_stories`. */
export function storyStatements(db: SqliteDatabase) {
  const figures = db.prepare(`SELECT MIN(a.sort_ms) AS first, MAX(a.sort_ms) AS last, COUNT(*) AS count
    FROM article_stories s JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?`);
  const headline = db
    .prepare(`SELECT a.title FROM article_stories s JOIN articles a ON a.id = s.article_id
      WHERE s.story_id = ? AND trim(COALESCE(a.title, '')) <> ''
      ORDER BY a.sort_ms IS NULL, a.sort_ms, a.id LIMIT 1`)
    .pluck();
  const updateStory = db.prepare(`UPDATE stories
    SET headline = ?, first_seen_ms = ?, last_seen_ms = ?, article_count = ?, updated_at = ? WHERE id = ?`);
  const storyRow = db.prepare('SELECT * FROM stories WHERE id = ?');
  const storyOf = db.prepare('SELECT story_id FROM article_stories WHERE article_id = ?').pluck();
  return {
    storyOf: (articleId: string) => (storyOf.get(articleId) as string | undefined) ?? null,
    storyRow: (storyId: string) => storyRow.get(storyId) as StoryRow | undefined,
    insertStory: db.prepare(
      'INSERT INTO stories (id, headline, first_seen_ms, last_seen_ms, article_count, updated_at) VALUES (?, NULL, NULL, NULL, 0, ?) ON CONFLICT (id) DO NOTHING',
    ),
    setStory: db.prepare(`INSERT INTO article_stories (article_id, story_id) VALUES (?, ?)
      ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id`),
    moveAll: db.prepare('UPDATE article_stories SET story_id = ? WHERE story_id = ?'),
    deleteStory: db.prepare('DELETE FROM stories WHERE id = ?'),
    /** How many articles a story holds now. */
    size: (storyId: string) => (figures.get(storyId) as StoryFigures).count,
    /** Recomputes a story's headline, dates and count; true when they changed (and were written). */
    refresh(storyId: string, stamp: string): boolean {
      const row = storyRow.get(storyId) as StoryRow;
      const f = figures.get(storyId) as StoryFigures;
      const title = (headline.get(storyId) as string | undefined) ?? null;
      if (row.headline === title && row.first_seen_ms === f.first && row.last_seen_ms === f.last && row.article_count === f.count) return false;
      updateStory.run(title, f.first, f.last, f.count, stamp, storyId);
      return true;
    },
  };
}

export type StoryStatements = ReturnType<typeof storyStatements>;
