import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractArticle } from '../../src/core/article/index.ts';
import { describe, expect, test } from 'vitest';
import { buildDigest, buildStories, dayRange, inWindow } from '../../src/core/digest/index.ts';
import type { Article, ExtractedArticle } from '../../src/core/model/index.ts';
import { loadEvents, loadSeedFixture, type LabelledArticle } from '../fixtures/stories/load.ts';

const events = loadEvents();
const seeds = loadSeedFixture();
const all = (xs: readonly LabelledArticle[]) => xs.map((x) => x.item);
const JAKARTA = 'Asia/Jakarta';

function distinctStories(xs: readonly LabelledArticle[]): number {
  return new Set(xs.map((x) => x.story)).size;
}

describe('the seed digest', () => {
  const digest = buildDigest(all(seeds), { timeZone: JAKARTA, window: { from: null, to: null }, date: null });

  test('four stories, 000 and 001 merged into one', () => {
    expect(digest.stories).toHaveLength(4);
    const labelOf = new Map(seeds.map((s) => [s.item.article.id, s.story]));
    for (const story of digest.stories) expect(new Set(story.articleIds.map((id) => labelOf.get(id))).size).toBe(1);
    expect(digest.stories.find((s) => s.articleIds.length === 2)).toBeDefined();
  });

  test('every story has a headline, a summary, attributed key quotes and a link per article', () => {
    for (const story of digest.stories) {
      expect(story.headline.length).toBeGreaterThan(10);
      expect(story.summary.length).toBeGreaterThanOrEqual(1);
      expect(story.summary.length).toBeLessThanOrEqual(3);
      expect(story.quotes.length).toBeGreaterThanOrEqual(1);
      expect(story.quotes.length).toBeLessThanOrEqual(3);
      for (const q of story.quotes) expect(q.speaker).not.toBeNull();
      expect(new Set(story.sources.map((s) => s.articleId))).toEqual(new Set(story.articleIds));
    }
  });

  test('no quote appears twice in the digest, and no summary repeats one', () => {
    const texts = digest.stories.flatMap((s) => s.quotes.map((q) => q.text));
    expect(new Set(texts).size).toBe(texts.length);
    for (const story of digest.stories) {
      for (const sentence of story.summary) {
        expect(sentence).not.toMatch(/[“”"]/);
        for (const q of story.quotes) expect(sentence.includes(q.text.slice(0, 30))).toBe(false);
      }
    }
  });

  test('the merged story has no title for one article: it takes the other article\'s headline', () => {
    const merged = digest.stories.find((s) => s.articleIds.length === 2)!;
    expect(merged.headline).toBe('Moskow: AS Dorong NATO ke Konfrontasi Tak Menguntungkan dengan Rusia');
  });

  test('stats count stories, articles, sources (articles of unknown origin are one source) and quotes shown', () => {
    expect(digest.stats).toEqual({
      stories: 4,
      articles: 5,
      outlets: 1,
      quotes: digest.stories.reduce((n, s) => n + s.quotes.length, 0),
    });
  });
});

describe('the seed digest through the real pipeline', () => {
  const dir = join(import.meta.dirname, '../../data/seeds');
  const items = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => extractArticle({ text: readFileSync(join(dir, f), 'utf8'), file: f }, { timeZone: JAKARTA }));
  const digest = buildDigest(items, { timeZone: JAKARTA, window: { from: null, to: null }, date: null });

  test('four stories, each with a summary and attributed key quotes, no quote twice, no furniture', () => {
    expect(digest.stories).toHaveLength(4);
    const quotes = digest.stories.flatMap((s) => s.quotes.map((q) => q.text));
    expect(new Set(quotes).size).toBe(quotes.length);
    for (const story of digest.stories) {
      expect(story.summary.length).toBeGreaterThanOrEqual(1);
      expect(story.quotes.length).toBeGreaterThanOrEqual(1);
      for (const q of story.quotes) expect(q.speaker).not.toBeNull();
      const text = [story.headline, ...story.summary, ...story.quotes.map((q) => q.text)].join('\n');
      expect(text).not.toMatch(/loading\.\.\.|Baca Juga|Lihat Juga|Copyright|Foto\/|\(mas\)|Halaman/);
    }
  });
});

describe('a day of news', () => {
  const day = events.articles;
  const window = { from: '2026-11-20T00:00:00+07:00', to: '2026-11-21T00:00:00+07:00' };
  const inside = day.filter((a) => {
    const t = a.item.article.publishedAt;
    return t !== null && Date.parse(t) >= Date.parse(window.from) && Date.parse(t) < Date.parse(window.to);
  });

  test('the window keeps the articles published inside it and drops undated ones', () => {
    const digest = buildDigest(all(day), { timeZone: JAKARTA, window, date: '2026-11-20', maxStories: 50 });
    expect(digest.stories).toHaveLength(distinctStories(inside));
    expect(digest.stats.articles).toBe(new Set(inside.map((a) => a.item.article.id)).size);
    expect(digest.stats.outlets).toBe(new Set(inside.map((a) => a.item.article.source.outlet)).size);
    expect(digest.date).toBe('2026-11-20');
    expect(digest.window).toEqual(window);
  });

  test('no bounds: every article, dated or not', () => {
    const digest = buildDigest(all(day), { timeZone: JAKARTA, window: { from: null, to: null }, date: null, maxStories: 50 });
    expect(digest.stories).toHaveLength(distinctStories(day));
  });

  test('maxStories keeps the best stories, ranked by score, ties by id', () => {
    const full = buildDigest(all(day), { timeZone: JAKARTA, window, date: null, maxStories: 50 });
    const top = buildDigest(all(day), { timeZone: JAKARTA, window, date: null, maxStories: 3 });
    expect(top.stories).toEqual(full.stories.slice(0, 3));
    expect(top.stats.stories).toBe(3);
    for (let i = 1; i < full.stories.length; i++) {
      const [a, b] = [full.stories[i - 1]!, full.stories[i]!];
      expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true);
    }
  });

  test('the story reported by three outlets ranks first, with its quote carried by three', () => {
    const digest = buildDigest(all(day), { timeZone: JAKARTA, window, date: null });
    const first = digest.stories[0]!;
    expect(new Set(first.sources.map((s) => s.outlet)).size).toBe(3);
    expect(first.quotes[0]!.outlets).toBe(3);
  });

  test('copies: the earthquake story lists every URL but counts one article for ranking', () => {
    const stories = buildStories(all(day.filter((a) => a.story === 'gempa-cianjur')));
    expect(stories).toHaveLength(1);
    const urls = day.filter((a) => a.story === 'gempa-cianjur').map((a) => a.item.article.source.url);
    expect(new Set(stories[0]!.sources.map((s) => s.url))).toEqual(new Set(urls));
    expect(stories[0]!.quotes).toHaveLength(1);
  });

  test('the result does not depend on input order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(all(day), { minLength: day.length }), (shuffled) => {
        const options = { timeZone: JAKARTA, window, date: '2026-11-20' };
        expect(buildDigest(shuffled, options)).toEqual(buildDigest(all(day), options));
      }),
      { numRuns: 10 },
    );
  });

  test('publishedAt of a story is its latest article', () => {
    const [flood] = buildStories(all(day.filter((a) => a.story === 'banjir-semarang')));
    expect(flood!.publishedAt).toBe('2026-11-20T13:05:00+07:00');
  });
});

