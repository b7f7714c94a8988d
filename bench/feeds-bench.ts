/**
 * Feed ingestion speed: 10,000 feed items varied from the seed articles, in 100 RSS documents of
 * 100 items. Measures (1) parsing alone (rss-parser + item mapping + dedup) and (2) a whole poll
 * through a real local HTTP server (bounded fetch, decoding, parsing, backoff state) with the
 * default concurrency. Prints items/s, MB/s and peak RSS; always exits 0.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../src/logger.ts';
import type { FeedState } from '../src/sources/feed-state.ts';
import { createFeedPoller } from '../src/sources/feed-poller.ts';
import { parseFeed } from '../src/sources/rss-source.ts';

const FEEDS = 100;
const ITEMS_PER_FEED = 100;

const seedDir = join(import.meta.dirname, '..', 'data', 'seeds');
const seeds = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(seedDir, f), 'utf8'));
if (seeds.length === 0) throw new Error('no seed articles in data/seeds');

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function feedDocument(feed: number): string {
  const items: string[] = [];
  for (let i = 0; i < ITEMS_PER_FEED; i++) {
    const seed = seeds[(feed + i) % seeds.length] ?? '';
    const lines = seed.split('\n').filter((l) => l.trim());
    const title = `${lines[0] ?? 'Berita'} (${feed}-${i})`;
    // Vary the body so no two items share content: rotate paragraphs and number them.
    const shift = i % Math.max(1, lines.length);
    const body = [...lines.slice(shift), ...lines.slice(0, shift)].map((l, n) => `<p>${escapeXml(l)} [${feed}.${i}.${n}]</p>`).join('');
    const day = String(1 + (i % 28)).padStart(2, '0');
    items.push(
      `<item><title>${escapeXml(title)}</title><link>https://portal${feed}.example.id/berita/${i}?utm_source=rss</link>` +
        `<guid isPermaLink="false">p${feed}-${i}</guid><pubDate>Senin, ${day} Februari 2022 10:${String(i % 60).padStart(2, '0')} WIB</pubDate>` +
        `<description>${escapeXml(lines[1] ?? '')}</description><content:encoded><![CDATA[${body}]]></content:encoded></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Portal ${feed}</title><link>https://portal${feed}.example.id/</link>${items.join('')}</channel></rss>`;
}

const documents = Array.from({ length: FEEDS }, (_, f) => feedDocument(f));
const totalBytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d), 0);
let peakRss = process.memoryUsage().rss;
const sample = () => void (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 20);

function report(label: string, items: number, ms: number): void {
  sample();
  const heap = process.memoryUsage().heapUsed;
  const mb = totalBytes / 1024 / 1024;
  process.stdout.write(
    `${label}: ${items} items in ${ms.toFixed(0)} ms = ${((items / ms) * 1000).toFixed(0)} items/s, ` +
      `${((mb / ms) * 1000).toFixed(1)} MB/s (${mb.toFixed(1)} MB), peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB, heap at end ${(heap / 1024 / 1024).toFixed(0)} MB\n`,
  );
}

// 1. Parsing alone.
{
  const started = performance.now();
  let items = 0;
  for (let f = 0; f < documents.length; f++) {
    items += (await parseFeed(documents[f] ?? '', `https://portal${f}.example.id/rss`)).items.length;
  }
  report('parse', items, performance.now() - started);
}

// 2. A whole poll through a local HTTP server.
(globalThis as { gc?: () => void }).gc?.();
peakRss = process.memoryUsage().rss;
{
  const server = createServer((req, res) => {
    const feed = Number(/^\/feed-(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? -1);
    const doc = documents[feed];
    if (doc === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(doc);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const states = new Map<string, FeedState>();
  const poller = createFeedPoller({
    stateStore: { getFeedState: async (url) => states.get(url) ?? null, putFeedState: async (s) => void states.set(s.url, s) },
    clock: () => new Date(),
    logger: silentLogger,
  });
  const urls = documents.map((_, f) => `http://127.0.0.1:${port}/feed-${f}.xml`);
  const started = performance.now();
  const result = await poller.pollAll(urls);
  const ms = performance.now() - started;
  const ok = result.reports.filter((r) => r.status === 'ok').length;
  report(`poll (${ok}/${FEEDS} feeds ok, concurrency 4)`, result.items.length, ms);
  server.closeAllConnections();
  server.close();
}

clearInterval(sampler);
