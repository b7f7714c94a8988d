/** An in-memory `FeedStateStore` for tests: the real port, no database. */
import type { FeedState, FeedStateStore } from '../../src/sources/feed-state.ts';

export interface MemoryFeedStateStore extends FeedStateStore {
  readonly states: Map<string, FeedState>;
  /** Every state written, in order, so tests can see the history of one feed. */
  readonly writes: FeedState[];
}

export function createMemoryFeedStateStore(initial: readonly FeedState[] = []): MemoryFeedStateStore {
  const states = new Map(initial.map((s) => [s.url, s] as const));
  const writes: FeedState[] = [];
  return {
    states,
    writes,
    getFeedState: async (url) => states.get(url) ?? null,
    putFeedState: async (state) => {
      states.set(state.url, state);
      writes.push(state);
    },
  };
}
