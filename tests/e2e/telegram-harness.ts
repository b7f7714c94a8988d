/**
 * Wiring for the Telegram end-to-end tests: the real store on a temp SQLite file, the real command
 * handlers, the real grammY adapter pointed at the fake Bot API, and the real delivery service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCommandHandlers } from '../../src/bot/commands.ts';
import type { CommandDeps } from '../../src/bot/commands.ts';
import { createDeliveryService } from '../../src/bot/delivery.ts';
import type { DeliveryService } from '../../src/bot/delivery.ts';
import { createPacer, realSleep, type PlatformLimits } from '../../src/bot/pacer.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/bot/retry.ts';
import type { Subscription } from '../../src/bot/ports.ts';
import { buildDigest } from '../../src/core/digest/index.ts';
import type { Digest } from '../../src/core/model/index.ts';
import type { Block, Document } from '../../src/format/document.ts';
import { paragraph } from '../../src/format/document.ts';
import { digestDocument, type DigestLength } from '../../src/format/digest-document.ts';
import { quotesDocument } from '../../src/format/quotes-document.ts';
import { renderTelegram } from '../../src/platforms/telegram/renderer.ts';
import { ingestSeeds } from '../../src/ingest/seed-ingest.ts';
import type { Logger } from '../../src/logger.ts';
import { createTelegramAdapter } from '../../src/platforms/telegram/adapter.ts';
import type { TelegramAdapter, TelegramAdapterOptions } from '../../src/platforms/telegram/adapter.ts';
import { createScheduler } from '../../src/scheduler.ts';
import type { Scheduler } from '../../src/scheduler.ts';
import type { SpeakerDirectory } from '../../src/core/speakers/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { FakeTelegram } from './fake-telegram-server.ts';
import { newsOf } from '../../src/store/ports.ts';

/** A long digest-like document: `stories` sections of about 700 characters each, numbered. */
export function longDocument(stories: number): Document {
  return {
    title: [{ text: 'Kilas Pagi' }],
    sections: Array.from({ length: stories }, (_, i) => ({
      blocks: [
        { kind: 'heading', level: 2, content: [{ text: `Cerita ${i + 1} <&>` }] } as Block,
        paragraph(`Ringkasan cerita nomor ${i + 1}. `.repeat(25)),
      ],
    })),
  };
}

export const recordingLogger = (): Logger & { lines: string[] } => {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${fields ? JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? v.message : v)) : ''}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
};

export interface Harness {
  readonly store: SqliteStore;
  readonly adapter: TelegramAdapter;
  readonly delivery: DeliveryService;
  /** The real scheduler, never started: tests drive it with `tick(now)`. */
  readonly scheduler: Scheduler;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** Stops the adapter and the delivery service and closes the store (the file stays). */
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly fake: FakeTelegram;
  readonly dbPath: string;
  readonly clock: () => Date;
  readonly digestDocument?: CommandDeps['digestDocument'];
  readonly quotesDocument?: CommandDeps['quotesDocument'];
  readonly storiesToday?: CommandDeps['storiesToday'];
  readonly buildDigestDocument?: (sub: Subscription, date: string) => Promise<Document | null>;
  readonly rateLimit?: CommandDeps['rateLimit'];
  /** Default: the core formatter's `renderTelegram` (what the adapter uses by default too). */
  readonly render?: (doc: Document) => string[];
  /** Extra adapter options (backlog bounds, timeouts). */
  readonly adapter?: Partial<Pick<TelegramAdapterOptions, 'maxQueuedCommandsPerChat' | 'stopTimeoutMs' | 'startTimeoutMs'>>;
  /** Pacing of replies and deliveries. Default: 1 message per 120 ms per chat, no overall limit. */
  readonly limits?: PlatformLimits;
  /** Load data/seeds into the store before the bot starts. Default false. */
  readonly seeds?: boolean;
  /** The operator's speaker aliases the store looks names up with. Default: none. */
  readonly speakers?: SpeakerDirectory;
}

