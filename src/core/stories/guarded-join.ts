/**
 * Clustering with the chaining guard: union-find over the scored links, strongest first, refusing
 * joins that one bridging article would make and joins that break the size cap or the time span.
 */
import type { ClusterOptions } from './cluster-options.ts';
import { UnionFind } from './similarity.ts';
import type { Doc } from './story-docs.ts';
import type { Edge } from './story-links.ts';

/**
 * Joins linked docs strongest first. Two groups join only when enough members on each side link
 * to the other group, the size cap holds and the joined group stays within the span — so one
 * bridging article or weak link cannot chain two stories together.
 */
export function joinLinked(docs: readonly Doc[], edges: readonly Edge[], o: Required<ClusterOptions>): UnionFind {
  const n = docs.length;
  const uf = new UnionFind(n);
  const adjacency: number[][] = Array.from({ length: n }, () => []);
  for (const { a, b } of edges) {
    adjacency[a]!.push(b);
    adjacency[b]!.push(a);
  }
  const members = new Map<number, number[]>();
  const span = new Map<number, [number, number]>();
  for (const doc of docs) {
    members.set(doc.index, [doc.index]);
    if (doc.day !== null) span.set(doc.index, [doc.day, doc.day]);
  }
  // Enough members of `side` link into the group rooted at `other`: more than half, at most three.
  const backed = (side: readonly number[], other: number): boolean => {
    const need = Math.min(o.maxLinksNeeded, Math.floor(o.linkFraction * side.length) + 1);
    let linked = 0;
    for (const m of side) {
      if (adjacency[m]!.some((x) => uf.find(x) === other) && ++linked >= need) return true;
    }
    return false;
  };
  for (const { a, b } of edges) {
    const ra = uf.find(a);
    const rb = uf.find(b);
    if (ra === rb) continue;
    const ma = members.get(ra)!;
    const mb = members.get(rb)!;
    if (ma.length + mb.length > o.maxClusterSize) continue;
    const sa = span.get(ra);
    const sb = span.get(rb);
    if (sa && sb && Math.max(sa[1], sb[1]) - Math.min(sa[0], sb[0]) > o.maxSpanDays) continue;
    if (!(ma.length === 1 && mb.length === 1) && !(backed(ma, rb) && backed(mb, ra))) continue;
    const root = uf.union(ra, rb);
    const other = root === ra ? rb : ra;
    const joined = members.get(root)!;
    for (const m of members.get(other)!) joined.push(m);
    members.delete(other);
    if (sa || sb) {
      const s = [sa, sb].filter((x): x is [number, number] => x !== undefined);
      span.set(root, [Math.min(...s.map((x) => x[0])), Math.max(...s.map((x) => x[1]))]);
    }
  }
  return uf;
}
