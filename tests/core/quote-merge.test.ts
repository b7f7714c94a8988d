/**
 * `/quotes` hits from stored rows: the anchored index merges exactly as comparing every row with
 * every group does (property test against that all-pairs reference), and a speaker with tens of
 * thousands of quotes is merged in near-linear time (bench/big-item-bench.ts has the figure).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mergeQuoteRows, quoteKey, type QuoteRowView } from '../../src/core/quotes/index.ts';

/** The all-pairs merge: each row against every group so far, in order. */
function allPairs(rows: readonly QuoteRowView[]): { text: string; articleIds: string[] }[] {
  const contains = (longer: string, shorter: string) => longer === shorter || (shorter.length >= 12 && ` ${longer} `.includes(` ${shorter} `));
  const groups: { norm: string; text: string; key: string | null; ids: string[] }[] = [];
  for (const row of rows) {
    const norm = quoteKey(row.text);
    if (norm === '') continue;
    const matches = groups.filter((g) => g.key === row.speakerKey && (contains(g.norm, norm) || contains(norm, g.norm)));
    const single = { norm, text: row.text, key: row.speakerKey, ids: [row.articleId] };
    const [first, ...rest] = matches;
    if (!first) {
      groups.push(single);
      continue;
    }
    for (const other of [single, ...rest]) {
      if (other.norm.length > first.norm.length) [first.norm, first.text] = [other.norm, other.text];
      for (const id of other.ids) if (!first.ids.includes(id)) first.ids.push(id);
      if (other !== single) groups.splice(groups.indexOf(other), 1);
    }
  }
  return groups.map((g) => ({ text: g.text, articleIds: g.ids }));
}

const WORDS = ['kami', 'akan', 'warga', 'banjir', 'beras', 'harga', 'pasar', 'desa'];
const row = (text: string, i: number, speakerKey: string | null): QuoteRowView => ({
  quoteId: i,
  text,
  speaker: speakerKey,
  speakerKey,
  sortMs: null,
  articleId: `a${i % 7}`,
  publishedAt: null,
  date: null,
  title: null,
  url: null,
  outlet: `o${i % 3}`,
});

describe('mergeQuoteRows', () => {
  test('gives what the all-pairs comparison gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 9 }), cut: fc.nat(4), key: fc.constantFrom('budi', 'sari', null) }), { maxLength: 40 }),
        (specs) => {
          const rows = specs.map((s, i) => row((i % 2 ? s.words.slice(s.cut) : s.words).join(' ') || 'kami', i, s.key));
          expect(mergeQuoteRows(rows).map((h) => ({ text: h.text, articleIds: h.articleIds }))).toEqual(allPairs(rows));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('25,000 distinct quotes of one speaker merge without comparing all pairs', () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => row(`pernyataan ${i.toString(36)} ${(i * 7919).toString(36)} soal banjir di desa`, i, 'budi'));
    const hits = mergeQuoteRows(rows);
    expect(hits).toHaveLength(25_000);
  });
});