describe('windows and time zones', () => {
  const art = (publishedAt: string | null, date: string | null): Article => ({
    id: 'a', title: null, date, publishedAt, dateline: null, paragraphs: [], source: { url: null, outlet: null, file: null, credit: null },
  });

  test.each([
    { name: 'instant inside', a: art('2026-11-20T10:00:00+07:00', '2026-11-20'), from: '2026-11-20T00:00:00+07:00', to: '2026-11-21T00:00:00+07:00', inside: true },
    { name: 'from is inclusive', a: art('2026-11-20T00:00:00+07:00', null), from: '2026-11-20T00:00:00+07:00', to: '2026-11-21T00:00:00+07:00', inside: true },
    { name: 'to is exclusive', a: art('2026-11-21T00:00:00+07:00', null), from: '2026-11-20T00:00:00+07:00', to: '2026-11-21T00:00:00+07:00', inside: false },
    { name: 'date only, same local day', a: art(null, '2026-11-20'), from: '2026-11-20T00:00:00+07:00', to: '2026-11-21T00:00:00+07:00', inside: true },
    { name: 'date only, the day before', a: art(null, '2026-11-19'), from: '2026-11-20T00:00:00+07:00', to: '2026-11-21T00:00:00+07:00', inside: false },
    { name: 'undated, bounded window', a: art(null, null), from: '2026-11-20T00:00:00+07:00', to: null, inside: false },
    { name: 'undated, open window', a: art(null, null), from: null, to: null, inside: true },
    { name: 'open start', a: art('2020-01-01T00:00:00Z', null), from: null, to: '2026-11-21T00:00:00+07:00', inside: true },
  ])('$name', ({ a, from, to, inside }) => {
    expect(inWindow(a, { from, to }, JAKARTA)).toBe(inside);
  });

  test.each([
    { date: '2026-11-20', zone: 'Asia/Jakarta', start: '2026-11-19T17:00:00.000Z', end: '2026-11-20T17:00:00.000Z' },
    { date: '2026-11-20', zone: 'Asia/Jayapura', start: '2026-11-19T15:00:00.000Z', end: '2026-11-20T15:00:00.000Z' },
    { date: '2026-03-29', zone: 'Europe/Amsterdam', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' },
  ])('the day $date in $zone', ({ date, zone, start, end }) => {
    const range = dayRange(date, zone)!;
    expect(new Date(range[0]).toISOString()).toBe(start);
    expect(new Date(range[1]).toISOString()).toBe(end);
  });

  test('recency: of two otherwise equal stories, the newer ranks first', () => {
    const base = events.articles.find((a) => a.key === 'harga-emas')!.item;
    const other = events.articles.find((a) => a.key === 'teknologi-ai')!.item;
    const at = (item: ExtractedArticle, publishedAt: string): ExtractedArticle => ({ quotes: [], article: { ...item.article, publishedAt } });
    const newer = buildStories([at(base, '2026-11-20T06:00:00Z'), at(other, '2026-11-20T01:00:00Z')]);
    const older = buildStories([at(base, '2026-11-20T01:00:00Z'), at(other, '2026-11-20T06:00:00Z')]);
    expect(newer[0]!.id).toBe(base.article.id);
    expect(older[0]!.id).toBe(other.article.id);
  });
});

describe('robustness', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 120 });
  const arbitraryItem = fc
    .record({
      id: fc.stringMatching(/^[a-f0-9]{1,8}$/),
      title: fc.option(text, { nil: null }),
      date: fc.option(fc.constantFrom('2026-11-19', '2026-11-20', 'not-a-date'), { nil: null }),
      publishedAt: fc.option(fc.constantFrom('2026-11-20T03:00:00Z', '2026-11-20T20:00:00+07:00', 'garbage'), { nil: null }),
      paragraphs: fc.array(text, { maxLength: 6 }),
      outlet: fc.option(fc.constantFrom('a.example', 'b.example', ''), { nil: null }),
      quotes: fc.array(fc.record({ text, speaker: fc.option(text, { nil: null }), speakerKey: fc.option(fc.constantFrom('lavrov', 'peskov', ''), { nil: null }) }), { maxLength: 4 }),
    })
    .map(
      (r): ExtractedArticle => ({
        article: {
          id: r.id,
          title: r.title,
          date: r.date,
          publishedAt: r.publishedAt,
          dateline: null,
          paragraphs: r.paragraphs,
          source: { url: null, outlet: r.outlet, file: null, credit: null },
        },
        quotes: r.quotes.map((q) => ({ ...q, paragraph: 0 })),
      }),
    );

  test('any input gives a well-formed digest', () => {
    fc.assert(
      fc.property(fc.array(arbitraryItem, { maxLength: 12 }), fc.boolean(), (items, bounded) => {
        const window = bounded ? { from: '2026-11-20T00:00:00+07:00', to: '2026-11-21T00:00:00+07:00' } : { from: null, to: null };
        const digest = buildDigest(items, { timeZone: JAKARTA, window, date: null, maxStories: 5 });
        expect(digest.stories.length).toBeLessThanOrEqual(5);
        expect(digest.stats.stories).toBe(digest.stories.length);
        expect(digest.stats.quotes).toBe(digest.stories.reduce((n, s) => n + s.quotes.length, 0));
        for (const story of digest.stories) {
          expect(story.headline.length).toBeGreaterThan(0);
          expect(story.summary.length).toBeLessThanOrEqual(3);
          expect(story.quotes.length).toBeLessThanOrEqual(3);
          expect(Number.isFinite(story.score)).toBe(true);
          expect(story.id).toBe([...story.articleIds].sort()[0]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('sources', () => {
  test('the same article given twice is one source; copies at other URLs are sources of their own', () => {
    const flood = events.articles.find((a) => a.key === 'banjir-kompas')!.item;
    const noUrl: ExtractedArticle = { ...flood, article: { ...flood.article, source: { ...flood.article.source, url: null } } };
    const [story] = buildStories([noUrl, noUrl, flood]);
    expect(story!.sources.map((s) => s.url)).toEqual([flood.article.source.url, null]);
  });
});
