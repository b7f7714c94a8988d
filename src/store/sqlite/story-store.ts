/**
 * Persisted stories (`StoryStore`): which stored articles report one event, under an id that survives
 * re-clustering. A clustering is folded into the stored one (story-clusters.ts) so a story keeps its
 * id when an outlet edits a headline, a new outlet joins or two stories merge; an incremental
 * assignment records where new articles went.
 */
import type { StorySaveResult, StoredStory, StoryStore } from '../ports.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';
import { createClusterFold } from './story-clusters.ts';
import { storyStatements, type StoryRow, type StoryStatements } from './story-statements.ts';
import type { Sync } from './sync-port.ts';

/** Creates the story half of the store over an open, migrated database. */
export function createStoryStore(db: SqliteDatabase, now: () => Date): Sync<StoryStore> {
  const s = storyStatements(db);
  const fold = createClusterFold(db, s, now);
  const assign = createAssignments(db, s, now);
  const articlesOf = db
    .prepare(`SELECT s.article_id FROM article_stories s JOIN articles a ON a.id = s.article_id
      WHERE s.story_id = ? ORDER BY a.sort_ms IS NULL, a.sort_ms, a.id`)
    .pluck();
  const idsInWindow = db.prepare(`SELECT s.article_id, s.story_id FROM article_stories s JOIN articles a ON a.id = s.article_id
    WHERE (@from IS NULL OR a.sort_ms >= @from) AND (@to IS NULL OR a.sort_ms < @to)`);
  const recent = db.prepare('SELECT * FROM stories ORDER BY last_seen_ms IS NULL, last_seen_ms DESC, id LIMIT ?');
  const unassigned = db
    .prepare(`SELECT a.sort_ms FROM articles a LEFT JOIN article_stories s ON s.article_id = a.id
      WHERE s.article_id IS NULL AND a.sort_ms IS NOT NULL ORDER BY a.sort_ms DESC LIMIT ?`)
    .pluck();
  return {
    saveStoryClusters: (clusters) => guard('saving stories', () => fold.immediate(clusters)),
    saveAssignments: (assignments) => guard('saving story assignments', () => assign.immediate(assignments)),
    storyIdsIn(window) {
      return guard('reading stories of a window', () => {
        const out = new Map<string, string>();
        for (const r of idsInWindow.all(window) as { article_id: string; story_id: string }[]) out.set(r.article_id, r.story_id);
        return out;
      });
    },
    storyOf: (articleId) => guard('looking up a story', () => s.storyOf(articleId)),
    storyArticles: (storyId) => guard('reading a story', () => articlesOf.all(storyId) as string[]),
    recentStories(limit) {
      const n = Math.max(0, Math.floor(limit));
      return guard('reading stories', () => (recent.all(n) as StoryRow[]).map(toStory));
    },
    unassignedInstants(limit) {
      const n = Math.max(0, Math.floor(limit));
      return guard('finding articles without a story', () => unassigned.all(n) as number[]);
    },
  };
}

/** The transaction of `saveAssignments`: each article joins its story; emptied stories go. */
function createAssignments(db: SqliteDatabase, s: StoryStatements, now: () => Date) {
  return db.transaction((assignments: readonly { articleId: string; storyId: string }[]): StorySaveResult => {
    const stamp = now().toISOString();
    const touched = new Set<string>();
    let created = 0;
    let moved = 0;
    const left = new Set<string>();
    for (const { articleId, storyId } of assignments) {
      const was = s.storyOf(articleId);
      if (was === storyId) continue;
      created += s.insertStory.run(storyId, stamp).changes;
      s.setStory.run(articleId, storyId);
      moved++;
      touched.add(storyId);
      if (was !== null) left.add(was);
    }
    // A story whose articles all moved (it merged into an older one) is gone.
    let merged = 0;
    for (const storyId of left) {
      if (s.size(storyId) > 0) touched.add(storyId);
      else {
        merged += s.deleteStory.run(storyId).changes;
        touched.delete(storyId);
      }
    }
    let updated = 0;
    for (const storyId of touched) if (s.refresh(storyId, stamp)) updated++;
    return { created, merged, moved, updated };
  });
}

function toStory(row: StoryRow): StoredStory {
  return {
    id: row.id,
    headline: row.headline,
    firstSeenMs: row.first_seen_ms,
    lastSeenMs: row.last_seen_ms,
    articleCount: row.article_count,
    updatedAt: row.updated_at,
  };
}
