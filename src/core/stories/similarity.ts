/**
 * Text similarity building blocks for story clustering: hashed shingles of word tokens
 * (text/words.ts), MinHash signatures with banded LSH, and sparse TF-IDF vectors with cosine similarity.
 *
 * All hashing is done in 32-bit integer arithmetic (`Math.imul`, `>>> 0`), so no intermediate value
 * leaves the safe-integer range — the failure mode of the npm `minhash`/`simhash-js` packages.
 */

/** FNV-1a over UTF-16 code units, finished with the murmur3 mixer: a well-spread 32-bit hash. */
export function hash32(value: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The murmur3 finaliser: a bijection on 32-bit integers with good avalanche. */
function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes of the distinct `size`-word shingles of `tokens`, sorted ascending (a set ready for
 * merge-based intersection). Texts shorter than `size` words give one shingle of the whole text.
 */
export function shingleSet(tokens: readonly string[], size = 3, maxTokens = 4000): Uint32Array {
  const n = Math.min(tokens.length, maxTokens);
  if (n === 0) return new Uint32Array(0);
  const tokenHashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) tokenHashes[i] = hash32(tokens[i]!);
  const count = Math.max(1, n - size + 1);
  const hashes = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x9e3779b9;
    for (let k = i; k < Math.min(n, i + size); k++) h = fmix32(Math.imul(h ^ tokenHashes[k]!, 0x27d4eb2d));
    hashes[i] = h;
  }
  hashes.sort();
  let distinct = 0;
  for (let i = 0; i < count; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[distinct++] = hashes[i]!;
  return hashes.slice(0, distinct);
}

/** Exact |A ∩ B| of two sorted hash sets. */
function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/** Exact Jaccard similarity and containment (shared / smaller set) of two sorted hash sets. */
export function setOverlap(a: Uint32Array, b: Uint32Array): { jaccard: number; containment: number } {
  if (a.length === 0 || b.length === 0) return { jaccard: 0, containment: 0 };
  const shared = intersectionSize(a, b);
  return { jaccard: shared / (a.length + b.length - shared), containment: shared / Math.min(a.length, b.length) };
}

/** A MinHash signature scheme: `permutations` seeded 32-bit hash permutations. */
export interface MinHasher {
  readonly permutations: number;
  /** The signature of a shingle set: per permutation, the minimum permuted hash. */
  signature(shingles: Uint32Array): Uint32Array;
}

/**
 * Creates a MinHash scheme with `permutations` hash functions. A shingle hash is mixed once
 * (murmur3 finaliser); permutation i is then xor with seed i, an odd multiply and an xorshift —
 * each a bijection on 32 bits, computed with `Math.imul`, so no arithmetic leaves 32 bits.
 * The same `seed` always gives the same permutations (signatures are comparable across runs).
 */
export function createMinHasher(permutations = 128, seed = 0x5eed): MinHasher {
  const seeds = new Uint32Array(permutations);
  let s = seed >>> 0;
  for (let i = 0; i < permutations; i++) {
    s = fmix32((s + 0x9e3779b9) >>> 0);
    seeds[i] = s;
  }
  return {
    permutations,
    signature(shingles: Uint32Array): Uint32Array {
      const sig = new Uint32Array(permutations).fill(0xffffffff);
      for (let j = 0; j < shingles.length; j++) {
        // Mixed once per shingle; each permutation is then a cheap bijection of the mixed value.
        const x = fmix32(shingles[j]!);
        for (let i = 0; i < permutations; i++) {
          let h = Math.imul(x ^ seeds[i]!, 0x9e3779b1);
          h = (h ^ (h >>> 15)) >>> 0;
          if (h < sig[i]!) sig[i] = h;
        }
      }
      return sig;
    },
  };
}

/** Share of equal positions of two signatures: an unbiased estimate of the Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

/**
 * Band keys of a signature for banded LSH: `bands` keys of `signature.length / bands` rows each.
 * Two signatures share a key in some band with probability 1 − (1 − J^rows)^bands, so candidate
 * pairs are found by bucketing instead of comparing all pairs. Key i belongs to band i.
 */
export function bandKeys(signature: Uint32Array, bands: number): Uint32Array {
  const rows = Math.max(1, Math.floor(signature.length / bands));
  const keys = new Uint32Array(bands);
  for (let b = 0; b < bands; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = b * rows; r < (b + 1) * rows && r < signature.length; r++) {
      h = fmix32(Math.imul(h ^ signature[r]!, 0x01000193));
    }
    keys[b] = h;
  }
  return keys;
}

