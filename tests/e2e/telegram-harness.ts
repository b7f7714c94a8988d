/**
 * Wiring for the Telegram end-to-end tests: the real store on a temp SQLite file, the real command
 * handlers, the real grammY adapter pointed at the fake Bot API, and the real delivery service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandHandlers } from '../../src/bot/commands.ts';
import type { CommandDeps } from '../../src/bot/commands.ts';
import { createDeliveryService } from '../../src/bot/delivery.ts';
import type { DeliveryService } from '../../src/bot/delivery.ts';
import { createPacer, realSleep } from '../../src/bot/pacer.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/bot/retry.ts';
import type { QuoteHit, Subscription } from '../../src/bot/ports.ts';
import type { Block, Document, Inline } from '../../src/format/document.ts';
import { paragraph, simpleDocument } from '../../src/format/document.ts';
import type { Logger } from '../../src/logger.ts';
import { createTelegramAdapter } from '../../src/platforms/telegram.ts';
import type { TelegramAdapter } from '../../src/platforms/telegram.ts';
import { createScheduler } from '../../src/scheduler.ts';
import type { Scheduler } from '../../src/scheduler.ts';
import { openStore } from '../../src/store/sqlite-store.ts';
import type { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { FakeTelegram } from './fake-telegram-server.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function inline(runs: readonly Inline[]): string {
  return runs
    .map((r) => {
      let t = escape(r.text);
      if (r.code) t = `<code>${t}</code>`;
      if (r.bold) t = `<b>${t}</b>`;
      if (r.italic) t = `<i>${t}</i>`;
      if (r.href) t = `<a href="${escape(r.href).replace(/"/g, '&quot;')}">${t}</a>`;
      return t;
    })
    .join('');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<b>${inline(b.content)}</b>`;
    case 'paragraph':
      return inline(b.content);
    case 'quote':
      return `<blockquote>${inline(b.content)}</blockquote>${b.attribution ? `— ${inline(b.attribution)}` : ''}`;
    case 'list':
      return b.items.map((i, n) => `${b.ordered ? `${n + 1}.` : '•'} ${inline(i)}`).join('\n');
    case 'divider':
      return '—';
  }
}

/**
 * Throwaway Document -> Telegram HTML for tests only, used until the core formatter's
 * `renderTelegram` (src/format/telegram-renderer.ts) is committed. Splits on section boundaries.
 */
export function testRenderTelegram(doc: Document): string[] {
  const chunks: string[] = [];
  if (doc.title) chunks.push(`<b>${inline(doc.title)}</b>`);
  for (const b of doc.intro ?? []) chunks.push(block(b));
  for (const s of doc.sections) chunks.push(s.blocks.map(block).join('\n\n'));
  for (const b of doc.outro ?? []) chunks.push(block(b));
  const out: string[] = [];
  let current = '';
  for (const c of chunks) {
    if (current && current.length + c.length + 2 > 3500) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${c}` : c;
  }
  if (current) out.push(current);
  return out;
}

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
  readonly render?: (doc: Document) => string[];
}

const simpleQuotes = (query: string, hits: readonly QuoteHit[]): Document =>
  simpleDocument(paragraph(`Kutipan ${query}:`), ...hits.map((h) => paragraph(`“${h.text}” — ${h.speaker ?? '?'}`)));

/** Opens the store and starts the bot against the fake; the delivery loop paces at the fake's speed. */
export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const logger = recordingLogger();
  const store = openStore(opts.dbPath, { now: opts.clock });
  const render = opts.render ?? testRenderTelegram;
  const handlers = createCommandHandlers({
    subscriptions: store.subscriptions,
    news: store,
    digestDocument: opts.digestDocument ?? (() => longDocument(2)),
    storiesToday: opts.storiesToday ?? (() => 0),
    quotesDocument: opts.quotesDocument ?? simpleQuotes,
    clock: opts.clock,
    defaultTime: '07:00',
    timeZone: 'Asia/Jakarta',
    feeds: ['https://example.com/rss'],
    seedCount: 5,
    rateLimit: opts.rateLimit ?? { capacity: 100 },
    logger,
  });
  const adapter = createTelegramAdapter({
    token: opts.fake.token,
    apiRoot: opts.fake.apiRoot,
    handlers,
    subscriptions: store.subscriptions,
    logger,
    render,
    pollingTimeoutSeconds: 5,
  });
  const pacer = createPacer({
    clock: () => new Date(),
    sleep: realSleep,
    limits: { telegram: { global: null, chat: () => ({ count: 1, perMs: 120, burst: 1 }) } },
  });
  const delivery = createDeliveryService({
    platforms: new Map([['telegram', adapter.platform]]),
    subscriptions: store.subscriptions,
    deliveries: store.deliveries,
    buildDigestDocument: opts.buildDigestDocument ?? (async () => longDocument(2)),
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
      store.close();
    },
  };
}

/** A temp folder for SQLite files; `cleanup` removes it. */
export function tempDb(): { path: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kilas-tg-'));
  return { path: (name = 'kilas.db') => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
