/**
 * `kilas start` as a service manager runs it (`node bin/kilas.mjs start`, a child process) against
 * the local fake Bot API, receiving SIGTERM at each stage of its life: while getMe hangs, while the
 * Bot API answers 5xx, while polling fails, while a feed poll hangs, in the middle of a fan-out.
 * Each time it must stop within 10 s, exactly once, with exit 0, and never poll afterwards.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createIngestService } from '../../src/ingest/ingest-service.ts';
import { silentLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram-server.ts';
import { tempDb } from './telegram-harness.ts';
import { startKilas, type KilasProcess } from './kilas-process.ts';

const STOP_WITHIN_MS = 10_000;

let fake: FakeTelegram;
let feeds: FeedServer;
const db = tempDb();
let running: KilasProcess | null = null;
let n = 0;

beforeAll(async () => {
  feeds = await startFeedServer();
});
afterAll(async () => {
  await feeds.close();
  db.cleanup();
});
afterEach(async () => {
  running?.terminate('SIGKILL');
  running = null;
  await fake.close();
});

/** Starts the fake and `kilas start` against it, with a feed list of `feedUrls` (none by default). */
async function launch(setup: (fake: FakeTelegram) => void, feedUrls: string[] = [], extraEnv: Record<string, string> = {}) {
  fake = await startFakeTelegram({ maxPollMs: 2000 });
  setup(fake);
  const dbFile = db.path(`life-${++n}.db`);
  const feedFile = db.path(`feeds-${n}.json`);
  writeFileSync(feedFile, JSON.stringify({ feeds: feedUrls.map((url) => ({ url })) }));
  running = startKilas(
    {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      KILAS_DB: dbFile,
      KILAS_FEEDS: feedFile,
      KILAS_LOG_LEVEL: 'debug',
      // The test's feed server is on 127.0.0.1.
      KILAS_ALLOW_PRIVATE_FETCH: '1',
      ...extraEnv,
    },
    db.path(''),
  );
  return { kilas: running, dbFile };
}

/** Sends SIGTERM (twice, as an impatient supervisor might) and checks the stop's promises. */
async function terminateAndCheck(kilas: KilasProcess): Promise<{ stoppedAt: number }> {
  const signalledAt = Date.now();
  kilas.terminate();
  setTimeout(() => kilas.terminate(), 300);
  const code = await kilas.exitCode(STOP_WITHIN_MS);
  const took = Date.now() - signalledAt;
  expect(code, `exit after SIGTERM (took ${took} ms)\n${kilas.stderr()}`).toBe(0);
  expect(took).toBeLessThan(STOP_WITHIN_MS);
  const lines = kilas.stderr().split('\n');
  expect(lines.filter((l) => /^info stopping\b/.test(l))).toHaveLength(1);
  expect(lines.filter((l) => /^info stopped\b/.test(l))).toHaveLength(1);
  expect(kilas.stderr()).not.toMatch(/database connection is not open/i);
  return { stoppedAt: signalledAt };
}

/** getUpdates calls that long-poll (the stop's own confirming call has no timeout). */
const longPolls = (since = 0) => fake.calls.filter((c, i) => i >= since && c.method === 'getUpdates' && Number(c.body['timeout'] ?? 0) > 0);

