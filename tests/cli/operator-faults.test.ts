/**
 * The small things an operator meets (issue 12, item 8), each through the real CLI: a read-only
 * database still serves `digest` and `quotes`; `ingest` fails loudly (once per reason) when every
 * feed failed or the store cannot be written; hostile arguments get clear refusals; control
 * characters from a feed never reach the terminal or JSON; stored articles a killed run never
 * clustered get their stories on the next run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createIngestService } from '../../src/ingest/ingest-service.ts';
import { silentLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { runKilas } from './cli-helpers.ts';

const REPO = new URL('../../', import.meta.url).pathname;
const SEEDS = join(REPO, 'data/seeds');
let server: FeedServer;
let dir: string;

const rss = (items: string[]) => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Uji</title>${items.join('')}</channel></rss>`;
const item = (i: number, title: string, body: string) =>
  `<item><title>${title}</title><link>https://uji.example.id/${i}</link><guid>u${i}</guid><pubDate>${new Date(Date.now() - 3_600_000).toUTCString()}</pubDate><description><![CDATA[${body}]]></description></item>`;

beforeAll(async () => {
  server = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), 'kilas-ops-'));
  // The unprivileged user must reach the files; what it may not do is write them.
  chmodSync(dir, 0o755);
});
afterAll(async () => {
  await server.close();
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

/** Runs bin/kilas.mjs as an unprivileged user when we are root (so file modes bind), else as we are. */
function runUnprivileged(args: string[], env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const base = [process.execPath, join(REPO, 'bin/kilas.mjs'), ...args];
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? 'setpriv' : process.execPath;
  const argv = asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', ...base] : base.slice(1);
  const r = spawnSync(cmd, argv, { cwd: REPO, env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), KILAS_ENV_FILE: '', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a read-only database', () => {
  test('digest and quotes still work, and the file is not touched', async () => {
    const roDir = join(dir, 'ro');
    execFileSync('mkdir', ['-p', roDir]);
    const db = join(roDir, 'kilas.db');
    const feeds = join(dir, 'none.json');
    writeFileSync(feeds, '{"feeds":[]}');
    expect((await runKilas(['ingest'], { KILAS_DB: db, KILAS_SEEDS: SEEDS, KILAS_FEEDS: feeds }, dir)).code).toBe(0);
    const before = readFileSync(db);
    chmodSync(db, 0o444);
    chmodSync(roDir, 0o555);
    try {
      const env = { KILAS_DB: db, KILAS_SEEDS: SEEDS, KILAS_FEEDS: feeds };
      const digest = runUnprivileged(['digest'], env);
      expect(digest.stderr).toBe('');
      expect([digest.code, digest.stdout]).toEqual([0, expect.stringContaining('Kilas Berita')]);
      const quotes = runUnprivileged(['quotes', 'lavrov', '--json'], env);
      expect(quotes.code).toBe(0);
      expect(JSON.parse(quotes.stdout).quotes.length).toBeGreaterThan(0);
      // Writing is what fails there, loudly: ingest exits non-zero.
      const ingest = runUnprivileged(['ingest'], env);
      expect(ingest.code).toBe(1);
      expect(ingest.stderr).toMatch(/readonly|read-only|cannot/i);
    } finally {
      chmodSync(roDir, 0o755);
      chmodSync(db, 0o644);
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  }, 90_000);
});

describe('kilas ingest failures', () => {
  test('every feed failing exits 1 and says so', async () => {
    server.route('/down.xml', (_req, res) => void res.writeHead(503).end('down'));
    const run = await runKilas(['ingest', '--feeds', `${server.url('/down.xml')},${server.url('/gone.xml')}`], { KILAS_DB: join(dir, 'f.db'), KILAS_SEEDS: SEEDS }, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/every feed failed \(2\)/);
  });

  test('a store that cannot be written: exit 1, and one log line per reason, not one per item', () => {
    const db = join(dir, 'full', 'kilas.db');
    const feeds = join(dir, 'none.json');
    execFileSync('mkdir', ['-p', join(dir, 'full')]);
    writeFileSync(feeds, '{"feeds":[]}');
    const seeded = spawnSync(process.execPath, [join(REPO, 'bin/kilas.mjs'), 'ingest'], { cwd: REPO, env: { PATH: process.env['PATH'] ?? '', KILAS_ENV_FILE: '', KILAS_DB: db, KILAS_SEEDS: SEEDS, KILAS_FEEDS: feeds } });
    expect(seeded.status).toBe(0);
    server.route('/many.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(rss(Array.from({ length: 300 }, (_, i) => item(i, `Berita ${i}`, `<p>Isi berita nomor ${i} tentang banjir di desa.</p>`))));
    });
    // The folder stays writable (SQLite's shared-memory file), the database file does not.
    chmodSync(join(dir, 'full'), 0o777);
    chmodSync(db, 0o444);
    try {
      const run = runUnprivileged(['ingest', '--feeds', server.url('/many.xml')], { KILAS_DB: db, KILAS_SEEDS: SEEDS, KILAS_LOG_LEVEL: 'info', KILAS_ALLOW_PRIVATE_FETCH: '1' });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/readonly database/);
      const lines = run.stderr.split('\n').filter((l) => l !== '');
      expect(lines.length).toBeLessThan(20);
    } finally {
      chmodSync(db, 0o644);
    }
  }, 60_000);
});

