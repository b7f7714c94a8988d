import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mergeQuoteRows, quoteKey, type QuoteRowView } from '../../src/core/quotes/index.ts';
import {
  boundedEditDistance as editDistance,
  EMPTY_DIRECTORY,
  SpeakerIndex,
  type SpeakerEntry,
} from '../../src/core/speakers/index.ts';
/** Keys the core engine answers a name with (one person, or the people to choose from). */
const matchSpeakerKeys = (q: string, entries: readonly SpeakerEntry[]): string[] => {
  const l = new SpeakerIndex(entries, EMPTY_DIRECTORY).lookup(q);
  return l.kind === 'person' ? [...l.person.keys] : l.kind === 'choose' ? l.people.flatMap((p) => p.keys) : [];
};
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { article, tempDirPerTest, type ArticleSpec } from './helpers.ts';

interface Corpus {
  articles: ArticleSpec[];
  /** `expectKeysIndexOnly`: what the store's own index finds without the core matcher, when different. */
  lookups: { name: string; query: string; expectKeys: string[]; expectKeysIndexOnly?: string[] }[];
}
const corpus = JSON.parse(
  readFileSync(new URL('../fixtures/store/quotes-corpus.json', import.meta.url), 'utf8'),
) as Corpus;

const temp = tempDirPerTest();

async function seeded(options: Record<string, never> = {}): Promise<SqliteStore> {
  const store = openSqliteStore(temp.current.file(), { timeZone: 'Asia/Jakarta', ...options });
  await store.articles.saveArticles(corpus.articles.map(article));
  return store;
}

/** What the corpus says each quote's instant is, to check order without copying the store's output. */
function instantOf(articleId: string): number {
  const spec = corpus.articles.find((a) => a.id === articleId);
  if (spec?.publishedAt) return Date.parse(spec.publishedAt);
  if (spec?.date) return Date.parse(`${spec.date}T00:00:00+07:00`);
  return -Infinity;
}

describe('quotesBy', () => {
  test.each(corpus.lookups)('resolves $name: "$query"', async ({ query, expectKeys }) => {
    const store = await seeded();
    expect((await store.quotes.resolveSpeakers(query)).slice(0, expectKeys.length || 1)).toEqual(expectKeys);
    const hits = await store.quotes.quotesBy(query, 20);
    expect(new Set(hits.map((h) => h.speakerKey))).toEqual(new Set(expectKeys));
    await store.close();
  });

  test('newest first, undated last', async () => {
    const store = await seeded();
    const hits = await store.quotes.quotesBy('lavrov', 20);
    const instants = hits.map((h) => Math.max(...h.articleIds.map(instantOf)));
    expect(instants).toEqual([...instants].sort((a, b) => b - a));
    expect(hits.at(-1)?.publishedAt).toBeNull();
    await store.close();
  });

  test('the same quote from several outlets appears once, fullest form, with its outlets counted', async () => {
    const store = await seeded();
    const hits = await store.quotes.quotesBy('lavrov', 20);
    const keys = hits.map((h) => quoteKey(h.text));
    expect(new Set(keys).size).toBe(keys.length);

    const perang = hits.filter((h) => quoteKey(h.text).includes('tidak menginginkan perang'));
    expect(perang).toHaveLength(1);
    expect(perang[0]?.text).toBe('Kami tidak menginginkan perang, tetapi kami akan membela kepentingan kami');
    expect(perang[0]?.outlets).toBe(2);
    expect([...(perang[0]?.articleIds ?? [])].sort()).toEqual(['q-a1', 'q-a2']);
    expect(perang[0]?.sources.map((s) => s.outlet).sort()).toEqual(['okezone.com', 'sindonews.com']);

    // Same outlet twice (case differs) counts once.
    const barat = hits.filter((h) => quoteKey(h.text).startsWith('barat mengabaikan'));
    expect(barat).toHaveLength(1);
    expect(barat[0]?.outlets).toBe(2);
    expect(barat[0]?.articleIds).toHaveLength(2);
    await store.close();
  });

  test('limit caps distinct quotes, not rows', async () => {
    const store = await seeded();
    const all = await store.quotes.quotesBy('lavrov', 50);
    expect(await store.quotes.quotesBy('lavrov', 2)).toEqual(all.slice(0, 2));
    expect(await store.quotes.quotesBy('lavrov', 0)).toEqual([]);
    expect(await store.quotes.quotesBy('lavrov', -3)).toEqual([]);
    await store.close();
  });

  test('a speaker quoted after the first lookup is found at once (cache refreshed)', async () => {
    const store = await seeded();
    expect(await store.quotes.quotesBy('Subianto', 5)).toEqual([]);
    await store.articles.saveArticle(
      article({ id: 'new', quotes: [{ text: 'Indonesia tetap bebas aktif', speaker: 'Prabowo Subianto', speakerKey: 'prabowo' }] }),
    );
    expect((await store.quotes.quotesBy('Subianto', 5)).map((h) => h.speakerKey)).toEqual(['prabowo']);
    await store.close();
  });

  test('a speaker written by another process is found without re-opening', async () => {
    const path = temp.current.file();
    const reader = openSqliteStore(path);
    const writer = openSqliteStore(path);
    expect(await reader.quotes.quotesBy('retno', 5)).toEqual([]);
    await writer.articles.saveArticle(
      article({ id: 'other', quotes: [{ text: 'Diplomasi harus diutamakan', speaker: 'Retno Marsudi', speakerKey: 'marsudi' }] }),
    );
    expect((await reader.quotes.quotesBy('retno', 5)).map((h) => h.text)).toEqual(['Diplomasi harus diutamakan']);
    await writer.close();
    await reader.close();
  });
});

