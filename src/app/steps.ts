/**
 * Steps 1-3 of the composition root (src/app.ts calls them, nothing else does): the store and the
 * operator's feed list, the news side (ingestion, stories, feed pollers, chat sources, digests) and
 * the platform-neutral command handlers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createChatSources, type ChatSources } from '../bot/chat-sources.ts';
import { createCommandHandlers, type CommandDeps, type CommandHandlers } from '../bot/commands.ts';
import { createDigestService, type DigestService } from '../bot/digest-service.ts';
import { realSleep, type Sleep } from '../bot/pacer.ts';
import { createSourceCommands } from '../bot/source-commands.ts';
import type { Config } from '../config.ts';
import { EMPTY_DIRECTORY, type SpeakerDirectory } from '../core/speakers/index.ts';
import type { RawArticle } from '../core/model/index.ts';
import { FeedError, messageOf } from '../errors.ts';
import { quotesDocument } from '../format/quotes-document.ts';
import { id as words } from '../format/wording/id.ts';
import { createIngestService } from '../ingest/ingest-service.ts';
import { createStoryAssigner } from '../ingest/story-assignment.ts';
import type { Clock, Logger } from '../logger.ts';
import { createMetrics, type KilasMetrics } from '../ops/metrics.ts';
import { parseFeedList, type FeedSpec } from '../sources/feed-list.ts';
import { createFeedPoller, type FeedPoller } from '../sources/feed-poller.ts';
import { createFetchers, FEEDS_AT_ONCE } from '../sources/fetchers.ts';
import type { BoundedFetch } from '../sources/http-fetch.ts';
import { parseOpml, writeOpml } from '../sources/opml.ts';
import { createPageEnricher } from '../sources/page-enricher.ts';
import { createPageReader } from '../sources/page-reader.ts';
import { parseFeed } from '../sources/rss-source.ts';
import { newsOf, type NewsStore, type Store } from '../store/ports.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { pageLedgerOf } from '../sources/page-ledger.ts';
import type { CommandRateLimitOptions } from '../bot/command-rate-limit.ts';

/** What the steps take from the app's deps (StepDeps extends it). */
export interface StepDeps {
  /** Folder relative paths of the config (KILAS_DB, KILAS_SEEDS, a feed list file) resolve against. */
  readonly cwd: string;
  readonly logger: Logger;
  /** The operator's speaker aliases (`loadSpeakerAliases`, data/speakers.json). Default: none. */
  readonly speakers?: SpeakerDirectory;
  /**
   * An opened store (a PostgreSQL one: `openConfiguredStore`, which is async). Default: the SQLite
   * file of KILAS_DB, opened here. The app closes it when it stops.
   */
  readonly store?: Store;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default: real timers. */
  readonly sleep?: Sleep;
  /** Feed fetch. Default: the bounded fetch under the outbound policy and the shared host limiter. */
  readonly fetch?: BoundedFetch;
  /**
   * Fetch of feeds that chats add (checked on `/sources tambah` and `/import`, then polled). Default:
   * the bounded fetch with its defaults and its address policy, whatever the operator's own feeds allow.
   */
  readonly chatFeedFetch?: BoundedFetch;
  /** The per-user command token bucket. Default: its own defaults (5 in a burst, one more every 3 s). */
  readonly commandRateLimit?: CommandRateLimitOptions;
}

/** What every step of the composition shares. */
export interface Base {
  readonly config: Config;
  readonly deps: StepDeps;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly logger: Logger;
  readonly speakers: SpeakerDirectory;
  readonly feeds: readonly FeedSpec[];
  readonly store: Store;
  /** The store's news side (quotes, speakers, articles) as the digest and commands read it. */
  readonly newsStore: NewsStore;
  readonly metrics: KilasMetrics;
}

/** Step 1: the clock, the operator's feed list, the store (opened and migrated) and the metrics. */
export function openBase(config: Config, deps: StepDeps): Base {
  const logger = deps.logger;
  const feedList = parseFeedList(config.feeds, (path) => readFileSync(resolve(deps.cwd, path), 'utf8'));
  for (const p of feedList.problems) logger.warn('feed list entry skipped', { at: p.at, entry: p.entry, reason: p.reason });
  const clock = deps.clock ?? (() => new Date());
  const speakers = deps.speakers ?? EMPTY_DIRECTORY;
  const store: Store = deps.store ?? openSqliteStore(resolve(deps.cwd, config.dbPath), { timeZone: config.timeZone, now: clock, speakers });
  const metrics = createMetrics(() => store.articles.articleCount());
  return { config, deps, clock, sleep: deps.sleep ?? realSleep, logger, speakers, feeds: feedList.feeds, store, newsStore: newsOf(store), metrics };
}

