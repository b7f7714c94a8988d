/**
 * Keeping the stored stories current: after an ingest, the articles of a recent window are clustered
 * once (the core's `clusterStories`) and the result folded into the store, which keeps each story's
 * id across polls. One clustering per ingest run, never per item: its cost grows with the window.
 */
import { clusterStories, type ClusterOptions } from '../core/stories.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { StorySaveResult, StoryStore } from '../store/story-store.ts';

const DAY_MS = 86_400_000;

/** Which stored articles are re-clustered; every field but `now` has a written default. */
export interface StoryWindow {
  /** The clock the window ends at. */
  readonly now: () => Date;
  /**
   * Days before `now` whose articles are clustered (articles dated after `now` are included too:
   * a wrong zone must not hide them). Undated articles count from when they were stored. Default 3,
   * the clustering's own `windowDays`: an article further back could not join a new one anyway.
   */
  readonly days?: number;
  /** Tuning handed to `clusterStories`. Default: its defaults. */
  readonly cluster?: ClusterOptions;
}

export const STORY_WINDOW_DEFAULTS = { days: 3, cluster: {} } satisfies Required<Omit<StoryWindow, 'now'>>;

/** What one `assignStories` did. */
export interface StoryAssignment extends StorySaveResult {
  /** Articles in the window that were clustered. */
  readonly articles: number;
  /** Stories (clusters) found among them. */
  readonly stories: number;
}

/**
 * Clusters the stored articles of the window and stores the result: an article already in a story
 * keeps it (a new outlet's article joins it; two stories bridged by an article merge into the
 * older), new events get new stories. Idempotent: a second call without new articles changes nothing.
 * @throws StoreError when the store cannot be read or written.
 * @example assignStories(store, { now: clock })
 */
export function assignStories(
  store: Pick<ArticleStore, 'articlesIn'> & Pick<StoryStore, 'saveStoryClusters'>,
  window: StoryWindow,
): StoryAssignment {
  const days = window.days ?? STORY_WINDOW_DEFAULTS.days;
  const from = new Date(window.now().getTime() - days * DAY_MS).toISOString();
  const items = store.articlesIn({ from, to: null });
  if (items.length === 0) return { articles: 0, stories: 0, created: 0, merged: 0, moved: 0, updated: 0 };
  const clusters = clusterStories(items, window.cluster ?? STORY_WINDOW_DEFAULTS.cluster);
  return { articles: items.length, stories: clusters.length, ...store.saveStoryClusters(clusters) };
}