/** The seed digest: every stored article (the seeds carry old dates, so no window), as the app builds it. */
export async function storedDigest(store: SqliteStore): Promise<Digest> {
  return buildDigest(await store.articles.articlesIn({ from: null, to: null }), { timeZone: 'Asia/Jakarta', window: { from: null, to: null }, date: null });
}

/** Opens the store and starts the bot against the fake; the delivery loop paces at the fake's speed. */
export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const logger = recordingLogger();
  const store = openSqliteStore(opts.dbPath, { now: opts.clock, ...(opts.speakers ? { speakers: opts.speakers } : {}) });
  if (opts.seeds) {
    await ingestSeeds({ store: store.articles, seedsDir: 'data/seeds', cwd: REPO, timeZone: 'Asia/Jakarta', logger });
  }
  const seedDigest = async (_now: Date, length: DigestLength) => {
    const digest = await storedDigest(store);
    return digest.stories.length > 0 ? digestDocument(digest, { length }) : null;
  };
  const handlers = createCommandHandlers({
    subscriptions: store.subscriptions,
    news: newsOf(store),
    digestDocument: opts.digestDocument ?? seedDigest,
    storiesToday: opts.storiesToday ?? (async () => (await storedDigest(store)).stats.stories),
    quotesDocument: opts.quotesDocument ?? ((name, hits) => quotesDocument(name, hits)),
    clock: opts.clock,
    defaultTime: '07:00',
    timeZone: 'Asia/Jakarta',
    feeds: ['https://example.com/rss'],
    seedCount: 5,
    rateLimit: opts.rateLimit ?? { capacity: 100 },
    logger,
  });
  const pacer = createPacer({
    clock: () => new Date(),
    sleep: realSleep,
    limits: { telegram: opts.limits ?? { global: null, chat: () => ({ count: 1, perMs: 120, burst: 1 }) } },
  });
  const adapter = createTelegramAdapter({
    token: opts.fake.token,
    apiRoot: opts.fake.apiRoot,
    handlers,
    subscriptions: store.subscriptions,
    logger,
    ...(opts.render ? { render: opts.render } : {}),
    pollingTimeoutSeconds: 5,
    pacer,
    replyRetry: { backoffBaseMs: 20, backoffMaxMs: 200 },
    ...opts.adapter,
  });
  const delivery = createDeliveryService({
    platforms: new Map([['telegram', adapter.platform]]),
    subscriptions: store.subscriptions,
    deliveries: store.deliveries,
    buildDigestDocument: opts.buildDigestDocument ?? (async (sub) => seedDigest(opts.clock(), sub.length)),
    clock: opts.clock,
    sleep: realSleep,
    logger,
    pacer,
    options: { retry: { ...DEFAULT_RETRY_POLICY, maxTransientRetries: 3, backoffBaseMs: 20, backoffMaxMs: 200, sendTimeoutMs: 10_000 } },
  });
  const scheduler = createScheduler({
    pollCron: '*/15 * * * *',
    timeZone: 'Asia/Jakarta',
    poll: async () => undefined,
    delivery,
    clock: opts.clock,
    logger,
  });
  await adapter.start();
  return {
    store,
    adapter,
    delivery,
    scheduler,
    logger,
    async stop() {
      await scheduler.stop();
      await adapter.stop();
      await store.close();
    },
  };
}

/** The repository root (data/seeds lives there). */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** What the adapter sends for a document by default. */
export const rendered = (doc: Document): string[] => renderTelegram(doc);

/** A temp folder for SQLite files; `cleanup` removes it. */
export function tempDb(): { path: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kilas-tg-'));
  return { path: (name = 'kilas.db') => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A clock that moves like the real one (the app's pacer measures waits on it), shifted to a test's
 * date with `setNow`.
 */
export function shiftedClock(): { clock: () => Date; setNow: (iso: string) => void } {
  let offsetMs = 0;
  return {
    clock: () => new Date(Date.now() + offsetMs),
    setNow: (iso) => {
      offsetMs = new Date(iso).getTime() - Date.now();
    },
  };
}

/** Resolves once `predicate` holds (checked every 20 ms); rejects naming `what` after `timeoutMs`. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
