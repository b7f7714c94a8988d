/**
 * The composition root: the one place that knows every part. It builds the store, sources, digest,
 * command handlers, platform adapters, delivery loop and scheduler from a validated `Config`.
 * Everything with I/O or time is passed in, so tests build the same app against local fakes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createCommandHandlers, type CommandHandlers } from './bot/commands.ts';
import type { CommandRateLimitOptions } from './bot/command-rate-limit.ts';
import { createDeliveryService, type DeliveryOptions, type DeliveryService, type FanOutReport } from './bot/delivery.ts';
import { createDigestService, type DigestService } from './bot/digest-service.ts';
import { createPacer, realSleep, type Pacer, type PlatformLimits, type Sleep } from './bot/pacer.ts';
import type { ChatPlatform, PlatformName } from './bot/ports.ts';
import type { Config } from './config.ts';
import { ConfigError, FeedError, messageOf } from './errors.ts';
import { quotesDocument } from './format/quotes-document.ts';
import { renderDiscord } from './format/discord-renderer.ts';
import { renderTelegram } from './format/telegram-renderer.ts';
import { createIngestService } from './ingest/ingest-service.ts';
import { EMPTY_DIRECTORY, type SpeakerDirectory } from './core/speakers/index.ts';
import { ingestSeeds } from './ingest/seed-ingest.ts';
import { createStoryAssigner } from './ingest/story-assignment.ts';
import type { Clock, Logger } from './logger.ts';
import { createDiscordAdapter, type DiscordAdapter } from './platforms/discord.ts';
import { createTelegramAdapter, type TelegramAdapter } from './platforms/telegram.ts';
import { createScheduler, type CronSchedule, type Scheduler } from './scheduler.ts';
import { parseFeedList, type FeedSpec } from './sources/feed-list.ts';
import { createFeedPoller, type FeedPoller } from './sources/feed-poller.ts';
import { createFetchers, FEEDS_AT_ONCE } from './sources/fetchers.ts';
import type { BoundedFetch } from './sources/http-fetch.ts';
import { createPageEnricher } from './sources/page-enricher.ts';
import { pageLedgerOf } from './sources/page-ledger.ts';
import { createPageReader } from './sources/page-reader.ts';
import { parseOpml, writeOpml } from './sources/opml.ts';
import { parseFeed } from './sources/rss-source.ts';
import { createChatSources, type ChatSources } from './bot/chat-sources.ts';
import { createSourceCommands } from './bot/source-commands.ts';
import type { RawArticle } from './core/model/index.ts';
import { newsOf } from './store/ports.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite/sqlite-store.ts';
import { createOpsServer, type HealthState } from './ops/http-server.ts';
import { createMetrics, type KilasMetrics } from './ops/metrics.ts';
import type { AddressInfo } from 'node:net';

/**
 * How long stop() gives each part, ms: sends on the wire, then a running poll or tick, while the
 * bots finish their replies; together well inside the 10 s a service manager waits.
 */
const STOP_BUDGET_MS = { sends: 4000, poll: 2000, replies: 3000 } as const;

/** The outside world the app talks to; every field but `cwd` and `logger` has a real default. */
export interface AppDeps {
  /** Folder relative paths of the config (KILAS_DB, KILAS_SEEDS, a feed list file) resolve against. */
  readonly cwd: string;
  readonly logger: Logger;
  /** The operator's speaker aliases (`loadSpeakerAliases`, data/speakers.json). Default: none. */
  readonly speakers?: SpeakerDirectory;
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
  /** node-cron's schedule, injectable for tests. */
  readonly cron?: CronSchedule;
  /** Per-platform send limits of the delivery pacer. Default: the platforms' published limits. */
  readonly limits?: Partial<Record<PlatformName, PlatformLimits>>;
  readonly delivery?: Partial<DeliveryOptions>;
  /** The per-user command token bucket. Default: its own defaults (5 in a burst, one more every 3 s). */
  readonly commandRateLimit?: CommandRateLimitOptions;
  /** Telegram getUpdates long-polling timeout, seconds (tests shorten it). Default 30. */
  readonly telegramPollingTimeoutSeconds?: number;
}

