import { describe, expect, test } from 'vitest';
import type { FeedState } from '../../src/sources/feed-state.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();

const states: FeedState[] = [
  {
    url: 'https://news.example.com/rss',
    etag: 'W/"abc"',
    lastModified: 'Mon, 23 Nov 2026 06:00:00 GMT',
    failures: 0,
    nextAttemptAt: null,
    disabled: false,
    lastError: null,
    lastSuccessAt: '2026-11-23T06:00:00.000Z',
  },
  {
    url: 'https://broken.example.com/feed',
    etag: null,
    lastModified: null,
    failures: 4,
    nextAttemptAt: '2026-11-23T07:20:00.000Z',
    disabled: true,
    lastError: 'HTTP 500',
    lastSuccessAt: null,
  },
];

describe('feed state store', () => {
  test.each(states)('round trip of $url, also after re-opening', async (state) => {
    const path = temp.current.file();
    const store = openSqliteStore(path);
    expect(await store.feedStates.getFeedState(state.url)).toBeNull();
    await store.feedStates.putFeedState(state);
    expect(await store.feedStates.getFeedState(state.url)).toEqual(state);
    await store.close();
    const again = openSqliteStore(path);
    expect(await again.feedStates.getFeedState(state.url)).toEqual(state);
    await again.close();
  });

  test('put replaces the whole state', async () => {
    const store = openSqliteStore(temp.current.file());
    const [ok, broken] = states as [FeedState, FeedState];
    await store.feedStates.putFeedState({ ...broken, url: ok.url });
    await store.feedStates.putFeedState(ok);
    expect(await store.feedStates.getFeedState(ok.url)).toEqual(ok);
    await store.feedStates.putFeedState(broken);
    expect((await store.feedStates.listFeedStates()).map((s) => s.url)).toEqual([broken.url, ok.url]);
    await store.close();
  });
});
