import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { foldText } from '../../src/core/text/index.ts';
import {
  boundedEditDistance,
  sameSpeaker,
  speakerKey,
  EMPTY_DIRECTORY,
  SpeakerIndex,
  type SpeakerLookup,
} from '../../src/core/speakers/index.ts';

const indexOf = (cands: readonly { key: string; name: string }[]) =>
  new SpeakerIndex(cands.map((c) => ({ key: c.key, names: [c.name], count: 1 })), EMPTY_DIRECTORY);
/** Keys a lookup answers with, best first: the person, or the people to choose from. */
const keysOf = (l: SpeakerLookup): string[] =>
  l.kind === 'person' ? [l.person.key] : l.kind === 'choose' ? l.people.map((p) => p.key) : l.kind === 'each' ? l.parts.flatMap(keysOf) : [];
const matchSpeakers = (q: string, cands: readonly { key: string; name: string }[]) => keysOf(indexOf(cands).lookup(q)).map((key) => ({ key }));
const suggestSpeakers = (q: string, cands: readonly { key: string; name: string }[], limit = 3) => indexOf(cands).suggest(q, limit);

interface Fixture {
  keys: Array<[string, string]>;
  same: Array<[string, string]>;
  different: Array<[string, string]>;
  candidates: Array<{ key: string; name: string }>;
  matches: Array<[string, string]>;
  noMatch: string[];
  suggestions: Array<[string, string]>;
}

const fx = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/quotes/speakers.json'), 'utf8'),
) as Fixture;

describe('speakerKey', () => {
  test.each(fx.keys)('%s -> %s', (name, key) => {
    expect(speakerKey(name)).toBe(key);
  });
});

describe('sameSpeaker', () => {
  test.each(fx.same)('%s = %s', (a, b) => expect(sameSpeaker(a, b)).toBe(true));
  test.each(fx.different)('%s != %s', (a, b) => expect(sameSpeaker(a, b)).toBe(false));
});

describe('matchSpeakers', () => {
  test.each(fx.matches)('%s finds %s first', (query, key) => {
    const got = matchSpeakers(query, fx.candidates);
    expect(got[0]?.key).toBe(key);
    expect(new Set(got.map((m) => m.key)).size).toBe(got.length);
  });
  test.each(fx.noMatch)('%s matches nobody', (query) => {
    expect(matchSpeakers(query, fx.candidates)).toEqual([]);
  });
  test('an exact key beats a typo', () => {
    const got = matchSpeakers('lavrov', [...fx.candidates, { key: 'lavro', name: 'Ivan Lavro' }]);
    expect(got.map((m) => m.key)).toEqual(['lavrov']);
  });
});

describe('suggestSpeakers', () => {
  test.each(fx.suggestions)('%s -> did you mean %s', (query, key) => {
    expect(suggestSpeakers(query, fx.candidates)[0]?.key).toBe(key);
  });
  test('respects the limit', () => {
    expect(suggestSpeakers('a', fx.candidates, 1).length).toBeLessThanOrEqual(1);
    expect(suggestSpeakers('zzzzzzzzzz', fx.candidates)).toEqual([]);
  });
});

describe('properties', () => {
  const ref = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        const row = d[i] as number[];
        const up = d[i - 1] as number[];
        row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
        }
      }
    return (d[a.length] as number[])[b.length] as number;
  };

  test('bounded edit distance agrees with the full OSA dynamic programme up to the bound', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 12 }), fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        const full = ref(a, b);
        const got = boundedEditDistance(a, b, max);
        if (full <= max) expect(got).toBe(full);
        else expect(got).toBe(max + 1);
      }),
      { numRuns: 500 },
    );
  });

  test('keys ignore case and accents', () => {
    const letters = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnoprstuvw'), minLength: 2, maxLength: 10 });
    fc.assert(
      fc.property(letters, letters, (first, last) => {
        const name = `${first[0]?.toUpperCase()}${first.slice(1)} ${last[0]?.toUpperCase()}${last.slice(1)}`;
        expect(speakerKey(name.toUpperCase().replace(/E/g, 'É'))).toBe(speakerKey(name));
        expect(speakerKey(name)).toBe(foldText(speakerKey(name)));
      }),
      { numRuns: 200 },
    );
  });

  test('a speaker always matches its own key and name', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fx.candidates), (c) => {
        expect(matchSpeakers(c.key, fx.candidates).map((m) => m.key)).toContain(c.key);
        expect(matchSpeakers(c.name, fx.candidates)[0]?.key).toBe(c.key);
      }),
    );
  });
});