export interface App {
  readonly config: Config;
  readonly store: SqliteStore;
  readonly feeds: readonly FeedSpec[];
  /** Each chat's outlets: operator feeds it follows and feeds it added. */
  readonly sources: ChatSources;
  readonly digests: DigestService;
  readonly handlers: CommandHandlers;
  readonly telegram: TelegramAdapter | null;
  readonly discord: DiscordAdapter | null;
  readonly delivery: DeliveryService;
  readonly scheduler: Scheduler;
  /** Prometheus metrics (served on KILAS_HTTP_PORT when set). */
  readonly metrics: KilasMetrics;
  /** Where /healthz and /metrics listen once started; null without KILAS_HTTP_PORT. */
  httpAddress(): AddressInfo | null;
  /** Polls every feed once and stores new articles. */
  pollFeeds(): Promise<void>;
  /**
   * Loads the seeds when the store is empty, starts the bots and then the scheduler. Resolves
   * 'started', or 'stopped' when `stop()` was called meanwhile: nothing is left running then, and
   * nothing starts afterwards.
   */
  start(): Promise<'started' | 'stopped'>;
  /**
   * Stops everything at whatever stage start is in: the scheduler (finishing or parking sends) and
   * the bots, each within its bound, then closes the database. Idempotent; resolves within about 8 s.
   */
  stop(): Promise<void>;
}

/**
 * Builds the app. Nothing runs until `start()`; the store is opened (and migrated) here.
 * @throws ConfigError when the feed list cannot be read; StoreError when the database cannot be opened.
 */
