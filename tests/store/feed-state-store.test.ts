import { describe, expect, test } from 'vitest';
import type { FeedState } from '../../src/sources/feed-state.ts';
import { openStore } from '../../src/store/sqlite-store.ts';
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
  test.each(states)('round trip of $url, also after re-opening', (state) => {
    const path = temp.current.file();
    const store = openStore(path);
    expect(store.getFeedState(state.url)).toBeNull();
    store.putFeedState(state);
    expect(store.getFeedState(state.url)).toEqual(state);
    store.close();
    const again = openStore(path);
    expect(again.getFeedState(state.url)).toEqual(state);
    again.close();
  });

  test('put replaces the whole state', () => {
    const store = openStore(temp.current.file());
    const [ok, broken] = states as [FeedState, FeedState];
    store.putFeedState({ ...broken, url: ok.url });
    store.putFeedState(ok);
    expect(store.getFeedState(ok.url)).toEqual(ok);
    store.putFeedState(broken);
    expect(store.listFeedStates().map((s) => s.url)).toEqual([broken.url, ok.url]);
    store.close();
  });
});
