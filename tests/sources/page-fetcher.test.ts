import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { readArticlePage, type ArticlePage } from '../../src/sources/article-page.ts';
import { createFetchers } from '../../src/sources/fetchers.ts';
import { createHostLimiter } from '../../src/sources/host-limiter.ts';
import { createBoundedFetch, PAGE_ACCEPT, KILAS_USER_AGENT } from '../../src/sources/http-fetch.ts';
import { createPageFetcher, type PageResult } from '../../src/sources/page-fetcher.ts';
import { startPageFixtureServer, type PageFixtureServer } from '../helpers/page-fixture-server.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'page-fetch');
const TWENTY_MB = 20 * 1024 * 1024;
const noSleep = async () => {};

/**
 * The page reader is the extract side's (article-page.ts); these tests are about following what it
 * finds, so the reader here adds the links it should find (`rel=next`, "Tampilkan semua") to the
 * page the real reader returns.
 */
function readerWithLinks(html: string, url: string): ArticlePage {
  const page = readArticlePage(html, url);
  const link = (re: RegExp) => {
    const href = re.exec(html)?.[1];
    return href ? new URL(href.replace(/&amp;/g, '&'), url).href : null;
  };
  return {
    ...page,
    nextPageUrl: page.nextPageUrl ?? link(/<a[^>]*rel="next"[^>]*href="([^"]+)"/) ?? link(/<a[^>]*href="([^"]+)"[^>]*rel="next"/),
    singlePageUrl: page.singlePageUrl ?? link(/<a[^>]*href="([^"]+)"[^>]*>Tampilkan semua/),
  };
}

let fixtures: PageFixtureServer;
let hangs = 0;

