/**
 * Keeping the stored stories current. Stories are decided once, when articles are stored: an
 * assigner keeps the recent window's articles indexed (the core's story index, warmed once from the
 * store) and each ingest run assigns only the articles that have no story yet, so a poll costs in
 * proportion to what it brought. A one-off back-fill of older articles (seed files, a database from
 * before stories were kept) clusters each of their ranges once (`clusterStories`).
 */
import { clusterStories, createStoryIndex, type ClusterOptions, type StoryIndex } from '../core/stories/index.ts';
import { EMPTY_DIRECTORY, resolveStorySpeakers, type SpeakerDirectory } from '../core/speakers/index.ts';
import type { ExtractedArticle } from '../core/model/index.ts';
import type { ArticleStore, QuoteSpeakerChange, StoryCluster, StorySaveResult, StoryStore } from '../store/ports.ts';

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

/** The ports an assigner reads and writes. */
export interface StoryAssignerStore {
  readonly articles: Pick<ArticleStore, 'articlesIn' | 'renameQuoteSpeakers'>;
  readonly stories: Pick<StoryStore, 'saveStoryClusters' | 'unassignedInstants' | 'saveAssignments' | 'storyIdsIn'>;
}

const NOTHING: StoryAssignment = { articles: 0, stories: 0, created: 0, merged: 0, moved: 0, updated: 0 };

/** Keeps the stories of one store current across ingest runs; see `createStoryAssigner`. */
export interface StoryAssigner {
  /**
   * Gives every article of the window that has no story one: the story it reports (a new outlet's
   * article joins it) or a new one; with `backfill` (or the window's `backfill`), also clusters
   * older articles that have none. Idempotent: nothing new changes nothing. Calls made while one
   * runs wait for it (the window's index must see each run's stories before the next reads).
   * @throws StoreError when the store cannot be read or written.
   */
  assign(options?: { readonly backfill?: boolean }): Promise<StoryAssignment>;
}

/**
 * An assigner over `store`. The first `assign` indexes the window's stored articles with their
 * stories (one read of the window); later ones read only the articles without a story.
 * @example const stories = createStoryAssigner(store, { now: clock }); await stories.assign();
 */
export function createStoryAssigner(store: StoryAssignerStore, window: StoryWindow): StoryAssigner {
  const o = { ...STORY_WINDOW_DEFAULTS, ...window };
  const span = o.days * DAY_MS;
  let index: StoryIndex | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const assignWindow = async (from: number): Promise<StoryAssignment> => {
    const bound = { from: new Date(from).toISOString(), to: null };
    let pending;
    if (index === null) {
      const known = await store.stories.storyIdsIn({ from, to: null });
      pending = (await store.articles.articlesIn(bound)).map((item) => ({ item, storyId: known.get(item.article.id) ?? null }));
      index = createStoryIndex(o.cluster);
    } else {
      index.evictBefore(from);
      pending = (await store.articles.articlesIn({ ...bound, unassignedOnly: true })).map((item) => ({ item, storyId: null }));
    }
    if (pending.length === 0) return NOTHING;
    const windowIndex = index;
    const decided = windowIndex.add(pending).filter((r) => r.decided);
    if (decided.length === 0) return NOTHING;
    const saved = await store.stories.saveAssignments(decided);
    // The stories that changed name each person one way across their articles.
    const touched = [...new Set(decided.map((d) => d.storyId))].map((id) => windowIndex.membersOf(id));
    await store.articles.renameQuoteSpeakers(speakerChanges(touched.flat(), touched.map((m) => ({ articleIds: m.map((i) => i.article.id) })), o.speakers));
    return { articles: decided.length, stories: new Set(decided.map((d) => d.storyId)).size, ...saved };
  };

  const run = async (backfill: boolean): Promise<StoryAssignment> => {
    const from = o.now().getTime() - span;
    const total = await assignWindow(from);
    return backfill ? add(total, await backfillBefore(store, o, from)) : total;
  };

  return {
    assign(options = {}) {
      const result = queue.then(() => run(options.backfill ?? o.backfill));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

/** Older articles without a story, each range once and clipped to before the window `from`. */
async function backfillBefore(store: StoryAssignerStore, o: Required<Omit<StoryWindow, 'now'>>, from: number): Promise<StoryAssignment> {
  const span = o.days * DAY_MS;
  const ranges = (await store.stories.unassignedInstants(o.backfillLimit)).map((ms) => ({ from: ms - span, to: Math.min(from, ms + span + 1) }));
  const clusters: StoryCluster[] = [];
  let articles = 0;
  for (const range of mergeRanges(ranges.filter((r) => r.from < r.to))) {
    const items = await store.articles.articlesIn({ from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() });
    articles += items.length;
    if (items.length === 0) continue;
    const found = clusterStories(items, o.cluster);
    clusters.push(...found);
    await store.articles.renameQuoteSpeakers(speakerChanges(items, found, o.speakers));
  }
  if (clusters.length === 0) return NOTHING;
  const saved = await store.stories.saveStoryClusters(clusters);
  return { articles, stories: clusters.length, ...saved };
}

function add(a: StoryAssignment, b: StoryAssignment): StoryAssignment {
  return {
    articles: a.articles + b.articles,
    stories: a.stories + b.stories,
    created: a.created + b.created,
    merged: a.merged + b.merged,
    moved: a.moved + b.moved,
    updated: a.updated + b.updated,
  };
}

/**
 * One assignment run with a fresh assigner (a one-off process such as `kilas ingest`): the window's
 * articles without a story get one, older ones too with `backfill`.
 * @throws StoreError when the store cannot be read or written.
 * @example await assignStories(store, { now: clock, backfill: true })
 */
export function assignStories(store: StoryAssignerStore, window: StoryWindow): Promise<StoryAssignment> {
  return createStoryAssigner(store, window).assign();
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
