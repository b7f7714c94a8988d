/**
 * Keeping the stored stories current: after an ingest, the articles of a recent window are clustered
 * once (the core's `clusterStories`) and the result folded into the store, which keeps each story's
 * id across polls. One clustering per ingest run, never per item: its cost grows with the window.
 */
import type { ClusterOptions } from '../core/cluster-options.ts';
import { clusterStories } from '../core/stories.ts';
import { EMPTY_DIRECTORY, type SpeakerDirectory } from '../core/speaker-directory.ts';
import { resolveStorySpeakers } from '../core/speaker-resolution.ts';
import type { ExtractedArticle } from '../core/types.ts';
import type { ArticleStore, QuoteSpeakerChange } from '../store/article-store.ts';
import type { StoryCluster, StorySaveResult, StoryStore } from '../store/story-store.ts';

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
  /**
   * Also cluster, each within `days` of its own date, stored articles that belong to no story yet
   * (seed files, an old feed item, a database from before stories were kept). For one-off loads
   * (`kilas ingest`, the first seed load); a poll leaves it off and stays one window. Default false.
   */
  readonly backfill?: boolean;
  /** Articles without a story a back-fill takes at most, newest first. Default 10,000. */
  readonly backfillLimit?: number;
  /** Tuning handed to `clusterStories`. Default: its defaults. */
  readonly cluster?: ClusterOptions;
  /** The operator's speaker aliases, for naming one person one way within each story. Default: none. */
  readonly speakers?: SpeakerDirectory;
}

export const STORY_WINDOW_DEFAULTS = {
  days: 3,
  backfill: false,
  backfillLimit: 10_000,
  cluster: {},
  speakers: EMPTY_DIRECTORY,
} satisfies Required<Omit<StoryWindow, 'now'>>;

/** What one `assignStories` did. */
export interface StoryAssignment extends StorySaveResult {
  /** Articles that were clustered. */
  readonly articles: number;
  /** Stories (clusters) found among them. */
  readonly stories: number;
}

type Store = Pick<ArticleStore, 'articlesIn' | 'renameQuoteSpeakers'> & Pick<StoryStore, 'saveStoryClusters' | 'unassignedInstants'>;

/**
 * Clusters the stored articles of the window and stores the result: an article already in a story
 * keeps it (a new outlet's article joins it; two stories bridged by an article merge into the
 * older), new events get new stories. Idempotent: a second call without new articles changes nothing.
 * @throws StoreError when the store cannot be read or written.
 * @example assignStories(store, { now: clock })
 */
export function assignStories(store: Store, window: StoryWindow): StoryAssignment {
  const o = { ...STORY_WINDOW_DEFAULTS, ...window };
  const span = o.days * DAY_MS;
  const ranges: Range[] = [{ from: o.now().getTime() - span, to: Infinity }];
  if (o.backfill) {
    for (const ms of store.unassignedInstants(o.backfillLimit)) ranges.push({ from: ms - span, to: ms + span + 1 });
  }
  let articles = 0;
  const clusters: StoryCluster[] = [];
  // Disjoint ranges never share an article, so their clusterings together are one partition.
  for (const range of mergeRanges(ranges)) {
    const items = store.articlesIn({
      from: new Date(range.from).toISOString(),
      to: range.to === Infinity ? null : new Date(range.to).toISOString(),
    });
    articles += items.length;
    if (items.length === 0) continue;
    const found = clusterStories(items, o.cluster);
    clusters.push(...found);
    store.renameQuoteSpeakers(speakerChanges(items, found, o.speakers));
  }
  if (clusters.length === 0) return { articles: 0, stories: 0, created: 0, merged: 0, moved: 0, updated: 0 };
  return { articles, stories: clusters.length, ...store.saveStoryClusters(clusters) };
}

/**
 * The quotes whose speaker the story they belong to names differently: a first name or a
 * misspelling one outlet wrote for the full name another wrote (the core decides, the store persists).
 */
function speakerChanges(items: readonly ExtractedArticle[], clusters: readonly { articleIds: readonly string[] }[], speakers: SpeakerDirectory): QuoteSpeakerChange[] {
  const byId = new Map(items.map((item) => [item.article.id, item]));
  const changes: QuoteSpeakerChange[] = [];
  for (const cluster of clusters) {
    const members = cluster.articleIds.map((id) => byId.get(id)).filter((x): x is ExtractedArticle => x !== undefined);
    const resolved = resolveStorySpeakers(members, speakers);
    resolved.forEach((item, i) => {
      if (item === members[i]) return;
      item.quotes.forEach((q, position) => {
        const before = members[i]?.quotes[position];
        if (q.speaker && q.speakerKey && (before?.speaker !== q.speaker || before.speakerKey !== q.speakerKey)) {
          changes.push({ articleId: item.article.id, position, speaker: q.speaker, speakerKey: q.speakerKey });
        }
      });
    });
  }
  return changes;
}

/** A half-open range [from, to) of instants in ms. */
interface Range {
  readonly from: number;
  readonly to: number;
}

/** Overlapping or touching ranges joined, in order. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: { from: number; to: number }[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else merged.push({ from: r.from, to: r.to });
  }
  return merged;
}
