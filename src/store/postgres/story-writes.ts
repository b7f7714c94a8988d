/**
 * The two story writes inside their transaction: folding a fresh clustering into the stored stories
 * (each cluster keeps the id of the oldest story its articles already belong to, or gets a new one;
 * a story no cluster kept merges into the one that took most of its articles), and recording an
 * incremental assignment.
 */
import { freshStoryId } from '../../core/stories/index.ts';
import { compareNullsLast, compareStrings } from '../../core/text/index.ts';
import { StoreError } from '../../errors.ts';
import type { StoryCluster, StorySaveResult } from '../ports.ts';
import type { StoryRow } from '../stored-rows.ts';
import type { Queryable } from './pool.ts';
import { keptStories } from '../story-fold.ts';

/** Any fixed number: the advisory lock that story writers of every process take in turn. */
const STORY_LOCK_KEY = 4_751_020_260_002;

async function lockStories(db: Queryable): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [STORY_LOCK_KEY]);
}

/** The story of each article (null: none yet); an article that is not stored is an error. */
async function storiesOf(db: Queryable, articleIds: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(articleIds)];
  const { rows } = await db.query<{ id: string; story_id: string | null }>(
    `SELECT a.id, s.story_id FROM articles a LEFT JOIN article_stories s ON s.article_id = a.id WHERE a.id = ANY($1::text[])`,
    [unique],
  );
  const out = new Map(rows.map((r) => [r.id, r.story_id]));
  const missing = unique.find((id) => !out.has(id));
  if (missing !== undefined) throw new StoreError(`article ${missing} is not stored`);
  return out;
}

