import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileTopicFilter, matchText, parseTopicInput, storyPasses } from '../../src/core/digest/index.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/core/topic-filter.json', import.meta.url), 'utf8')) as {
  shortWords: { cases: { term: string; hits: string[]; misses: string[] }[] };
  forms: { name: string; terms: string[]; text: string; passes: boolean }[];
  parse: { input: string; terms: string[] }[];
  refused: string[];
};

const passes = (terms: readonly string[], ...texts: string[]) => storyPasses(compileTopicFilter(terms), texts.map(matchText));

describe('topic filters', () => {
  describe.each(fixture.shortWords.cases)('short word $term', ({ term, hits, misses }) => {
    const stored = parseTopicInput(term);
    test.each(hits)('matches %s', (text) => expect(passes(stored as string[], text)).toBe(true));
    test.each(misses)('does not match inside a longer word: %s', (text) => expect(passes(stored as string[], text)).toBe(false));
  });

  test.each(fixture.forms)('$name', ({ terms, text, passes: expected }) => {
    expect(passes(terms, text)).toBe(expected);
  });

  test.each(fixture.parse)('parses $input', ({ input, terms }) => {
    expect(parseTopicInput(input)).toEqual(terms);
  });

  test.each(fixture.refused)('refuses %s with a reason', (input) => {
    expect(typeof parseTopicInput(input)).toBe('string');
  });

  test('a story passes when any of its articles mentions an included term; one excluded mention drops it', () => {
    expect(passes(['gempa'], 'Rapat kabinet.', 'Gempa di Cianjur.')).toBe(true);
    expect(passes(['gempa', '-politik'], 'Gempa di Cianjur.', 'Dampak politik gempa.')).toBe(false);
  });

  test('no input is ever slow or throws (no user regex): random terms over random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 400 }), (input, text) => {
        const parsed = parseTopicInput(input);
        if (typeof parsed === 'string') return;
        passes(parsed, text);
      }),
      { numRuns: 500 },
    );
  });

  test('every accepted term matches a text made of its own words', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9à-öø-ü]{2,8}$/), { minLength: 1, maxLength: 3 }), (words) => {
        const parsed = parseTopicInput(`"${words.join(' ')}"`);
        expect(Array.isArray(parsed)).toBe(true);
        expect(passes(parsed as string[], `Awal ${words.join(' ').toUpperCase()} akhir.`)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
