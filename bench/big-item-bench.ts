/**
 * One huge feed item (4.5 MB of quote paragraphs, just under the 5 MB fetch cap, ~28k quotes, as
 * in issue 12): ingest with the per-article bounds, the digest build, a `/quotes` lookup, and the
 * quote merges alone at growing sizes (near-linear: the time per quote stays flat as n grows).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDigestService } from '../src/bot/digest-service.ts';
import { extractArticle } from '../src/core/article/index.ts';
import { mergeQuotes } from '../src/core/stories/index.ts';
import type { RawArticle } from '../src/core/model/index.ts';
import { createIngestService } from '../src/ingest/ingest-service.ts';
import { silentLogger } from '../src/logger.ts';
import { mergeQuoteRows, type QuoteRowView } from '../src/core/quotes/index.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { newsOf } from '../src/store/ports.ts';

const VOCAB = Array.from({ length: 3000 }, (_, i) => `kata${i.toString(36)}`);
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const word = (pool: readonly string[]) => pool[Math.floor(rnd() * pool.length)] as string;

function bigItem(bytes: number, pool: readonly string[]): RawArticle {
  const paragraphs: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const p = `"Kami akan membangun ${Array.from({ length: 12 }, () => word(pool)).join(' ')} tahun ini," kata Budi Santoso di Jakarta, Senin.`;
    paragraphs.push(p);
    size += p.length + 2;
  }
  return { title: 'Besar', url: 'https://contoh.id/besar', outlet: 'contoh.id', publishedAt: new Date(Date.now() - 3_600_000).toISOString(), text: paragraphs.join('\n\n') };
}

const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;
const dir = mkdtempSync(join(tmpdir(), 'kilas-big-'));
try {
  const raw = bigItem(4.5e6, VOCAB);
  const store = openSqliteStore(join(dir, 'k.db'));
  let t = performance.now();
  await createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger }).ingest([raw]);
  console.log(`ingest 4.5 MB item (bounded)    ${ms(t)}`);
  const digests = createDigestService({ news: newsOf(store), timeZone: 'Asia/Jakarta' });
  t = performance.now();
  await digests.latest(new Date());
  console.log(`digest build                    ${ms(t)}`);
  t = performance.now();
  await store.quotes.quotesBy('budi', 5);
  console.log(`/quotes budi                    ${ms(t)}`);
  await store.close();

  const whole = extractArticle(bigItem(4.5e6, VOCAB), { timeZone: 'Asia/Jakarta' });
  for (const n of [1000, 4000, 16000, whole.quotes.length]) {
    const item = { ...whole, quotes: whole.quotes.slice(0, n) };
    t = performance.now();
    mergeQuotes([{ item, copies: [item] }], { maxQuotesPerArticle: Infinity });
    const story = performance.now() - t;
    const rows: QuoteRowView[] = item.quotes.map((q, i) => ({
      quoteId: i, text: q.text, speaker: q.speaker, speakerKey: q.speakerKey, sortMs: null, articleId: `a${i % 50}`,
      publishedAt: null, date: null, title: null, url: null, outlet: null,
    }));
    t = performance.now();
    mergeQuoteRows(rows);
    const stored = performance.now() - t;
    console.log(`merge ${String(n).padStart(6)} quotes: story ${story.toFixed(0).padStart(5)} ms (${((story * 1000) / n).toFixed(1)} µs/quote), /quotes rows ${stored.toFixed(0).padStart(5)} ms (${((stored * 1000) / n).toFixed(1)} µs/quote)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
