/**
 * The part of saving a clustering that both stores share: which stored story each cluster keeps.
 * Pure; the SQLite and PostgreSQL stores run it inside their own transaction.
 */

/**
 * Stories the clustering touches, oldest first: each goes to the cluster holding most of its
 * articles among those not yet served, so a split keeps the id with its larger part.
 * @param byAge the touched stories, oldest first
 * @param ordered the clusters in id order
 * @param current each clustered article's story now (null: none)
 */
export function keptStories<C extends { readonly articleIds: readonly string[] }>(
  byAge: readonly { readonly id: string }[],
  ordered: readonly C[],
  current: ReadonlyMap<string, string | null>,
): { target: Map<C, string>; kept: Set<string> } {
  // Per story, how many articles each cluster holds of it (clusters in id order): one pass, not stories × clusters.
  const holders = new Map<string, Map<C, number>>();
  for (const c of ordered) {
    for (const a of c.articleIds) {
      const storyId = current.get(a);
      if (storyId == null) continue;
      let counts = holders.get(storyId);
      if (!counts) holders.set(storyId, (counts = new Map()));
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  const target = new Map<C, string>();
  const kept = new Set<string>();
  for (const story of byAge) {
    let best: C | null = null;
    let bestCount = 0;
    for (const [c, n] of holders.get(story.id) ?? []) {
      if (!target.has(c) && n > bestCount) [best, bestCount] = [c, n];
    }
    if (best) {
      target.set(best, story.id);
      kept.add(story.id);
    }
  }
  return { target, kept };
}
