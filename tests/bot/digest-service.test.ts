/**
 * The digest service: which window a daily digest or /digest covers, the fallback to every stored
 * article for a store with only old articles, topic filters, and one build per shared window.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createDigestService, deliveryInstant } from '../../src/bot/digest-service.ts';
import type { NewsStore, Subscription } from '../../src/bot/ports.ts';
import type { ExtractedArticle } from '../../src/core/model/index.ts';
import { loadSeedFixture } from '../fixtures/stories/load.ts';
import { docText } from './doc-text.ts';

const instants = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/bot/delivery-instants.json'), 'utf8')) as {
  name: string;
  date: string;
  time: string;
  timeZone: string;
  instant: string;
}[];

describe('deliveryInstant', () => {
  test.each(instants)('$name', ({ date, time, timeZone, instant }) => {
    expect(deliveryInstant(date, time, timeZone).toISOString()).toBe(instant);
  });
});

/** A news store over fixed articles that honours windows the way the SQLite store does and counts reads. */
function fakeNews(items: ExtractedArticle[]): Pick<NewsStore, 'articlesIn' | 'articleCount'> & { reads: number } {
  const news = {
    reads: 0,
    articleCount: async () => items.length,
    async articlesIn(window: { from: string | null; to: string | null }) {
      news.reads++;
      const from = window.from ? Date.parse(window.from) : -Infinity;
      const to = window.to ? Date.parse(window.to) : Infinity;
      if (window.from === null && window.to === null) return [...items];
      return items.filter((i) => {
        const at = i.article.publishedAt ? Date.parse(i.article.publishedAt) : NaN;
        return at >= from && at < to;
      });
    },
  };
  return news;
}

const subscription = (time: string, topics: string[] = []): Subscription => ({
  id: 1,
  chat: { platform: 'telegram', chatId: '42', threadId: null },
  time,
  timeZone: 'Asia/Jakarta',
  topics,
  length: 'lengkap',
  active: true,
  inactiveReason: null,
  createdAt: '2026-11-01T00:00:00Z',
});

/** The seed articles, re-dated: the two Vilnius reports late on the morning of 22 November 2026, the rest years earlier. */
function datedSeeds(): ExtractedArticle[] {
  return loadSeedFixture().map(({ story, item }, i) => ({
    ...item,
    article: {
      ...item.article,
      publishedAt: story === 'vilnius-2023' ? `2026-11-22T1${i}:00:00+07:00` : `2021-12-2${i}T08:00:00+07:00`,
    },
  }));
}