describe('hostile arguments', () => {
  test.each([
    [['digest', '--since', '9999-99-99'], /--since expects a date/],
    [['digest', '--since', '2026-02-30'], /--since expects a date/],
    [['quotes', 'lavrov', '--limit', '-1'], /--limit must be between 1 and 100, got -1/],
    [['quotes', 'lavrov', '--limit', '0'], /--limit must be between 1 and 100, got 0/],
    [['quotes', 'lavrov', '--limit', '1e3'], /--limit must be a whole number/],
  ])('%j is refused clearly (exit 2)', async (argv, reason) => {
    const run = await runKilas(argv, { KILAS_DB: join(dir, 'args.db'), KILAS_SEEDS: SEEDS }, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('control characters from a feed', () => {
  test('never reach the terminal, JSON output or the logs', async () => {
    const evil = 'Gubernur \u001b[2J\u001b]0;pwned\u0007 Budi \u009b31m Santoso';
    server.route('/evil.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(rss([item(1, `Banjir \u001b[31mmerah\u0007 di Bekasi \u009b2J`, `<p>BEKASI - Banjir merendam ${evil}.</p><p>"Kami siap membantu warga di semua titik pengungsian," kata ${evil} di Bekasi.</p>`)]));
    });
    const env = { KILAS_DB: join(dir, 'evil.db'), KILAS_SEEDS: join(dir, 'no-seeds'), KILAS_LOG_LEVEL: 'debug', KILAS_ALLOW_PRIVATE_FETCH: '1' };
    const ingest = await runKilas(['ingest', '--feeds', server.url('/evil.xml')], env, dir);
    const outputs = [ingest.stdout, ingest.stderr];
    for (const format of ['text', 'json', 'markdown', 'telegram']) {
      const run = await runKilas(['digest', '--format', format], env, dir);
      expect(run.code).toBe(0);
      outputs.push(run.stdout, run.stderr);
    }
    outputs.push((await runKilas(['quotes', 'santoso', '--json'], env, dir)).stdout);
    expect(outputs.join('')).toContain('Bekasi');
    for (const out of outputs) expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('articles a killed run stored but never clustered', () => {
  test('the next ingest assigns them a story, even with nothing new', async () => {
    const db = join(dir, 'killed.db');
    const store = openSqliteStore(db);
    const fresh = JSON.parse(readFileSync(join(REPO, 'tests/fixtures/bot/fresh-article.json'), 'utf8')) as Record<string, unknown>;
    // What a run killed between its last batch and clustering leaves behind.
    await createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger }).ingest([fresh as never]);
    const [article] = await store.articles.articlesIn({ from: null, to: null });
    expect(await store.stories.storyOf(article?.article.id ?? '')).toBeNull();
    await store.close();
    const feeds = join(dir, 'none.json');
    writeFileSync(feeds, '{"feeds":[]}');
    const run = await runKilas(['ingest'], { KILAS_DB: db, KILAS_SEEDS: join(dir, 'no-seeds'), KILAS_FEEDS: feeds }, dir);
    expect(run.stderr).toMatch(/stories:/);
    const after = openSqliteStore(db);
    try {
      expect(await after.stories.storyOf(article?.article.id ?? '')).not.toBeNull();
    } finally {
      await after.close();
    }
  });
});
