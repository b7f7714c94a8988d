import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Logger } from '../../src/logger.ts';
import { backoffDelay } from '../../src/core/pacing/index.ts';
import { createFeedPoller, DEFAULT_POLLER_OPTIONS } from '../../src/sources/feed-poller.ts';
import type { FeedPollerDeps, FeedReport } from '../../src/sources/feed-poller.ts';
import type { FeedState } from '../../src/sources/feed-state.ts';
import { createBoundedFetch } from '../../src/sources/http-fetch.ts';
import { startFeedServer } from '../helpers/feed-server.ts';
import type { FeedServer } from '../helpers/feed-server.ts';
import { createMemoryFeedStateStore } from '../helpers/memory-feed-state-store.ts';

const MINUTE = 60_000;

function rss(title: string, items: { id: string; body: string; link?: string }[]): string {
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${title}</title>${items
    .map(
      (i) =>
        `<item><title>Judul ${i.id}</title><link>${i.link ?? `https://${title.toLowerCase()}.example.id/${i.id}`}</link><guid>${i.id}</guid><content:encoded><![CDATA[<p>${i.body}</p>]]></content:encoded></item>`,
    )
    .join('')}</channel></rss>`;
}

const SHARED_BODY = 'Berita yang sama dimuat dua portal tanpa perubahan sedikit pun di badan beritanya.';
const ATOM = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atomik</title>
<entry><title>Entri Atom</title><link href="https://atomik.example.id/1"/><id>a1</id><updated>2022-02-21T08:00:00Z</updated>
<content type="html">&lt;p&gt;Isi entri atom yang cukup panjang untuk diperiksa.&lt;/p&gt;</content></entry></feed>`;

interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}
function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function manualClock(start = '2026-11-23T00:00:00.000Z') {
  let now = Date.parse(start);
  return {
    clock: () => new Date(now),
    advance: (ms: number) => void (now += ms),
    set: (iso: string) => void (now = Date.parse(iso)),
  };
}

let server: FeedServer;
let flaky = { failuresLeft: 0 };
let inFlight = 0;
let maxInFlight = 0;
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = await startFeedServer();
  const withEtag = (etag: string, body: string) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
  };
  server.route(
    '/good.rss',
    withEtag(
      '"g1"',
      rss('Baik', [
        { id: 'b1', body: 'Isi berita pertama dari portal baik yang cukup panjang.' },
        { id: 'b2', body: SHARED_BODY },
      ]),
    ),
  );
  server.route('/other.rss', withEtag('"o1"', rss('Lain', [{ id: 'l1', body: SHARED_BODY }, { id: 'l2', body: 'Berita khas portal lain yang tidak ada di tempat lain.' }])));
  server.route('/atom.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(ATOM));
  server.route('/malformed.xml', (_req, res) => void res.writeHead(200).end('<rss version="2.0"><channel><item></channel>'));
  server.route('/missing.xml', (_req, res) => void res.writeHead(404).end());
  server.route('/broken.xml', (_req, res) => void res.writeHead(500).end());
  server.route('/slow.xml', (_req, res) => {
    const t = setTimeout(() => res.writeHead(200).end(ATOM), 3_000);
    timers.add(t);
  });
  server.route('/limited-1h', (_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end());
  server.route('/limited-2d', (_req, res) => void res.writeHead(429, { 'retry-after': String(2 * 24 * 3600) }).end());
  server.route('/loop', (_req, res) => void res.writeHead(302, { location: '/loop' }).end());
  server.route('/moved', (_req, res) => void res.writeHead(301, { location: '/atom.xml' }).end());
  server.route('/flaky.xml', (_req, res) => {
    if (flaky.failuresLeft > 0) {
      flaky.failuresLeft--;
      return void res.writeHead(503).end();
    }
    res.writeHead(200, { etag: '"f1"' }).end(rss('Goyah', [{ id: 'f1', body: 'Akhirnya feed goyah ini berhasil diambil dengan baik.' }]));
  });
  for (let i = 0; i < 6; i++) {
    server.route(`/c${i}.xml`, (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const t = setTimeout(() => {
        inFlight--;
        res.writeHead(200).end(rss(`Par${i}`, [{ id: `p${i}`, body: `Isi paralel nomor ${i} yang cukup panjang untuk kunci.` }]));
      }, 30);
      timers.add(t);
    });
  }
});

afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  await server.close();
});

function setup(overrides: Partial<FeedPollerDeps> = {}, initial: FeedState[] = []) {
  const store = createMemoryFeedStateStore(initial);
  const time = manualClock();
  const logger = recordingLogger();
  const poller = createFeedPoller({
    // Well under /slow.xml's 3 s, well over what a loaded CI machine needs for the quick answers.
    fetch: createBoundedFetch({ allowPrivate: true, timeoutMs: 1_500 }),
    stateStore: store,
    clock: time.clock,
    logger,
    ...overrides,
  });
  return { store, time, logger, poller };
}

const byUrl = (reports: readonly FeedReport[]) => new Map(reports.map((r) => [r.url.replace(server.baseUrl, ''), r]));

describe('pollAll over good and bad feeds', () => {
  test('good items are returned once, bad feeds are reported and retried later, nothing crashes', async () => {
    const { poller, store, time } = setup();
    const paths = ['/good.rss', '/other.rss', '/atom.xml', '/malformed.xml', '/missing.xml', '/broken.xml', '/slow.xml', '/loop', '/moved', '/nowhere'];
    const first = await poller.pollAll(paths.map((p) => server.url(p)));

    expect(first.reports).toHaveLength(paths.length);
    expect(first.reports.map((r) => r.url)).toEqual(paths.map((p) => server.url(p)));
    const r1 = byUrl(first.reports);
    expect(r1.get('/good.rss')).toMatchObject({ status: 'ok', items: 2 });
    expect(r1.get('/other.rss')).toMatchObject({ status: 'ok', items: 2 });
    expect(r1.get('/atom.xml')).toMatchObject({ status: 'ok', items: 1 });
    expect(r1.get('/moved')).toMatchObject({ status: 'ok', items: 1 });
    for (const [path, transient] of [
      ['/malformed.xml', false],
      ['/missing.xml', false],
      ['/broken.xml', true],
      ['/slow.xml', true],
      ['/loop', false],
      ['/nowhere', false],
    ] as const) {
      expect(r1.get(path), path).toMatchObject({ status: 'failed', transient, failures: 1, disabled: false });
      expect((await store.getFeedState(server.url(path)))?.failures).toBe(1);
    }

    // The shared story (same content in two feeds) and the atom entry reached through a redirect come once.
    const titles = first.items.map((i) => i.title);
    expect(titles.filter((t) => t === 'Entri Atom')).toHaveLength(1);
    expect(first.items.filter((i) => i.text?.includes(SHARED_BODY))).toHaveLength(1);
    expect(new Set(first.items.map((i) => i.url)).size).toBe(first.items.length);
    // b1, b2 (shared with l1), l2 and the atom entry (also reached through /moved).
    expect(first.items.map((i) => i.title).sort()).toEqual(['Entri Atom', 'Judul b1', 'Judul b2', 'Judul l2']);

    // Same instant: failing feeds wait out their backoff, unchanged feeds answer 304.
    const hitsBefore = server.hits('/broken.xml');
    const second = await poller.pollAll(paths.map((p) => server.url(p)));
    const r2 = byUrl(second.reports);
    expect(r2.get('/good.rss')).toEqual({ url: server.url('/good.rss'), status: 'not-modified' });
    expect(r2.get('/broken.xml')).toMatchObject({ status: 'skipped', reason: 'backoff' });
    expect(server.hits('/broken.xml')).toBe(hitsBefore);
    expect(second.items.filter((i) => i.url?.includes('baik.example.id'))).toHaveLength(0);

    // After the first backoff (5 minutes) the failing feeds are tried again, and wait twice as long.
    time.advance(5 * MINUTE);
    const third = await poller.pollAll(paths.map((p) => server.url(p)));
    const r3 = byUrl(third.reports);
    expect(server.hits('/broken.xml')).toBe(hitsBefore + 1);
    expect(r3.get('/broken.xml')).toMatchObject({
      status: 'failed',
      failures: 2,
      nextAttemptAt: new Date(time.clock().getTime() + 10 * MINUTE).toISOString(),
    });
  });

  test('validators are saved on success and sent back', async () => {
    const { poller, store } = setup();
    await poller.pollOne(server.url('/good.rss'));
    expect(await store.getFeedState(server.url('/good.rss'))).toMatchObject({ etag: '"g1"', failures: 0, lastError: null });
    const again = await poller.pollOne(server.url('/good.rss'));
    expect(again.report.status).toBe('not-modified');
    expect(again.items).toHaveLength(0);
    expect(server.requests.filter((r) => r.path === '/good.rss').at(-1)?.headers['if-none-match']).toBe('"g1"');
  });

  test('a configured name becomes the outlet', async () => {
    const { poller } = setup();
    const { items } = await poller.pollOne({ url: server.url('/atom.xml'), name: 'Atomik Daily' });
    expect(items.map((i) => i.outlet)).toEqual(['Atomik Daily']);
  });
});

