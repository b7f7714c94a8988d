/**
 * The composition root: the one place that knows every part. It builds the store, sources, digest,
 * command handlers (app/steps.ts), the shared pacer, the delivery loop and scheduler from a validated
 * `Config`, and at start the adapters of the configured platforms (src/platforms/registry.ts).
 * Everything with I/O or time is passed in, so tests build the same app against local fakes.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { CommandHandlers } from './bot/commands.ts';
import type { ChatSources } from './bot/chat-sources.ts';
import { createDeliveryService, type DeliveryOptions, type DeliveryService, type FanOutReport } from './bot/delivery.ts';
import type { DigestService } from './bot/digest-service.ts';
import { createClaimedDelivery, type ClaimedDelivery } from './bot/claimed-delivery.ts';
import type { Pacer, PlatformLimits } from './bot/pacer.ts';
import { createSharedPacer } from './bot/shared-pacer.ts';
import type { ChatPlatform, PlatformName } from './bot/ports.ts';
import type { RateBudget, WorkClaims } from './bot/work-ports.ts';
import type { Config } from './config.ts';
import { ConfigError } from './errors.ts';
import { ingestSeeds } from './ingest/seed-ingest.ts';
import { createOpsServer, type HealthState, type OpsServer } from './ops/http-server.ts';
import type { KilasMetrics } from './ops/metrics.ts';
import type { DiscordAdapter } from './platforms/discord/adapter.ts';
import type { AnyPlatformModule, PlatformAdapter, PlatformContext } from './platforms/module.ts';
import { PLATFORMS, platformLimits } from './platforms/registry.ts';
import type { TelegramAdapter } from './platforms/telegram/adapter.ts';
import { ALL_ROLES, describeRoles, type Role } from './roles.ts';
import { createScheduler, type CronSchedule, type Scheduler } from './scheduler.ts';
import type { FeedSpec } from './sources/feed-list.ts';
import { createSharedPolls } from './sources/shared-polls.ts';
import { createSqliteRateBudget, createSqliteWorkClaims } from './store/sqlite/work-store.ts';
import type { Store } from './store/ports.ts';
import type { PostgresStore } from './store/postgres/postgres-store.ts';
import { createPgRateBudget, createPgWorkClaims } from './store/postgres/work-store.ts';
import type { SqliteStore } from './store/sqlite/sqlite-store.ts';
import { openBase, wireCommands, wireNews, type Base, type News, type StepDeps } from './app/steps.ts';

/**
 * How long stop() gives each part, ms: sends on the wire, then a running poll or tick, while the
 * bots finish their replies; together well inside the 10 s a service manager waits.
 */
const STOP_BUDGET_MS = { sends: 4000, poll: 2000, replies: 3000 } as const;

/** The outside world the app talks to; every field but `cwd` and `logger` has a real default. */
export interface AppDeps extends StepDeps {
  /** node-cron's schedule, injectable for tests. */
  readonly cron?: CronSchedule;
  /** Per-platform send limits of the delivery pacer. Default: each platform module's own. */
  readonly limits?: Readonly<Record<PlatformName, PlatformLimits>>;
  readonly delivery?: Partial<DeliveryOptions>;
  /** Telegram getUpdates long-polling timeout, seconds (tests shorten it). Default 30. */
  readonly telegramPollingTimeoutSeconds?: number;
  /** The platform modules. Default: every module of src/platforms/registry.ts. */
  readonly platforms?: readonly AnyPlatformModule[];
  /** Streams of the console platform (KILAS_CONSOLE). Default: stdin and stdout. */
  readonly stdio?: PlatformContext['stdio'];
  /** What this process runs (`kilas start --role`). Default: every role. */
  readonly roles?: ReadonlySet<Role>;
  /** This process's name in shared work claims. Default: host, pid and a random suffix. */
  readonly workerName?: string;
}

