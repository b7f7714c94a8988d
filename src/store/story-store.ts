/**
 * Persisted stories: which stored articles report one event, under an id that survives re-clustering.
 * Clustering is recomputed over a recent window on every ingest; `saveStoryClusters` folds each new
 * clustering into the stored one so a story keeps its id when an outlet edits a headline, a new outlet
 * joins or two stories merge, and operators can look up which articles formed which story.
 */
import { freshStoryId } from '../core/stories/index.ts';
import { compareNullsLast, compareStrings } from '../core/text/index.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';

/** One cluster of a fresh clustering: `id` names a new story when none of its articles has one yet. */
export interface StoryCluster {
  readonly id: string;
  readonly articleIds: readonly string[];
}

/** A stored story with figures over all its articles (also those outside the clustered window). */
export interface StoredStory {
  readonly id: string;
  /** Title of its earliest article that has one; null when none has. */
  readonly headline: string | null;
  /** Publication instant (ms) of its earliest and latest article; null when unknown. */
  readonly firstSeenMs: number | null;
  readonly lastSeenMs: number | null;
  readonly articleCount: number;
  /** ISO instant of the last change of this row. */
  readonly updatedAt: string;
}

/** What one `saveStoryClusters` changed; all zero when the clustering was already stored. */
export interface StorySaveResult {
  /** Stories created for clusters none of whose articles had a story. */
  readonly created: number;
  /** Stories that disappeared into an older one (their articles moved there). */
  readonly merged: number;
  /** Articles whose story changed (or that got their first story). */
  readonly moved: number;
  /** Stories whose headline, dates or count changed. */
  readonly updated: number;
}

export interface StoryStore {
  /**
   * Folds a clustering of stored articles into the stored stories, in one transaction. Each cluster
   * keeps the id of a story its articles already belong to (the oldest, when several), else gets a
   * new one; a story no cluster kept merges into the one that took most of its articles. Articles
   * not in any cluster keep their story. Saving the same clustering twice changes nothing.
   * @throws StoreError when an article id is not stored or the database fails.
   */
  saveStoryClusters(clusters: readonly StoryCluster[]): StorySaveResult;
  /**
   * Records where new articles went (an incremental assignment): each article joins the named story,
   * created when it does not exist; a story left without articles (merged into an older one) is
   * deleted; the figures of every touched story are brought up to date. Articles already in that
   * story change nothing.
   * @throws StoreError when an article id is not stored or the database fails.
   */
  saveAssignments(assignments: readonly { readonly articleId: string; readonly storyId: string }[]): StorySaveResult;
  /** The story of every article of [from, to) that has one (one query, for a digest). */
  storyIdsIn(window: { from: number | null; to: number | null }): Map<string, string>;
  /** The story an article belongs to, or null when it has none (yet). */
  storyOf(articleId: string): string | null;
  /** The ids of a story's articles, oldest first (empty for an unknown story). */
  storyArticles(storyId: string): string[];
  /** The most recently active stories (latest article first), at most `limit`. */
  recentStories(limit: number): StoredStory[];
  /**
   * Publication instants (ms) of dated articles that belong to no story, newest first, at most
   * `limit`: where a back-fill has to cluster (seed files, old feed items, a pre-stories database).
   */
  unassignedInstants(limit: number): number[];
}

