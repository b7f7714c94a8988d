import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  UnionFind,
  bandKeys,
  cosine,
  createMinHasher,
  estimateJaccard,
  hash32,
  lshCandidatePairs,
  setOverlap,
  shingleSet,
  sparseVector,
  tokenContainment,
} from '../../src/core/stories/index.ts';
import { foldCase, wordTokens } from '../../src/core/text/index.ts';

/** A sorted set of `size` distinct hashes starting at `offset` (spread out so they look random). */
function hashes(offset: number, size: number): Uint32Array {
  return Uint32Array.from({ length: size }, (_, i) => hash32(`h${offset + i}`)).sort();
}

describe('hashing stays in 32-bit integers', () => {
  test('hash32 of any string is an integer in [0, 2^32)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 0, max: 0xffffffff }), (s, seed) => {
        const h = hash32(s, seed);
        expect(Number.isInteger(h)).toBe(true);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(0xffffffff);
      }),
    );
  });

  test('every MinHash value is an integer in range and the minimum is order independent', () => {
    const hasher = createMinHasher(128);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 60 }), (values) => {
        const sig = hasher.signature(Uint32Array.from(values));
        expect(sig).toHaveLength(128);
        for (const v of sig) expect(Number.isInteger(v) && v >= 0 && v <= 0xffffffff).toBe(true);
        const reversed = hasher.signature(Uint32Array.from([...values].reverse()));
        expect([...reversed]).toEqual([...sig]);
      }),
      { numRuns: 60 },
    );
  });

  test('extreme inputs (0 and 0xffffffff) do not overflow', () => {
    const sig = createMinHasher(128).signature(Uint32Array.from([0, 0xffffffff, 0x80000000]));
    expect([...sig].every((v) => v >= 0 && v <= 0xffffffff)).toBe(true);
  });
});

describe('MinHash estimates Jaccard similarity', () => {
  test.each([
    { shared: 0, only: 200 },
    { shared: 100, only: 150 },
    { shared: 200, only: 100 },
    { shared: 300, only: 50 },
    { shared: 400, only: 0 },
  ])('$shared shared, $only only on each side', ({ shared, only }) => {
    const common = hashes(0, shared);
    const a = Uint32Array.from([...common, ...hashes(10_000, only)]).sort();
    const b = Uint32Array.from([...common, ...hashes(20_000, only)]).sort();
    const exact = setOverlap(a, b).jaccard;
    expect(exact).toBeCloseTo(shared / (shared + 2 * only), 10);
    const hasher = createMinHasher(128);
    const estimate = estimateJaccard(hasher.signature(a), hasher.signature(b));
    // Standard error of a 128-permutation estimate is at most 0.045; allow three of them.
    expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(0.135);
  });
});

describe('banded LSH finds similar sets without comparing all pairs', () => {
  const hasher = createMinHasher(128);
  const sets = [
    hashes(0, 300),
    Uint32Array.from([...hashes(0, 280), ...hashes(5_000, 20)]).sort(), // J ≈ 0.88 with set 0
    hashes(50_000, 300), // disjoint
    hashes(90_000, 300), // disjoint
  ];
  const keys = sets.map((s) => bandKeys(hasher.signature(s), 32));

  test('near-identical sets share a bucket; disjoint sets do not', () => {
    const pairs = lshCandidatePairs(keys, 32).map(([a, b]) => `${a}-${b}`);
    expect(pairs).toContain('0-1');
    expect(pairs.filter((p) => p !== '0-1')).toEqual([]);
  });

  test('a huge bucket of identical sets is linked in a chain, not all pairs', () => {
    const many = Array.from({ length: 500 }, () => keys[0]!);
    const pairs = lshCandidatePairs(many, 32, 64);
    expect(pairs.length).toBeLessThan(500 * 32);
    const uf = new UnionFind(500);
    for (const [a, b] of pairs) uf.union(a, b);
    expect(uf.size(0)).toBe(500);
  });
});

