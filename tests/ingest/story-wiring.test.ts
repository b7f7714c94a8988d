/**
 * The ingest paths keep the stored stories current: the app's feed poll and `kilas ingest`, through
 * the real pipeline, a real local feed server and a real SQLite file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runKilas } from '../cli/cli-helpers.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { inOrder, tempDirPerTest } from '../store/helpers.ts';

interface FixtureArticle {
  key: string;
  event: string;
  url: string;
  publishedAt: string;
  title: string;
  paragraphs: string[];
}
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/store/stories-articles.json'), 'utf8'),
) as { articles: FixtureArticle[] };
const byKey = new Map(fixture.articles.map((a) => [a.key, a]));

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS feed of fixture articles; `at` overrides their publication instants. */
function rss(keys: readonly string[], at?: (i: number) => Date): string {
  const items = keys.map((key, i) => {
    const a = byKey.get(key)!;
    const published = at ? at(i) : new Date(a.publishedAt);
    const html = a.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('');
    return `<item><title>${escape(a.title)}</title><link>${a.url}</link><guid>${a.url}</guid>
      <pubDate>${published.toUTCString()}</pubDate><description>${escape(html)}</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://x.example/</link>${items.join('')}</channel></rss>`;
}

let server: FeedServer;
const feeds = new Map<string, string>();

beforeAll(async () => {
  server = await startFeedServer();
  for (const path of ['/a.rss', '/b.rss']) {
    server.route(path, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feeds.get(path) ?? rss([]));
    });
  }
});
afterAll(async () => {
  await server.close();
});

const temp = tempDirPerTest();
const REPO = join(import.meta.dirname, '../..');
const idOf = (store: ReturnType<typeof openSqliteStore>, url: string) =>
  store.db.prepare('SELECT id FROM articles WHERE url = ?').pluck().get(url) as string | undefined;

describe('stories on the ingest paths', () => {
  test("the app's feed poll stores stories; a later outlet's report joins the same story", async () => {
    feeds.set('/a.rss', rss(['banjir-kompas', 'ott-kompas']));
    feeds.set('/b.rss', rss([]));
    const config = loadConfig({
      KILAS_DB: join(temp.current.dir, 'kilas.db'),
      KILAS_FEEDS: `${server.url('/a.rss')},${server.url('/b.rss')}`,
      KILAS_SEEDS: join(temp.current.dir, 'no-seeds'),
      KILAS_ALLOW_PRIVATE_FETCH: '1',
    });
    let app: App | null = createApp(config, { cwd: temp.current.dir, logger: silentLogger, clock: () => new Date('2026-11-21T06:00:00Z') });
    try {
      await app.pollFeeds();
      const { store } = app;
      const banjir = idOf(store, byKey.get('banjir-kompas')!.url)!;
      const ott = idOf(store, byKey.get('ott-kompas')!.url)!;
      const first = await store.stories.storyOf(banjir);
      expect(first).not.toBeNull();
      expect(await store.stories.storyOf(ott)).not.toBeNull();
      expect(await store.stories.storyOf(ott)).not.toBe(first);

      feeds.set('/b.rss', rss(['banjir-detik']));
      await app.pollFeeds();
      const detik = idOf(store, byKey.get('banjir-detik')!.url)!;
      expect(await store.stories.storyOf(detik)).toBe(first);
      expect(await store.stories.recentStories(10)).toHaveLength(2);
    } finally {
      await app.stop();
      app = null;
    }
  });

  test('kilas ingest stores stories for what it stored and reports them', async () => {
    const hourAgo = (i: number) => new Date(Date.now() - 3_600_000 + i * 60_000);
    feeds.set('/a.rss', rss(['gempa-asli', 'banjir-kompas', 'banjir-antara'], hourAgo));
    const env = {
      KILAS_DB: join(temp.current.dir, 'kilas.db'),
      KILAS_SEEDS: join(temp.current.dir, 'no-seeds'),
      KILAS_ALLOW_PRIVATE_FETCH: '1',
      KILAS_FEEDS: server.url('/a.rss'),
      KILAS_LOG_LEVEL: 'error',
    };
    const run = await runKilas(['ingest', '--json'], env, temp.current.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/stories: 3 article\(s\) clustered into 2 story\(ies\), 2 new/);
    expect(JSON.parse(run.stdout)).toMatchObject({ inserted: 3, stories: { articles: 3, stories: 2, created: 2 } });
    const store = openSqliteStore(env.KILAS_DB);
    try {
      const [kompas, antara] = await inOrder(['banjir-kompas', 'banjir-antara'], (k) => store.stories.storyOf(idOf(store, byKey.get(k)!.url)!));
      expect(kompas).not.toBeNull();
      expect(antara).toBe(kompas);
    } finally {
      await store.close();
    }

    // Nothing new: no clustering, nothing reported.
    const again = await runKilas(['ingest', '--json'], env, temp.current.dir);
    expect(again.stderr).not.toMatch(/stories:/);
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, stories: null });
  });

  test('kilas ingest of the seed files back-fills their stories around their own dates (000 and 001 report one event)', async () => {
    const env = {
      KILAS_DB: join(temp.current.dir, 'kilas.db'),
      KILAS_SEEDS: join(REPO, 'data/seeds'),
      KILAS_FEEDS: server.url('/none.rss'),
      KILAS_LOG_LEVEL: 'error',
    };
    const run = await runKilas(['ingest', '--json'], env, temp.current.dir);
    // Its one feed does not exist: the seeds are stored and clustered, and the run says it failed.
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/every feed failed/);
    const summary = JSON.parse(run.stdout) as { inserted: number; stories: { articles: number; stories: number } };
    expect(summary.inserted).toBe(5);
    expect(summary.stories).toMatchObject({ articles: 5, stories: 4 });
    const store = openSqliteStore(env.KILAS_DB);
    try {
      const storyOfFile = (prefix: string) =>
        store.stories.storyOf(store.db.prepare("SELECT id FROM articles WHERE file LIKE '%' || ?").pluck().get(`${prefix}.txt`) as string);
      const seeds = readdirSync(join(REPO, 'data/seeds')).filter((f) => f.endsWith('.txt')).sort().map((f) => f.slice(0, -4));
      const ids = await inOrder(seeds, storyOfFile);
      expect(ids.every((id) => id !== null)).toBe(true);
      expect(ids[1]).toBe(ids[0]);
      expect(new Set(ids).size).toBe(4);
      expect(await store.stories.recentStories(10)).toHaveLength(4);
    } finally {
      await store.close();
    }
  });
});