/** What the news steps give the rest: stored articles, chats' outlets, digests and polling. */
export interface News {
  readonly sources: ChatSources;
  readonly digests: DigestService;
  readonly pollFeeds: () => Promise<void>;
  /** Polls the given feeds (those this process claimed) and updates stories. */
  readonly pollListed: (list: PollList) => Promise<void>;
  /** Assigns stories to articles stored since the last call (`backfill`: around old dates too). */
  readonly updateStories: (backfill?: boolean) => Promise<void>;
  /** Marks articles as stored but not yet in stories (seeds, a run killed before clustering). */
  readonly markUnassigned: () => void;
  readonly pageReader: { close(): Promise<void> };
}

/** The feeds one poll runs through: the chat sources' poll list. */
export type PollList = readonly Awaited<ReturnType<ChatSources['pollList']>>[number][];

/** Step 2: ingestion, stories, the two feed pollers (operator's and chats' feeds), chat sources, digests. */
export function wireNews(base: Base): News {
  const { config, store, logger, clock, speakers } = base;
  const ingest = createIngestService({ store: store.articles, timeZone: config.timeZone, logger, speakers });
  // Stories are assigned once per poll or seed load that stored something, not per feed or item, and
  // only the new articles are assigned; the seed load also back-fills around the seeds' own (older) dates.
  const stories = createStoryAssigner(store, { now: clock, speakers });
  let unassigned = false;
  const updateStories = async (backfill = false): Promise<void> => {
    if (!unassigned) return;
    unassigned = false;
    try {
      const s = await stories.assign({ backfill });
      logger.info('stories updated', { articles: s.articles, stories: s.stories, created: s.created, merged: s.merged });
    } catch (error) {
      logger.warn('stories not updated', { error: messageOf(error) });
    }
  };
  const onItems = async (feed: FeedSpec, items: readonly RawArticle[]): Promise<void> => {
    const result = await ingest.ingest(items);
    // Which feed brought which article, also for articles another feed stored first: chats choose by feed.
    await store.sources.linkArticles(feed.url, items.flatMap((i) => (i.url ? [i.url] : [])));
    if (result.inserted > 0 || (result.replaced ?? 0) > 0) {
      unassigned = true;
      logger.info('feed items stored', { feed: feed.url, ...result });
    }
  };
  const pollers = feedPollers(base, onItems);
  const sources = chatSources(base, pollers.chatFetch, async (url, items) => {
    await onItems({ url, name: null }, items);
    await updateStories();
  });
  const digests = createDigestService({
    news: base.newsStore,
    timeZone: config.timeZone,
    storyIdsIn: (w) => store.stories.storyIdsIn(w),
    onBuild: (ms) => base.metrics.digestBuilt(ms),
    articleFeeds: (window) => store.sources.articleFeeds(window),
    selectionOf: (sub) => sources.selectionOf(sub),
    speakers,
  });
  const pollListed = async (list: PollList) => {
    if (list.length === 0) return;
    const [operator, chat] = await Promise.all([
      pollers.operator.pollAll(list.filter((f) => f.origin === 'operator')),
      pollers.chat.pollAll(list.filter((f) => f.origin === 'chat')),
    ]);
    for (const r of [...operator.reports, ...chat.reports]) if (r.status === 'failed') logger.warn('feed failed', { feed: r.name ?? r.url, url: r.url, reason: r.reason });
    base.metrics.feedsFailing([...operator.reports, ...chat.reports].filter((r) => r.status === 'failed' || r.status === 'skipped').length);
    await updateStories();
  };
  const pollFeeds = async () => pollListed(await sources.pollList());
  return { sources, digests, pollFeeds, pollListed, updateStories, markUnassigned: () => void (unassigned = true), pageReader: pollers.pageReader };
}

/**
 * The operator's feeds and the feeds chats added, each with its poller. Feeds chats added are
 * third-party links: they and their article pages are always fetched under the outbound address
 * policy, whatever KILAS_ALLOW_PRIVATE_FETCH allows the operator's own feeds. One page-reading
 * worker serves both; it is stopped with the app.
 */