/**
 * Candidate pairs [i, j] (i < j) that share a bucket in at least one band. `maxBucket` bounds the
 * work on degenerate inputs (thousands of identical texts): larger buckets pair each member with its
 * first neighbours only, which still links them all transitively.
 */
export function lshCandidatePairs(keys: readonly Uint32Array[], bands: number, maxBucket = 64): [number, number][] {
  return [...eachLshCandidate(keys, bands, maxBucket)];
}

/**
 * The pairs of {@link lshCandidatePairs}, lazily, in the same order. A pair for which `skip` says
 * true when it comes up (already known to match: a group of k copies gives up to k² pairs) is
 * passed over and not remembered, so it costs no set lookup.
 */
export function* eachLshCandidate(
  keys: readonly Uint32Array[],
  bands: number,
  maxBucket = 64,
  skip: (i: number, j: number) => boolean = () => false,
): Generator<[number, number]> {
  const seen = new Set<number>();
  const n = keys.length;
  for (let b = 0; b < bands; b++) {
    const buckets = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const key = keys[i]![b]!;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
    for (const bucket of buckets.values()) {
      if (bucket.length < 2) continue;
      for (let x = 0; x < bucket.length; x++) {
        const limit = bucket.length > maxBucket ? Math.min(bucket.length, x + 2) : bucket.length;
        for (let y = x + 1; y < limit; y++) {
          const i = bucket[x]!;
          const j = bucket[y]!;
          if (skip(i, j)) continue;
          const id = i * n + j;
          if (seen.has(id)) continue;
          seen.add(id);
          yield [i, j];
        }
      }
    }
  }
}

/** A sparse vector: feature ids ascending with their weights, L2-normalised. */
export interface SparseVector {
  readonly ids: Int32Array;
  readonly weights: Float32Array;
}

/**
 * Builds an L2-normalised sparse vector from feature weights, keeping the `maxTerms` heaviest
 * (ties broken by id, so the result does not depend on insertion order).
 */
export function sparseVector(weights: ReadonlyMap<number, number>, maxTerms = 64): SparseVector {
  return sparseVectorOf(Int32Array.from(weights.keys()), Float64Array.from(weights.values()), maxTerms);
}

/** `sparseVector` over parallel arrays of distinct ids and their weights (no per-term objects). */
export function sparseVectorOf(ids: ArrayLike<number>, weights: ArrayLike<number>, maxTerms = 64): SparseVector {
  let order: number[] = [];
  for (let i = 0; i < ids.length; i++) if (weights[i]! > 0) order.push(i);
  if (order.length > maxTerms) {
    order.sort((a, b) => weights[b]! - weights[a]! || ids[a]! - ids[b]!);
    order = order.slice(0, maxTerms);
  }
  order.sort((a, b) => ids[a]! - ids[b]!);
  let norm = 0;
  for (const i of order) norm += weights[i]! * weights[i]!;
  norm = Math.sqrt(norm) || 1;
  return {
    ids: Int32Array.from(order, (i) => ids[i]!),
    weights: Float32Array.from(order, (i) => weights[i]! / norm),
  };
}

/** Cosine similarity of two normalised sparse vectors (a merge over their sorted ids). */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) {
      dot += a.weights[i]! * b.weights[j]!;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return dot;
}

/**
 * Share of the distinct tokens of `part` that also occur in `whole` (1 = every word of the
 * fragment is in the longer text). Used to merge a quote fragment into its fuller form.
 */
export function tokenContainment(part: readonly string[], whole: readonly string[]): number {
  const a = new Set(part);
  if (a.size === 0) return 0;
  const b = new Set(whole);
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / a.size;
}

/** Disjoint sets over 0..n-1 with union by size and path halving. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly sizes: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.sizes = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    let v = x;
    while (this.parent[v] !== v) {
      const grand = this.parent[this.parent[v]!]!;
      this.parent[v] = grand;
      v = grand;
    }
    return v;
  }
  size(x: number): number {
    return this.sizes[this.find(x)]!;
  }
  /** Joins the sets of a and b; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.sizes[ra]! < this.sizes[rb]! || (this.sizes[ra] === this.sizes[rb] && rb < ra)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.sizes[ra] = this.sizes[ra]! + this.sizes[rb]!;
    return ra;
  }
}