describe('SIGTERM at each stage of kilas start', () => {
  test('while getMe hangs: exits 0 within 10 s and never polls', async () => {
    const { kilas } = await launch((f) => f.hold('getMe', true));
    await fake.waitFor(() => fake.calls.length > 0 || /getMe/.test(kilas.stderr()), 30_000, 'getMe sent').catch(() => undefined);
    await waitUntil(() => /seed articles loaded|no platform|stories updated/.test(kilas.stderr()), 30_000);
    await sleep(500);
    await terminateAndCheck(kilas);
    await sleep(1500);
    expect(longPolls()).toHaveLength(0);
    expect(kilas.stderr()).not.toMatch(/telegram bot started|kilas started/);
  }, 60_000);

  test('while the Bot API answers 5xx to getMe: exits 0 within 10 s and never polls', async () => {
    const { kilas } = await launch((f) => f.failAlways('getMe', { error_code: 502, description: 'Bad Gateway' }));
    await fake.waitFor(() => fake.errors('getMe').length >= 2, 40_000, 'getMe retried');
    await terminateAndCheck(kilas);
    await sleep(1500);
    expect(longPolls()).toHaveLength(0);
  }, 60_000);

  test('while getUpdates keeps failing with 5xx after the start: exits 0 within 10 s', async () => {
    const { kilas } = await launch((f) => f.failAlways('getUpdates', { error_code: 500, description: 'Internal Server Error' }));
    await fake.waitFor(() => fake.errors('getUpdates').length >= 1, 40_000, 'a failed poll');
    await terminateAndCheck(kilas);
  }, 60_000);

  test('while polling normally: exits 0 within 10 s and polls no more', async () => {
    const { kilas } = await launch(() => undefined);
    await waitUntil(() => /kilas started/.test(kilas.stderr()), 40_000);
    // `node bin/kilas.mjs start` is kilas itself: no shell or child process a signal could miss.
    expect(childrenOf(kilas.pid ?? 0)).toEqual([]);
    await fake.waitFor(() => longPolls().length >= 1, 10_000, 'a long poll');
    await terminateAndCheck(kilas);
    const after = fake.calls.length;
    await sleep(2500);
    expect(longPolls(after)).toHaveLength(0);
  }, 60_000);

  test('while a feed poll hangs: exits 0 within 10 s', async () => {
    feeds.route('/hang.xml', () => undefined); // never answers
    const { kilas } = await launch(() => undefined, [feeds.url('/hang.xml')]);
    await waitUntil(() => feeds.hits('/hang.xml') >= 1, 40_000);
    await terminateAndCheck(kilas);
  }, 60_000);

  test('in the middle of a fan-out: exits 0 within 10 s, the rest parked for the next start', async () => {
    // 60 private chats due now, each digest several messages; Telegram's 1 msg/s per chat keeps the fan-out busy.
    const dbFile = db.path(`fanout-${++n}.db`);
    const store = openSqliteStore(dbFile);
    const fresh = JSON.parse(readFileSync(new URL('../fixtures/bot/fresh-article.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const ingest = createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger });
    const now = new Date();
    for (let i = 0; i < 6; i++) {
      await ingest.ingest([{ ...fresh, url: `${String(fresh['url'])}-${i}`, title: `${String(fresh['title'])} ${i}`, publishedAt: new Date(now.getTime() - 3_600_000).toISOString() } as never]);
    }
    const wib = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
    for (let i = 0; i < 60; i++) await store.subscriptions.subscribe({ platform: 'telegram', chatId: String(7000 + i), threadId: null }, wib, 'Asia/Jakarta');
    await store.close();
    fake = await startFakeTelegram({ maxPollMs: 2000, globalPerSecond: 30 });
    running = startKilas(
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, KILAS_DB: dbFile, KILAS_FEEDS: db.path('none.json'), KILAS_LOG_LEVEL: 'debug' },
      db.path(''),
    );
    writeFileSync(db.path('none.json'), JSON.stringify({ feeds: [] }));
    const kilas = running;
    await fake.waitFor(() => fake.messages.length >= 5, 40_000, 'the fan-out under way');
    await terminateAndCheck(kilas);
    const sentAtStop = fake.messages.length;
    expect(sentAtStop).toBeLessThan(60 * 2);
    await sleep(1000);
    expect(fake.messages.length).toBe(sentAtStop);
  }, 90_000);
});

describe('a Bot API that cannot be reached is reported with its real cause, fast', () => {
  test.each([
    ['a refused connection', 'http://127.0.0.1:1', /ECONNREFUSED/],
    ['a name that does not resolve', 'http://kilas-no-such-host.invalid', /ENOTFOUND|EAI_AGAIN/],
  ])('%s', async (_what, apiRoot, cause) => {
    fake = await startFakeTelegram();
    const kilas = startKilas(
      { TELEGRAM_BOT_TOKEN: '123456:SECRETSECRETSECRETSECRETSECRETSECRET', TELEGRAM_API_ROOT: apiRoot, KILAS_DB: db.path(`unreach-${++n}.db`), KILAS_FEEDS: 'https://example.invalid/none.xml' },
      db.path(''),
    );
    running = kilas;
    const started = Date.now();
    expect(await kilas.exitCode(20_000)).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const last = kilas.stderr().trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(cause);
    expect(kilas.stderr()).not.toContain('SECRETSECRET');
  }, 30_000);
});

/** Child process ids of `pid` (Linux /proc), over all its threads. */
function childrenOf(pid: number): string[] {
  const tasks = readdirSync(`/proc/${pid}/task`);
  return tasks.flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter((c) => c !== ''));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(50);
  }
}