describe('backoff and disabling', () => {
  test('waits double up to the cap, then the feed is disabled with a warning and no longer fetched', async () => {
    const { poller, store, time, logger } = setup();
    const url = server.url('/broken.xml');
    const delays: number[] = [];
    for (let attempt = 1; attempt <= DEFAULT_POLLER_OPTIONS.disableAfter; attempt++) {
      const { report } = await poller.pollOne(url);
      expect(report).toMatchObject({ status: 'failed', failures: attempt });
      const state = await store.getFeedState(url);
      if (attempt < DEFAULT_POLLER_OPTIONS.disableAfter) {
        expect(state?.disabled).toBe(false);
        const next = Date.parse(state?.nextAttemptAt ?? '');
        delays.push(next - time.clock().getTime());
        // One millisecond early is still too early.
        time.set(new Date(next - 1).toISOString());
        expect((await poller.pollOne(url)).report).toMatchObject({ status: 'skipped', reason: 'backoff' });
        time.set(new Date(next).toISOString());
      } else {
        expect(state).toMatchObject({ disabled: true, nextAttemptAt: null, failures: attempt });
        expect(report).toMatchObject({ disabled: true, nextAttemptAt: null });
      }
    }
    expect(delays.slice(0, 4)).toEqual([5, 10, 20, 40].map((m) => m * MINUTE));
    expect(delays.every((d, i) => i === 0 || d >= (delays[i - 1] ?? 0))).toBe(true);
    expect(Math.max(...delays)).toBe(6 * 60 * MINUTE);

    expect(logger.lines.filter((l) => l.level === 'warn' && l.message.includes('disabled'))).toHaveLength(1);
    const hits = server.hits('/broken.xml');
    time.advance(7 * 24 * 60 * MINUTE);
    expect((await poller.pollOne(url)).report).toEqual({ url, status: 'skipped', reason: 'disabled', nextAttemptAt: null });
    expect(server.hits('/broken.xml')).toBe(hits);
  });

  test('a success after failures resets the count and the backoff', async () => {
    flaky = { failuresLeft: 2 };
    const { poller, store, time } = setup();
    const url = server.url('/flaky.xml');
    expect((await poller.pollOne(url)).report).toMatchObject({ status: 'failed', transient: true, failures: 1 });
    time.advance(5 * MINUTE);
    expect((await poller.pollOne(url)).report).toMatchObject({ status: 'failed', failures: 2 });
    time.advance(10 * MINUTE);
    const ok = await poller.pollOne(url);
    expect(ok.report).toMatchObject({ status: 'ok', items: 1 });
    expect(await store.getFeedState(url)).toMatchObject({
      failures: 0,
      nextAttemptAt: null,
      lastError: null,
      etag: '"f1"',
      lastSuccessAt: time.clock().toISOString(),
    });
  });

  test.each([
    ['/limited-1h', 60 * MINUTE],
    ['/limited-2d', DEFAULT_POLLER_OPTIONS.maxBackoffMs],
  ])('Retry-After of %s is honoured up to the longest backoff', async (path, wait) => {
    const { poller, time } = setup();
    const { report } = await poller.pollOne(server.url(path));
    expect(report).toMatchObject({
      status: 'failed',
      transient: true,
      nextAttemptAt: new Date(time.clock().getTime() + wait).toISOString(),
    });
  });

  test('a state saved by an earlier run is honoured', async () => {
    const url = server.url('/good.rss');
    const saved: FeedState = {
      url,
      etag: null,
      lastModified: null,
      failures: 3,
      nextAttemptAt: '2026-11-23T00:30:00.000Z',
      disabled: false,
      lastError: 'HTTP 500',
      lastSuccessAt: null,
    };
    const { poller } = setup({}, [saved]);
    const hits = server.hits('/good.rss');
    expect((await poller.pollOne(url)).report).toEqual({ url, status: 'skipped', reason: 'backoff', nextAttemptAt: saved.nextAttemptAt });
    expect(server.hits('/good.rss')).toBe(hits);
  });
});