beforeAll(async () => {
  fixtures = await startPageFixtureServer(FIXTURES);
  const { server } = fixtures;
  server.route('/gone.html', (_req, res) => void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Tidak ditemukan</h1>'));
  server.route('/hang.html', () => void hangs++);
  server.route('/huge.html', async (_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const chunk = Buffer.alloc(1024 * 1024, '<p>isi berulang</p>\n');
    for (let sent = 0; sent < TWENTY_MB; sent += chunk.byteLength) {
      if (!(await server.writeCounted('/huge.html', res, chunk))) return;
    }
    res.end();
  });
  let flaky = 0;
  server.route('/flaky.html', (_req, res) => {
    flaky++;
    if (flaky < 3) return void res.writeHead(503).end('sibuk');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>“Akhirnya terbit,” kata Ani.</p>');
  });
  server.route('/moved.html', (_req, res) => void res.writeHead(301, { location: '/antara/bendungan-lambang-sari.html' }).end());
  server.route('/loop-a.html', (_req, res) => void res.writeHead(302, { location: '/loop-b.html' }).end());
  server.route('/loop-b.html', (_req, res) => void res.writeHead(302, { location: '/loop-a.html' }).end());
  server.route('/pdf.html', (_req, res) => void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'));
  server.route('/other-host.html', (_req, res) =>
    void res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<p>Halaman satu dari artikel.</p><a rel="next" href="${fixtures.server.baseUrl.replace('127.0.0.1', 'localhost')}/kompas/angkutan-sekolah-gratis.html?page=2">2</a>`),
  );
});
afterAll(() => fixtures.close());

const fetcher = (read: (html: string, url: string) => ArticlePage | Promise<ArticlePage> = readerWithLinks, timeoutMs = 1_000) =>
  createPageFetcher({
    fetch: createBoundedFetch({ allowPrivate: true, timeoutMs, accept: PAGE_ACCEPT }),
    limiter: createHostLimiter({ options: { spacingMs: 0 } }),
    sleep: noSleep,
    read,
    options: { retryBaseMs: 1 },
  });

const ok = (result: PageResult) => {
  if (!result.ok) throw new Error(`expected a page, got: ${result.reason}`);
  return result;
};

describe('page faults', () => {
  test.each([
    ['/gone.html', /HTTP 404/, false],
    ['/pdf.html', /not an HTML page \(application\/pdf\)/, false],
    ['/loop-a.html', /redirect loop/, false],
    ['/huge.html', /larger than/, false],
  ])('%s fails with a reason', async (path, reason, transient) => {
    const result = await fetcher().fetchArticle(fixtures.server.url(path));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reason);
      expect(result.transient).toBe(transient);
    }
  });

  test('a 20 MB page is cut off near the cap, not downloaded', async () => {
    const before = fixtures.server.bytesSent('/huge.html');
    await fetcher().fetchArticle(fixtures.server.url('/huge.html'));
    // The cap is 5 MB; socket buffers let a few more MB through before the abort lands.
    expect(fixtures.server.bytesSent('/huge.html') - before).toBeLessThan(TWENTY_MB / 2);
  });

  test('a page that hangs times out, is retried with backoff, then given up as transient', async () => {
    const before = hangs;
    const result = await fetcher(readerWithLinks, 150).fetchArticle(fixtures.server.url('/hang.html'));
    expect(result).toMatchObject({ ok: false, transient: true, requests: 3 });
    expect(hangs - before).toBe(3);
  });

  test('5xx twice, then the page: retried and read', async () => {
    const result = ok(await fetcher().fetchArticle(fixtures.server.url('/flaky.html')));
    expect(result.requests).toBe(3);
    expect(result.page.text).toContain('Akhirnya terbit');
  });

  test('a redirect is followed and the page read from where it landed', async () => {
    const result = ok(await fetcher().fetchArticle(fixtures.server.url('/moved.html')));
    expect(result.page.url).toBe(fixtures.server.url('/antara/bendungan-lambang-sari.html'));
    expect(result.page.text).toContain('Kami minta kontraktor bekerja tiga sif');
  });
});

describe('reading pages off the main thread', () => {
  test('the fetchers read pages in their worker as readArticlePage does, and fail them once closed', async () => {
    const url = fixtures.server.url('/antara/bendungan-lambang-sari.html');
    const fetchers = createFetchers({ allowPrivate: true, hostLimits: { spacingMs: 0 } });
    try {
      const inWorker = ok(await fetchers.pageFetcher.fetchArticle(url));
      const html = await (await fetch(url)).text();
      expect(inWorker.page).toEqual(readArticlePage(html, url));
    } finally {
      await fetchers.close();
    }
    const closed = await fetchers.pageFetcher.fetchArticle(url);
    expect(closed).toMatchObject({ ok: false, transient: false });
    if (!closed.ok) expect(closed.reason).toMatch(/page reader is closed/);
  });

  test('a page the reader gives up on is not retried and is not transient', async () => {
    let reads = 0;
    const giveUp = async (_html: string, url: string): Promise<ArticlePage> => {
      reads++;
      throw new InputError(`page ${url}: took longer than 10 ms`, url);
    };
    const result = await fetcher(giveUp).fetchArticle(fixtures.server.url('/antara/bendungan-lambang-sari.html'));
    expect(result).toMatchObject({ ok: false, transient: false, requests: 1 });
    expect(reads).toBe(1);
  });
});

describe('charsets', () => {
  test('a windows-1252 page that says so in <meta http-equiv> keeps its curly quotes and dashes', async () => {
    const result = ok(await fetcher().fetchArticle(fixtures.server.url('/tempo/kpk-alat-rontgen.html')));
    expect(result.page.text).toContain('“Penyidik mendalami siapa yang menentukan harga');
    expect(result.page.text).toContain('TEMPO.CO, Jakarta –');
    expect(result.page.text).not.toContain('\uFFFD');
  });
});

describe('split articles', () => {
  test('the "show all" variant is read instead of walking the pages', async () => {
    const before = fixtures.server.requests.length;
    const result = ok(await fetcher().fetchArticle(fixtures.server.url('/kompas/angkutan-sekolah-gratis.html')));
    expect(result.pages).toBe(1);
    expect(fixtures.server.requests.length - before).toBe(2);
    for (const words of ['Anak-anak di desa', 'Uangnya uang rakyat', 'berhenti di tengah jalan']) expect(result.page.text).toContain(words);
    expect(result.page.url).toBe(fixtures.server.url('/kompas/angkutan-sekolah-gratis.html'));
  });

  test('a chain of next pages is joined in order and a link back to page 1 ends it', async () => {
    const result = ok(await fetcher().fetchArticle(fixtures.server.url('/detik/harga-beras-turun.html')));
    expect(result.pages).toBe(2);
    const text = result.page.text;
    expect(text.indexOf('Pasokan dari Jawa Timur')).toBeGreaterThan(-1);
    expect(text.indexOf('Untuk Papua dan Maluku')).toBeGreaterThan(text.indexOf('Pasokan dari Jawa Timur'));
    // Shared header and footer lines appear once.
    expect(text.split('detikcom · Redaksi').length).toBeLessThanOrEqual(2);
  });

  test('a next page on another host is not followed', async () => {
    const before = fixtures.server.requests.length;
    const result = ok(await fetcher().fetchArticle(fixtures.server.url('/other-host.html')));
    expect(result.pages).toBe(1);
    expect(fixtures.server.requests.length - before).toBe(1);
  });

  test('at most maxPages pages are read', async () => {
    const chain = createPageFetcher({
      fetch: createBoundedFetch({ allowPrivate: true, timeoutMs: 1_000 }),
      limiter: createHostLimiter({ options: { spacingMs: 0 } }),
      sleep: noSleep,
      // Every page claims a further one: /gone.html?n=1 -> ?n=2 -> …; only the cap stops it.
      read: (html, url) => ({ ...readArticlePage(html, url), nextPageUrl: `${fixtures.server.url('/flaky.html')}?n=${Number(new URL(url).searchParams.get('n') ?? 0) + 1}` }),
      options: { maxPages: 4 },
    });
    const result = ok(await chain.fetchArticle(`${fixtures.server.url('/flaky.html')}?n=0`));
    expect(result.pages).toBe(4);
  });
});

describe('politeness', () => {
  test('every request names kilas and what it is, and asks for HTML', async () => {
    await fetcher().fetchArticle(fixtures.server.url('/antara/bendungan-lambang-sari.html'));
    const last = fixtures.server.requests.at(-1);
    expect(last?.headers['user-agent']).toBe(KILAS_USER_AGENT);
    expect(last?.headers['user-agent']).toMatch(/^kilas\/\S+ \(Indonesian news digest bot/);
    expect(last?.headers['accept']).toMatch(/text\/html/);
  });

  test('one host never sees more than 2 requests at once, however many pages are asked for', async () => {
    const slow = await startPageFixtureServer(FIXTURES, { latencyMs: 30 });
    const fetchers = createFetchers({ allowPrivate: true, hostLimits: { perHost: 2, spacingMs: 5 } });
    try {
      const { pageFetcher } = fetchers;
      const urls = Array.from({ length: 12 }, (_, i) => `${slow.server.url('/antara/bendungan-lambang-sari.html')}?v=${i}`);
      const results = await Promise.all(urls.map((u) => pageFetcher.fetchArticle(u)));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(slow.maxInFlight()).toBe(2);
    } finally {
      await fetchers.close();
      await slow.close();
    }
  });
});
