/**
 * Persisted stories in PostgreSQL: which stored articles report one event, under an id that
 * survives re-clustering (see the port for the rules). Story writes of all processes take turns on
 * one advisory lock inside their transaction, as they read the stories they are about to change.
 */
import type { StoryStore } from '../ports.ts';
import { toStory, type StoryRow } from '../stored-rows.ts';
import { pgGuard, withTransaction, type PgPool } from './pool.ts';
import { assignArticles, foldClusters } from './story-writes.ts';

/** Creates the story port over a migrated database. */
export function createPgStoryStore(pool: PgPool, now: () => Date): StoryStore {
  const ids = async (sql: string, params: unknown[]) => (await pool.query<{ v: string }>(sql, params)).rows.map((r) => r.v);
  return {
    saveStoryClusters(clusters) {
      return pgGuard('saving stories', () => withTransaction(pool, (client) => foldClusters(client, clusters, now().toISOString())));
    },
    saveAssignments(assignments) {
      return pgGuard('saving story assignments', () => withTransaction(pool, (client) => assignArticles(client, assignments, now().toISOString())));
    },
    storyIdsIn(window) {
      return pgGuard('reading stories of a window', async () => {
        const { rows } = await pool.query<{ article_id: string; story_id: string }>(
          `SELECT s.article_id, s.story_id FROM article_stories s JOIN articles a ON a.id = s.article_id
           WHERE ($1::bigint IS NULL OR a.sort_ms >= $1) AND ($2::bigint IS NULL OR a.sort_ms < $2)`,
          [window.from, window.to],
        );
        return new Map(rows.map((r) => [r.article_id, r.story_id]));
      });
    },
    storyOf(articleId) {
      return pgGuard('looking up a story', async () => (await ids('SELECT story_id AS v FROM article_stories WHERE article_id = $1', [articleId]))[0] ?? null);
    },
    storyArticles(storyId) {
      return pgGuard('reading a story', () =>
        ids(
          `SELECT s.article_id AS v FROM article_stories s JOIN articles a ON a.id = s.article_id
           WHERE s.story_id = $1 ORDER BY a.sort_ms ASC NULLS LAST, a.id`,
          [storyId],
        ),
      );
    },
    recentStories(limit) {
      return pgGuard('reading stories', async () => {
        const { rows } = await pool.query<StoryRow>('SELECT * FROM stories ORDER BY last_seen_ms DESC NULLS LAST, id LIMIT $1', [Math.max(0, Math.floor(limit))]);
        return rows.map(toStory);
      });
    },
    unassignedInstants(limit) {
      return pgGuard('finding articles without a story', async () => {
        const { rows } = await pool.query<{ sort_ms: number }>(
          `SELECT a.sort_ms FROM articles a WHERE a.sort_ms IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.article_id = a.id)
           ORDER BY a.sort_ms DESC LIMIT $1`,
          [Math.max(0, Math.floor(limit))],
        );
        return rows.map((r) => r.sort_ms);
      });
    },
  };
}
