import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { pack } from '../../src/format/pack.ts';
import type { Budget, PackLeaf, Unit } from '../../src/format/pack.ts';
import { sentencePieces, wordPieces } from '../../src/format/plain-text.ts';

interface Leaf extends PackLeaf {
  readonly tag: number;
}

/** Counts UTF-16 units; glue may use the last `reserve` units. */
const lengthBudget = (limit: number, reserve = 2): Budget<Leaf, number> => ({
  start: () => 0,
  add: (used, l) => (used + l.text.length <= (l.glue ? limit : limit - reserve) ? used + l.text.length : null),
  withText: (l, text) => ({ ...l, text }),
});

const leaf = (text: string, tag = 0): Unit<Leaf> => ({ leaf: { text, glue: false, tag } });
const glue = (text: string): Unit<Leaf> => ({ leaf: { text, glue: true, tag: -1 } });
const textOf = (chunks: Leaf[][]) => chunks.map((c) => c.map((l) => l.text).join(''));

describe('pack', () => {
  test('keeps a group whole when it fits alone, moving it to the next chunk', () => {
    const groups: Unit<Leaf>[] = [
      { children: [leaf('aaaa', 1), glue('\n')] },
      { children: [leaf('bbbbbb', 2), glue('\n')] },
      { children: [leaf('cc', 3)] },
    ];
    expect(textOf(pack(groups, lengthBudget(10)))).toEqual(['aaaa\n', 'bbbbbb\n', 'cc']);
  });

  test('opens a group too big alone and fills the current chunk with its children', () => {
    const groups: Unit<Leaf>[] = [{ children: [leaf('aa')] }, { children: [leaf('bbbb '), leaf('cccc '), leaf('dddd')] }];
    expect(textOf(pack(groups, lengthBudget(12, 0)))).toEqual(['aabbbb cccc ', 'dddd']);
  });

  test('splits a leaf at sentences, then words, then code points', () => {
    expect(textOf(pack([leaf('Satu dua. Tiga empat.')], lengthBudget(12, 0)))).toEqual(['Satu dua. ', 'Tiga empat.']);
    expect(textOf(pack([leaf('satu dua tiga')], lengthBudget(8, 0)))).toEqual(['satu ', 'dua tiga']);
    expect(textOf(pack([leaf('😀😀😀')], lengthBudget(3, 0)))).toEqual(['😀', '😀', '😀']);
  });

  test('throws instead of looping when nothing fits', () => {
    expect(() => pack([leaf('x')], lengthBudget(2))).toThrow(/does not fit/);
  });

  test('property: chunks fit, are never blank, and join back to the input', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((t) => t.trim() !== '');
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), fc.integer({ min: 6, max: 40 }), (groups, limit) => {
        const units: Unit<Leaf>[] = groups.map((g, gi) => ({
          children: [...g.map((t) => leaf(t.trim() === '' ? 'x' : t)), ...(gi < groups.length - 1 ? [glue('\n\n')] : [])],
        }));
        const chunks = textOf(pack(units, lengthBudget(limit)));
        const whole = units.flatMap((u) => ('children' in u ? u.children : [u])).map((u) => ('leaf' in u ? u.leaf.text : '')).join('');
        expect(chunks.join('')).toBe(whole);
        for (const c of chunks) {
          expect(c.length).toBeLessThanOrEqual(limit);
          expect(c.length).toBeGreaterThan(0);
          expect(/[\uD800-\uDBFF]$/.test(c)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('sentence and word pieces', () => {
  test.each([
    ['Satu. Dua! Tiga? Empat… Lima', ['Satu. ', 'Dua! ', 'Tiga? ', 'Empat… ', 'Lima']],
    ['“Kami siap.” Dia pergi.', ['“Kami siap.” ', 'Dia pergi.']],
    ['Rp1.000 naik.', ['Rp1.000 naik.']],
    ['  depan. belakang  ', ['  depan. ', 'belakang  ']],
  ])('sentences of %j', (input, expected) => {
    expect(sentencePieces(input)).toEqual(expected);
    expect(sentencePieces(input).join('')).toBe(input);
  });

  test.each([
    ['a b  c', ['a ', 'b  ', 'c']],
    ['  a b', ['  a ', 'b']],
    ['kata', ['kata']],
  ])('words of %j', (input, expected) => expect(wordPieces(input)).toEqual(expected));
});
