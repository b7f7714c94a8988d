/**
 * A poll of 20 snippet-only feeds × 50 items on 8 hosts (local servers, 50 ms latency per request):
 * every item's article page is fetched in the poll, through the shared host limiter. Prints the wall
 * time and the most requests any host had in flight at once (must be ≤ 2).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/logger.ts';
import { createFeedPoller } from '../src/sources/feed-poller.ts';
import { createFetchers, FEEDS_AT_ONCE } from '../src/sources/fetchers.ts';
import { createPageEnricher } from '../src/sources/page-enricher.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { syntheticArticles } from './corpus.ts';
import { pageLedgerOf } from '../src/sources/page-ledger.ts';

const HOSTS = 8;
const FEEDS = 20;
const ITEMS = 50;
const LATENCY_MS = 50;

const articles = syntheticArticles(FEEDS * ITEMS, 7);
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const page = (n: number) => {
  const raw = articles[n];
  const paragraphs = (raw?.text ?? '').split('\n').filter((l) => l.trim()).map((l) => `<p>${escapeXml(l)}</p>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Berita ${n}</title></head><body><nav>Beranda Nasional Ekonomi</nav><article>${paragraphs.join('\n')}</article><footer>© Portal</footer></body></html>`;
};

interface Host {
  readonly server: Server;
  base: string;
  inFlight: number;
  maxInFlight: number;
  requests: number;
}

function startHost(index: number): Promise<Host> {
  const host: Host = { server: createServer(), base: '', inFlight: 0, maxInFlight: 0, requests: 0 };
  host.server.on('request', (req, res) => {
    host.inFlight++;
    host.requests++;
    host.maxInFlight = Math.max(host.maxInFlight, host.inFlight);
    setTimeout(() => {
      host.inFlight--;
      const feed = /^\/feed-(\d+)\.xml$/.exec(req.url ?? '');
      const article = /^\/p\/(\d+)-(\d+)\.html$/.exec(req.url ?? '');
      if (feed) {
        const f = Number(feed[1]);
        const items = Array.from({ length: ITEMS }, (_, i) => {
          const lead = (articles[f * ITEMS + i]?.text ?? '').split('\n').find((l) => l.length > 80) ?? 'Ringkasan.';
          return `<item><title>Berita ${f}-${i}</title><link>${host.base}/p/${f}-${i}.html</link><pubDate>Tue, 01 Dec 2026 10:00:00 +0700</pubDate><description>${escapeXml(`${lead.slice(0, 180)} (${f}-${i})`)}</description></item>`;
        });
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Portal ${index}</title>${items.join('')}</channel></rss>`);
      } else if (article) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(Number(article[1]) * ITEMS + Number(article[2])));
      } else {
        res.writeHead(404).end();
      }
    }, LATENCY_MS);
  });
  return new Promise((resolve) =>
    host.server.listen(0, '127.0.0.1', () => {
      host.base = `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`;
      resolve(host);
    }),
  );
}

const hosts = await Promise.all(Array.from({ length: HOSTS }, (_, i) => startHost(i)));
const dir = mkdtempSync(join(tmpdir(), 'kilas-poll-bench-'));
const store = openSqliteStore(join(dir, 'kilas.db'));
try {
  const clock = () => new Date();
  const fetchers = createFetchers({ allowPrivate: true });
  const poller = createFeedPoller({
    fetch: fetchers.feedFetch,
    pages: createPageEnricher({ pages: fetchers.pageFetcher, ledger: pageLedgerOf(store), clock, logger: silentLogger }),
    stateStore: store.feedStates,
    options: { concurrency: FEEDS_AT_ONCE },
    clock,
    logger: silentLogger,
  });
  const feeds = Array.from({ length: FEEDS }, (_, f) => `${hosts[f % HOSTS]?.base}/feed-${f}.xml`);
  const started = performance.now();
  const { reports } = await poller.pollAll(feeds);
  const ms = performance.now() - started;
  let pages = 0;
  let failed = 0;
  for (const r of reports) {
    if (r.status !== 'ok') continue;
    pages += r.pages.fetched;
    failed += r.pages.failed;
  }
  const requests = hosts.reduce((sum, h) => sum + h.requests, 0);
  const maxPerHost = Math.max(...hosts.map((h) => h.maxInFlight));
  process.stdout.write(
    `page poll: ${FEEDS} feeds × ${ITEMS} snippet items on ${HOSTS} hosts, ${LATENCY_MS} ms latency: ${pages} pages read, ${failed} failed, ` +
      `${requests} requests in ${(ms / 1000).toFixed(1)} s wall; max requests in flight on one host: ${maxPerHost} (limit 2)` +
      `${maxPerHost > 2 ? '  ← OVER THE LIMIT' : ''}\n`,
  );
  if (maxPerHost > 2) process.exitCode = 1;
  await fetchers.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  await Promise.all(hosts.map((h) => new Promise((resolve) => h.server.close(resolve))));
}
