/** Feeds, per-chat source choices and article-feed links in SQLite. */
import { describe, expect, test } from 'vitest';
import type { ChatRef } from '../../src/bot/ports.ts';
import { openStore } from '../../src/store/sqlite-store.ts';
import { article, fixedClock, tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();
const chatA: ChatRef = { platform: 'telegram', chatId: '1', threadId: null };
const chatB: ChatRef = { platform: 'discord', chatId: '2', threadId: null };

describe('source store', () => {
  test('an operator feed stays operator when a chat adds the same URL; a chat feed the operator imports becomes operator', () => {
    const store = openStore(temp.current.file(), { now: fixedClock().now });
    store.sources.putFeed({ url: 'https://op.example/rss', name: 'Operator', origin: 'operator', siteUrl: null });
    store.sources.putFeed({ url: 'https://op.example/rss', name: 'Nama chat', origin: 'chat', siteUrl: 'https://op.example/' });
    store.sources.putFeed({ url: 'https://chat.example/rss', name: 'Chat', origin: 'chat', siteUrl: null });
    store.sources.putFeed({ url: 'https://chat.example/rss', name: 'Resmi', origin: 'operator', siteUrl: null });
    expect(store.sources.listFeeds()).toEqual([
      { url: 'https://op.example/rss', name: 'Operator', origin: 'operator', siteUrl: 'https://op.example/' },
      { url: 'https://chat.example/rss', name: 'Resmi', origin: 'operator', siteUrl: null },
    ].sort((a, b) => a.name.localeCompare(b.name)));
    expect(store.sources.deleteFeed('https://chat.example/rss')).toBe(true);
    expect(store.sources.deleteFeed('https://nope.example/rss')).toBe(false);
  });

  test('choices are per subscription, replaced whole, and survive reopening; chat feeds of inactive chats are not polled', () => {
    const path = temp.current.file();
    const store = openStore(path, { now: fixedClock().now });
    const a = store.subscribe(chatA, '07:00', 'Asia/Makassar').subscription;
    const b = store.subscribe(chatB, '06:30', 'Asia/Jakarta').subscription;
    store.sources.putFeed({ url: 'https://shared.example/rss', name: 'Bersama', origin: 'chat', siteUrl: null });
    store.sources.setChoice(a.id, { chosen: true, feeds: [{ url: 'https://op.example/rss', added: false }, { url: 'https://shared.example/rss', added: true }] });
    store.sources.setChoice(b.id, { chosen: false, feeds: [{ url: 'https://shared.example/rss', added: true }] });
    expect(store.sources.choiceOf(a.id)).toEqual({ chosen: true, feeds: [{ url: 'https://op.example/rss', added: false }, { url: 'https://shared.example/rss', added: true }] });
    // Polled once, however many chats follow it.
    expect(store.sources.followedChatFeeds()).toEqual(['https://shared.example/rss']);
    store.unsubscribe(chatA, 'unsubscribed');
    expect(store.sources.followedChatFeeds()).toEqual(['https://shared.example/rss']);
    store.unsubscribe(chatB, 'unsubscribed');
    expect(store.sources.followedChatFeeds()).toEqual([]);
    store.sources.setChoice(a.id, { chosen: false, feeds: [] });
    store.close();
    const reopened = openStore(path, { now: fixedClock().now });
    expect(reopened.sources.choiceOf(a.id)).toEqual({ chosen: false, feeds: [] });
    expect(reopened.sources.choiceOf(b.id).feeds).toHaveLength(1);
    reopened.close();
  });

  test('articles are linked to every feed that brought them (by canonical link), within a window', () => {
    const store = openStore(temp.current.file(), { now: fixedClock().now });
    store.saveArticles([
      article({ id: 'a1', url: 'https://berita.example/a1?utm_source=rss', publishedAt: '2026-11-22T03:00:00Z' }),
      article({ id: 'a2', url: 'https://berita.example/a2', publishedAt: '2026-11-20T03:00:00Z' }),
    ]);
    store.sources.linkArticles('https://feed-1.example/rss', ['https://berita.example/a1', 'https://berita.example/a2', 'https://tidak-ada.example/x']);
    store.sources.linkArticles('https://feed-2.example/rss', ['https://berita.example/a1#komentar']);
    store.sources.linkArticles('https://feed-2.example/rss', ['https://berita.example/a1']);
    const day = store.sources.articleFeeds({ from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' });
    expect([...day.entries()].map(([id, feeds]) => [id, [...feeds].sort()])).toEqual([['a1', ['https://feed-1.example/rss', 'https://feed-2.example/rss']]]);
    expect(store.sources.articleFeeds({ from: null, to: null }).get('a2')).toEqual(['https://feed-1.example/rss']);
  });
});
