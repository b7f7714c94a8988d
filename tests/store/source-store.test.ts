/** Feeds, per-chat source choices and article-feed links in SQLite. */
import { describe, expect, test } from 'vitest';
import type { ChatRef } from '../../src/bot/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { article, fixedClock, tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();
const chatA: ChatRef = { platform: 'telegram', chatId: '1', threadId: null };
const chatB: ChatRef = { platform: 'discord', chatId: '2', threadId: null };

describe('source store', () => {
  test('an operator feed stays operator when a chat adds the same URL; a chat feed the operator imports becomes operator', async () => {
    const store = openSqliteStore(temp.current.file(), { now: fixedClock().now });
    await store.sources.putFeed({ url: 'https://op.example/rss', name: 'Operator', origin: 'operator', siteUrl: null });
    await store.sources.putFeed({ url: 'https://op.example/rss', name: 'Nama chat', origin: 'chat', siteUrl: 'https://op.example/' });
    await store.sources.putFeed({ url: 'https://chat.example/rss', name: 'Chat', origin: 'chat', siteUrl: null });
    await store.sources.putFeed({ url: 'https://chat.example/rss', name: 'Resmi', origin: 'operator', siteUrl: null });
    expect(await store.sources.listFeeds()).toEqual([
      { url: 'https://op.example/rss', name: 'Operator', origin: 'operator', siteUrl: 'https://op.example/' },
      { url: 'https://chat.example/rss', name: 'Resmi', origin: 'operator', siteUrl: null },
    ].sort((a, b) => a.name.localeCompare(b.name)));
    expect(await store.sources.deleteFeed('https://chat.example/rss')).toBe(true);
    expect(await store.sources.deleteFeed('https://nope.example/rss')).toBe(false);
  });

  test('choices are per subscription, replaced whole, and survive reopening; chat feeds of inactive chats are not polled', async () => {
    const path = temp.current.file();
    const store = openSqliteStore(path, { now: fixedClock().now });
    const a = (await store.subscriptions.subscribe(chatA, '07:00', 'Asia/Makassar')).subscription;
    const b = (await store.subscriptions.subscribe(chatB, '06:30', 'Asia/Jakarta')).subscription;
    await store.sources.putFeed({ url: 'https://shared.example/rss', name: 'Bersama', origin: 'chat', siteUrl: null });
    await store.sources.setChoice(a.id, { chosen: true, feeds: [{ url: 'https://op.example/rss', added: false }, { url: 'https://shared.example/rss', added: true }] });
    await store.sources.setChoice(b.id, { chosen: false, feeds: [{ url: 'https://shared.example/rss', added: true }] });
    expect(await store.sources.choiceOf(a.id)).toEqual({ chosen: true, feeds: [{ url: 'https://op.example/rss', added: false }, { url: 'https://shared.example/rss', added: true }] });
    // Polled once, however many chats follow it.
    expect(await store.sources.followedChatFeeds()).toEqual(['https://shared.example/rss']);
    await store.subscriptions.unsubscribe(chatA, 'unsubscribed');
    expect(await store.sources.followedChatFeeds()).toEqual(['https://shared.example/rss']);
    await store.subscriptions.unsubscribe(chatB, 'unsubscribed');
    expect(await store.sources.followedChatFeeds()).toEqual([]);
    await store.sources.setChoice(a.id, { chosen: false, feeds: [] });
    await store.close();
    const reopened = openSqliteStore(path, { now: fixedClock().now });
    expect(await reopened.sources.choiceOf(a.id)).toEqual({ chosen: false, feeds: [] });
    expect((await reopened.sources.choiceOf(b.id)).feeds).toHaveLength(1);
    await reopened.close();
  });

  test('articles are linked to every feed that brought them (by canonical link), within a window', async () => {
    const store = openSqliteStore(temp.current.file(), { now: fixedClock().now });
    await store.articles.saveArticles([
      article({ id: 'a1', url: 'https://berita.example/a1?utm_source=rss', publishedAt: '2026-11-22T03:00:00Z' }),
      article({ id: 'a2', url: 'https://berita.example/a2', publishedAt: '2026-11-20T03:00:00Z' }),
    ]);
    await store.sources.linkArticles('https://feed-1.example/rss', ['https://berita.example/a1', 'https://berita.example/a2', 'https://tidak-ada.example/x']);
    await store.sources.linkArticles('https://feed-2.example/rss', ['https://berita.example/a1#komentar']);
    await store.sources.linkArticles('https://feed-2.example/rss', ['https://berita.example/a1']);
    const day = await store.sources.articleFeeds({ from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' });
    expect([...day.entries()].map(([id, feeds]) => [id, [...feeds].sort()])).toEqual([['a1', ['https://feed-1.example/rss', 'https://feed-2.example/rss']]]);
    expect((await store.sources.articleFeeds({ from: null, to: null })).get('a2')).toEqual(['https://feed-1.example/rss']);
  });
});