export function createApp(config: Config, deps: AppDeps): App {
  const clock = deps.clock ?? (() => new Date());
  const sleep = deps.sleep ?? realSleep;
  const logger = deps.logger;

  const feedList = parseFeedList(config.feeds, (path) => readFileSync(resolve(deps.cwd, path), 'utf8'));
  for (const p of feedList.problems) logger.warn('feed list entry skipped', { at: p.at, entry: p.entry, reason: p.reason });
  const feeds = feedList.feeds;

  const speakers = deps.speakers ?? EMPTY_DIRECTORY;
  const store = openSqliteStore(resolve(deps.cwd, config.dbPath), { timeZone: config.timeZone, now: clock, speakers });
  const news = newsOf(store);
  const ledger = pageLedgerOf(store);
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
  // One page-reading worker for the operator's feeds and the chats' feeds; stopped with the app.
  const pageReader = createPageReader();
  const fetchers = createFetchers({ allowPrivate: config.allowPrivateFetch, sleep, reader: pageReader });
  const poller: FeedPoller = createFeedPoller({
    fetch: deps.fetch ?? fetchers.feedFetch,
    pages: createPageEnricher({ pages: fetchers.pageFetcher, ledger, clock, logger }),
    stateStore: store.feedStates,
    options: { concurrency: FEEDS_AT_ONCE },
    clock,
    logger,
    onItems,
  });
  // Feeds chats added are third-party links: they and their article pages are always fetched under
  // the outbound address policy, whatever KILAS_ALLOW_PRIVATE_FETCH allows the operator's own feeds.
  const chatFetchers = createFetchers({ allowPrivate: false, sleep, reader: pageReader });
  const chatFetch = deps.chatFeedFetch ?? chatFetchers.feedFetch;
  const chatPoller: FeedPoller = createFeedPoller({
    fetch: chatFetch,
    pages: createPageEnricher({ pages: chatFetchers.pageFetcher, ledger, clock, logger }),
    stateStore: store.feedStates,
    clock,
    logger,
    onItems,
  });
  const feedProblem = async (url: string): Promise<string | null> => {
    const state = await store.feedStates.getFeedState(url);
    return state?.disabled ? `dinonaktifkan: ${state.lastError ?? 'terlalu sering gagal'}` : state && state.failures > 0 ? `gagal: ${state.lastError ?? '?'}` : null;
  };
  const sources = createChatSources({
    store: store.sources,
    configuredFeeds: () => feeds,
    feedProblem,
    chatFeedsEnabled: config.chatFeeds.enabled,
    maxFeedsPerChat: config.chatFeeds.maxPerChat,
    async checkFeed(url) {
      const fetched = await chatFetch(url);
      if (fetched.status !== 'ok') return { title: null };
      const parsed = await parseFeed(fetched.body, fetched.url);
      if (parsed.title === null && parsed.items.length === 0) throw new FeedError('the feed has no title and no items', url, false);
      // Its current items count at once: the next digest need not wait for the next poll.
      if (parsed.items.length > 0) {
        await onItems({ url, name: null }, parsed.items);
        await updateStories();
      }
      return { title: parsed.title };
    },
  });
  const metrics = createMetrics(() => store.articles.articleCount());
  const digests = createDigestService({
    news,
    timeZone: config.timeZone,
    storyIdsIn: (w) => store.stories.storyIdsIn(w),
    onBuild: (ms) => metrics.digestBuilt(ms),
    articleFeeds: (window) => store.sources.articleFeeds(window),
    selectionOf: (sub) => sources.selectionOf(sub),
    speakers,
  });
  const seedCount = countSeedFiles(resolve(deps.cwd, config.seedsDir));
  const sourceCommands = createSourceCommands({
    sources,
    opml: { parse: parseOpml, write: (title, outlets) => writeOpml(title, outlets, clock()) },
    chatFeeds: { enabled: config.chatFeeds.enabled, max: config.chatFeeds.maxPerChat },
    seedCount: () => seedCount,
    articleCount: () => store.articles.articleCount(),
  });

  const handlers = createCommandHandlers({
    subscriptions: store.subscriptions,
    news,
    // Commands never wait for a slow digest build: they answer from the last one while it runs.
    digestDocument: (now, length) => digests.answerDocument(now, length),
    storiesToday: (now) => digests.answerStoriesToday(now),
    quotesDocument: (query, hits) => quotesDocument(query, hits),
    clock,
    defaultTime: config.digestTime,
    timeZone: config.timeZone,
    feeds: () =>
      Promise.all(
        feeds.map(async (f) => {
          const state = await store.feedStates.getFeedState(f.url);
          return { url: f.url, name: f.name, lastError: state && state.failures > 0 ? state.lastError : null, disabled: state?.disabled ?? false };
        }),
      ),
    seedCount,
    deliveries: store.deliveries,
    sourceCommands,
    ...(deps.commandRateLimit ? { rateLimit: deps.commandRateLimit } : {}),
    logger,
  });

  // One pacer for deliveries and command replies: together they keep to each platform's limits.
  const paced = createPacer({ clock, sleep, ...(deps.limits ? { limits: deps.limits } : {}) });
  // Every 429 of a delivery or a reply passes through the shared pacer: counted there, once.
  const pacer: Pacer = {
    ...paced,
    penalize(chat, retryAfterMs, scope) {
      metrics.rateLimited(chat.platform);
      return paced.penalize(chat, retryAfterMs, scope);
    },
  };

  const telegram = config.telegram
    ? createTelegramAdapter({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        handlers,
        subscriptions: store.subscriptions,
        logger,
        render: (doc) => renderTelegram(doc),
        stopTimeoutMs: STOP_BUDGET_MS.replies,
        pacer,
        ...(deps.telegramPollingTimeoutSeconds !== undefined ? { pollingTimeoutSeconds: deps.telegramPollingTimeoutSeconds } : {}),
      })
    : null;

  const discord = config.discord
    ? createDiscordAdapter({
        token: config.discord.token,
        appId: config.discord.appId,
        guildId: config.discord.guildId,
        apiBase: config.discord.apiBase,
        handlers,
        subscriptions: store.subscriptions,
        speakers: store.quotes,
        outletNames: async (chat) => (await sources.outlets(await store.subscriptions.get(chat))).filter((o) => o.following).map((o) => o.name),
        logger,
        render: (doc) => renderDiscord(doc),
        stopTimeoutMs: STOP_BUDGET_MS.replies,
      })
    : null;

  const platforms = new Map<PlatformName, ChatPlatform>();
  if (telegram) platforms.set('telegram', telegram.platform);
  if (discord) platforms.set('discord', discord.platform);

  const delivery = createDeliveryService({
    platforms,
    subscriptions: store.subscriptions,
    deliveries: store.deliveries,
    buildDigestDocument: async (sub, date) => digests.dailyDocument(sub, date),
    clock,
    sleep,
    logger,
    pacer,
    options: { stopTimeoutMs: STOP_BUDGET_MS.sends, ...deps.delivery },
  });

  const pollFeeds = async () => {
    const list = await sources.pollList();
    if (list.length === 0) return;
    const [operator, chat] = await Promise.all([
      poller.pollAll(list.filter((f) => f.origin === 'operator')),
      chatPoller.pollAll(list.filter((f) => f.origin === 'chat')),
    ]);
    for (const r of [...operator.reports, ...chat.reports]) if (r.status === 'failed') logger.warn('feed failed', { feed: r.name ?? r.url, url: r.url, reason: r.reason });
    metrics.feedsFailing([...operator.reports, ...chat.reports].filter((r) => r.status === 'failed' || r.status === 'skipped').length);
    await updateStories();
  };

  const scheduler = createScheduler({
    pollCron: config.pollCron,
    timeZone: config.timeZone,
    poll: pollFeeds,
    delivery: countedDeliveries(delivery, metrics),
    clock,
    logger,
    // A start with nothing to poll polls nothing (the list is read from the store when it runs).
    pollOnStart: true,
    stopTimeoutMs: STOP_BUDGET_MS.poll,
    ...(deps.cron ? { cron: deps.cron } : {}),
  });

  let stopping: Promise<void> | null = null;
  let health: HealthState = 'starting';
  const ops = config.httpPort === null ? null : createOpsServer({
    registry: metrics.registry,
    state: () => health,
    details: async () => ({ platforms: [...platforms.keys()], articles: await store.articles.articleCount() }),
  });
  let opsAddress: AddressInfo | null = null;
  // Aborted by stop(): every stage of start() checks it, so a stop during start wins for good.
  const lifecycle = new AbortController();
  const stopped = new Promise<'stopped'>((resolve) => lifecycle.signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
  /** `work`, or 'stopped' as soon as stop() is called (work that cannot be cancelled is left to stop()). */
  const unlessStopped = <T>(work: Promise<T>): Promise<T | 'stopped'> => Promise.race([work, stopped]);
  return {
    config,
    store,
    feeds,
    sources,
    digests,
    handlers,
    telegram,
    discord,
    delivery,
    scheduler,
    pollFeeds,
    metrics,
    httpAddress: () => opsAddress,
    async start() {
      if (lifecycle.signal.aborted) return 'stopped';
      // Health and metrics answer from the first moment (503 "starting" until everything runs).
      if (ops && config.httpPort !== null && opsAddress === null) {
        opsAddress = await ops.listen(config.httpPort, config.httpHost);
        logger.info('health and metrics listening', { address: `http://${opsAddress.address}:${opsAddress.port}/metrics` });
      }
      if ((await store.articles.articleCount()) === 0) {
        const seeds = await ingestSeeds({ store: store.articles, seedsDir: config.seedsDir, cwd: deps.cwd, timeZone: config.timeZone, logger, speakers });
        if (lifecycle.signal.aborted) return 'stopped';
        logger.info('seed articles loaded', { inserted: seeds.inserted, files: seeds.files });
        if (seeds.inserted > 0) unassigned = true;
        await updateStories(true);
      }
      // Articles stored by a run that was killed before clustering get their stories now.
      if ((await store.stories.unassignedInstants(1)).length > 0) {
        unassigned = true;
        await updateStories(true);
      }
      if (platforms.size === 0) logger.warn('no platform configured: set TELEGRAM_BOT_TOKEN or DISCORD_TOKEN to send digests');
      if (telegram && (await unlessStopped(telegram.start(lifecycle.signal))) === 'stopped') return 'stopped';
      if (discord && (await unlessStopped(discord.start())) === 'stopped') return 'stopped';
      if (lifecycle.signal.aborted) return 'stopped';
      // The first poll and the catch-up run inside; a stop meanwhile is the scheduler's to bound.
      if ((await unlessStopped(scheduler.start())) === 'stopped' || lifecycle.signal.aborted) return 'stopped';
      health = 'running';
      logger.info('kilas started', { platforms: [...platforms.keys()].join(',') || 'none', feeds: feeds.length });
      return 'started';
    },
    stop() {
      stopping ??= (async () => {
        health = 'stopping';
        lifecycle.abort();
        // Polling stops while the scheduler parks its sends; Discord goes last since its REST
        // client carries the sends being finished.
        await Promise.all([scheduler.stop(), telegram?.stop()]);
        await discord?.stop();
        await pageReader.close();
        await ops?.close();
        await store.close();
      })();
      return stopping;
    },
  };
}

/** The delivery service with every fan-out's outcome counted in the metrics. */
function countedDeliveries(delivery: DeliveryService, metrics: KilasMetrics): DeliveryService {
  const count = (report: FanOutReport): FanOutReport => {
    metrics.deliveries('done', report.done);
    metrics.deliveries('failed', report.failed);
    metrics.messagesSent(report.sentParts);
    return report;
  };
  return {
    ...delivery,
    deliverDue: async (now) => count(await delivery.deliverDue(now)),
    resumeUnfinished: async () => count(await delivery.resumeUnfinished()),
  };
}

/** Refuses to start a bot with nothing to run, with a reason the operator can act on. */
export function assertRunnable(config: Config): void {
  if (!config.telegram && !config.discord) {
    throw new ConfigError('nothing to start: set TELEGRAM_BOT_TOKEN and/or DISCORD_TOKEN with DISCORD_APP_ID (see .env.example)');
  }
}

/** Seed article files in `dir` (for /sources); a missing folder has none. */
function countSeedFiles(dir: string): number {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.txt')).length;
  } catch {
    return 0;
  }
}
