/**
 * GET /healthz and GET /metrics of the whole app (createApp, as `kilas start` runs it) over real
 * HTTP on 127.0.0.1: health follows the lifecycle; the metrics count articles, failing feeds,
 * deliveries, 429s and digest builds as they happen against the fake Bot API and a feed server.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/bot/retry.ts';
import { loadConfig } from '../../src/config.ts';
import { createIngestService } from '../../src/ingest/ingest-service.ts';
import { silentLogger } from '../../src/logger.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { commandUpdate, startFakeTelegram, type FakeTelegram } from './fake-telegram-server.ts';
import { REPO, recordingLogger, tempDb } from './telegram-harness.ts';

let fake: FakeTelegram;
let feeds: FeedServer;
let app: App;
const db = tempDb();

const get = async (path: string) => {
  const address = app.httpAddress();
  if (!address) throw new Error('no HTTP address');
  const res = await fetch(`http://127.0.0.1:${address.port}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
};

/** The value of a metric line (`name{labels} value`) in Prometheus text, or null. */
const metric = (text: string, series: string): number | null => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
};

beforeAll(async () => {
  fake = await startFakeTelegram({ perChatIntervalMs: 100, maxPollMs: 2000 });
  feeds = await startFeedServer();
  feeds.route('/broken.xml', (_req, res) => void res.writeHead(500).end('down'));
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    KILAS_DB: db.path('ops.db'),
    KILAS_FEEDS: feeds.url('/broken.xml'),
    KILAS_HTTP_PORT: '0',
  });
  app = createApp(config, {
    cwd: REPO,
    logger: recordingLogger(),
    limits: { telegram: { global: null, chat: () => ({ count: 1, perMs: 20, burst: 1 }) } },
    delivery: { retry: { ...DEFAULT_RETRY_POLICY, backoffBaseMs: 20, backoffMaxMs: 200, sendTimeoutMs: 10_000 } },
    telegramPollingTimeoutSeconds: 2,
  });
});
afterAll(async () => {
  await app.stop();
  await fake.close();
  await feeds.close();
  db.cleanup();
});

describe('health and metrics over HTTP', () => {
  test('healthz says starting, then ok; metrics count what happens', async () => {
    // The Bot API is not ready yet: the start waits, and health already answers 503 "starting".
    fake.failAlways('getMe', { error_code: 502, description: 'Bad Gateway' });
    const starting = app.start();
    await fake.waitFor(() => fake.errors('getMe').length >= 1, 10_000, 'a failed getMe');
    const early = await get('/healthz');
    expect(early.status).toBe(503);
    expect(JSON.parse(early.body)).toMatchObject({ status: 'starting' });
    fake.failAlways('getMe', null);
    expect(await starting).toBe('started');
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', platforms: ['telegram'] });

    let m = await get('/metrics');
    expect(m.status).toBe(200);
    expect(m.type).toContain('text/plain');
    expect(metric(m.body, 'kilas_articles_stored')).toBeGreaterThanOrEqual(5);
    // The start polled the one feed, which answered 500.
    expect(metric(m.body, 'kilas_feeds_failing')).toBe(1);
    expect(metric(m.body, 'kilas_deliveries_total{outcome="done"}')).toBe(0);

    // A /digest builds a digest; a chat slower than the pacer gets 429s, which are waited out and counted.
    const chat = { id: 4242, type: 'private' as const };
    fake.setChatInterval(chat.id, 400);
    fake.pushUpdate(commandUpdate({ chat, from: { id: 4242 }, text: '/digest' }));
    fake.pushUpdate(commandUpdate({ chat, from: { id: 4242 }, text: '/help' }));
    await fake.waitFor(() => fake.messagesFor(chat.id).length >= 2, 20_000, 'both answers');
    await app.telegram?.idle();

    // A scheduled delivery to a subscription due now, with one fresh article in its window.
    const fresh = JSON.parse(readFileSync(new URL('../fixtures/bot/fresh-article.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    await createIngestService({ store: app.store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger }).ingest([
      { ...fresh, publishedAt: new Date(Date.now() - 3_600_000).toISOString() } as never,
    ]);
    const wib = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());
    await app.store.subscriptions.subscribe({ platform: 'telegram', chatId: '5151', threadId: null }, wib, 'Asia/Jakarta');
    const report = await app.scheduler.tick(new Date());
    expect(report?.done).toBe(1);

    m = await get('/metrics');
    expect(metric(m.body, 'kilas_articles_stored')).toBeGreaterThanOrEqual(6);
    expect(metric(m.body, 'kilas_deliveries_total{outcome="done"}')).toBe(1);
    expect(metric(m.body, 'kilas_messages_sent_total')).toBeGreaterThanOrEqual(1);
    expect(metric(m.body, 'kilas_rate_limited_total{platform="telegram"}')).toBeGreaterThanOrEqual(1);
    expect(metric(m.body, 'kilas_digest_build_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(m.body).toContain('kilas_process_resident_memory_bytes');

    expect((await get('/nope')).status).toBe(404);
  }, 60_000);
});
