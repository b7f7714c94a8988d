/**
 * Store contract, news side: articles, quotes (`/quotes`: forgiving speaker lookup, newest first,
 * merged across outlets, word search) and stories. The same tests run against every store.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { StoreError } from '../../../src/errors.ts';
import type { StoryCluster } from '../../../src/store/ports.ts';
import { quoteKey } from '../../../src/core/quotes/index.ts';
import { article, fixedClock, type ArticleSpec } from '../helpers.ts';
import { storeRows } from './rows.ts';

const readFixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../fixtures/store/${name}`, import.meta.url), 'utf8')) as T;

const corpus = readFixture<{ articles: ArticleSpec[]; lookups: { name: string; query: string; expectKeys: string[] }[] }>('quotes-corpus.json');
const windows = readFixture<{
  timeZone: string;
  storedAt: string;
  articles: { id: string; publishedAt: string | null; date: string | null }[];
  cases: { name: string; from: string | null; to: string | null; expected: string[] }[];
}>('windows.json');
const storyCases = readFixture<{
  articles: { id: string; publishedAt: string; title: string }[];
  cases: { name: string; steps: { clusters: string[][]; stories: Record<string, string[]>; result?: Record<string, number> }[] }[];
}>('stories-cases.json');

/** What the corpus says each quote's instant is, to check order without copying the store's output. */
function instantOf(articleId: string): number {
  const spec = corpus.articles.find((a) => a.id === articleId);
  if (spec?.publishedAt) return Date.parse(spec.publishedAt);
  if (spec?.date) return Date.parse(`${spec.date}T00:00:00+07:00`);
  return -Infinity;
}

const asClusters = (groups: readonly (readonly string[])[]): StoryCluster[] =>
  groups.map((g) => {
    const articleIds = [...g].sort();
    return { id: articleIds[0]!, articleIds };
  });

