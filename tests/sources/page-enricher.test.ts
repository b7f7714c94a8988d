import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RawArticle } from '../../src/core/model/index.ts';
import { fragmentToText } from '../../src/sources/article-page.ts';
import { createHostLimiter } from '../../src/sources/host-limiter.ts';
import { createBoundedFetch } from '../../src/sources/http-fetch.ts';
import { createPageEnricher, FULL_TEXT_RULE, hasFullText } from '../../src/sources/page-enricher.ts';
import { createPageFetcher } from '../../src/sources/page-fetcher.ts';
import { silentLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { tempDirPerTest } from '../store/helpers.ts';
import { VirtualTime } from '../helpers/virtual-time.ts';
import { pageLedgerOf } from '../../src/sources/page-ledger.ts';

interface RuleCase {
  readonly name: string;
  readonly origin: 'feed' | 'snippet' | null;
  readonly paragraphs: number;
  readonly chars: number;
  readonly full: boolean;
}
const cases = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sources', 'full-text-rule.json'), 'utf8')) as RuleCase[];

/** HTML of `paragraphs` paragraphs holding about `chars` characters of Indonesian-looking text. */
function itemHtml(paragraphs: number, chars: number): string {
  const per = Math.max(1, Math.floor(chars / paragraphs));
  const sentence = 'Pemerintah daerah menyiapkan anggaran tambahan untuk perbaikan jalan desa. ';
  return Array.from({ length: paragraphs }, () => `<p>${sentence.repeat(Math.ceil(per / sentence.length)).slice(0, per).trim()}</p>`).join('\n');
}

describe('the "has full text" rule', () => {
  test.each(cases)('$name -> full: $full', ({ origin, paragraphs, chars, full }) => {
    // Feed item HTML is read into text the way the feed parser does it.
    const text = fragmentToText(itemHtml(paragraphs, chars));
    const item: RawArticle = { title: 'Judul', url: 'https://a.example.id/1', text, ...(origin ? { origin: { body: origin, pageUrl: null } } : {}) };
    expect(hasFullText(item)).toBe(full);
  });

  test('the thresholds are the documented ones', () => {
    expect(FULL_TEXT_RULE).toEqual({ minChars: 600, minParagraphs: 3 });
  });
});

describe('host limiter', () => {
  test('requests to one host start at least the spacing apart and at most perHost run at once; other hosts are not held up', async () => {
    const time = new VirtualTime(0);
    const limiter = createHostLimiter({ now: () => time.now, sleep: (ms) => time.sleep(ms), options: { perHost: 2, spacingMs: 40 } });
    const starts: Record<string, number[]> = { a: [], b: [] };
    let inFlightA = 0;
    let maxA = 0;
    const task = (host: 'a' | 'b') => async () => {
      starts[host]?.push(time.now);
      if (host === 'a') maxA = Math.max(maxA, ++inFlightA);
      await time.sleep(100);
      if (host === 'a') inFlightA--;
    };
    await time.run(
      Promise.all([
        ...Array.from({ length: 5 }, (_, i) => limiter.run(`http://a.example/${i}`, task('a'))),
        limiter.run('http://b.example/x', task('b')),
      ]),
    );
    // Two start 40 ms apart, the third when the first finishes (100 ms), and so on.
    expect(starts['a']).toEqual([0, 40, 100, 140, 200]);
    expect(maxA).toBe(2);
    expect(starts['b']).toEqual([0]);
  });
});

describe('a feed whose outlet keeps failing', () => {
  const temp = tempDirPerTest();
  let server: FeedServer;
  let hung = 0;
  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/hang.html', () => void hung++);
  });
  afterAll(() => server.close());

  test('after 3 pages in a row time out, the rest are left for the next poll: snippets kept, nothing lost', async () => {
    const store = openSqliteStore(join(temp.current.dir, 'kilas.db'));
    try {
      const limiter = createHostLimiter({ options: { spacingMs: 0 } });
      const pages = createPageFetcher({
        fetch: createBoundedFetch({ allowPrivate: true, timeoutMs: 100 }),
        limiter,
        sleep: async () => {},
        options: { retries: 0 },
      });
      const enricher = createPageEnricher({ pages, ledger: pageLedgerOf(store), clock: () => new Date(), logger: silentLogger });
      const items: RawArticle[] = Array.from({ length: 10 }, (_, i) => ({
        title: `Berita ${i}`,
        url: `${server.url('/hang.html')}?n=${i}`,
        text: 'Ringkasan satu kalimat.',
        origin: { body: 'snippet', pageUrl: null },
      }));
      const { items: out, pages: counts } = await enricher.enrich({ url: server.url('/rss'), name: 'Lambat' }, items);
      // Two run at once per host, so up to two more start while the third failure is being counted.
      expect(counts.failed).toBeGreaterThanOrEqual(3);
      expect(counts.failed).toBeLessThanOrEqual(5);
      expect(hung).toBeLessThanOrEqual(counts.failed);
      expect(counts.deferred).toBe(10 - counts.failed);
      expect(out).toEqual(items);
      // Deferred pages are not counted as failures of those pages: they are tried on the next poll.
      expect(await store.pageAttempts.pageAttempt(`${server.url('/hang.html')}?n=9`)).toBeNull();
    } finally {
      await store.close();
    }
  });
});
