import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { normalizeText, splitSentences, textKey } from '../../src/core/text/index.ts';

const sentences: { name: string; text: string; sentences: string[] }[] = JSON.parse(
  readFileSync(new URL('../fixtures/core/sentences.json', import.meta.url), 'utf8'),
);

describe('splitSentences', () => {
  test.each(sentences)('$name', ({ text, sentences: expected }) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  test('keeps every word, in order, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const joined = splitSentences(text).join(' ');
        expect(joined.split(/\s+/).filter(Boolean)).toEqual(text.split(/\s+/).filter(Boolean));
      }),
      { numRuns: 300 },
    );
  });

  test('splits generated sentences that end with a full stop exactly once each', () => {
    const word = fc.constantFrom('Rusia', 'menolak', 'rencana', 'itu', 'NATO', 'kata', 'pejabat', 'AS', '1.000', 'WIB');
    const sentence = fc
      .array(word, { minLength: 2, maxLength: 8 })
      .map((ws) => `${ws.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 6 }), (list) => {
        expect(splitSentences(list.join(' '))).toEqual(list);
      }),
      { numRuns: 200 },
    );
  });
});

describe('normalizeText', () => {
  test.each([
    ['collapses spaces and NBSP', 'a \u00a0  b', 'a b'],
    ['turns a single tab, NBSP or ideographic space into one space', 'a\tb\u00a0c\u3000d e', 'a b c d e'],
    ['collapses runs that start with a space or another space', 'a \t\u2003b\u00a0 c  \u00a0d', 'a b c d'],
    ['unifies line breaks and keeps one blank line', 'a\r\n\r\n\r\nb\rc', 'a\n\nb\nc'],
    ['trims lines', '  a  \n  b ', 'a\nb'],
    ['removes zero-width characters and soft hyphens', 'ne\u200Bga\u00ADra', 'negara'],
    ['maps exotic quote marks', '„Ya‟ «tidak»', '“Ya“ “tidak”'],
    ['NFKC turns full-width letters into ASCII but keeps the ellipsis', 'tunggu… ＡＢ ﬁ', 'tunggu… AB fi'],
    ['keeps curly quotes', '“Kami,” kata dia', '“Kami,” kata dia'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  test('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('textKey', () => {
  test('textKey equals the plain definition (NFKC, lowercase, runs of non-letters to one space) on any input', () => {
    const reference = (t: string) => t.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    for (const unit of ['binary', 'grapheme'] as const) {
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 120 }), (t) => {
          expect(textKey(t)).toBe(reference(t));
        }),
        { numRuns: 2000 },
      );
    }
    expect(textKey('“Kami  tidak,” kata Ünal 😀 𝐀bc ＡＢ')).toBe('kami tidak kata ünal abc ab');
  });

  test('textKey ignores case, quote marks and spacing', () => {
    expect(textKey('“Kami tidak  menginginkan perang,” tegas Lavrov.')).toBe(
      textKey('"kami tidak menginginkan perang," Tegas Lavrov'),
    );
  });
});