describe.each(storeRows())('$name store', (row) => {
  const seeded = async () => {
    const opened = await row.fresh({ timeZone: 'Asia/Jakarta' });
    await opened.store.articles.saveArticles(corpus.articles.map(article));
    return opened;
  };

  describe('articles', () => {
    test('round trip keeps every field and quotes in order; the same hash or canonical URL is a duplicate', async () => {
      const { store } = await row.fresh();
      const input = article({
        id: 'h1', url: 'https://news.example.com/a', outlet: 'news.example.com', title: 'Judul «x» 😀', date: '2026-11-22',
        publishedAt: '2026-11-22T08:00:00+07:00', paragraphs: ['MOSKOW - Satu.', 'Dua “kutipan”.'],
        quotes: [
          { text: 'Kutipan pertama yang cukup panjang', speaker: 'Sergey Lavrov', speakerKey: 'lavrov', paragraph: 1 },
          { text: 'Tanpa pembicara', speaker: null, speakerKey: null, paragraph: 0 },
        ],
      });
      const withCredit = { ...input, article: { ...input.article, source: { ...input.article.source, file: 'x.txt', credit: 'Reuters' } } };
      expect(await store.articles.saveArticle(withCredit)).toBe('inserted');
      expect(await store.articles.articlesIn({ from: null, to: null })).toEqual([withCredit]);
      expect(await store.articles.saveArticle(article({ id: 'h1', url: 'https://b.example/other' }))).toBe('duplicate');
      expect(await store.articles.saveArticle(article({ id: 'h2', url: 'https://NEWS.example.com/a/?utm_source=fb#top', quotes: [{ text: 'lain', speaker: 'S L', speakerKey: 'lavrov' }] }))).toBe('duplicate');
      expect(await store.articles.hasUrl('https://news.example.com/a?utm_medium=rss')).toBe(true);
      expect(await store.articles.hasArticle('h2')).toBe(false);
      expect(await store.articles.articleCount()).toBe(1);
      expect((await store.quotes.quotesBy('lavrov', 10)).map((h) => h.text)).toEqual(['Kutipan pertama yang cukup panjang']);
      expect(await store.articles.saveArticles([article({ id: 'x1' }), article({ id: 'x2' }), article({ id: 'x1' })])).toEqual(['inserted', 'inserted', 'duplicate']);
    });

    test('a batch is one transaction: a failure stores nothing of it', async () => {
      const { store } = await row.fresh();
      const bad = { ...article({ id: 'bad' }), article: { ...article({ id: 'bad' }).article, paragraphs: undefined as never } };
      await expect(store.articles.saveArticles([article({ id: 'ok1' }), bad])).rejects.toBeInstanceOf(StoreError);
      expect(await store.articles.articleCount()).toBe(0);
    });

    test.each(windows.cases)('articlesIn: $name', async ({ from, to, expected }) => {
      const { store } = await row.fresh({ timeZone: windows.timeZone, now: () => new Date(windows.storedAt) });
      await store.articles.saveArticles(windows.articles.map((a) => article(a)));
      expect((await store.articles.articlesIn({ from, to })).map((e) => e.article.id)).toEqual(expected);
    });

    test('articlesIn rejects a bound that is not a date', async () => {
      const { store } = await row.fresh();
      await expect(store.articles.articlesIn({ from: 'kemarin', to: null })).rejects.toBeInstanceOf(StoreError);
    });

    test('a full copy replaces a stored snippet of the same URL; a damaged copy is replaced by a cleaner one', async () => {
      const { store } = await row.fresh();
      const url = 'https://news.example/berita/1';
      const snippet = { ...article({ id: 's1', url, quotes: [{ text: 'kutipan cuplikan', speaker: 'Budi Karya', speakerKey: 'karya' }] }), origin: { body: 'snippet' as const, pageUrl: null } };
      expect(await store.articles.saveArticle(snippet)).toBe('inserted');
      expect(await store.articles.storedBody(url)).toBe('snippet');
      const full = { ...article({ id: 'f1', url, quotes: [{ text: 'kutipan lengkap dari halaman', speaker: 'Budi Karya', speakerKey: 'karya' }] }), origin: { body: 'page' as const, pageUrl: url } };
      expect(await store.articles.saveArticle(full)).toBe('inserted');
      expect(await store.articles.storedBody(url)).toBe('full');
      expect(await store.articles.hasArticle('s1')).toBe(false);
      expect((await store.quotes.quotesBy('karya', 5)).map((h) => h.text)).toEqual(['kutipan lengkap dari halaman']);
      expect((await store.quotes.speakers('karya', 5)).map((s) => s.count)).toEqual([1]);

      const damagedUrl = 'https://news.example/berita/2';
      await store.articles.saveArticle(article({ id: 'd1', url: damagedUrl, paragraphs: ['Menteri mengatakan â€œkamiâ€ siap.'] }));
      expect(await store.articles.storedCopy(damagedUrl)).toMatchObject({ state: 'damaged' });
      expect(await store.articles.replaceDamaged(article({ id: 'd2', url: damagedUrl, paragraphs: ['Menteri mengatakan “kami” siap.'], quotes: [{ text: 'kami siap', speaker: 'Budi Karya', speakerKey: 'karya' }] }))).toBe(true);
      expect(await store.articles.storedCopy(damagedUrl)).toEqual({ state: 'clean' });
      expect(await store.articles.hasArticle('d1')).toBe(true);
      expect(await store.articles.storedCopy('https://news.example/none')).toEqual({ state: 'absent' });
      expect((await store.quotes.speakers('karya', 5)).map((s) => s.count)).toEqual([2]);
    });
  });

  describe('quotes', () => {
    test.each(corpus.lookups)('resolves $name: "$query"', async ({ query, expectKeys }) => {
      const { store } = await seeded();
      expect((await store.quotes.resolveSpeakers(query)).slice(0, expectKeys.length || 1)).toEqual(expectKeys);
      const hits = await store.quotes.quotesBy(query, 20);
      expect(new Set(hits.map((h) => h.speakerKey))).toEqual(new Set(expectKeys));
    });

    test('newest first, undated last; the same quote from several outlets once, with its outlets', async () => {
      const { store } = await seeded();
      const hits = await store.quotes.quotesBy('lavrov', 20);
      const instants = hits.map((h) => Math.max(...h.articleIds.map(instantOf)));
      expect(instants).toEqual([...instants].sort((a, b) => b - a));
      expect(hits.at(-1)?.publishedAt).toBeNull();
      const perang = hits.filter((h) => quoteKey(h.text).includes('tidak menginginkan perang'));
      expect(perang).toHaveLength(1);
      expect(perang[0]?.outlets).toBe(2);
      expect([...(perang[0]?.articleIds ?? [])].sort()).toEqual(['q-a1', 'q-a2']);
      expect(await store.quotes.quotesBy('lavrov', 2)).toEqual(hits.slice(0, 2));
      expect(await store.quotes.quotesBy('lavrov', -3)).toEqual([]);
      const found = await store.quotes.lookupSpeakers('lavrov');
      expect(found.kind).toBe('person');
      if (found.kind === 'person') expect(await store.quotes.quotesOf(found.person.keys, 20)).toEqual(hits);
    });

    test('a speaker written by another process is found without re-opening', async () => {
      const opened = await seeded();
      const writer = await opened.reopen();
      expect(await opened.store.quotes.quotesBy('retno', 5)).toEqual([]);
      await writer.articles.saveArticle(article({ id: 'other', quotes: [{ text: 'Diplomasi harus diutamakan', speaker: 'Retno Marsudi', speakerKey: 'marsudi' }] }));
      expect((await opened.store.quotes.quotesBy('retno', 5)).map((h) => h.text)).toEqual(['Diplomasi harus diutamakan']);
    });

    test('speakers by prefix (most quoted first), suggestions, top speakers', async () => {
      const { store } = await seeded();
      expect((await store.quotes.speakers('la', 10)).map((s) => s.key)).toEqual(['lavrov']);
      expect((await store.quotes.speakers('JOS', 10)).map((s) => s.key)).toEqual(['albares']);
      const all = await store.quotes.speakers('', 10);
      expect(all.map((s) => s.count)).toEqual([...all.map((s) => s.count)].sort((a, b) => b - a));
      expect((await store.quotes.suggestSpeakers('peskof', 3)).map((s) => s.key)).toContain('peskov');
      expect(await store.quotes.suggestSpeakers('xqzwv', 3)).toEqual([]);
      const top = await store.quotes.topSpeakers('2000-01-01T00:00:00Z', 3);
      expect(top[0]?.key).toBe('lavrov');
      await expect(store.quotes.topSpeakers('kemarin', 3)).rejects.toBeInstanceOf(StoreError);
    });

    test('renamed speakers are recounted and found under their new key', async () => {
      const { store } = await seeded();
      const before = await store.quotes.quotesBy('peskov', 20);
      expect(before.length).toBeGreaterThan(0);
      const id = before[0]!.articleIds[0]!;
      const stored = (await store.articles.articlesIn({ from: null, to: null })).find((e) => e.article.id === id)!;
      const position = stored.quotes.findIndex((q) => q.speakerKey === 'peskov');
      const changes = [{ articleId: id, position, speaker: 'Dmitry Peskov Jr', speakerKey: 'peskovjr' }];
      expect(await store.articles.renameQuoteSpeakers(changes)).toBe(1);
      expect(await store.articles.renameQuoteSpeakers(changes)).toBe(0);
      expect((await store.quotes.quotesOf(['peskovjr'], 5)).map((h) => h.speakerKey)).toEqual(['peskovjr']);
      expect((await store.quotes.speakers('peskov', 5)).find((s) => s.key === 'peskovjr')?.count).toBe(1);
    });

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
      ['NEAR( OR * ^ & | ! :*', []],
    ])('word search: %s', async (query, articleIds) => {
      const { store } = await seeded();
      const hits = await store.quotes.searchQuotes(query, 10);
      expect([...new Set(hits.flatMap((h) => h.articleIds))].sort()).toEqual(articleIds);
    });

    test.each([
      ['a very long word', 'a'.repeat(100_000)],
      ['many words', 'lavrov '.repeat(20_000)],
      ['control characters', '\u0000\u0001lavrov\u202E'],
      ['emoji and surrogates', '😀'.repeat(5000)],
    ])('hostile name (%s): answers without throwing', async (_label, name) => {
      const { store } = await seeded();
      expect(Array.isArray(await store.quotes.quotesBy(name, 10))).toBe(true);
      expect(Array.isArray(await store.quotes.suggestSpeakers(name, 3))).toBe(true);
      expect(Array.isArray(await store.quotes.searchQuotes(name, 3))).toBe(true);
      expect(Array.isArray(await store.quotes.speakers(name, 3))).toBe(true);
    });
  });

  describe('stories', () => {
    test.each(storyCases.cases)('successive clusterings: $name', async ({ steps }) => {
      const clock = fixedClock();
      const { store } = await row.fresh({ now: clock.now });
      await store.articles.saveArticles(storyCases.articles.map((a) => article(a)));
      const idOfLabel = new Map<string, string>();
      for (const [index, step] of steps.entries()) {
        clock.advance(60_000);
        const result = await store.stories.saveStoryClusters(asClusters(step.clusters));
        if (step.result) expect(result, `step ${index + 1}`).toMatchObject(step.result);
        for (const [label, ids] of Object.entries(step.stories)) {
          const id = await store.stories.storyOf(ids[0]!);
          expect(id, `${label} in step ${index + 1}`).not.toBeNull();
          for (const a of ids) expect(await store.stories.storyOf(a), `story of ${a}`).toBe(id);
          expect([...(await store.stories.storyArticles(id!))].sort()).toEqual([...ids].sort());
          const before = idOfLabel.get(label);
          if (before !== undefined) expect(id, `${label} keeps its id`).toBe(before);
          idOfLabel.set(label, id!);
        }
        const current = Object.keys(step.stories).map((l) => idOfLabel.get(l));
        expect(new Set(current).size).toBe(current.length);
        expect((await store.stories.recentStories(1000)).length).toBe(current.length);
        const snapshot = await store.stories.recentStories(1000);
        clock.advance(60_000);
        expect(await store.stories.saveStoryClusters(asClusters(step.clusters))).toEqual({ created: 0, merged: 0, moved: 0, updated: 0 });
        expect(await store.stories.recentStories(1000)).toEqual(snapshot);
      }
    });

    test('figures, assignments, windows and unknown ids', async () => {
      const clock = fixedClock();
      const { store } = await row.fresh({ now: clock.now });
      await store.articles.saveArticles([
        article({ id: 'a1', publishedAt: '2026-11-20T01:00:00Z', title: '  ' }),
        article({ id: 'a2', publishedAt: '2026-11-20T02:00:00Z', title: 'Banjir di Jakarta' }),
        article({ id: 'a3', publishedAt: '2026-11-21T02:00:00Z', title: 'Banjir meluas' }),
        article({ id: 'a4', publishedAt: '2026-11-22T02:00:00Z' }),
      ]);
      expect(await store.stories.unassignedInstants(10)).toEqual([Date.parse('2026-11-22T02:00:00Z'), Date.parse('2026-11-21T02:00:00Z'), Date.parse('2026-11-20T02:00:00Z'), Date.parse('2026-11-20T01:00:00Z')]);
      expect(await store.stories.saveAssignments([{ articleId: 'a1', storyId: 's1' }, { articleId: 'a2', storyId: 's1' }, { articleId: 'a3', storyId: 's2' }])).toEqual({ created: 2, merged: 0, moved: 3, updated: 2 });
      const [s2, s1] = await store.stories.recentStories(10);
      expect(s1).toMatchObject({ id: 's1', headline: 'Banjir di Jakarta', firstSeenMs: Date.parse('2026-11-20T01:00:00Z'), lastSeenMs: Date.parse('2026-11-20T02:00:00Z'), articleCount: 2 });
      expect(s2?.id).toBe('s2');
      expect(await store.stories.saveAssignments([{ articleId: 'a3', storyId: 's1' }])).toEqual({ created: 0, merged: 1, moved: 1, updated: 1 });
      expect((await store.stories.recentStories(10)).map((s) => [s.id, s.articleCount])).toEqual([['s1', 3]]);
      const ids = await store.stories.storyIdsIn({ from: Date.parse('2026-11-20T00:00:00Z'), to: Date.parse('2026-11-21T00:00:00Z') });
      expect([...ids]).toEqual(expect.arrayContaining([['a1', 's1'], ['a2', 's1']]));
      expect(ids.size).toBe(2);
      expect(await store.stories.unassignedInstants(10)).toEqual([Date.parse('2026-11-22T02:00:00Z')]);
      expect(await store.stories.storyOf('nope')).toBeNull();
      expect(await store.stories.storyArticles('nope')).toEqual([]);
      await expect(store.stories.saveStoryClusters([{ id: 'a4', articleIds: ['a4', 'missing'] }])).rejects.toBeInstanceOf(StoreError);
      expect(await store.stories.storyOf('a4')).toBeNull();
    });
  });
});
