/**
 * The poller over the real SQLite store (a file in a temp folder): backoff and conditional-GET
 * state written by one process run are honoured by the next.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { createFeedPoller } from '../../src/sources/feed-poller.ts';
import { createBoundedFetch } from '../../src/sources/http-fetch.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startFeedServer } from '../helpers/feed-server.ts';
import type { FeedServer } from '../helpers/feed-server.ts';

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Tetap</title><item><title>Satu</title>
<link>https://tetap.example.id/1</link><guid>t1</guid><description>Isi berita yang tetap sama dari waktu ke waktu.</description></item></channel></rss>`;

let server: FeedServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kilas-feeds-'));
  server = await startFeedServer();
  server.route('/stable.xml', (req, res) => {
    if (req.headers['if-none-match'] === '"s1"') return void res.writeHead(304, { etag: '"s1"' }).end();
    res.writeHead(200, { etag: '"s1"', 'content-type': 'text/xml' }).end(RSS);
  });
  server.route('/down.xml', (_req, res) => void res.writeHead(502).end());
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('backoff and validators survive a restart', async () => {
  const path = join(dir, 'kilas.db');
  const now = new Date('2026-11-23T01:00:00.000Z');
  const run = async () => {
    const store = openSqliteStore(path, { now: () => now });
    try {
      const poller = createFeedPoller({
        fetch: createBoundedFetch({ allowPrivate: true, timeoutMs: 2_000 }),
        stateStore: store.feedStates,
        clock: () => now,
        logger: silentLogger,
      });
      return await poller.pollAll([server.url('/stable.xml'), server.url('/down.xml')]);
    } finally {
      await store.close();
    }
  };

  const first = await run();
  expect(first.reports.map((r) => r.status)).toEqual(['ok', 'failed']);
  expect(first.items).toHaveLength(1);

  const downHits = server.hits('/down.xml');
  const second = await run();
  expect(second.reports).toEqual([
    { url: server.url('/stable.xml'), status: 'not-modified' },
    { url: server.url('/down.xml'), status: 'skipped', reason: 'backoff', nextAttemptAt: '2026-11-23T01:05:00.000Z' },
  ]);
  expect(second.items).toHaveLength(0);
  expect(server.hits('/down.xml')).toBe(downHits);
});
