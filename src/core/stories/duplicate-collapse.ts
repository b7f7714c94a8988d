/**
 * Copy collapsing: equal article ids and near-duplicate texts (MinHash LSH candidates confirmed by
 * an exact shingle-set check) become one article, represented by the copy the others confirm.
 */
import { wordTokens } from '../text/index.ts';
import type { ExtractedArticle } from '../model/index.ts';
import type { ClusterOptions } from './cluster-options.ts';
import { UnionFind, eachLshCandidate, setOverlap, shingleSet } from './similarity.ts';
import type { RawDoc } from './story-docs.ts';

/**
 * Groups items into distinct articles: equal ids and near-duplicate texts collapse. `raws[i]` is
 * the text pass of `sorted[i]` (null for a repeat of the previous item's id). Returns, per item,
 * the index of its representative (see `representative`).
 */
export function collapseDuplicates(
  sorted: readonly ExtractedArticle[],
  raws: readonly (RawDoc | null)[],
  o: Required<ClusterOptions>,
): Int32Array {
  const n = sorted.length;
  const uf = new UnionFind(n);
  const lengths = new Int32Array(n);
  const uniques: number[] = [];
  const keys: Uint32Array[] = [];
  for (let i = 0; i < n; i++) {
    const raw = raws[i];
    if (!raw) {
      uf.union(i - 1, i);
      lengths[i] = lengths[i - 1]!;
      continue;
    }
    lengths[i] = raw.length;
    if (raw.bands) {
      uniques.push(i);
      keys.push(raw.bands);
    }
  }
  // Paragraph tokens of the items this call looks at twice (candidates, then copies choosing a representative).
  const tokens = new Map<number, string[][]>();
  const tokensOf = (i: number) => {
    let t = tokens.get(i);
    if (!t) tokens.set(i, (t = sorted[i]!.article.paragraphs.map((p) => wordTokens(p))));
    return t;
  };
  // Shingle sets are rebuilt only for the few LSH candidates: keeping all of them costs memory.
  const sets = new Map<number, Uint32Array>();
  const setOf = (u: number) => {
    let set = sets.get(u);
    if (!set) sets.set(u, (set = shingleSet(tokensOf(uniques[u]!).flat(), 3)));
    return set;
  };
  // Copies already joined need no check: a group of k copies gives up to k² pairs, k - 1 unions.
  const joined = (a: number, b: number) => uf.find(uniques[a]!) === uf.find(uniques[b]!);
  for (const [a, b] of eachLshCandidate(keys, o.bands, undefined, joined)) {
    const { jaccard, containment } = setOverlap(setOf(a), setOf(b));
    if (jaccard >= o.duplicateJaccard || containment >= o.duplicateContainment) uf.union(uniques[a]!, uniques[b]!);
  }

  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = uf.find(i);
    const list = members.get(root);
    if (list) list.push(i);
    else members.set(root, [i]);
  }
  const best = new Map<number, number>();
  for (const [root, list] of members) best.set(root, representative(list, lengths, tokensOf));
  return Int32Array.from({ length: n }, (_, i) => best.get(uf.find(i))!);
}

/**
 * The copy that stands for its duplicates: the one whose paragraphs the other copies confirm —
 * words in paragraphs other copies also have, minus words only it has (furniture a re-scrape
 * picked up, a syndicator's "Baca Juga" lines); ties go to the longer text, then to input order.
 */
function representative(list: readonly number[], lengths: Int32Array, tokensOf: (i: number) => readonly string[][]): number {
  if (list.length === 1) return list[0]!;
  const keysOf = list.map((i) => tokensOf(i).map((t) => ({ key: t.join(' '), words: t.length })));
  const support = new Map<string, number>();
  keysOf.forEach((keys) => new Set(keys.map((k) => k.key)).forEach((k) => support.set(k, (support.get(k) ?? 0) + 1)));
  let bestIndex = list[0]!;
  let bestScore = -Infinity;
  list.forEach((i, x) => {
    let score = 0;
    for (const { key, words } of keysOf[x]!) score += (support.get(key) ?? 0) > 1 ? words : -words;
    if (score > bestScore || (score === bestScore && lengths[i]! > lengths[bestIndex]!)) {
      bestScore = score;
      bestIndex = i;
    }
  });
  return bestIndex;
}
