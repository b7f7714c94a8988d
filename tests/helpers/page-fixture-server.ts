/**
 * Serves a folder of outlet page fixtures (layout: /work/notes/pages-layout.md — `<outlet>/<slug>.html`,
 * `<slug>.page-N.html`, `<slug>.all.html`, `feeds.json`) the way the outlets do: one snippet-only
 * RSS feed per outlet at `/<outlet>/rss.xml` (title, link, date, the description — no
 * content:encoded), and the pages at `/<outlet>/<slug>.html`, `?page=N` and `?page=all` /
 * `?single=1` mapped to the page files. Pages whose bytes are not UTF-8 are sent without a charset
 * in the header (the page declares its own). Counts requests in flight to prove politeness.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { startFeedServer, type FeedServer } from './feed-server.ts';

/** One item of an outlet's feed, as in `feeds.json`. */
export interface FixtureItem {
  readonly path: string;
  readonly title: string;
  readonly pubDate: string;
  readonly description: string;
}

export interface FixtureOutlet {
  readonly id: string;
  readonly name: string | null;
  readonly items: readonly FixtureItem[];
}

export interface PageFixtureServer {
  readonly server: FeedServer;
  readonly outlets: readonly FixtureOutlet[];
  /** The feed list as KILAS_FEEDS JSON: one feed per outlet, with its name when the fixture gives one. */
  feedListJson(): string;
  /** The most requests this server (one host) had in flight at once. */
  readonly maxInFlight: () => number;
  close(): Promise<void>;
}

export interface PageFixtureOptions {
  /** Delay before every answer, in ms. Default 0. */
  readonly latencyMs?: number;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The RSS 2.0 document of one outlet, snippet-only, links on `base`. */
export function outletFeedXml(outlet: FixtureOutlet, base: string): string {
  const items = outlet.items.map(
    (item) =>
      `<item><title>${escapeXml(item.title)}</title><link>${escapeXml(`${base}/${item.path}`)}</link>` +
      `<guid isPermaLink="true">${escapeXml(`${base}/${item.path}`)}</guid><pubDate>${escapeXml(item.pubDate)}</pubDate>` +
      `<description><![CDATA[${item.description}]]></description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(outlet.name ?? outlet.id)}</title>` +
    `<link>${escapeXml(`${base}/${outlet.id}/`)}</link><description>Berita terkini</description>${items.join('')}</channel></rss>`;
}

/** The file a request for `/<outlet>/<slug>.html?query` is answered with, or null. */
export function pageFileFor(dir: string, pathname: string, search: URLSearchParams): string | null {
  const match = /^\/([^/]+)\/([^/]+)\.html$/.exec(pathname);
  if (!match) return null;
  const [, outlet = '', slug = ''] = match;
  const page = search.get('page');
  const variant = page === 'all' || search.get('single') === '1' ? '.all' : page && page !== '1' ? `.page-${page}` : '';
  const file = join(dir, outlet, `${slug}${variant}.html`);
  return existsSync(file) ? file : null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Buffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Starts a server for the fixture folder `dir` on 127.0.0.1. */
export async function startPageFixtureServer(dir: string, options: PageFixtureOptions = {}): Promise<PageFixtureServer> {
  const { outlets } = JSON.parse(readFileSync(join(dir, 'feeds.json'), 'utf8')) as { outlets: FixtureOutlet[] };
  const server = await startFeedServer();
  const latency = options.latencyMs ?? 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const answer = async (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      if (!res.destroyed) res.writeHead(status, { 'content-type': type }).end(body);
    } finally {
      inFlight--;
    }
  };
  for (const outlet of outlets) {
    server.route(`/${outlet.id}/rss.xml`, (_req, res) => answer(res, 200, 'application/rss+xml; charset=utf-8', outletFeedXml(outlet, server.baseUrl)));
    const folder = join(dir, outlet.id);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) continue;
    for (const name of readdirSync(folder).filter((f) => /^[^.]+\.html$/.test(f))) {
      server.route(`/${outlet.id}/${name}`, (req, res) => {
        const url = new URL(req.url ?? '/', server.baseUrl);
        const file = pageFileFor(dir, url.pathname, url.searchParams);
        if (!file) return answer(res, 404, 'text/html; charset=utf-8', '<h1>404 Halaman tidak ditemukan</h1>');
        const bytes = readFileSync(file);
        return answer(res, 200, isUtf8(bytes) ? 'text/html; charset=utf-8' : 'text/html', bytes);
      });
    }
  }
  return {
    server,
    outlets,
    feedListJson: () =>
      JSON.stringify({ feeds: outlets.map((o) => ({ url: server.url(`/${o.id}/rss.xml`), ...(o.name ? { name: o.name } : {}) })) }),
    maxInFlight: () => maxInFlight,
    close: () => server.close(),
  };
}