export interface App {
  readonly config: Config;
  readonly store: Store;
  readonly feeds: readonly FeedSpec[];
  /** Each chat's outlets: operator feeds it follows and feeds it added. */
  readonly sources: ChatSources;
  readonly digests: DigestService;
  readonly handlers: CommandHandlers;
  /** The adapters of the configured platforms by name, once `start()` created them. */
  readonly platforms: ReadonlyMap<PlatformName, PlatformAdapter>;
  /** The Telegram adapter once started, when configured (a typed look-up in `platforms`). */
  readonly telegram: TelegramAdapter | null;
  /** The Discord adapter once started, when configured (a typed look-up in `platforms`). */
  readonly discord: DiscordAdapter | null;
  readonly delivery: DeliveryService;
  /** The deliveries as this process takes them: claimed from the rows shared with other processes. */
  readonly claimedDelivery: ClaimedDelivery;
  readonly scheduler: Scheduler;
  /** What this process runs. */
  readonly roles: ReadonlySet<Role>;
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
  const base = openBase(config, deps);
  const news = wireNews(base);
  const handlers = wireCommands(base, news);
  const roles = deps.roles ?? ALL_ROLES;
  const owner = deps.workerName ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  // Work and rate limits shared with the other kilas processes on this database.
  const { claims, budget } = sharedWork(base.store);
  const pacer = sharedPacer(base, deps, budget);
  const configured = (deps.platforms ?? PLATFORMS).filter((m) => config.platforms[m.name] !== undefined);
  // Filled by start() as each configured platform's adapter is created.
  const platforms = new Map<PlatformName, PlatformAdapter>();
  const senders = new Map<PlatformName, ChatPlatform>();
  const delivery = createDeliveryService({
    platforms: senders,
    subscriptions: base.store.subscriptions,
    deliveries: base.store.deliveries,
    buildDigestDocument: async (sub, date) => news.digests.dailyDocument(sub, date),
    clock: base.clock,
    sleep: base.sleep,
    logger: base.logger,
    pacer,
    options: { stopTimeoutMs: STOP_BUDGET_MS.sends, ...deps.delivery },
    mayContinue: () => claimedDelivery.holdsClaims(),
  });
  const claimedDelivery = createClaimedDelivery({
    delivery,
    subscriptions: base.store.subscriptions,
    platforms: new Set(configured.map((m) => m.name)),
    claims,
    owner,
    clock: base.clock,
    logger: base.logger,
    options: { leaseMs: config.leaseMs, ...(deps.delivery?.concurrency ? { concurrency: deps.delivery.concurrency } : {}) },
  });
  const sharedPolls = createSharedPolls({ claims, owner, leaseMs: config.leaseMs, clock: base.clock, logger: base.logger });
  const pollFeeds = async (): Promise<void> => {
    await sharedPolls.run(await news.sources.pollList(), (mine) => news.pollListed(mine));
  };
  const scheduler = createScheduler({
    pollCron: config.pollCron,
    timeZone: config.timeZone,
    ...(roles.has('poller') ? { poll: pollFeeds } : {}),
    ...(roles.has('delivery') ? { delivery: countedDeliveries(claimedDelivery, base.metrics) } : {}),
    clock: base.clock,
    logger: base.logger,
    // A start with nothing to poll polls nothing (the list is read from the store when it runs).
    pollOnStart: roles.has('poller'),
    stopTimeoutMs: STOP_BUDGET_MS.poll,
    ...(deps.cron ? { cron: deps.cron } : {}),
  });
  const parts: Parts = { ...base, deps, news, handlers, pacer, platforms, senders, scheduler, roles, owner, configured };
  return { ...appLifecycle(parts), config, store: base.store, feeds: base.feeds, sources: news.sources, digests: news.digests, handlers, delivery, claimedDelivery, scheduler, roles, metrics: base.metrics, pollFeeds, platforms,
    get telegram() {
      return (platforms.get('telegram') as TelegramAdapter | undefined) ?? null;
    },
    get discord() {
      return (platforms.get('discord') as DiscordAdapter | undefined) ?? null;
    },
  };
}

/**
 * The claims and rate budget shared with the other kilas processes on the same database: rows
 * claimed with SKIP LOCKED on PostgreSQL, IMMEDIATE transactions on a SQLite file.
 */
