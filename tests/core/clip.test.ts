/**
 * The one `clip` of echoed text: what fits is returned as given; a cut keeps the longest prefix that
 * leaves room for "…" within `max`, counted in code points or (Discord) UTF-16 units, and never
 * splits a surrogate pair.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { clip } from '../../src/core/text/index.ts';

describe('clip', () => {
  test.each([
    ['fits', 'Kompas', 10, 'codePoints', 'Kompas'],
    ['exactly the limit', 'Kompas', 6, 'codePoints', 'Kompas'],
    ['cut with the ellipsis inside the limit', 'Kompas.com', 6, 'codePoints', 'Kompa…'],
    ['emoji count once as code points', '😀😀😀', 3, 'codePoints', '😀😀😀'],
    ['emoji count twice as UTF-16', '😀😀😀', 5, 'utf16', '😀😀…'],
    ['a pair that would not fit is left out whole', 'a😀b', 3, 'utf16', 'a…'],
    ['limit one', 'Kompas', 1, 'codePoints', '…'],
  ] as const)('%s', (_name, value, max, units, expected) => expect(clip(value, max, units)).toBe(expected));

  test('within the limit, a prefix of the value, no lone surrogate; code points as Array.from counts them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom('codePoints', 'utf16'), (value, max, units) => {
        const out = clip(value, max, units);
        const length = (s: string) => (units === 'utf16' ? s.length : Array.from(s).length);
        expect(length(out)).toBeLessThanOrEqual(Math.max(max, 1));
        if (length(value) <= max) expect(out).toBe(value);
        else {
          expect(out.endsWith('…')).toBe(true);
          expect(value.startsWith(out.slice(0, -1))).toBe(true);
          expect(/[\ud800-\udbff]$/.test(out.slice(0, -1))).toBe(false);
        }
        if (units === 'codePoints') {
          const chars = Array.from(value);
          expect(out).toBe(chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
