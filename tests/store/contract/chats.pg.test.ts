/**
 * Store contract, chat side: subscriptions, the delivery log, feed and page state, chat sources.
 * The same tests run against every store (one suite, one row per implementation).
 */
import { describe, expect, test } from 'vitest';
import { StoreError } from '../../../src/errors.ts';
import type { ChatRef, FeedState } from '../../../src/store/ports.ts';
import { article } from '../helpers.ts';
import { storeRows } from './rows.ts';

const chat = (id: string, threadId: string | null = null, platform: ChatRef['platform'] = 'telegram'): ChatRef => ({ platform, chatId: id, threadId });

describe.each(storeRows())('$name store', (row) => {
  describe('subscriptions', () => {
    test('lifecycle: subscribe, update, unsubscribe with a reason, reactivate', async () => {
      const { store } = await row.fresh();
      const subs = store.subscriptions;
      const first = await subs.subscribe(chat('1'), '07:00', 'Asia/Jakarta');
      expect(first.outcome).toBe('subscribed');
      expect(first.subscription).toMatchObject({ chat: chat('1'), time: '07:00', timeZone: 'Asia/Jakarta', topics: [], length: 'ringkas', active: true, inactiveReason: null });
      expect((await subs.subscribe(chat('1'), '08:00', 'Asia/Makassar')).outcome).toBe('updated');
      expect(await subs.unsubscribe(chat('1'), 'blocked')).toBe(true);
      expect(await subs.unsubscribe(chat('1'), 'again')).toBe(false);
      expect(await subs.get(chat('1'))).toMatchObject({ active: false, inactiveReason: 'blocked', time: '08:00' });
      expect(await subs.listActive()).toEqual([]);
      const back = await subs.subscribe(chat('1'), '06:00', 'UTC');
      expect(back.outcome).toBe('reactivated');
      expect(back.subscription).toMatchObject({ id: first.subscription.id, active: true, inactiveReason: null, time: '06:00', timeZone: 'UTC' });
    });

    test('platform, chat and thread together identify a subscription; listActive by id', async () => {
      const { store } = await row.fresh();
      const subs = store.subscriptions;
      const ids = [];
      for (const c of [chat('1'), chat('1', '5'), chat('1', null, 'discord'), chat('2')]) ids.push((await subs.subscribe(c, '07:00', 'Asia/Jakarta')).subscription.id);
      expect(new Set(ids).size).toBe(4);
      expect((await subs.listActive()).map((s) => s.id)).toEqual([...ids].sort((a, b) => a - b));
      expect((await subs.get(chat('1', '5')))?.chat).toEqual(chat('1', '5'));
      expect(await subs.get(chat('3'))).toBeNull();
      expect((await subs.byId(ids[2]!))?.chat).toEqual(chat('1', null, 'discord'));
      expect(await subs.byId(999_999)).toBeNull();
    });

    test('setTime, setTopics and setLength change existing subscriptions only', async () => {
      const { store } = await row.fresh();
      const subs = store.subscriptions;
      await subs.subscribe(chat('1'), '07:00', 'Asia/Jakarta');
      expect(await subs.setTime(chat('1'), '09:30')).toMatchObject({ time: '09:30', timeZone: 'Asia/Jakarta' });
      expect(await subs.setTime(chat('1'), '10:00', 'Asia/Jayapura')).toMatchObject({ time: '10:00', timeZone: 'Asia/Jayapura' });
      expect((await subs.setTopics(chat('1'), [' banjir ', 'pemilu', 'banjir', '']))?.topics).toEqual(['banjir', 'pemilu']);
      expect((await subs.setLength(chat('1'), 'lengkap'))?.length).toBe('lengkap');
      expect(await subs.setTime(chat('9'), '09:30')).toBeNull();
      expect(await subs.setTopics(chat('9'), ['x'])).toBeNull();
      expect(await subs.setLength(chat('9'), 'lengkap')).toBeNull();
    });

    test('migrateChat moves every thread to the new id; onto a subscribed chat it retires the old', async () => {
      const { store } = await row.fresh();
      const subs = store.subscriptions;
      const a = (await subs.subscribe(chat('-1'), '07:00', 'Asia/Jakarta')).subscription;
      const b = (await subs.subscribe(chat('-1', '9'), '07:00', 'Asia/Jakarta')).subscription;
      await subs.migrateChat(chat('-1'), '-100');
      expect((await subs.get(chat('-100')))?.id).toBe(a.id);
      expect((await subs.get(chat('-100', '9')))?.id).toBe(b.id);
      expect(await subs.get(chat('-1'))).toBeNull();
      await subs.subscribe(chat('-2'), '07:00', 'Asia/Jakarta');
      const own = (await subs.subscribe(chat('-200'), '08:00', 'Asia/Jakarta')).subscription;
      await subs.migrateChat(chat('-2'), '-200');
      expect(await subs.get(chat('-200'))).toMatchObject({ id: own.id, time: '08:00', active: true });
      expect(await subs.get(chat('-2'))).toMatchObject({ active: false, inactiveReason: 'migrated to -200' });
      expect((await subs.listAll()).length).toBe(4);
    });
  });

  describe('deliveries', () => {
    test('begin records parts once; a second begin (another process too) returns the first record', async () => {
      const opened = await row.fresh();
      const { store } = opened;
      const { subscription } = await store.subscriptions.subscribe(chat('1'), '07:00', 'Asia/Jakarta');
      const payload = { text: '<b>Kilas</b> "kutipan" & ½ 😀', embeds: [{ title: 'x' }] };
      const a = await store.deliveries.begin(subscription.id, '2026-11-23', [{ index: 0, payload }, { index: 1, payload: 'dua' }]);
      expect(a).toMatchObject({ subscriptionId: subscription.id, digestDate: '2026-11-23', state: 'pending', reason: null });
      expect(a.parts).toEqual([
        { index: 0, payload, state: 'pending', messageId: null },
        { index: 1, payload: 'dua', state: 'pending', messageId: null },
      ]);
      const other = await opened.reopen();
      expect(await other.deliveries.begin(subscription.id, '2026-11-23', [{ index: 0, payload: 'other' }])).toEqual(a);
      expect(await store.deliveries.find(subscription.id, '2026-11-24')).toBeNull();
    });

    test('marks, finish and unfinished behave as the delivery loop expects', async () => {
      const { store } = await row.fresh();
      const s1 = (await store.subscriptions.subscribe(chat('1'), '07:00', 'Asia/Jakarta')).subscription;
      const s2 = (await store.subscriptions.subscribe(chat('2'), '07:00', 'Asia/Jakarta')).subscription;
      const r1 = await store.deliveries.begin(s1.id, '2026-11-23', [{ index: 0, payload: 'a' }, { index: 1, payload: 'b' }]);
      const r2 = await store.deliveries.begin(s2.id, '2026-11-23', [{ index: 0, payload: 'c' }]);
      await store.deliveries.markPartSent(r1.id, 0, '77');
      expect((await store.deliveries.find(s1.id, '2026-11-23'))?.parts.map((p) => [p.state, p.messageId])).toEqual([['sent', '77'], ['pending', null]]);
      expect((await store.deliveries.unfinished()).map((r) => r.id)).toEqual([r1.id, r2.id]);
      await store.deliveries.finish(r2.id, 'failed', 'chat unavailable: blocked');
      expect(await store.deliveries.find(s2.id, '2026-11-23')).toMatchObject({ state: 'failed', reason: 'chat unavailable: blocked' });
      await store.deliveries.markPartFailed(r1.id, 1, 'exhausted: 5xx');
      await store.deliveries.markPartFailed(r1.id, 0, 'late failure of a sent part');
      expect((await store.deliveries.find(s1.id, '2026-11-23'))?.parts.map((p) => p.state)).toEqual(['sent', 'failed']);
      await store.deliveries.markPartSent(r1.id, 1, '78');
      await store.deliveries.finish(r1.id, 'done', null);
      expect(await store.deliveries.unfinished()).toEqual([]);
      expect((await store.deliveries.recent(1)).map((r) => r.id)).toEqual([r2.id]);
    });

    test('unknown deliveries and parts are StoreErrors', async () => {
      const { store } = await row.fresh();
      const s = (await store.subscriptions.subscribe(chat('1'), '07:00', 'Asia/Jakarta')).subscription;
      const r = await store.deliveries.begin(s.id, '2026-11-23', [{ index: 0, payload: 'a' }]);
      await expect(store.deliveries.markPartSent(r.id, 5, 'x')).rejects.toBeInstanceOf(StoreError);
      await expect(store.deliveries.markPartFailed(r.id + 100, 0, 'x')).rejects.toBeInstanceOf(StoreError);
      await expect(store.deliveries.finish(r.id + 100, 'done', null)).rejects.toBeInstanceOf(StoreError);
      await expect(store.deliveries.begin(s.id + 100, '2026-11-23', [])).rejects.toBeInstanceOf(StoreError);
    });
  });

  describe('feed state and page attempts', () => {
    const state = (url: string, more: Partial<FeedState> = {}): FeedState => ({
      url, etag: null, lastModified: null, failures: 0, nextAttemptAt: null, disabled: false, lastError: null, lastSuccessAt: null, ...more,
    });

    test('put replaces the whole state; list by URL', async () => {
      const { store } = await row.fresh();
      await store.feedStates.putFeedState(state('https://b.example/rss', { etag: '"e1"', failures: 2, disabled: true, lastError: 'HTTP 500' }));
      await store.feedStates.putFeedState(state('https://a.example/rss', { lastModified: 'Tue, 01 Dec 2026 00:00:00 GMT' }));
      expect(await store.feedStates.getFeedState('https://b.example/rss')).toEqual(state('https://b.example/rss', { etag: '"e1"', failures: 2, disabled: true, lastError: 'HTTP 500' }));
      await store.feedStates.putFeedState(state('https://b.example/rss', { lastSuccessAt: '2026-12-01T00:00:00.000Z' }));
      expect(await store.feedStates.getFeedState('https://b.example/rss')).toEqual(state('https://b.example/rss', { lastSuccessAt: '2026-12-01T00:00:00.000Z' }));
      expect((await store.feedStates.listFeedStates()).map((s) => s.url)).toEqual(['https://a.example/rss', 'https://b.example/rss']);
      expect(await store.feedStates.getFeedState('https://none.example/')).toBeNull();
    });

    test('page attempts are keyed by canonical URL', async () => {
      const { store } = await row.fresh();
      expect(await store.pageAttempts.pageAttempt('https://x.example/a')).toBeNull();
      await store.pageAttempts.recordPageFailure('https://x.example/a/?utm_source=feed', { failures: 1, nextAttemptAt: '2026-12-01T01:00:00.000Z', lastError: 'timeout' });
      expect(await store.pageAttempts.pageAttempt('https://x.example/a')).toEqual({ failures: 1, nextAttemptAt: '2026-12-01T01:00:00.000Z', lastError: 'timeout' });
      await store.pageAttempts.recordPageFailure('https://x.example/a', { failures: 2, nextAttemptAt: null, lastError: 'HTTP 404' });
      expect(await store.pageAttempts.pageAttempt('https://x.example/a/')).toEqual({ failures: 2, nextAttemptAt: null, lastError: 'HTTP 404' });
      expect(await store.pageAttempts.pageAttempt('not a url')).toBeNull();
    });
  });

  describe('chat sources', () => {
    test('operator feeds stay operator; chat feeds the operator imports become operator; listed operator first', async () => {
      const { store } = await row.fresh();
      await store.sources.putFeed({ url: 'https://op.example/rss', name: 'Operator', origin: 'operator', siteUrl: null });
      await store.sources.putFeed({ url: 'https://op.example/rss', name: 'Nama chat', origin: 'chat', siteUrl: 'https://op.example/' });
      await store.sources.putFeed({ url: 'https://chat.example/rss', name: 'antara', origin: 'chat', siteUrl: null });
      await store.sources.putFeed({ url: 'https://z.example/rss', name: 'Zeta', origin: 'chat', siteUrl: null });
      expect(await store.sources.listFeeds()).toEqual([
        { url: 'https://op.example/rss', name: 'Operator', origin: 'operator', siteUrl: 'https://op.example/' },
        { url: 'https://chat.example/rss', name: 'antara', origin: 'chat', siteUrl: null },
        { url: 'https://z.example/rss', name: 'Zeta', origin: 'chat', siteUrl: null },
      ]);
      await store.sources.putFeed({ url: 'https://chat.example/rss', name: 'Antara', origin: 'operator', siteUrl: null });
      expect((await store.sources.listFeeds()).find((f) => f.url === 'https://chat.example/rss')).toMatchObject({ origin: 'operator', name: 'Antara' });
      expect(await store.sources.deleteFeed('https://z.example/rss')).toBe(false);
      expect(await store.sources.deleteFeed('https://op.example/rss')).toBe(true);
    });

    test('an operator import stores every feed in one go; with replace, operator feeds not listed go, chat feeds stay', async () => {
      const { store } = await row.fresh();
      await store.sources.putFeed({ url: 'https://old.example/rss', name: 'Lama', origin: 'operator', siteUrl: null });
      await store.sources.putFeed({ url: 'https://chat.example/rss', name: 'Chat', origin: 'chat', siteUrl: null });
      const list = [
        { url: 'https://a.example/rss', name: 'A', origin: 'operator' as const, siteUrl: 'https://a.example/' },
        { url: 'https://b.example/rss', name: 'B', origin: 'operator' as const, siteUrl: null },
      ];
      expect(await store.sources.importOperatorFeeds(list, false)).toBe(0);
      expect((await store.sources.listFeeds()).map((f) => f.url)).toEqual(['https://a.example/rss', 'https://b.example/rss', 'https://old.example/rss', 'https://chat.example/rss']);
      expect(await store.sources.importOperatorFeeds(list.slice(0, 1), true)).toBe(2);
      expect((await store.sources.listFeeds()).map((f) => f.url)).toEqual(['https://a.example/rss', 'https://chat.example/rss']);
    });

    test('choices are per subscription and replaced whole; chat feeds of inactive chats are not polled', async () => {
      const { store } = await row.fresh();
      const a = (await store.subscriptions.subscribe(chat('1'), '07:00', 'Asia/Jakarta')).subscription;
      const b = (await store.subscriptions.subscribe(chat('2'), '07:00', 'Asia/Jakarta')).subscription;
      await store.sources.putFeed({ url: 'https://mine.example/rss', name: 'Mine', origin: 'chat', siteUrl: null });
      expect(await store.sources.choiceOf(a.id)).toEqual({ chosen: false, feeds: [] });
      await store.sources.setChoice(a.id, { chosen: true, feeds: [{ url: 'https://op.example/rss', added: false }, { url: 'https://mine.example/rss', added: true }] });
      expect(await store.sources.choiceOf(a.id)).toEqual({ chosen: true, feeds: [{ url: 'https://mine.example/rss', added: true }, { url: 'https://op.example/rss', added: false }] });
      expect(await store.sources.choiceOf(b.id)).toEqual({ chosen: false, feeds: [] });
      expect(await store.sources.followedChatFeeds()).toEqual(['https://mine.example/rss']);
      await store.subscriptions.unsubscribe(chat('1'), 'unsubscribed');
      expect(await store.sources.followedChatFeeds()).toEqual([]);
      await store.sources.setChoice(a.id, { chosen: false, feeds: [] });
      expect(await store.sources.choiceOf(a.id)).toEqual({ chosen: false, feeds: [] });
    });

    test('articles are linked to every feed that brought them (by canonical link), within a window', async () => {
      const { store } = await row.fresh();
      await store.articles.saveArticles([
        article({ id: 'in', url: 'https://news.example/a', publishedAt: '2026-11-20T03:00:00Z' }),
        article({ id: 'out', url: 'https://news.example/b', publishedAt: '2026-11-25T03:00:00Z' }),
      ]);
      await store.sources.linkArticles('https://feed-one.example/rss', ['https://news.example/a?utm_medium=rss', 'https://news.example/b', 'https://news.example/none']);
      await store.sources.linkArticles('https://feed-two.example/rss', ['https://news.example/a/']);
      await store.sources.linkArticles('https://feed-two.example/rss', ['https://news.example/a/']);
      const feeds = await store.sources.articleFeeds({ from: '2026-11-20', to: '2026-11-21' });
      expect([...feeds.keys()]).toEqual(['in']);
      expect([...(feeds.get('in') ?? [])].sort()).toEqual(['https://feed-one.example/rss', 'https://feed-two.example/rss']);
      expect((await store.sources.articleFeeds({ from: null, to: null })).size).toBe(2);
    });
  });
});