describe('createDigestService', () => {
  test('the daily digest covers the 24 hours before the delivery time', async () => {
    const service = createDigestService({ news: fakeNews(datedSeeds()), timeZone: 'Asia/Jakarta' });
    const doc = await service.dailyDocument(subscription('07:00'), '2026-11-23');
    expect(doc).not.toBeNull();
    const text = docText(doc!);
    expect(text).toContain('Antonov');
    expect(text).not.toContain('Lavrov');
    // The next day's window holds nothing: the delivery is skipped, not sent empty.
    expect(await service.dailyDocument(subscription('07:00'), '2026-11-24')).toBeNull();
  });

  test('a delivery time before the articles leaves them for the next day', async () => {
    const service = createDigestService({ news: fakeNews(datedSeeds()), timeZone: 'Asia/Jakarta' });
    expect(await service.dailyDocument(subscription('00:30'), '2026-11-22')).toBeNull();
    expect(await service.dailyDocument(subscription('00:30'), '2026-11-23')).not.toBeNull();
  });

  test('topics keep only stories that mention one of them, as plain text', async () => {
    const service = createDigestService({ news: fakeNews(datedSeeds()), timeZone: 'Asia/Jakarta' });
    expect(await service.dailyDocument(subscription('07:00', ['vilnius']), '2026-11-23')).not.toBeNull();
    expect(await service.dailyDocument(subscription('07:00', ['pemilu']), '2026-11-23')).toBeNull();
    expect(await service.dailyDocument(subscription('07:00', ['.*']), '2026-11-23')).toBeNull();
  });

  test('a filtered digest says so in its header; an unfiltered one does not', async () => {
    const service = createDigestService({ news: fakeNews(datedSeeds()), timeZone: 'Asia/Jakarta' });
    const filtered = await service.dailyDocument(subscription('07:00', ['vilnius', '-"harga beras"']), '2026-11-23');
    expect(docText(filtered!)).toContain('Saringan aktif: topik vilnius, -"harga beras"');
    // The totals are those of the stories shown, not of the whole day.
    expect(docText(filtered!)).toMatch(/^1 berita dari \d+ media, \d+ kutipan$/m);
    expect(docText((await service.dailyDocument(subscription('07:00'), '2026-11-23'))!)).not.toContain('Saringan');
  });

  test('a source selection builds the digest from the chosen feeds only, and shares builds per selection', async () => {
    const items = datedSeeds().map((i, n) => ({ ...i, article: { ...i.article, source: { ...i.article.source, url: `https://x.test/${n}` } } }));
    const news = fakeNews(items);
    const [first, second] = items.filter((i) => i.article.publishedAt?.startsWith('2026-11-22'));
    const feeds = new Map(items.map((i) => [i.article.id, i === first ? ['https://a.test/rss'] : ['https://b.test/rss']]));
    const onlyA = { key: 'a', outlets: ['A'], allows: (f: readonly string[]) => f.includes('https://a.test/rss') };
    const service = createDigestService({
      news,
      timeZone: 'Asia/Jakarta',
      articleFeeds: async () => feeds,
      selectionOf: async (sub) => (sub.id === 1 ? onlyA : null),
    });
    const all = await service.dailyDocument({ ...subscription('07:00'), id: 2 }, '2026-11-23');
    const chosen = await service.dailyDocument(subscription('07:00'), '2026-11-23');
    expect(JSON.stringify(all)).toContain(second!.article.source.url!);
    expect(docText(chosen!)).toContain('Saringan aktif: media A');
    expect(JSON.stringify(chosen)).toContain(first!.article.source.url!);
    expect(JSON.stringify(chosen)).not.toContain(second!.article.source.url!);
    expect(news.reads).toBe(2);
    await service.dailyDocument({ ...subscription('07:00'), id: 1 }, '2026-11-23');
    expect(news.reads).toBe(2);
  });

  test('subscribers sharing a window share one build', async () => {
    const news = fakeNews(datedSeeds());
    const service = createDigestService({ news, timeZone: 'Asia/Jakarta' });
    await service.dailyDocument(subscription('07:00'), '2026-11-23');
    await service.dailyDocument({ ...subscription('07:00'), id: 2 }, '2026-11-23');
    expect(news.reads).toBe(1);
  });

  test('commands within one minute share one build; a newly stored article makes a new one', async () => {
    const items = datedSeeds();
    const news = fakeNews(items);
    const service = createDigestService({ news, timeZone: 'Asia/Jakarta' });
    await service.storiesToday(new Date('2026-11-22T12:00:05+07:00'));
    await service.latest(new Date('2026-11-22T12:00:50+07:00'));
    expect(news.reads).toBe(1);
    items.push(items[0]!);
    await service.latest(new Date('2026-11-22T12:00:55+07:00'));
    expect(news.reads).toBe(2);
  });

  test('an empty day is said to be empty: older stored articles are never shown as that day\'s news', async () => {
    const service = createDigestService({ news: fakeNews(datedSeeds()), timeZone: 'Asia/Jakarta' });
    const lastDay = await service.latest(new Date('2026-11-22T12:00:00+07:00'));
    expect(lastDay.stories.length).toBe(1);
    const quiet = await service.latest(new Date('2027-06-01T12:00:00+07:00'));
    expect(quiet.stories).toEqual([]);
    expect(quiet.date).toBe('2027-06-01');
    const text = docText(await service.latestDocument(new Date('2027-06-01T12:00:00+07:00')));
    expect(text).toContain('Tidak ada berita untuk Selasa, 1 Juni 2027.');
    expect(text).not.toContain(lastDay.stories[0]!.headline);
    expect(await service.storiesToday(new Date('2027-06-01T12:00:00+07:00'))).toBe(0);
  });
});

describe('digests for commands when builds are slow', () => {
  test('a command answers at once from the last digest while the next one builds in the background', async () => {
    const items = datedSeeds();
    const news = fakeNews(items.filter((i) => !i.article.publishedAt?.startsWith('2026')));
    const later: (() => Promise<void>)[] = [];
    const builds: number[] = [];
    // Every build counts as slow, so only the first command ever builds on the command path.
    const service = createDigestService({ news, timeZone: 'Asia/Jakarta', slowBuildMs: -1, defer: (task) => later.push(task), onBuild: (ms) => builds.push(ms) });
    const now = new Date('2026-11-22T10:00:00Z');
    const first = await service.answerDocument(now);
    const built = builds.length;
    expect(built).toBeGreaterThan(0);
    // New articles arrive; the next command does not build but answers from the last digest.
    const grown = fakeNews(items);
    news.articleCount = grown.articleCount;
    news.articlesIn = grown.articlesIn;
    const second = await service.answerDocument(new Date(now.getTime() + 120_000));
    expect(builds).toHaveLength(built);
    expect(docText(second!)).toBe(docText(first!));
    // One background build, however many commands came meanwhile.
    await service.answerDocument(new Date(now.getTime() + 180_000));
    expect(later).toHaveLength(1);
    await later.shift()?.();
    expect(builds.length).toBeGreaterThan(built);
    const third = await service.answerDocument(new Date(now.getTime() + 180_000));
    expect(docText(third!)).not.toBe(docText(first!));
  });

  test('quick builds stay fresh: a command sees a new article at once', async () => {
    const items = datedSeeds();
    const news = fakeNews(items.filter((i) => !i.article.publishedAt?.startsWith('2026')));
    const later: (() => Promise<void>)[] = [];
    const service = createDigestService({ news, timeZone: 'Asia/Jakarta', slowBuildMs: 60_000, defer: (task) => later.push(task) });
    const now = new Date('2026-11-22T10:00:00Z');
    const first = docText((await service.answerDocument(now))!);
    const grown = fakeNews(items);
    news.articleCount = grown.articleCount;
    news.articlesIn = grown.articlesIn;
    expect(docText((await service.answerDocument(now))!)).not.toBe(first);
    expect(later).toHaveLength(0);
  });
});