interface StoryRow {
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

/** Creates the story half of the store over an open, migrated database. */
export function createStoryStore(db: SqliteDatabase, now: () => Date): StoryStore {
  const storyOfStmt = db.prepare('SELECT story_id FROM article_stories WHERE article_id = ?').pluck();
  const storyRow = db.prepare('SELECT * FROM stories WHERE id = ?');
  const insertStory = db.prepare(
    'INSERT INTO stories (id, headline, first_seen_ms, last_seen_ms, article_count, updated_at) VALUES (?, NULL, NULL, NULL, 0, ?)',
  );
  const setStory = db.prepare(`INSERT INTO article_stories (article_id, story_id) VALUES (?, ?)
    ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id`);
  const moveAll = db.prepare('UPDATE article_stories SET story_id = ? WHERE story_id = ?');
  const deleteStory = db.prepare('DELETE FROM stories WHERE id = ?');
  const figures = db.prepare(`SELECT MIN(a.sort_ms) AS first, MAX(a.sort_ms) AS last, COUNT(*) AS count
    FROM article_stories s JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?`);
  const headline = db
    .prepare(`SELECT a.title FROM article_stories s JOIN articles a ON a.id = s.article_id
      WHERE s.story_id = ? AND trim(COALESCE(a.title, '')) <> ''
      ORDER BY a.sort_ms IS NULL, a.sort_ms, a.id LIMIT 1`)
    .pluck();
  const updateStory = db.prepare(`UPDATE stories
    SET headline = ?, first_seen_ms = ?, last_seen_ms = ?, article_count = ?, updated_at = ? WHERE id = ?`);
  const articlesOf = db
    .prepare(`SELECT s.article_id FROM article_stories s JOIN articles a ON a.id = s.article_id
      WHERE s.story_id = ? ORDER BY a.sort_ms IS NULL, a.sort_ms, a.id`)
    .pluck();
  const insertStoryIfMissing = db.prepare(
    'INSERT INTO stories (id, headline, first_seen_ms, last_seen_ms, article_count, updated_at) VALUES (?, NULL, NULL, NULL, 0, ?) ON CONFLICT (id) DO NOTHING',
  );
  const idsInWindow = db.prepare(`SELECT s.article_id, s.story_id FROM article_stories s JOIN articles a ON a.id = s.article_id
    WHERE (@from IS NULL OR a.sort_ms >= @from) AND (@to IS NULL OR a.sort_ms < @to)`);
  const recent = db.prepare('SELECT * FROM stories ORDER BY last_seen_ms IS NULL, last_seen_ms DESC, id LIMIT ?');
  const unassigned = db
    .prepare(`SELECT a.sort_ms FROM articles a LEFT JOIN article_stories s ON s.article_id = a.id
      WHERE s.article_id IS NULL AND a.sort_ms IS NOT NULL ORDER BY a.sort_ms DESC LIMIT ?`)
    .pluck();

  const save = db.transaction((clusters: readonly StoryCluster[]): StorySaveResult => {
    const stamp = now().toISOString();
    const current = new Map<string, string | null>();
    for (const c of clusters) for (const a of c.articleIds) current.set(a, (storyOfStmt.get(a) as string | undefined) ?? null);

    // Stories the clustering touches, oldest first: each goes to the cluster holding most of its
    // articles among those not yet served, so a split keeps the id with its larger part.
    const touched = new Map<string, StoryRow>();
    for (const storyId of current.values()) {
      if (storyId !== null && !touched.has(storyId)) touched.set(storyId, storyRow.get(storyId) as StoryRow);
    }
    const byAge = [...touched.values()].sort(
      (x, y) => compareNullsLast(x.first_seen_ms, y.first_seen_ms) || compareStrings(x.id, y.id),
    );
    const ordered = clusters.filter((c) => c.articleIds.length > 0).sort((x, y) => compareStrings(x.id, y.id));
    // Per story, how many articles each cluster holds of it (clusters in id order): one pass, not stories × clusters.
    const holders = new Map<string, Map<StoryCluster, number>>();
    for (const c of ordered) {
      for (const a of c.articleIds) {
        const storyId = current.get(a);
        if (storyId == null) continue;
        let counts = holders.get(storyId);
        if (!counts) holders.set(storyId, (counts = new Map()));
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
    }
    const target = new Map<StoryCluster, string>();
    const kept = new Set<string>();
    for (const story of byAge) {
      let best: StoryCluster | null = null;
      let bestCount = 0;
      for (const [c, n] of holders.get(story.id) ?? []) {
        if (!target.has(c) && n > bestCount) [best, bestCount] = [c, n];
      }
      if (best) {
        target.set(best, story.id);
        kept.add(story.id);
      }
    }

    let created = 0;
    for (const c of ordered) {
      if (target.has(c)) continue;
      const id = freshStoryId(c.id, (candidate) => kept.has(candidate) || storyRow.get(candidate) !== undefined);
      insertStory.run(id, stamp);
      target.set(c, id);
      kept.add(id);
      created++;
    }

    let moved = 0;
    // Per story that loses articles: how many went where, to pick where its remainder goes.
    const outflow = new Map<string, Map<string, number>>();
    for (const [c, storyId] of target) {
      for (const a of c.articleIds) {
        const was = current.get(a) ?? null;
        if (was === storyId) continue;
        setStory.run(a, storyId);
        moved++;
        if (was !== null) {
          let flows = outflow.get(was);
          if (!flows) outflow.set(was, (flows = new Map()));
          flows.set(storyId, (flows.get(storyId) ?? 0) + 1);
        }
      }
    }

    let merged = 0;
    const dirty = new Set(kept);
    for (const story of byAge) {
      if (kept.has(story.id)) continue;
      // No cluster kept this story: its articles outside the window follow the majority of the others.
      const age = (id: string) => touched.get(id)?.first_seen_ms ?? null;
      const flows = [...(outflow.get(story.id) ?? [])].sort(
        (x, y) => y[1] - x[1] || compareNullsLast(age(x[0]), age(y[0])) || compareStrings(x[0], y[0]),
      );
      const heir = flows[0]?.[0];
      if (heir !== undefined) moved += moveAll.run(heir, story.id).changes;
      deleteStory.run(story.id);
      merged++;
    }

    let updated = 0;
    for (const storyId of dirty) {
      const row = storyRow.get(storyId) as StoryRow;
      const f = figures.get(storyId) as StoryFigures;
      const title = (headline.get(storyId) as string | undefined) ?? null;
      if (
        row.headline === title &&
        row.first_seen_ms === f.first &&
        row.last_seen_ms === f.last &&
        row.article_count === f.count
      ) {
        continue;
      }
      updateStory.run(title, f.first, f.last, f.count, stamp, storyId);
      updated++;
    }
    return { created, merged, moved, updated };
  });

  const refresh = (storyId: string, stamp: string): boolean => {
    const row = storyRow.get(storyId) as StoryRow;
    const f = figures.get(storyId) as StoryFigures;
    const title = (headline.get(storyId) as string | undefined) ?? null;
    if (row.headline === title && row.first_seen_ms === f.first && row.last_seen_ms === f.last && row.article_count === f.count) return false;
    updateStory.run(title, f.first, f.last, f.count, stamp, storyId);
    return true;
  };

  const assign = db.transaction((assignments: readonly { articleId: string; storyId: string }[]): StorySaveResult => {
    const stamp = now().toISOString();
    const touched = new Set<string>();
    let created = 0;
    let moved = 0;
    const left = new Set<string>();
    for (const { articleId, storyId } of assignments) {
      const was = (storyOfStmt.get(articleId) as string | undefined) ?? null;
      if (was === storyId) continue;
      created += insertStoryIfMissing.run(storyId, stamp).changes;
      setStory.run(articleId, storyId);
      moved++;
      touched.add(storyId);
      if (was !== null) left.add(was);
    }
    // A story whose articles all moved (it merged into an older one) is gone.
    let merged = 0;
    for (const storyId of left) {
      if ((figures.get(storyId) as StoryFigures).count > 0) touched.add(storyId);
      else {
        merged += deleteStory.run(storyId).changes;
        touched.delete(storyId);
      }
    }
    let updated = 0;
    for (const storyId of touched) if (refresh(storyId, stamp)) updated++;
    return { created, merged, moved, updated };
  });

  return {
    saveAssignments(assignments) {
      return guard('saving story assignments', () => assign.immediate(assignments));
    },
    storyIdsIn(window) {
      return guard('reading stories of a window', () => {
        const out = new Map<string, string>();
        for (const r of idsInWindow.all(window) as { article_id: string; story_id: string }[]) out.set(r.article_id, r.story_id);
        return out;
      });
    },
    saveStoryClusters(clusters) {
      return guard('saving stories', () => save.immediate(clusters));
    },
    storyOf(articleId) {
      return guard('looking up a story', () => (storyOfStmt.get(articleId) as string | undefined) ?? null);
    },
    storyArticles(storyId) {
      return guard('reading a story', () => articlesOf.all(storyId) as string[]);
    },
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