function feedPollers(base: Base, onItems: (feed: FeedSpec, items: readonly RawArticle[]) => Promise<void>) {
  const { config, deps, store, clock, logger, sleep } = base;
  const pageReader = createPageReader();
  const ledger = pageLedgerOf(store);
  const fetchers = createFetchers({ allowPrivate: config.allowPrivateFetch, sleep, reader: pageReader });
  const chatFetchers = createFetchers({ allowPrivate: false, sleep, reader: pageReader });
  const chatFetch = deps.chatFeedFetch ?? chatFetchers.feedFetch;
  const poller = (fetch: BoundedFetch, pages: typeof fetchers.pageFetcher, concurrency?: number): FeedPoller =>
    createFeedPoller({
      fetch,
      pages: createPageEnricher({ pages, ledger, clock, logger }),
      stateStore: store.feedStates,
      ...(concurrency !== undefined ? { options: { concurrency } } : {}),
      clock,
      logger,
      onItems,
    });
  return {
    pageReader,
    chatFetch,
    operator: poller(deps.fetch ?? fetchers.feedFetch, fetchers.pageFetcher, FEEDS_AT_ONCE),
    chat: poller(chatFetch, chatFetchers.pageFetcher),
  };
}

/** Each chat's outlets; a feed a chat adds is checked by fetching it, and its items count at once. */
function chatSources(base: Base, chatFetch: BoundedFetch, storeItems: (url: string, items: readonly RawArticle[]) => Promise<void>): ChatSources {
  const { config, store } = base;
  return createChatSources({
    store: store.sources,
    configuredFeeds: () => base.feeds,
    feedProblem: (url) => feedProblem(store, url),
    chatFeedsEnabled: config.chatFeeds.enabled,
    maxFeedsPerChat: config.chatFeeds.maxPerChat,
    async checkFeed(url) {
      const fetched = await chatFetch(url);
      if (fetched.status !== 'ok') return { title: null };
      const parsed = await parseFeed(fetched.body, fetched.url);
      if (parsed.title === null && parsed.items.length === 0) throw new FeedError('the feed has no title and no items', url, false);
      // The next digest need not wait for the next poll.
      if (parsed.items.length > 0) await storeItems(url, parsed.items);
      return { title: parsed.title };
    },
  });
}

/** Why a feed is not polled right now, in the chats' words; null when it is fine. */
async function feedProblem(store: Store, url: string): Promise<string | null> {
  const state = await store.feedStates.getFeedState(url);
  if (state?.disabled) return words.sources.problem(true, state.lastError ?? null);
  return state && state.failures > 0 ? words.sources.problem(false, state.lastError ?? null) : null;
}

/** Step 3: the platform-neutral command handlers (commands never wait for a slow digest build). */
export function wireCommands(base: Base, news: News): CommandHandlers {
  const { config, store, clock } = base;
  const seedCount = countSeedFiles(resolve(base.deps.cwd, config.seedsDir));
  const sourceCommands = createSourceCommands({
    sources: news.sources,
    opml: { parse: parseOpml, write: (title, outlets) => writeOpml(title, outlets, clock()) },
    chatFeeds: { enabled: config.chatFeeds.enabled, max: config.chatFeeds.maxPerChat },
    seedCount: () => seedCount,
    articleCount: () => store.articles.articleCount(),
  });
  const feeds: CommandDeps['feeds'] = () =>
    Promise.all(
      base.feeds.map(async (f) => {
        const state = await store.feedStates.getFeedState(f.url);
        return { url: f.url, name: f.name, lastError: state && state.failures > 0 ? state.lastError : null, disabled: state?.disabled ?? false };
      }),
    );
  return createCommandHandlers({
    subscriptions: store.subscriptions,
    news: base.newsStore,
    // They answer from the last digest while a new one is built.
    digestDocument: (now, length) => news.digests.answerDocument(now, length),
    storiesToday: (now) => news.digests.answerStoriesToday(now),
    quotesDocument: (query, hits) => quotesDocument(query, hits),
    clock,
    defaultTime: config.digestTime,
    timeZone: config.timeZone,
    feeds,
    seedCount,
    deliveries: store.deliveries,
    sourceCommands,
    ...(base.deps.commandRateLimit ? { rateLimit: base.deps.commandRateLimit } : {}),
    logger: base.logger,
  });
}

/** Seed article files in `dir` (for /sources); a missing folder has none. */
function countSeedFiles(dir: string): number {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.txt')).length;
  } catch {
    return 0;
  }
}