describe('shingles and overlap', () => {
  test('shingles are sorted, distinct, and equal texts give equal sets', () => {
    const tokens = wordTokens('Banjir merendam ribuan rumah di Semarang, banjir merendam ribuan rumah lagi.');
    const set = shingleSet(tokens, 3);
    expect([...set]).toEqual([...new Set(set)].sort((x, y) => x - y));
    expect([...shingleSet(wordTokens('BANJIR merendam ribuan rumah di semarang banjir merendam ribuan rumah lagi'), 3)]).toEqual([...set]);
  });

  test.each([
    { a: 'satu dua tiga empat lima', b: 'satu dua tiga empat lima', jaccard: 1, containment: 1 },
    { a: 'satu dua tiga empat lima enam', b: 'satu dua tiga empat', containment: 1 },
    { a: 'satu dua tiga', b: 'empat lima enam', jaccard: 0, containment: 0 },
  ])('$a vs $b', ({ a, b, jaccard, containment }) => {
    const overlap = setOverlap(shingleSet(wordTokens(a), 2), shingleSet(wordTokens(b), 2));
    if (jaccard !== undefined) expect(overlap.jaccard).toBeCloseTo(jaccard, 10);
    expect(overlap.containment).toBeCloseTo(containment, 10);
  });

  test.each([
    { part: 'dapur umum sudah kami buka', whole: 'kami prioritaskan warga dapur umum sudah kami buka di tiga titik', share: 1 },
    { part: 'tidak ada alasan untuk menunda', whole: 'rusun sudah siap jadi tidak ada alasan', share: 3 / 5 },
    { part: 'harga beras naik', whole: 'gempa guncang cianjur', share: 0 },
  ])('token containment of "$part"', ({ part, whole, share }) => {
    expect(tokenContainment(wordTokens(part), wordTokens(whole))).toBeCloseTo(share, 10);
  });
});

describe('sparse cosine', () => {
  const vec = (entries: [number, number][]) => sparseVector(new Map(entries));

  test('identical vectors have cosine 1, disjoint 0, and it is symmetric', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0.01, max: 10, noNaN: true })), { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0.01, max: 10, noNaN: true })), { minLength: 1, maxLength: 20 }),
        (x, y) => {
          const a = vec(x);
          const b = vec(y);
          expect(cosine(a, a)).toBeCloseTo(1, 5);
          expect(cosine(a, b)).toBeCloseTo(cosine(b, a), 6);
          expect(cosine(a, b)).toBeLessThanOrEqual(1 + 1e-6);
        },
      ),
      { numRuns: 100 },
    );
    expect(cosine(vec([[1, 1], [2, 1]]), vec([[3, 1], [4, 1]]))).toBe(0);
  });

  test('truncation keeps the heaviest terms regardless of insertion order', () => {
    const entries: [number, number][] = Array.from({ length: 100 }, (_, i) => [i, (i % 7) + 1]);
    const a = sparseVector(new Map(entries), 10);
    const b = sparseVector(new Map([...entries].reverse()), 10);
    expect([...a.ids]).toEqual([...b.ids]);
    expect(a.ids.length).toBe(10);
  });
});

describe('union-find', () => {
  test('is a partition whose sets are the connected components of the unions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(29), fc.nat(29)), { maxLength: 40 }), (unions) => {
        const uf = new UnionFind(30);
        for (const [a, b] of unions) uf.union(a, b);
        // Reference: repeated relaxation over the same edges.
        const label = Array.from({ length: 30 }, (_, i) => i);
        for (let round = 0; round < 30; round++) {
          for (const [a, b] of unions) {
            const m = Math.min(label[a]!, label[b]!);
            label[a] = m;
            label[b] = m;
          }
        }
        const mismatches: string[] = [];
        for (let i = 0; i < 30; i++) {
          for (let j = 0; j < 30; j++) if ((uf.find(i) === uf.find(j)) !== (label[i] === label[j])) mismatches.push(`${i}-${j}`);
        }
        expect(mismatches).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('wordTokens', () => {
  test.each([
    ['hyphens and apostrophes join words', "Langkah-langkah Jum'at dan Jum’at", ['langkah-langkah', "jum'at", 'dan', 'jum’at']],
    ['a doubled, leading or trailing joiner splits', "anti--Rusia -pro 'kami' x- y'", ['anti', 'rusia', 'pro', 'kami', 'x', 'y']],
    ['accents fold, digits and numbers split at dots and commas', 'Café ÉLYSÉE 1.000 3,5 ﬁ', ['cafe', 'elysee', '1', '000', '3', '5', 'fi']],
    ['astral letters are letters; emoji and quote marks are not', '“𝐀bc” 😀 ok', ['abc', 'ok']],
    ['no words', ' , . “ ” - ', []],
  ])('%s', (_name, text, expected) => {
    expect(wordTokens(text)).toEqual(expected);
  });

  test('agrees with the word pattern it scans for, on any text', () => {
    const pattern = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', 'é', 'e\u0301', '7', ' ', '-', "'", '’', '“', '𝐀', '😀', '\ud800', 'ﬁ', '²') }), (text) => {
        expect(wordTokens(text)).toEqual(foldCase(text).match(pattern) ?? []);
      }),
      { numRuns: 500 },
    );
  });
});