export function sharedWork(store: Store): { claims: WorkClaims; budget: RateBudget } {
  const pg = (store as Partial<PostgresStore>).pool;
  if (pg) return { claims: createPgWorkClaims(pg), budget: createPgRateBudget(pg) };
  const db = (store as SqliteStore).db;
  return { claims: createSqliteWorkClaims(db), budget: createSqliteRateBudget(db) };
}

/**
 * Step 4: one pacer for deliveries and command replies, over each platform module's limits, its
 * buckets in the database: together, and with every other process of this bot, they keep to each
 * platform's limits. Every 429 passes through it, so it is counted there, once.
 */
function sharedPacer(base: Base, deps: AppDeps, budget: RateBudget): Pacer {
  const limits = { ...platformLimits(deps.platforms ?? PLATFORMS), ...deps.limits };
  const paced = createSharedPacer({ clock: base.clock, sleep: base.sleep, budget, logger: base.logger, limits });
  return {
    ...paced,
    penalize(chat, retryAfterMs, scope) {
      base.metrics.rateLimited(chat.platform);
      return paced.penalize(chat, retryAfterMs, scope);
    },
  };
}

/** Everything the lifecycle starts and stops. */
interface Parts extends Base {
  readonly deps: AppDeps;
  readonly news: News;
  readonly handlers: CommandHandlers;
  readonly pacer: Pacer;
  readonly platforms: Map<PlatformName, PlatformAdapter>;
  readonly senders: Map<PlatformName, ChatPlatform>;
  readonly scheduler: Scheduler;
  readonly roles: ReadonlySet<Role>;
  /** This process's name in shared work claims. */
  readonly owner: string;
  /** The platform modules configured (their variables set), in registry order. */
  readonly configured: readonly AnyPlatformModule[];
}

