/** Each chat's outlets over an in-memory source store: choices, added feeds, imports and the digest selection. */
import { describe, expect, test } from 'vitest';
import { createChatSources, outletId } from '../../src/bot/chat-sources.ts';
import type { ChatSourcesDeps } from '../../src/bot/chat-sources.ts';
import type { Subscription } from '../../src/bot/ports.ts';
import { createMemorySourceStore } from '../helpers/memory-stores.ts';

const OP = ['https://a.example/rss', 'https://b.example/rss', 'https://c.example/rss'];
const sub = (id: number): Subscription => ({
  id,
  chat: { platform: 'telegram', chatId: String(id), threadId: null },
  time: '07:00',
  timeZone: 'Asia/Jakarta',
  topics: [],
  length: 'ringkas',
  active: true,
  inactiveReason: null,
  createdAt: '2026-11-01T00:00:00Z',
});

function setup(over: Partial<ChatSourcesDeps> = {}) {
  const checked: string[] = [];
  const sources = createChatSources({
    store: createMemorySourceStore(),
    configuredFeeds: () => OP.map((url, i) => ({ url, name: `Media ${'ABC'[i]}` })),
    checkFeed: async (url) => {
      checked.push(url);
      if (url.includes('bukan-feed')) throw new Error('not a readable feed: Feed not recognized');
      return { title: `Judul ${new URL(url).hostname}` };
    },
    chatFeedsEnabled: true,
    maxFeedsPerChat: 2,
    ...over,
  });
  return { sources, checked };
}

const following = async (s: ReturnType<typeof setup>['sources'], sub: Subscription) => (await s.outlets(sub)).filter((o) => o.following).map((o) => o.name);

describe('chat sources', () => {
  test('a new chat follows every operator outlet and its digest is not narrowed', async () => {
    const { sources } = setup();
    expect(await following(sources, sub(1))).toEqual(['Media A', 'Media B', 'Media C']);
    expect(await sources.selectionOf(sub(1))).toBeNull();
  });

  test('toggling from "all" follows all but one; "all" again follows new outlets too', async () => {
    const { sources } = setup();
    await sources.toggle(sub(1), outletId(OP[1]!));
    expect(await following(sources, sub(1))).toEqual(['Media A', 'Media C']);
    const selection = (await sources.selectionOf(sub(1)))!;
    expect(selection.outlets).toEqual(['Media A', 'Media C']);
    expect(selection.allows([OP[0]!])).toBe(true);
    expect(selection.allows([OP[1]!])).toBe(false);
    expect(selection.allows([OP[1]!, OP[2]!])).toBe(true);
    // Articles no feed brought (seeds) are not an outlet the chat chose.
    expect(selection.allows([])).toBe(false);
    expect(await sources.toggle(sub(1), 'unknown')).toBeNull();
    await sources.choose(sub(1), null);
    expect(await sources.selectionOf(sub(1))).toBeNull();
  });

  test('a feed one chat added reaches only that chat; another chat following all outlets does not get it', async () => {
    const { sources } = setup();
    expect(await sources.add(sub(1), 'https://komunitas.example/feed')).toMatchObject({ kind: 'added', outlet: { name: 'Judul komunitas.example', origin: 'chat' } });
    const mine = (await sources.selectionOf(sub(1)))!;
    const theirs = (await sources.selectionOf(sub(2)))!;
    expect(mine.allows(['https://komunitas.example/feed'])).toBe(true);
    expect(theirs.allows(['https://komunitas.example/feed'])).toBe(false);
    expect(theirs.allows([OP[0]!])).toBe(true);
    expect(theirs.allows([])).toBe(true);
    expect(mine.key).not.toBe(theirs.key);
    expect((await sources.pollList()).map((f) => f.origin)).toEqual(['operator', 'operator', 'operator', 'chat']);
  });

  test.each([
    ['not a URL', 'komunitas', 'invalid-url'],
    ['another scheme', 'file:///etc/passwd', 'invalid-url'],
    ['credentials', 'https://u:p@a.example/rss', 'invalid-url'],
    ['not a feed', 'https://bukan-feed.example/', 'not-a-feed'],
    ['an operator outlet already followed', OP[0]!, 'already'],
  ])('/sources tambah of %s -> %s', async (_name, url, kind) => {
    const { sources } = setup();
    expect((await sources.add(sub(1), url)).kind).toBe(kind);
  });

  test('an operator outlet the chat dropped is followed again by URL; the cap counts only added feeds; off means off', async () => {
    const { sources, checked } = setup();
    await sources.toggle(sub(1), outletId(OP[2]!));
    expect((await sources.add(sub(1), OP[2]!)).kind).toBe('followed');
    await sources.add(sub(1), 'https://x.example/rss');
    await sources.add(sub(1), 'https://y.example/rss');
    expect(await sources.add(sub(1), 'https://z.example/rss')).toEqual({ kind: 'limit', max: 2 });
    expect(checked).toEqual(['https://x.example/rss', 'https://y.example/rss']);
    const off = setup({ chatFeedsEnabled: false }).sources;
    expect((await off.add(sub(1), 'https://x.example/rss')).kind).toBe('disabled');
  });

  test('hapus removes an added feed or unfollows an outlet, by name (any case) or URL', async () => {
    const { sources } = setup();
    await sources.add(sub(1), 'https://x.example/rss');
    expect((await sources.remove(sub(1), 'judul X.EXAMPLE'))?.origin).toBe('chat');
    expect((await sources.remove(sub(1), OP[0]!))?.name).toBe('Media A');
    expect(await sources.remove(sub(1), 'media a')).toBeNull();
    expect(await following(sources, sub(1))).toEqual(['Media B', 'Media C']);
  });

  test('import: replace makes the file the list, merge adds to it; over the cap nothing changes', async () => {
    const { sources } = setup();
    const file = [
      { url: OP[1]!, title: 'B', siteUrl: null },
      { url: 'https://x.example/rss', title: 'Feed X', siteUrl: 'https://x.example/' },
      { url: 'https://bukan-feed.example/', title: 'Rusak', siteUrl: null },
    ];
    const replaced = await sources.importFeeds(sub(1), file, 'replace');
    expect(replaced).toMatchObject({ kind: 'imported', followed: ['Media B'], added: ['Feed X'], skipped: [{ url: 'https://bukan-feed.example/' }] });
    expect(await following(sources, sub(1))).toEqual(['Media B', 'Feed X']);
    await sources.importFeeds(sub(1), [{ url: OP[0]!, title: null, siteUrl: null }], 'merge');
    expect(await following(sources, sub(1))).toEqual(['Media A', 'Media B', 'Feed X']);
    const tooMany = [1, 2, 3].map((n) => ({ url: `https://n${n}.example/rss`, title: null, siteUrl: null }));
    expect(await sources.importFeeds(sub(1), tooMany, 'merge')).toEqual({ kind: 'limit', max: 2, wanted: 4 });
    expect(await following(sources, sub(1))).toEqual(['Media A', 'Media B', 'Feed X']);
  });
});