describe('speakers and suggestions', () => {
  test('prefix lists keys and name words, most quoted first', async () => {
    const store = await seeded();
    expect((await store.quotes.speakers('la', 10)).map((s) => s.key)).toEqual(['lavrov']);
    expect((await store.quotes.speakers('ser', 10)).map((s) => s.key)).toEqual(['lavrov']);
    expect((await store.quotes.speakers('JOS', 10)).map((s) => s.key)).toEqual(['albares']);
    const all = await store.quotes.speakers('', 10);
    expect(all.map((s) => s.count)).toEqual([...all.map((s) => s.count)].sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ key: 'lavrov', name: 'Sergey Lavrov' });
    expect(await store.quotes.speakers('', 2)).toHaveLength(2);
    await store.close();
  });

  test.each([
    ['lavrovvv', 'lavrov'],
    ['peskof', 'peskov'],
    ['zelen', 'zelenskyy'],
  ])('suggests a known speaker for %s', async (query, key) => {
    const store = await seeded();
    expect((await store.quotes.suggestSpeakers(query, 3)).map((s) => s.key)).toContain(key);
    await store.close();
  });

  test('no suggestion for something unlike any speaker', async () => {
    const store = await seeded();
    expect(await store.quotes.suggestSpeakers('xqzwv', 3)).toEqual([]);
    await store.close();
  });
});

describe('full-text search', () => {
  test.each([
    ['perang', ['q-a1', 'q-a2']],
    ['PERANG kepentingan', ['q-a1']],
    ['tumpangan', ['q-a4']],
    ['José', ['q-a3']],
    ['jose', ['q-a3']],
    ['kekhawatiran keamanan', ['q-a3', 'q-a4']],
    ['kekhawatirn', ['q-a3', 'q-a4']],
    ['tumpangn', ['q-a4']],
    ['"; DROP TABLE quotes; --', []],
    ['NEAR( OR * ^', []],
  ])('%s', async (query, articleIds) => {
    const store = await seeded();
    const hits = await store.quotes.searchQuotes(query, 10);
    expect([...new Set(hits.flatMap((h) => h.articleIds))].sort()).toEqual(articleIds);
    await store.close();
  });
});

describe('matching and merging (pure parts)', () => {
  test('edit distance agrees with a plain dynamic programme within the bound', () => {
    const plain = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          const row = d[i]!;
          row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
        }
      return d[a.length]![b.length]!;
    };
    fc.assert(
      fc.property(fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'b', 'c') }), fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'b', 'c') }), fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        const exact = plain(a, b);
        expect(editDistance(a, b, max)).toBe(exact <= max ? exact : max + 1);
      }),
      { numRuns: 500 },
    );
  });

  test('the matcher never throws and returns only known keys', () => {
    const entries = [
      { key: 'lavrov', names: ['Sergey Lavrov'], count: 3 },
      { key: 'putin', names: ['Vladimir Putin'], count: 2 },
    ];
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (q) => {
        for (const k of matchSpeakerKeys(q, entries)) expect(['lavrov', 'putin']).toContain(k);
      }),
    );
  });

  const row = fc.record({
    text: fc.constantFrom('satu dua tiga empat lima', 'satu dua tiga', 'enam tujuh delapan sembilan sepuluh', 'Satu, dua tiga!', 'x'),
    speakerKey: fc.constantFrom('a', 'b'),
    articleId: fc.constantFrom('p', 'q', 'r', 's'),
    outlet: fc.constantFrom('one.example', 'two.example', null),
  });

  test('merging keeps every report exactly once and never leaves a hit inside another of the same speaker', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (specs) => {
        const rows: QuoteRowView[] = specs.map((s, i) => ({
          ...s,
          quoteId: i,
          speaker: s.speakerKey.toUpperCase(),
          sortMs: 1000 - i,
          publishedAt: null,
          date: null,
          title: null,
          url: null,
        }));
        const hits = mergeQuoteRows(rows);
        // Every article that reported a speaker's quote is a source of some hit of that speaker.
        for (const r of rows) {
          expect(hits.some((h) => h.speakerKey === r.speakerKey && h.articleIds.includes(r.articleId))).toBe(true);
        }
        for (const h of hits) {
          expect(new Set(h.articleIds).size).toBe(h.articleIds.length);
          expect(h.outlets).toBeGreaterThanOrEqual(1);
          expect(h.outlets).toBeLessThanOrEqual(h.articleIds.length);
          for (const other of hits) {
            if (other === h || other.speakerKey !== h.speakerKey) continue;
            expect(quoteKey(h.text)).not.toBe(quoteKey(other.text));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('hostile names', () => {
  test.each([
    ['a very long word', 'a'.repeat(100_000)],
    ['many words', 'lavrov '.repeat(20_000)],
    ['control characters', '\u0000\u0001lavrov\u202E'],
    ['emoji and surrogates', '😀'.repeat(5000)],
    ['FTS syntax', 'lavrov" OR 1=1 --'],
  ])('%s: answers without throwing', async (_label, name) => {
    const store = await seeded();
    expect(Array.isArray(await store.quotes.quotesBy(name, 10))).toBe(true);
    expect(Array.isArray(await store.quotes.suggestSpeakers(name, 3))).toBe(true);
    expect(Array.isArray(await store.quotes.searchQuotes(name, 3))).toBe(true);
    expect(Array.isArray(await store.quotes.speakers(name, 3))).toBe(true);
    await store.close();
  });
});