/** Step 5: start and stop, at whatever stage the other is in; health and metrics over HTTP. */
function appLifecycle(p: Parts): Pick<App, 'start' | 'stop' | 'httpAddress'> {
  const { config, logger, store, configured, roles } = p;
  let health: HealthState = 'starting';
  const ops = config.httpPort === null ? null : createOpsServer({
    registry: p.metrics.registry,
    state: () => health,
    details: async () => ({ roles: describeRoles(roles), platforms: configured.map((m) => m.name), articles: await store.articles.articleCount() }),
  });
  let opsAddress: AddressInfo | null = null;
  let stopping: Promise<void> | null = null;
  // Aborted by stop(): every stage of start() checks it, so a stop during start wins for good.
  const lifecycle = new AbortController();
  const stopped = new Promise<'stopped'>((resolve) => lifecycle.signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
  /** `work`, or 'stopped' as soon as stop() is called (work that cannot be cancelled is left to stop()). */
  const unlessStopped = <T>(work: Promise<T>): Promise<T | 'stopped'> => Promise.race([work, stopped]);
  return {
    httpAddress: () => opsAddress,
    async start() {
      if (lifecycle.signal.aborted) return 'stopped';
      // Health and metrics answer from the first moment (503 "starting" until everything runs).
      if (ops && config.httpPort !== null && opsAddress === null) {
        opsAddress = await ops.listen(config.httpPort, config.httpHost);
        logger.info('health and metrics listening', { address: `http://${opsAddress.address}:${opsAddress.port}/metrics` });
      }
      if (!(await loadSeedsAndStories(p, lifecycle.signal))) return 'stopped';
      if (configured.length === 0) logger.warn('no platform configured: set TELEGRAM_BOT_TOKEN or DISCORD_TOKEN to send digests');
      // A poller alone needs no platform; a delivery process sends through adapters it never starts.
      const sending = roles.has('bot') || roles.has('delivery') ? configured : [];
      if ((await unlessStopped(startPlatforms(p, sending, ops, lifecycle.signal))) === 'stopped' || lifecycle.signal.aborted) return 'stopped';
      // The first poll and the catch-up run inside; a stop meanwhile is the scheduler's to bound.
      if ((await unlessStopped(p.scheduler.start())) === 'stopped' || lifecycle.signal.aborted) return 'stopped';
      health = 'running';
      logger.info('kilas started', { roles: describeRoles(roles), platforms: [...p.platforms.keys()].join(',') || 'none', feeds: p.feeds.length, worker: p.owner });
      return 'started';
    },
    stop() {
      stopping ??= (async () => {
        health = 'stopping';
        lifecycle.abort();
        // Receiving stops while the scheduler parks its sends; a platform whose stop ends its sending
        // too (Discord's REST client) goes last, once the sends being finished are done.
        const adapters = [...p.platforms.values()];
        await Promise.all([p.scheduler.stop(), ...adapters.filter((a) => !a.stopEndsSends).map((a) => a.stop())]);
        for (const a of adapters.filter((a) => a.stopEndsSends)) await a.stop();
        await p.news.pageReader.close();
        await ops?.close();
        await store.close();
      })();
      return stopping;
    },
  };
}

/**
 * Loads the seeds when the store is empty, and gives stories to articles stored without (the seeds,
 * or a run killed before clustering). False when the app was stopped meanwhile.
 */
async function loadSeedsAndStories(p: Parts, signal: AbortSignal): Promise<boolean> {
  const { config, store, logger } = p;
  // Seeds and story clustering are the poller's: the other roles only read stories.
  if (!p.roles.has('poller')) return true;
  if ((await store.articles.articleCount()) === 0) {
    const seeds = await ingestSeeds({ store: store.articles, seedsDir: config.seedsDir, cwd: p.deps.cwd, timeZone: config.timeZone, logger, speakers: p.speakers });
    if (signal.aborted) return false;
    logger.info('seed articles loaded', { inserted: seeds.inserted, files: seeds.files });
    if (seeds.inserted > 0) p.news.markUnassigned();
    await p.news.updateStories(true);
  }
  if ((await store.stories.unassignedInstants(1)).length > 0) {
    p.news.markUnassigned();
    await p.news.updateStories(true);
  }
  return true;
}

/** Creates each configured platform's adapter (loading its library) and starts it, in registry order. */
async function startPlatforms(p: Parts, modules: readonly AnyPlatformModule[], ops: OpsServer | null, signal: AbortSignal): Promise<void> {
  const { store, news } = p;
  const context: PlatformContext = {
    handlers: p.handlers,
    subscriptions: store.subscriptions,
    news: store.quotes,
    outletNames: async (chat) => (await news.sources.outlets(await store.subscriptions.get(chat))).filter((o) => o.following).map((o) => o.name),
    logger: p.logger,
    pacer: p.pacer,
    stopTimeoutMs: STOP_BUDGET_MS.replies,
    http: ops ? { post: (path, handler) => ops.post(path, handler) } : null,
    ...(p.deps.telegramPollingTimeoutSeconds !== undefined ? { pollingTimeoutSeconds: p.deps.telegramPollingTimeoutSeconds } : {}),
    ...(p.deps.stdio ? { stdio: p.deps.stdio } : {}),
  };
  for (const module of modules) {
    const adapter = await module.create(p.config.platforms[module.name], context);
    // A stop that came while the library loaded: this adapter never starts.
    if (signal.aborted) return;
    p.platforms.set(module.name, adapter);
    p.senders.set(module.name, adapter.platform);
    // Only the bot role receives (long polling, webhook, gateway); delivery sends without starting.
    if (p.roles.has('bot')) await adapter.start(signal);
    if (signal.aborted) return;
  }
}

/** The deliveries with every fan-out's outcome counted in the metrics. */
function countedDeliveries<D extends Pick<DeliveryService, 'deliverDue' | 'resumeUnfinished' | 'stop'>>(delivery: D, metrics: KilasMetrics): D {
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
export function assertRunnable(config: Config, roles: ReadonlySet<Role> = ALL_ROLES): void {
  // A poller alone needs no platform: it only fills the database.
  if (!roles.has('bot') && !roles.has('delivery')) return;
  if (Object.keys(config.platforms).length === 0) {
    throw new ConfigError('nothing to start: set TELEGRAM_BOT_TOKEN and/or DISCORD_TOKEN with DISCORD_APP_ID, or KILAS_CONSOLE=on (see .env.example)');
  }
}

