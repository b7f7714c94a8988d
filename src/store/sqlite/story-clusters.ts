/**
 * Folding a fresh clustering into the stored stories (`saveStoryClusters`): each cluster keeps the id
 * of the oldest story its articles already belong to, or gets a new one; a story no cluster kept
 * merges into the one that took most of its articles.
 */
import { freshStoryId } from '../../core/stories/index.ts';
import { compareNullsLast, compareStrings } from '../../core/text/index.ts';
import type { StoryCluster, StorySaveResult } from '../ports.ts';
import type { SqliteDatabase } from './sqlite-database.ts';
import type { StoryRow, StoryStatements } from './story-statements.ts';
import { keptStories } from '../story-fold.ts';

/** The stored stories a clustering touches, and the story each of its articles has now. */
interface Before {
  readonly current: Map<string, string | null>;
  readonly touched: Map<string, StoryRow>;
  /** `touched`, oldest first. */
  readonly byAge: readonly StoryRow[];
}

/** The transaction body of `saveStoryClusters` (run it inside an IMMEDIATE transaction). */
export function createClusterFold(db: SqliteDatabase, s: StoryStatements, now: () => Date) {
  return db.transaction((clusters: readonly StoryCluster[]): StorySaveResult => {
    const stamp = now().toISOString();
    const before = storiesBefore(s, clusters);
    const ordered = clusters.filter((c) => c.articleIds.length > 0).sort((x, y) => compareStrings(x.id, y.id));
    const { target, kept } = keptStories(before.byAge, ordered, before.current);
    let created = 0;
    for (const c of ordered) {
      if (target.has(c)) continue;
      const id = freshStoryId(c.id, (candidate) => kept.has(candidate) || s.storyRow(candidate) !== undefined);
      s.insertStory.run(id, stamp);
      target.set(c, id);
      kept.add(id);
      created++;
    }
    const { moved, outflow } = moveArticles(s, before, target);
    let merged = 0;
    let followed = 0;
    for (const story of before.byAge) {
      if (kept.has(story.id)) continue;
      // No cluster kept this story: its articles outside the window follow the majority of the others.
      const age = (id: string) => before.touched.get(id)?.first_seen_ms ?? null;
      const flows = [...(outflow.get(story.id) ?? [])].sort((x, y) => y[1] - x[1] || compareNullsLast(age(x[0]), age(y[0])) || compareStrings(x[0], y[0]));
      const heir = flows[0]?.[0];
      if (heir !== undefined) followed += s.moveAll.run(heir, story.id).changes;
      s.deleteStory.run(story.id);
      merged++;
    }
    let updated = 0;
    for (const storyId of kept) if (s.refresh(storyId, stamp)) updated++;
    return { created, merged, moved: moved + followed, updated };
  });
}

function storiesBefore(s: StoryStatements, clusters: readonly StoryCluster[]): Before {
  const current = new Map<string, string | null>();
  for (const c of clusters) for (const a of c.articleIds) current.set(a, s.storyOf(a));
  const touched = new Map<string, StoryRow>();
  for (const storyId of current.values()) {
    if (storyId !== null && !touched.has(storyId)) touched.set(storyId, s.storyRow(storyId) as StoryRow);
  }
  const byAge = [...touched.values()].sort((x, y) => compareNullsLast(x.first_seen_ms, y.first_seen_ms) || compareStrings(x.id, y.id));
  return { current, touched, byAge };
}

/** Moves every clustered article into its cluster's story; per story that lost articles, how many went where. */
function moveArticles(s: StoryStatements, before: Before, target: ReadonlyMap<StoryCluster, string>) {
  let moved = 0;
  const outflow = new Map<string, Map<string, number>>();
  for (const [c, storyId] of target) {
    for (const a of c.articleIds) {
      const was = before.current.get(a) ?? null;
      if (was === storyId) continue;
      s.setStory.run(a, storyId);
      moved++;
      if (was !== null) {
        let flows = outflow.get(was);
        if (!flows) outflow.set(was, (flows = new Map()));
        flows.set(storyId, (flows.get(storyId) ?? 0) + 1);
      }
    }
  }
  return { moved, outflow };
}
