/**
 * One person is one speaker: table-driven name patterns in Indonesian text (tests/fixtures/speakers/
 * name-patterns.json), article level through the whole quote extraction and story level through the
 * core's resolution, negative cases included; property tests for the key and the lookup engine.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { extractQuotes } from '../../src/core/quotes/index.ts';
import {
  createSpeakerDirectory,
  EMPTY_DIRECTORY,
  type SpeakerAliasEntry,
  SpeakerIndex,
  resolveStorySpeakers,
  identityTokens,
  speakerKey,
  isNonNameWord,
} from '../../src/core/speakers/index.ts';
import type { ExtractedArticle, Quote } from '../../src/core/model/index.ts';

interface Patterns {
  aliases: SpeakerAliasEntry[];
  article: { name: string; paragraphs: string[]; expected: [string, string][] }[];
  story: { name: string; speakers: string[]; expected: string[] }[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/speakers/name-patterns.json', import.meta.url), 'utf8')) as Patterns;
const directory = createSpeakerDirectory(fx.aliases);

/** One article per speaker name, each with one quote by that name: a story as the core sees it. */
function storyOf(speakers: readonly string[]): ExtractedArticle[] {
  return speakers.map((speaker, i) => ({
    article: { id: `a${i}`, title: null, date: null, publishedAt: null, dateline: null, paragraphs: [], source: { url: null, outlet: `o${i}`, file: null, credit: null } },
    quotes: [{ text: `kutipan nomor ${i} yang cukup panjang`, speaker, speakerKey: speakerKey(speaker), paragraph: 0 }],
  }));
}

describe('name patterns within an article', () => {
  test.each(fx.article)('$name', ({ paragraphs, expected }) => {
    const got = extractQuotes(paragraphs, { speakers: directory }).map((q) => [q.speaker, q.speakerKey]);
    expect(got).toEqual(expected);
  });
});

describe('name patterns within a story', () => {
  test.each(fx.story)('$name', ({ speakers, expected }) => {
    const got = resolveStorySpeakers(storyOf(speakers), directory).map((a) => (a.quotes[0] as Quote).speaker);
    expect(got).toEqual(expected);
    for (const [i, a] of resolveStorySpeakers(storyOf(speakers), directory).entries()) {
      expect((a.quotes[0] as Quote).speakerKey).toBe(speakerKey(expected[i] as string));
    }
  });
});

describe('properties', () => {
  const cap = (w: string) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`;
  // No 'y': a typo that moves a consonant before a "-yi" ending changes how the transliteration
  // fold spells it (Oakayi/Oaakyi), a known limit of joining by edit distance after folding.
  const word = fc
    .string({ unit: fc.constantFrom(...'abdeghiklmnoprstuw'), minLength: 6, maxLength: 10 })
    .filter((w) => !isNonNameWord(w) && /[aeiou]/.test(w) && identityTokens(w)[0] === w);
  const person = fc.tuple(word, word).filter(([a, b]) => a !== b && a.charAt(0) !== b.charAt(0));
  const accent = (s: string) => s.replace(/e/g, 'é').replace(/a/g, 'á');
  /** Surface forms the rules allow for "First Last": each must keep the person's key. */
  const forms: ((first: string, last: string) => string)[] = [
    (f, l) => `${cap(f)} ${cap(l)}`.toUpperCase(),
    (f, l) => accent(`${cap(f)} ${cap(l)}`),
    (f) => cap(f),
    (_f, l) => cap(l),
    (f) => `Menlu ${cap(f)}`,
    (f, l) => `Kapolda ${cap(f)} ${cap(l)}`,
    (f, l) => `${cap(f)} ${cap(l.slice(0, 2))}${l.slice(3)}`, // one letter dropped from the surname
    (f, l) => `${cap(f)} ${cap(l.slice(0, 2))}${l.charAt(3)}${l.charAt(2)}${l.slice(4)}`, // two letters swapped
  ];

  test('renaming a speaker within the rules never changes the key', () => {
    fc.assert(
      fc.property(person, fc.integer({ min: 0, max: forms.length - 1 }), ([first, last], k) => {
        const full = `${cap(first)} ${cap(last)}`;
        const variant = (forms[k] as (f: string, l: string) => string)(first, last);
        const story = resolveStorySpeakers(storyOf([full, full, variant]), EMPTY_DIRECTORY);
        const keys = new Set(story.map((a) => (a.quotes[0] as Quote).speakerKey));
        expect([...keys]).toEqual([speakerKey(full)]);
      }),
      { numRuns: 1000 },
    );
  });

  test('two people who share only a first name keep two keys', () => {
    fc.assert(
      fc.property(word, word, word, (first, a, b) => {
        fc.pre(a !== b && a.charAt(0) !== b.charAt(0) && first !== a && first !== b);
        const story = resolveStorySpeakers(storyOf([`${cap(first)} ${cap(a)}`, `${cap(first)} ${cap(b)}`, cap(first)]), EMPTY_DIRECTORY);
        const keys = story.map((x) => (x.quotes[0] as Quote).speakerKey);
        expect(keys).toEqual([speakerKey(a), speakerKey(b), speakerKey(first)]);
      }),
      { numRuns: 200 },
    );
  });

  test('lookups, suggestions and autocomplete never throw on any Unicode input', () => {
    const index = new SpeakerIndex(
      [
        { key: 'lavrov', names: ['Sergey Lavrov', 'Sergei Lavrov'], count: 9 },
        { key: 'widodo', names: ['Joko Widodo'], count: 5 },
        { key: 'nono', names: ['Taher al-Nono'], count: 2 },
        { key: 'kepala bpbd demak', names: ['Kepala BPBD Demak'], count: 1 },
      ],
      directory,
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 0, max: 50 }), (q, n) => {
        const found = index.lookup(q);
        expect(['person', 'choose', 'none', 'each']).toContain(found.kind);
        expect(index.suggest(q, n).length).toBeLessThanOrEqual(n);
        expect(index.complete(q, n).length).toBeLessThanOrEqual(n);
      }),
      { numRuns: 1000 },
    );
  });
});
