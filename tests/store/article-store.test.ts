import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StoreError } from '../../src/errors.ts';
import { canonicalUrl } from '../../src/core/article/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { article, tempDirPerTest } from './helpers.ts';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/store/${name}`, import.meta.url), 'utf8')) as T;

const temp = tempDirPerTest();

describe('canonicalUrl', () => {
  test.each(fixture<{ input: string; expected: string | null }[]>('canonical-urls.json'))(
    '$input',
    ({ input, expected }) => {
      expect(canonicalUrl(input)).toBe(expected);
    },
  );

  test('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.string()), (url) => {
        const once = canonicalUrl(url);
        expect(canonicalUrl(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('article store', () => {
  test('round trip keeps every field and quotes in order', async () => {
    const store = openSqliteStore(temp.current.file());
    const input = article({
      id: 'h1',
      url: 'https://news.example.com/a',
      outlet: 'news.example.com',
      title: 'Judul',
      date: '2026-11-22',
      publishedAt: '2026-11-22T08:00:00+07:00',
      paragraphs: ['MOSKOW - Satu.', 'Dua “kutipan”.'],
      quotes: [
        { text: 'Kutipan pertama yang cukup panjang', speaker: 'Sergey Lavrov', speakerKey: 'lavrov', paragraph: 1 },
        { text: 'Tanpa pembicara', speaker: null, speakerKey: null, paragraph: 0 },
      ],
    });
    const withCredit = { ...input, article: { ...input.article, source: { ...input.article.source, file: 'x.txt', credit: 'Reuters' } } };
    expect(await store.articles.saveArticle(withCredit)).toBe('inserted');
    expect(await store.articles.articlesIn({ from: null, to: null })).toEqual([withCredit]);
    expect(await store.articles.articleCount()).toBe(1);
    await store.close();
  });

  test('the same content hash is a duplicate, returned as a value', async () => {
    const store = openSqliteStore(temp.current.file());
    expect(await store.articles.saveArticle(article({ id: 'h1', url: 'https://a.example/1' }))).toBe('inserted');
    expect(await store.articles.saveArticle(article({ id: 'h1', url: 'https://b.example/other' }))).toBe('duplicate');
    expect(await store.articles.articleCount()).toBe(1);
    await store.close();
  });

  test.each([
    ['https://news.example.com/berita/1?utm_source=fb', 'https://NEWS.example.com/berita/1/#top'],
    ['https://news.example.com/berita/1', 'https://news.example.com/berita/1?utm_medium=rss&utm_campaign=x'],
  ])('the same canonical URL is a duplicate: %s ~ %s', async (first, second) => {
    const store = openSqliteStore(temp.current.file());
    expect(await store.articles.saveArticle(article({ id: 'h1', url: first, quotes: [{ text: 'satu dua tiga empat', speaker: 'A B', speakerKey: 'b' }] }))).toBe('inserted');
    expect(await store.articles.saveArticle(article({ id: 'h2', url: second, quotes: [{ text: 'lima enam', speaker: 'A B', speakerKey: 'b' }] }))).toBe('duplicate');
    expect(await store.articles.hasUrl(second)).toBe(true);
    expect(await store.articles.articleCount()).toBe(1);
    // The duplicate's quotes are not stored either.
    expect((await store.quotes.quotesBy('b', 10)).map((h) => h.text)).toEqual(['satu dua tiga empat']);
    await store.close();
  });

  test('articles without URL are told apart by hash only', async () => {
    const store = openSqliteStore(temp.current.file());
    expect(await store.articles.saveArticles([article({ id: 'x1' }), article({ id: 'x2' }), article({ id: 'x1' })])).toEqual([
      'inserted',
      'inserted',
      'duplicate',
    ]);
    expect(await store.articles.hasArticle('x2')).toBe(true);
    expect(await store.articles.hasArticle('x3')).toBe(false);
    await store.close();
  });

  test('a batch is one transaction: a failure stores nothing of it', async () => {
    const store = openSqliteStore(temp.current.file());
    const bad = { ...article({ id: 'bad' }), article: { ...article({ id: 'bad' }).article, paragraphs: undefined as never } };
    await expect(store.articles.saveArticles([article({ id: 'ok1' }), bad])).rejects.toThrow(StoreError);
    expect(await store.articles.articleCount()).toBe(0);
    await store.close();
  });

  test('stored articles survive re-opening', async () => {
    const path = temp.current.file();
    const first = openSqliteStore(path);
    await first.articles.saveArticle(article({ id: 'keep', url: 'https://x.example/keep' }));
    await first.close();
    const second = openSqliteStore(path);
    expect(await second.articles.saveArticle(article({ id: 'keep2', url: 'https://x.example/keep/' }))).toBe('duplicate');
    expect(await second.articles.articleCount()).toBe(1);
    await second.close();
  });

  const windows = fixture<{
    timeZone: string;
    /** When the store saw the articles: the instant undated ones count from. */
    storedAt: string;
    articles: { id: string; publishedAt: string | null; date: string | null }[];
    cases: { name: string; from: string | null; to: string | null; expected: string[] }[];
  }>('windows.json');

  test.each(windows.cases)('articlesIn: $name', async ({ from, to, expected }) => {
    const store = openSqliteStore(temp.current.file(), { timeZone: windows.timeZone, now: () => new Date(windows.storedAt) });
    await store.articles.saveArticles(windows.articles.map((a) => article(a)));
    expect((await store.articles.articlesIn({ from, to })).map((e) => e.article.id)).toEqual(expected);
    await store.close();
  });

  test('articlesIn rejects a bound that is not a date', async () => {
    const store = openSqliteStore(temp.current.file());
    await expect(store.articles.articlesIn({ from: 'kemarin', to: null })).rejects.toThrow(StoreError);
    await store.close();
  });

  test('a closed store fails with StoreError', async () => {
    const store = openSqliteStore(temp.current.file());
    await store.close();
    await store.close();
    await expect(store.articles.articleCount()).rejects.toThrow(StoreError);
  });
});
