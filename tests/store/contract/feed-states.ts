/** Store contract: Per-feed polling state: whole rows, surviving a restart. */
import { describe, expect, test } from 'vitest';
import type { FeedState } from '../../../src/sources/feed-state.ts';
import type { OpenStore } from './open-store.ts';
import {  } from '../helpers.ts';


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

/** The tests of the feed state port; `open` gives each test a fresh store. */
export function feedStateContract(open: OpenStore): void {
  describe('feed state store', () => {
    test.each(states)('round trip of $url, also after re-opening', async (state) => {
      const store = await open();
      expect(await store.feedStates.getFeedState(state.url)).toBeNull();
      await store.feedStates.putFeedState(state);
      expect(await store.feedStates.getFeedState(state.url)).toEqual(state);
      await store.close();
      const again = await open();
      expect(await again.feedStates.getFeedState(state.url)).toEqual(state);
      await again.close();
    });

    test('put replaces the whole state', async () => {
      const store = await open();
      const [ok, broken] = states as [FeedState, FeedState];
      await store.feedStates.putFeedState({ ...broken, url: ok.url });
      await store.feedStates.putFeedState(ok);
      expect(await store.feedStates.getFeedState(ok.url)).toEqual(ok);
      await store.feedStates.putFeedState(broken);
      expect((await store.feedStates.listFeedStates()).map((s) => s.url)).toEqual([broken.url, ok.url]);
      await store.close();
    });
  });
}
