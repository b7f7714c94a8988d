/**
 * Digests from the store: the window a daily digest or a `/digest` covers, built once per window
 * and reused by every subscription that shares it (a fan-out to 10,000 chats builds one digest).
 */
import {
  buildDigest,
  digestStats,
  compileTopicFilter,
  isEmptyFilter,
  matchText,
  storyPasses,
  type MatchText,
} from '../core/digest/index.ts';
import type { SpeakerDirectory } from '../core/speakers/index.ts';
import type { Digest, ExtractedArticle } from '../core/model/index.ts';
import type { Document } from '../format/document.ts';
import { digestDocument, type DigestLength } from '../format/digest-document.ts';
import { zonedToInstant } from '../core/time/index.ts';
import { localDate } from './local-time.ts';
import type { NewsStore, Subscription } from './ports.ts';

/**
 * The outlets a chat's digest is built from. `key` names the selection for the cache (chats with the
 * same selection share one build); `allows` gets the feeds an article came from ([] for articles no
 * feed brought, such as the seeds).
 */
export interface SourceSelection {
  readonly key: string;
  /** Outlet names the chat chose, for the digest header; null when it follows every outlet. */
  readonly outlets: readonly string[] | null;
  allows(feeds: readonly string[]): boolean;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface DigestServiceDeps {
  readonly news: Pick<NewsStore, 'articlesIn' | 'articleCount'>;
  /** Default time zone (KILAS_TZ) of `/digest` and of windows without a subscription. */
  readonly timeZone: string;
  /** Stories a digest shows at most. Default 10. */
  readonly maxStories?: number;
  /** Digests kept in the per-window cache. Default 64. */
  readonly cacheSize?: number;
  /**
   * The stored story of every article of a window (the store's `storyIdsIn`): stories are clustered
   * once, when articles are stored, and a digest reads them, under the ids they keep across polls.
   * Articles without one yet are clustered among themselves. Default: none (every digest clusters).
   */
  readonly storyIdsIn?: (window: { from: number | null; to: number | null }) => Promise<ReadonlyMap<string, string>>;
  /**
   * A digest build that took longer than this (ms) makes commands answer from the last built
   * digest while the next one builds in the background, so no command waits for a slow build.
   * Default 250.
   */
  readonly slowBuildMs?: number;
  /** Called with the duration of each digest build, ms (metrics). */
  readonly onBuild?: (ms: number) => void;
  /** Runs a background build later (the task settles when the build has). Default `setImmediate`. */
  readonly defer?: (task: () => Promise<void>) => void;
  /** The feeds each article of a window came from (the store's `articleFeeds`). Default: none known. */
  readonly articleFeeds?: (window: { from: string | null; to: string | null }) => Promise<ReadonlyMap<string, readonly string[]>>;
  /** The outlets a subscription's digest is built from. Default: every article, for every chat. */
  readonly selectionOf?: (sub: Subscription) => Promise<SourceSelection | null>;
  /** The operator's speaker aliases, so a story names one person one way. Default: none. */
  readonly speakers?: SpeakerDirectory;
}

export interface DigestService {
  /**
   * The digest of the 24 hours before `now`, empty when nothing was published then: older stored
   * articles (or seed files loaded into the store) are never shown as today's news.
   */
  latest(now: Date): Promise<Digest>;
  /** `latest(now)` as a Document in `length` (default ringkas); an empty day says there is no news. */
  latestDocument(now: Date, length?: DigestLength): Promise<Document>;
  /**
   * The daily digest of `sub` for local date `digestDate`: the 24 hours before its delivery time
   * that day. Null when the window holds no story (the delivery is skipped, not sent empty).
   */
  dailyDocument(sub: Subscription, digestDate: string): Promise<Document | null>;
  /** Stories in the 24 hours before `now` (for /status). */
  storiesToday(now: Date): Promise<number>;
  /**
   * `latestDocument` for commands: when builds are slow and a digest was built before, answers at
   * once from it while a fresh one builds in the background; otherwise builds now.
   */
  answerDocument(now: Date, length?: DigestLength): Promise<Document>;
  /** `storiesToday` for commands, from the last built digest in the same way. */
  answerStoriesToday(now: Date): Promise<number>;
}

/** The instant `time` ("HH:MM") is reached on local date `date` in `timeZone`. */
export function deliveryInstant(date: string, time: string, timeZone: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return new Date(zonedToInstant(y, m, d, hour, minute, timeZone));
}

export function createDigestService(deps: DigestServiceDeps): DigestService {
  const maxStories = deps.maxStories ?? 10;
  const cacheSize = deps.cacheSize ?? 64;
  // Builds by window, also while they run: concurrent requests for one window share one build.
  const cache = new Map<string, Promise<Digest>>();
  const slowBuildMs = deps.slowBuildMs ?? 250;
  const defer = deps.defer ?? ((task: () => Promise<void>) => void setImmediate(() => void task()));
  let lastBuildMs = 0;
  let lastLatest: Digest | null = null;
  let rebuilding = false;
  // Folded full text of every article of a cached digest, for topic filters: a topic matches what the
  // articles say, not only the few sentences a story shows.
  const texts = new WeakMap<Digest, Map<string, MatchText>>();

  const digestOf = async (from: Date | null, to: Date | null, timeZone: string, date: string | null, selection: SourceSelection | null = null): Promise<Digest> => {
    const window = { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null };
    // Articles are only ever added: the count tells a cached digest from a stale one.
    const key = `${window.from}|${window.to}|${timeZone}|${date}|${await deps.news.articleCount()}|${selection?.key ?? '*'}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const build = buildWindow(window, { from, to, timeZone, date, selection });
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(key, build);
    // A failed build is not kept: the next request tries again.
    build.catch(() => cache.get(key) === build && cache.delete(key));
    return build;
  };

  const buildWindow = async (
    window: { from: string | null; to: string | null },
    at: { from: Date | null; to: Date | null; timeZone: string; date: string | null; selection: SourceSelection | null },
  ): Promise<Digest> => {
    const started = performance.now();
    const { digest, items } = await windowDigest(deps, window, at, maxStories);
    texts.set(digest, new Map(items.map((i) => [i.article.id, matchText([i.article.title ?? '', ...i.article.paragraphs].join('\n'))])));
    lastBuildMs = performance.now() - started;
    deps.onBuild?.(lastBuildMs);
    return digest;
  };

  // The last day up to the current minute: /status and /digest in the same minute share one build
  // instead of clustering the day again for every command.
  const lastDay = (now: Date, timeZone: string) => {
    const end = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    return digestOf(new Date(end.getTime() - DAY_MS), end, timeZone, localDate(end, timeZone));
  };

  const latest = async (now: Date): Promise<Digest> => {
    lastLatest = await lastDay(now, deps.timeZone);
    return lastLatest;
  };

  /** The latest digest for a command: fresh when builds are quick, else the last one while a new one builds. */
  const forCommand = async (now: Date): Promise<Digest> => {
    if (lastLatest === null || lastBuildMs <= slowBuildMs) return latest(now);
    if (!rebuilding) {
      rebuilding = true;
      // A failed background build leaves the last digest in place; the next command tries again.
      defer(() =>
        latest(now).then(
          () => {
            rebuilding = false;
          },
          () => {
            rebuilding = false;
          },
        ),
      );
    }
    return lastLatest;
  };

  return {
    latest,
    async latestDocument(now, length = 'ringkas') {
      return digestDocument(await latest(now), { length });
    },
    async dailyDocument(sub, digestDate) {
      const end = deliveryInstant(digestDate, sub.time, sub.timeZone);
      const selection = (await deps.selectionOf?.(sub)) ?? null;
      const digest = await digestOf(new Date(end.getTime() - DAY_MS), end, sub.timeZone, digestDate, selection);
      return chatDigestDocument(digest, texts.get(digest), sub, selection);
    },
    async storiesToday(now) {
      return (await lastDay(now, deps.timeZone)).stories.length;
    },
    async answerDocument(now, length = 'ringkas') {
      return digestDocument(await forCommand(now), { length });
    },
    async answerStoriesToday(now) {
      return (await forCommand(now)).stories.length;
    },
  };
}

/**
 * A chat's daily digest: the stories of `digest` that pass the chat's topics (matched against the
 * full text of their articles), in the chat's length, with a note of its filters; null when none pass.
 */
function chatDigestDocument(
  digest: Digest,
  articleText: ReadonlyMap<string, MatchText> | undefined,
  sub: Subscription,
  selection: SourceSelection | null,
): Document | null {
  const filter = compileTopicFilter(sub.topics);
  const stories = isEmptyFilter(filter)
    ? digest.stories
    : digest.stories.filter((s) => storyPasses(filter, s.articleIds.flatMap((id) => articleText?.get(id) ?? [])));
  if (stories.length === 0) return null;
  const note = { topics: [...filter.include, ...filter.exclude].map((t) => t.source), outlets: selection?.outlets ?? null };
  // Every figure is counted again over the stories that passed the filter.
  return digestDocument(stories === digest.stories ? digest : { ...digest, stories, stats: digestStats(stories) }, {
    filter: note,
    length: sub.length,
  });
}

/** The articles of a window (those of the chat's outlets), clustered into its digest. */
async function windowDigest(
  deps: DigestServiceDeps,
  window: { from: string | null; to: string | null },
  at: { from: Date | null; to: Date | null; timeZone: string; date: string | null; selection: SourceSelection | null },
  maxStories: number,
): Promise<{ digest: Digest; items: readonly ExtractedArticle[] }> {
  const { from, to, timeZone, date, selection } = at;
  // The store already chose the window (undated articles count from when they were stored), so the
  // core sees every article it returned. An undated article read from a file (a seed loaded into the
  // store) has no day: it is no day's news.
  let items = (await deps.news.articlesIn(window)).filter((i) => i.article.date !== null || i.article.publishedAt !== null || i.article.source.file === null);
  if (selection !== null) {
    const feeds = (await deps.articleFeeds?.(window)) ?? new Map<string, readonly string[]>();
    items = items.filter((i) => selection.allows(feeds.get(i.article.id) ?? []));
  }
  const stored = await deps.storyIdsIn?.({ from: from?.getTime() ?? null, to: to?.getTime() ?? null });
  const built = buildDigest(items, {
    timeZone,
    window: { from: null, to: null },
    date,
    maxStories,
    now: window.to,
    ...(stored ? { storyOf: (id: string) => stored.get(id) ?? null } : {}),
    ...(deps.speakers ? { speakers: deps.speakers } : {}),
  });
  return { digest: { ...built, window }, items };
}
