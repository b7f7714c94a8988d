/**
 * End to end over real-shaped, snippet-only outlet feeds: `kilas ingest` fetches each item's
 * article page from a local server, `kilas quotes` finds what was said on the pages with the right
 * speaker, and `kilas digest` links the outlets' pages. A page that fails keeps its snippet, marked,
 * and is read on a later poll; a stored page is never fetched again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startPageFixtureServer, type PageFixtureServer } from '../helpers/page-fixture-server.ts';
import { tempDirPerTest } from '../store/helpers.ts';
import { runKilas } from './cli-helpers.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'page-fetch');
interface GoldArticle {
  readonly file: string;
  readonly quotes: readonly { speaker: string; speaker_key: string; text: string }[];
}
const gold = JSON.parse(readFileSync(join(FIXTURES, 'gold.json'), 'utf8')) as GoldArticle[];

const temp = tempDirPerTest();
let fixtures: PageFixtureServer;
let lateReady = false;

const LATE_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Wali Kota Resmikan Pasar Apung - Banjar Pos</title>
<meta property="og:site_name" content="Banjar Pos"></head><body><nav>Beranda Daerah Ekonomi</nav><article>
<h1>Wali Kota Resmikan Pasar Apung</h1>
<p>BANJARMASIN - Wali Kota Banjarmasin Irwan Saputra meresmikan pasar apung baru di Sungai Martapura yang menampung 120 pedagang perahu.</p>
<p>"Pasar apung ini bukan sekadar tempat jual beli, tetapi wajah kota kami untuk wisatawan," kata Irwan, Selasa.</p>
<p>Pasar itu dibuka setiap hari sejak subuh hingga pukul sembilan pagi, dengan dermaga baru untuk perahu wisata.</p>
</article><footer>© Banjar Pos</footer></body></html>`;

beforeAll(async () => {
  fixtures = await startPageFixtureServer(FIXTURES);
  const { server } = fixtures;
  // A regional outlet whose page is down on the first poll and back on a later one.
  server.route('/banjar/rss.xml', (_req, res) =>
    void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Banjar Pos</title><link>${server.baseUrl}/banjar/</link>` +
        `<item><title>Wali Kota Resmikan Pasar Apung</title><link>${server.url('/banjar/pasar-apung.html')}</link>` +
        `<pubDate>Tue, 01 Dec 2026 08:00:00 +0800</pubDate><description>Wali Kota Banjarmasin meresmikan pasar apung baru.</description></item></channel></rss>`,
    ),
  );
  server.route('/banjar/pasar-apung.html', (_req, res) => {
    if (!lateReady) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404</h1>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(LATE_PAGE);
  });
});
afterAll(() => fixtures.close());

const dbPath = () => join(temp.current.dir, 'kilas.db');
const env = () => ({
  KILAS_DB: dbPath(),
  KILAS_SEEDS: join(temp.current.dir, 'no-seeds'),
  KILAS_LOG_LEVEL: 'error',
  KILAS_ALLOW_PRIVATE_FETCH: '1',
});
const feedsFile = () => {
  const path = join(temp.current.dir, 'feeds.json');
  const list = JSON.parse(fixtures.feedListJson()) as { feeds: { url: string; name?: string }[] };
  list.feeds.push({ url: fixtures.server.url('/banjar/rss.xml'), name: 'Banjar Pos' });
  writeFileSync(path, JSON.stringify(list));
  return path;
};
const pageRequests = () => fixtures.server.requests.filter((r) => r.path.endsWith('.html')).length;

describe('kilas ingest over snippet-only outlet feeds', () => {
  test('pages are fetched in the poll; quotes and digest come from the pages; a failed page keeps its snippet and is read later', async () => {
    lateReady = false;
    const feeds = feedsFile();
    const first = await runKilas(['ingest', '--feeds', feeds], env(), temp.current.dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/feed ANTARA News \(http:\/\/127\.0\.0\.1:\d+\/antara\/rss\.xml\): 1 item\(s\), 1 page\(s\) fetched, 0 failed/);
    expect(first.stderr).toMatch(/feed Banjar Pos \(.*\): 1 item\(s\), 0 page\(s\) fetched, 1 failed/);
    expect(first.stdout).toMatch(/^ingest: 5 new article\(s\)/);

    // Every quote on the (single- or multi-page) articles the reader takes whole, with its speaker.
    for (const article of gold.filter((a) => /antara|tempo/.test(a.file))) {
      for (const q of article.quotes) {
        const run = await runKilas(['quotes', q.speaker_key, '--json'], env(), temp.current.dir);
        const hits = (JSON.parse(run.stdout) as { quotes: { text: string; speaker: string }[] }).quotes;
        const hit = hits.find((h) => q.text.startsWith(h.text.replace(/[.,]$/, '')));
        expect(hit, `${q.speaker}: ${q.text}`).toBeDefined();
        expect(hit?.speaker).toBe(q.speaker);
      }
    }

    const digest = await runKilas(['digest', '--format', 'json', '--since', '2026-11-30'], env(), temp.current.dir);
    const stories = (JSON.parse(digest.stdout) as { stories: { headline: string; sources: { url: string; outlet: string }[] }[] }).stories;
    const links = stories.flatMap((s) => s.sources.map((src) => src.url));
    for (const outlet of ['antara', 'kompas', 'tempo', 'detik']) {
      expect(links.some((l) => l.startsWith(`${fixtures.server.baseUrl}/${outlet}/`))).toBe(true);
    }
    expect(stories.flatMap((s) => s.sources.map((src) => src.outlet))).toEqual(expect.arrayContaining(['ANTARA News', 'Kompas.com', 'detikFinance']));

    // The failed page left a snippet article, marked as such, with a retry time.
    const store = openSqliteStore(dbPath());
    const late = fixtures.server.url('/banjar/pasar-apung.html');
    expect(await store.articles.storedBody(late)).toBe('snippet');
    expect(await store.pageAttempts.pageAttempt(late)).toMatchObject({ failures: 1, lastError: expect.stringMatching(/404/) });
    // A poll before the retry time does not ask again; pages already stored are never fetched again.
    await store.close();
    const before = pageRequests();
    const second = await runKilas(['ingest', '--feeds', feeds], env(), temp.current.dir);
    expect(second.code).toBe(0);
    expect(pageRequests()).toBe(before);
    expect(second.stdout).toMatch(/^ingest: 0 new article\(s\)/);

    // Once the retry is due and the page is back, the snippet is replaced by the page.
    lateReady = true;
    const db = openSqliteStore(dbPath());
    db.db.prepare("UPDATE page_attempts SET next_attempt_at = '2000-01-01T00:00:00.000Z'").run();
    await db.close();
    const third = await runKilas(['ingest', '--feeds', feeds], env(), temp.current.dir);
    expect(third.stderr).toMatch(/feed Banjar Pos \(.*\): 1 item\(s\), 1 page\(s\) fetched, 0 failed/);
    expect(pageRequests()).toBe(before + 1);
    const after = openSqliteStore(dbPath());
    expect(await after.articles.storedBody(late)).toBe('full');
    expect(await after.articles.articleCount()).toBe(5);
    await after.close();
    const quotes = await runKilas(['quotes', 'saputra', '--json'], env(), temp.current.dir);
    expect(JSON.parse(quotes.stdout)).toMatchObject({ quotes: [{ speaker: 'Irwan Saputra', text: expect.stringMatching(/^Pasar apung ini bukan sekadar/) }] });
  });

  test('without KILAS_ALLOW_PRIVATE_FETCH a feed on a loopback address is refused by name, and nothing is lost', async () => {
    const { KILAS_ALLOW_PRIVATE_FETCH: _allowed, ...strict } = env();
    const before = fixtures.server.requests.length;
    const run = await runKilas(['ingest', '--feeds', feedsFile()], strict, temp.current.dir);
    // Its only feed was refused: every feed failed, so the run exits 1 (issue 12) and says so.
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/every feed failed/);
    expect(run.stderr).toMatch(/feed ANTARA News \(.*\): failed \(refused: 127\.0\.0\.1 is not a public address/);
    expect(fixtures.server.requests.length).toBe(before);
  });
});

describe('kilas extract --url', () => {
  test('prints the same JSON as for a file, read from the page', async () => {
    const run = await runKilas(['extract', '--json', '--url', fixtures.server.url('/tempo/kpk-alat-rontgen.html')], env(), temp.current.dir);
    expect(run.code).toBe(0);
    const [item] = JSON.parse(run.stdout) as { file: string; quotes: { speaker: string }[] }[];
    expect(item?.file).toBe(fixtures.server.url('/tempo/kpk-alat-rontgen.html'));
    expect(item?.quotes.map((q) => q.speaker)).toEqual(expect.arrayContaining(['Teguh Prasetyo', 'Andreas Wuisan']));
  });

  test.each([
    [['--url', 'file:///etc/passwd'], 1, /only http and https/],
    [['--url', 'http://169.254.169.254/latest/meta-data/'], 1, /not a public address/],
    [['--url', 'http://x.example/', 'a.txt'], 2, /either --url URL or FILE/],
  ])('%j exits %i with one line', async (args, code, reason) => {
    const run = await runKilas(['extract', ...args], { KILAS_LOG_LEVEL: 'error' }, temp.current.dir);
    expect(run.code).toBe(code);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(reason);
  });

  test('a page that 404s exits 1 with the reason', async () => {
    const run = await runKilas(['extract', '--url', fixtures.server.url('/antara/tidak-ada.html')], env(), temp.current.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 404/);
  });
});
