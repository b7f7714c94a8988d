import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StoreError } from '../../src/errors.ts';
import { canonicalUrl } from '../../src/core/article/index.ts';
import { openStore } from '../../src/store/sqlite-store.ts';
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
  test('round trip keeps every field and quotes in order', () => {
    const store = openStore(temp.current.file());
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
    expect(store.saveArticle(withCredit)).toBe('inserted');
    expect(store.articlesIn({ from: null, to: null })).toEqual([withCredit]);
    expect(store.articleCount()).toBe(1);
    store.close();
  });

  test('the same content hash is a duplicate, returned as a value', () => {
    const store = openStore(temp.current.file());
    expect(store.saveArticle(article({ id: 'h1', url: 'https://a.example/1' }))).toBe('inserted');
    expect(store.saveArticle(article({ id: 'h1', url: 'https://b.example/other' }))).toBe('duplicate');
    expect(store.articleCount()).toBe(1);
    store.close();
  });

  test.each([
    ['https://news.example.com/berita/1?utm_source=fb', 'https://NEWS.example.com/berita/1/#top'],
    ['https://news.example.com/berita/1', 'https://news.example.com/berita/1?utm_medium=rss&utm_campaign=x'],
  ])('the same canonical URL is a duplicate: %s ~ %s', (first, second) => {
    const store = openStore(temp.current.file());
    expect(store.saveArticle(article({ id: 'h1', url: first, quotes: [{ text: 'satu dua tiga empat', speaker: 'A B', speakerKey: 'b' }] }))).toBe('inserted');
    expect(store.saveArticle(article({ id: 'h2', url: second, quotes: [{ text: 'lima enam', speaker: 'A B', speakerKey: 'b' }] }))).toBe('duplicate');
    expect(store.hasUrl(second)).toBe(true);
    expect(store.articleCount()).toBe(1);
    // The duplicate's quotes are not stored either.
    expect(store.quotesBy('b', 10).map((h) => h.text)).toEqual(['satu dua tiga empat']);
    store.close();
  });

  test('articles without URL are told apart by hash only', () => {
    const store = openStore(temp.current.file());
    expect(store.saveArticles([article({ id: 'x1' }), article({ id: 'x2' }), article({ id: 'x1' })])).toEqual([
      'inserted',
      'inserted',
      'duplicate',
    ]);
    expect(store.hasArticle('x2')).toBe(true);
    expect(store.hasArticle('x3')).toBe(false);
    store.close();
  });

  test('a batch is one transaction: a failure stores nothing of it', () => {
    const store = openStore(temp.current.file());
    const bad = { ...article({ id: 'bad' }), article: { ...article({ id: 'bad' }).article, paragraphs: undefined as never } };
    expect(() => store.saveArticles([article({ id: 'ok1' }), bad])).toThrow(StoreError);
    expect(store.articleCount()).toBe(0);
    store.close();
  });

  test('stored articles survive re-opening', () => {
    const path = temp.current.file();
    const first = openStore(path);
    first.saveArticle(article({ id: 'keep', url: 'https://x.example/keep' }));
    first.close();
    const second = openStore(path);
    expect(second.saveArticle(article({ id: 'keep2', url: 'https://x.example/keep/' }))).toBe('duplicate');
    expect(second.articleCount()).toBe(1);
    second.close();
  });

  const windows = fixture<{
    timeZone: string;
    /** When the store saw the articles: the instant undated ones count from. */
    storedAt: string;
    articles: { id: string; publishedAt: string | null; date: string | null }[];
    cases: { name: string; from: string | null; to: string | null; expected: string[] }[];
  }>('windows.json');

  test.each(windows.cases)('articlesIn: $name', ({ from, to, expected }) => {
    const store = openStore(temp.current.file(), { timeZone: windows.timeZone, now: () => new Date(windows.storedAt) });
    store.saveArticles(windows.articles.map((a) => article(a)));
    expect(store.articlesIn({ from, to }).map((e) => e.article.id)).toEqual(expected);
    store.close();
  });

  test('articlesIn rejects a bound that is not a date', () => {
    const store = openStore(temp.current.file());
    expect(() => store.articlesIn({ from: 'kemarin', to: null })).toThrow(StoreError);
    store.close();
  });

  test('a closed store fails with StoreError', () => {
    const store = openStore(temp.current.file());
    store.close();
    store.close();
    expect(() => store.articleCount()).toThrow(StoreError);
  });
});
