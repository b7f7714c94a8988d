import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDirPerTest } from '../store/helpers.ts';
import { runKilas } from './cli-helpers.ts';

const fixtures = new URL('../fixtures/cli/', import.meta.url).pathname;
const seedsDir = join(fixtures, 'seeds');
const seedCount = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).length;
const rss = readFileSync(join(fixtures, 'feed.rss'));

let server: Server;
let base = '';
const hits: Record<string, number> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === '/feed.rss') {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' }).end(rss);
      return;
    }
    if (path === '/broken.rss') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('oops');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const temp = tempDirPerTest();
const env = (extra: Record<string, string> = {}) => ({
  KILAS_DB: join(temp.current.dir, 'db', 'kilas.db'),
  KILAS_SEEDS: seedsDir,
  KILAS_FEEDS: `${base}/feed.rss`,
  KILAS_LOG_LEVEL: 'error',
  KILAS_ALLOW_PRIVATE_FETCH: '1',
  ...extra,
});
const storedCount = async () => {
  const store = openSqliteStore(join(temp.current.dir, 'db', 'kilas.db'));
  try {
    return await store.articles.articleCount();
  } finally {
    await store.close();
  }
};

describe('kilas ingest', () => {
  test('stores the seeds and the feed items once, with progress on stderr and a summary on stdout', async () => {
    const first = await runKilas(['ingest'], env(), temp.current.dir);
    expect(first.code).toBe(0);
    // Two distinct feed stories; the third item is the first one's URL with a fragment.
    expect(await storedCount()).toBe(seedCount + 2);
    expect(first.stdout.trim().split('\n')).toHaveLength(1);
    expect(first.stdout).toMatch(new RegExp(`^ingest: ${seedCount + 2} new article`));
    expect(first.stderr).toMatch(/seeds: 2 file\(s\), 2 new/);
    expect(first.stderr).toContain(`feed ${base}/feed.rss`);

    const second = await runKilas(['ingest', '--json'], env(), temp.current.dir);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as { inserted: number; duplicates: number; stored: number };
    expect(summary.inserted).toBe(0);
    expect(summary.duplicates).toBe(seedCount);
    expect(summary.stored).toBe(seedCount + 2);
    // The feed answered 304 to the stored ETag: conditional GET state lives in the store.
    expect(second.stderr).toContain('not modified');
    expect(await storedCount()).toBe(seedCount + 2);
  });

  test('--feeds overrides KILAS_FEEDS; a failing feed is reported, remembered and not fatal', async () => {
    const run = await runKilas(['ingest', '--feeds', `${base}/broken.rss, ${base}/feed.rss`], env({ KILAS_FEEDS: 'unused.json' }), temp.current.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/broken\.rss: failed/);
    expect(run.stdout).toMatch(/1 feed\(s\) failed/);
    expect(await storedCount()).toBe(seedCount + 2);
    const store = openSqliteStore(join(temp.current.dir, 'db', 'kilas.db'));
    expect(await store.feedStates.getFeedState(`${base}/broken.rss`)).toMatchObject({ failures: 1, disabled: false });
    expect(await store.feedStates.getFeedState(`${base}/feed.rss`)).toMatchObject({ failures: 0, etag: '"v1"' });
    await store.close();
  });

  test('an unreadable feed list is a one-line error (exit 1) but the seeds are still stored', async () => {
    const run = await runKilas(['ingest'], env({ KILAS_FEEDS: 'missing-feeds.json' }), temp.current.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/missing-feeds\.json/);
    expect(await storedCount()).toBe(seedCount);
  });

  test('a missing seeds folder is reported; feeds are still polled', async () => {
    const run = await runKilas(['ingest'], env({ KILAS_SEEDS: 'no-such-seeds' }), temp.current.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/no-such-seeds: no such directory/);
    expect(await storedCount()).toBe(2);
  });

  test.each([[['--bogus']], [['extra-arg']], [['--feeds', '  ']]])('bad usage %j exits 2 with one line', async (args) => {
    const run = await runKilas(['ingest', ...args], env(), temp.current.dir);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});