describe('failures around the poll itself', () => {
  test('when storing the items fails, the validators are not saved and the items come again', async () => {
    let failStore = true;
    const stored: string[] = [];
    const { poller, store, time } = setup({
      onItems: (_feed, items) => {
        if (failStore) throw new Error('disk full');
        stored.push(...items.map((i) => i.url ?? ''));
      },
    });
    const url = server.url('/other.rss');
    const first = await poller.pollOne(url);
    expect(first.report).toMatchObject({ status: 'failed', reason: 'disk full', failures: 1 });
    expect(first.items).toHaveLength(0);
    expect((await store.getFeedState(url))?.etag).toBeNull();

    failStore = false;
    time.advance(5 * MINUTE);
    const second = await poller.pollOne(url);
    expect(second.report).toMatchObject({ status: 'ok', items: 2 });
    expect(stored).toHaveLength(2);
    expect(server.requests.filter((r) => r.path === '/other.rss').at(-1)?.headers['if-none-match']).toBeUndefined();
  });

  test('a broken state store is reported, not thrown', async () => {
    const { poller, logger } = setup({
      stateStore: {
        getFeedState: () => {
          throw new Error('database is locked');
        },
        putFeedState: async () => {},
      },
    });
    const result = await poller.pollAll([server.url('/good.rss'), server.url('/atom.xml')]);
    expect(result.reports.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(result.reports[0]).toMatchObject({ reason: 'database is locked' });
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
  });

  test('every report is also handed to onReport as it happens, even if that callback throws', async () => {
    const seen: string[] = [];
    const { poller, logger } = setup({
      onReport: (report) => {
        seen.push(`${report.url.replace(server.baseUrl, '')} ${report.status}`);
        throw new Error('progress sink broken');
      },
    });
    const result = await poller.pollAll([server.url('/atom.xml'), server.url('/missing.xml')]);
    expect(seen.sort()).toEqual(['/atom.xml ok', '/missing.xml failed']);
    expect(result.reports.map((r) => r.status)).toEqual(['ok', 'failed']);
    expect(logger.lines.filter((l) => l.message.includes('callback failed'))).toHaveLength(2);
  });

  test('an empty list polls nothing', async () => {
    const { poller } = setup();
    expect(await poller.pollAll([])).toEqual({ items: [], reports: [] });
  });

  test('the same feed listed twice is polled once', async () => {
    const { poller } = setup();
    const url = server.url('/atom.xml');
    const hits = server.hits('/atom.xml');
    const result = await poller.pollAll([url, { url, name: null }]);
    expect(result.reports).toHaveLength(1);
    expect(server.hits('/atom.xml')).toBe(hits + 1);
  });
});

describe('concurrency', () => {
  test.each([1, 2, 4])('at most %i feeds are fetched at once', async (concurrency) => {
    maxInFlight = 0;
    const { poller } = setup({ options: { concurrency } });
    const result = await poller.pollAll(Array.from({ length: 6 }, (_, i) => server.url(`/c${i}.xml`)));
    expect(result.reports.every((r) => r.status === 'ok')).toBe(true);
    expect(result.items).toHaveLength(6);
    expect(maxInFlight).toBeLessThanOrEqual(concurrency);
    expect(maxInFlight).toBeGreaterThanOrEqual(1);
  });
});

describe('backoffDelay', () => {
  test('starts at the base, never decreases, never passes the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 2_000 }),
        (base, extra, n) => {
          const max = base + extra;
          expect(backoffDelay(1, base, max)).toBe(base);
          const d = backoffDelay(n, base, max);
          expect(d).toBeLessThanOrEqual(max);
          expect(backoffDelay(n + 1, base, max)).toBeGreaterThanOrEqual(d);
          expect(Number.isFinite(d)).toBe(true);
        },
      ),
    );
  });

  test('no failures, no wait', () => {
    expect(backoffDelay(0, 1000, 5000)).toBe(0);
  });
});