async function storyRows(db: Queryable, ids: readonly string[]): Promise<Map<string, StoryRow>> {
  const { rows } = await db.query<StoryRow>('SELECT * FROM stories WHERE id = ANY($1::text[])', [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

async function setStory(db: Queryable, articleId: string, storyId: string): Promise<void> {
  await db.query(
    `INSERT INTO article_stories (article_id, story_id) VALUES ($1, $2)
     ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id`,
    [articleId, storyId],
  );
}

/** Brings a story's headline, dates and count up to date; true when they changed. */
async function refresh(db: Queryable, storyId: string, stamp: string): Promise<boolean> {
  const result = await db.query(
    `WITH f AS (
       SELECT MIN(a.sort_ms) AS first, MAX(a.sort_ms) AS last, COUNT(*)::int AS count,
         (SELECT a2.title FROM article_stories s2 JOIN articles a2 ON a2.id = s2.article_id
           WHERE s2.story_id = $1 AND trim(COALESCE(a2.title, '')) <> ''
           ORDER BY a2.sort_ms ASC NULLS LAST, a2.id LIMIT 1) AS title
       FROM article_stories s JOIN articles a ON a.id = s.article_id WHERE s.story_id = $1)
     UPDATE stories st SET headline = f.title, first_seen_ms = f.first, last_seen_ms = f.last, article_count = f.count, updated_at = $2
     FROM f WHERE st.id = $1 AND (st.headline IS DISTINCT FROM f.title OR st.first_seen_ms IS DISTINCT FROM f.first
       OR st.last_seen_ms IS DISTINCT FROM f.last OR st.article_count <> f.count)`,
    [storyId, stamp],
  );
  return (result.rowCount ?? 0) > 0;
}

/** `base`, or `base-2`, `base-3` … when taken. */
async function freshId(db: Queryable, base: string, kept: ReadonlySet<string>): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM stories WHERE id = $1 OR id LIKE $2`, [base, `${base.replace(/[\\%_]/g, '\\$&')}-%`]);
  const taken = new Set([...rows.map((r) => r.id), ...kept]);
  return freshStoryId(base, (id) => taken.has(id));
}

/** `saveStoryClusters` inside its transaction. */
export async function foldClusters(db: Queryable, clusters: readonly StoryCluster[], stamp: string): Promise<StorySaveResult> {
  await lockStories(db);
  const current = await storiesOf(db, clusters.flatMap((c) => c.articleIds));
  const touched = await storyRows(db, [...new Set([...current.values()].filter((s) => s !== null))]);
  const byAge = [...touched.values()].sort((x, y) => compareNullsLast(x.first_seen_ms, y.first_seen_ms) || compareStrings(x.id, y.id));
  const ordered = clusters.filter((c) => c.articleIds.length > 0).sort((x, y) => compareStrings(x.id, y.id));
  const { target, kept } = keptStories(byAge, ordered, current);

  let created = 0;
  for (const c of ordered) {
    if (target.has(c)) continue;
    const id = await freshId(db, c.id, kept);
    await db.query('INSERT INTO stories (id, article_count, updated_at) VALUES ($1, 0, $2)', [id, stamp]);
    target.set(c, id);
    kept.add(id);
    created++;
  }
  let moved = 0;
  const outflow = new Map<string, Map<string, number>>();
  for (const [c, storyId] of target) {
    for (const a of c.articleIds) {
      const was = current.get(a) ?? null;
      if (was === storyId) continue;
      await setStory(db, a, storyId);
      moved++;
      if (was !== null) {
        let flows = outflow.get(was);
        if (!flows) outflow.set(was, (flows = new Map()));
        flows.set(storyId, (flows.get(storyId) ?? 0) + 1);
      }
    }
  }
  let merged = 0;
  for (const story of byAge) {
    if (kept.has(story.id)) continue;
    // No cluster kept this story: its articles outside the window follow the majority of the others.
    const age = (id: string) => touched.get(id)?.first_seen_ms ?? null;
    const flows = [...(outflow.get(story.id) ?? [])].sort((x, y) => y[1] - x[1] || compareNullsLast(age(x[0]), age(y[0])) || compareStrings(x[0], y[0]));
    const heir = flows[0]?.[0];
    if (heir !== undefined) moved += (await db.query('UPDATE article_stories SET story_id = $1 WHERE story_id = $2', [heir, story.id])).rowCount ?? 0;
    await db.query('DELETE FROM stories WHERE id = $1', [story.id]);
    merged++;
  }
  let updated = 0;
  for (const storyId of kept) if (await refresh(db, storyId, stamp)) updated++;
  return { created, merged, moved, updated };
}

/** `saveAssignments` inside its transaction. */
export async function assignArticles(
  db: Queryable,
  assignments: readonly { readonly articleId: string; readonly storyId: string }[],
  stamp: string,
): Promise<StorySaveResult> {
  await lockStories(db);
  const current = await storiesOf(db, assignments.map((a) => a.articleId));
  const touched = new Set<string>();
  const left = new Set<string>();
  let created = 0;
  let moved = 0;
  for (const { articleId, storyId } of assignments) {
    const was = current.get(articleId) ?? null;
    if (was === storyId) continue;
    created += (await db.query('INSERT INTO stories (id, article_count, updated_at) VALUES ($1, 0, $2) ON CONFLICT (id) DO NOTHING', [storyId, stamp])).rowCount ?? 0;
    await setStory(db, articleId, storyId);
    current.set(articleId, storyId);
    moved++;
    touched.add(storyId);
    if (was !== null) left.add(was);
  }
  // A story whose articles all moved (it merged into an older one) is gone.
  let merged = 0;
  for (const storyId of left) {
    const rest = await db.query('SELECT 1 FROM article_stories WHERE story_id = $1 LIMIT 1', [storyId]);
    if ((rest.rowCount ?? 0) > 0) touched.add(storyId);
    else {
      merged += (await db.query('DELETE FROM stories WHERE id = $1', [storyId])).rowCount ?? 0;
      touched.delete(storyId);
    }
  }
  let updated = 0;
  for (const storyId of touched) if (await refresh(db, storyId, stamp)) updated++;
  return { created, merged, moved, updated };
}
