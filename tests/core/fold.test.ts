/**
 * The one folding and word scanning of core/text: each function equals its plain definition on any
 * input (the fast paths are only speed), and the word-character test agrees with Unicode's
 * letter and number categories on every code point.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { foldCase, foldText, isWordCode, wordRuns, wordTokens } from '../../src/core/text/index.ts';

const plainFold = (t: string) => t.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
const anyText = [fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 })];
const newsText = fc.string({ unit: fc.constantFrom('a', 'Z', 'é', 'e\u0301', 'İ', '7', ' ', '\n', '-', "'", '’', '“', '—', '𝐀', '😀', '\ud800', 'ﬁ', '²') });

describe('foldCase', () => {
  test.each([
    ['case and accents', 'Ekonomi RÉPUBLIK', 'ekonomi republik'],
    ['combining marks', 'Zelens\u0301kyj', 'zelenskyj'],
    ['compatibility forms', 'ﬁnal ²', 'final 2'],
    ['ASCII and curly quotes unchanged but case', '“Kami” — AS', '“kami” — as'],
  ])('%s', (_name, input, expected) => expect(foldCase(input)).toBe(expected));

  test('equals NFKD, marks dropped, lower case, on any text', () => {
    for (const text of [...anyText, newsText]) fc.assert(fc.property(text, (t) => {
      expect(foldCase(t)).toBe(plainFold(t));
    }), { numRuns: 1000 });
  });
});

describe('foldText', () => {
  test.each([
    ['apostrophes unified', 'Asy’ari', "asy'ari"],
    ['spaces collapsed and trimmed', '  Sri \n Mulyani ', 'sri mulyani'],
    ['punctuation kept', 'al-Nono, M.Si', 'al-nono, m.si'],
  ])('%s', (_name, input, expected) => expect(foldText(input)).toBe(expected));
});

describe('word scanning', () => {
  test('isWordCode agrees with \\p{L}\\p{N} on every code point of the BMP and the astral letters used in news', () => {
    const wrong: number[] = [];
    const astral = [0x1d400, 0x1d7ce, 0x1f600, 0x20000, 0x10ffff];
    for (let c = 0; c <= 0xffff; c++) if (isWordCode(c) !== /[\p{L}\p{N}]/u.test(String.fromCodePoint(c))) wrong.push(c);
    for (const c of astral) if (isWordCode(c) !== /[\p{L}\p{N}]/u.test(String.fromCodePoint(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  test('wordRuns are the folded runs of letters and digits, on any text', () => {
    const plain = (t: string) => plainFold(t).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
    for (const text of [...anyText, newsText]) fc.assert(fc.property(text, (t) => {
      expect(wordRuns(t)).toEqual(plain(t));
    }), { numRuns: 1000 });
  });

  test.each([
    ['a compound is one token but two runs', 'Banjir-bandang di Jum’at', ['banjir-bandang', 'di', 'jum’at'], ['banjir', 'bandang', 'di', 'jum', 'at']],
    ['numbers split at their separators', 'Rp1.000,5', ['rp1', '000', '5'], ['rp1', '000', '5']],
    ['no words', ' “ ” - … ', [], []],
  ])('%s', (_name, input, tokens, runs) => {
    expect(wordTokens(input)).toEqual(tokens);
    expect(wordRuns(input)).toEqual(runs);
  });
});
