/**
 * Store speed. (1) `/quotes` lookups (the core speaker lookup, then up to 10 quotes) against
 * 1,000,000 stored quotes by 20,000 speakers with a skewed (Zipf-like) distribution and a 2,000-entry
 * alias list, through a fresh `openSqliteStore` on the temp file: exact keys, full names, other spellings,
 * one and two typos, aliases, title + name and unknown names; p50/p95/p99.
 * (2) Ingest of 10,000 items of `bench/corpus.ts` (varied from the seeds) through the real pipeline
 * (`extractArticle`) and the store, batched. Prints the figures and peak RSS; always exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractArticle } from '../src/core/article/index.ts';
import { createSpeakerDirectory } from '../src/core/speakers/index.ts';
import { createIngestService } from '../src/ingest/ingest-service.ts';
import { silentLogger } from '../src/logger.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { mulberry32, syntheticArticles } from './corpus.ts';

const QUOTES = Number(process.env['BENCH_QUOTES'] ?? 1_000_000);
const QUOTES_PER_ARTICLE = 10;
const SPEAKERS = 20_000;
const LOOKUPS = 2_000;
const ITEMS = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'kilas-store-bench-'));
let peakRss = process.memoryUsage().rss;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// Deterministic, so runs are comparable.
const random = mulberry32(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const SYLLABLES = ['ka', 'ri', 'mo', 'su', 'na', 'to', 'le', 'vi', 'da', 'ro', 'pe', 'sko', 'ban', 'dar', 'wi', 'jo', 'har', 'tin', 'gus', 'ny'];
const FIRST = ['Sergey', 'Dmitry', 'Joko', 'Retno', 'Ahmad', 'Siti', 'Budi', 'Maria', 'John', 'Anna', 'Volodymyr', 'Prabowo', 'Sri', 'Agus', 'Dewi'];
const WORDS = 'kami tidak menginginkan perang tetapi akan membela kepentingan negara rakyat pemerintah harus segera mengambil langkah untuk keamanan ekonomi dialog terbuka semua pihak'.split(' ');

function speakerNames(): { key: string; name: string }[] {
  const seen = new Set<string>();
  const out: { key: string; name: string }[] = [];
  while (out.length < SPEAKERS) {
    const n = 2 + Math.floor(random() * 3);
    let surname = '';
    for (let i = 0; i < n; i++) surname += pick(SYLLABLES);
    if (seen.has(surname)) continue;
    seen.add(surname);
    out.push({ key: surname, name: `${pick(FIRST)} ${surname[0]!.toUpperCase()}${surname.slice(1)}` });
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function quotesBench(): Promise<void> {
  const path = join(dir, 'quotes.db');
  const speakers = speakerNames();
  // Zipf-like: speaker i is chosen with weight 1/(i+1); a cumulative table makes picks O(log n).
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < speakers.length; i++) cumulative.push((total += 1 / (i + 1)));
  const zipf = () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return speakers[lo]!;
  };

  const reuse = process.env['BENCH_STORE_DB'];
  const store = openSqliteStore(reuse ?? path);
  const t0 = performance.now();
  const articles = QUOTES / QUOTES_PER_ARTICLE;
  const insertArticle = store.db.prepare(`INSERT INTO articles (id, canonical_url, url, title, date, published_at, sort_ms,
    dateline, paragraphs, outlet, file, credit, fetched_at) VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, '[]', ?, NULL, NULL, ?)`);
  const insertQuote = store.db.prepare(`INSERT INTO quotes (article_id, position, paragraph, text, speaker, speaker_key, sort_ms)
    VALUES (?, ?, 0, ?, ?, ?, ?)`);
  const start = Date.parse('2022-01-01T00:00:00Z');
  const fill = store.db.transaction(() => {
    for (let a = 0; a < articles; a++) {
      const id = `b${a}`;
      const ms = start + a * 60_000;
      const iso = new Date(ms).toISOString();
      const outlet = `outlet${a % 40}.example.id`;
      insertArticle.run(id, `https://${outlet}/${a}`, `https://${outlet}/${a}`, `Judul ${a}`, iso, ms, outlet, iso);
      for (let q = 0; q < QUOTES_PER_ARTICLE; q++) {
        const s = zipf();
        let text = '';
        const len = 6 + Math.floor(random() * 12);
        for (let w = 0; w < len; w++) text += `${w ? ' ' : ''}${pick(WORDS)}`;
        insertQuote.run(id, q, `${text} ${a}.${q}`, s.name, s.key, ms);
      }
    }
    store.db.exec(`INSERT INTO speakers (key, name, count)
      SELECT speaker_key, speaker, COUNT(*) FROM quotes WHERE speaker_key IS NOT NULL GROUP BY 1, 2`);
  });
  // BENCH_STORE_DB: reuse (or keep) a generated file between runs while tuning.
  if (!reuse || await store.articles.articleCount() === 0) fill();
  sampleRss();
  const fillMs = performance.now() - t0;
  await store.close();

  // The operator's alias list: a popular name for 2,000 of the people (as data/speakers.json holds Jokowi).
  const aliased = speakers.slice(0, 2_000).map((s, i) => ({ name: s.name, aliases: [`Tokoh${i}x`] }));
  const reader = openSqliteStore(reuse ?? path, { speakers: createSpeakerDirectory(aliased) });
  const queries: string[] = [];
  const typo = (s: string) => (s.length > 5 ? `${s.slice(0, 2)}${s[3]}${s[2]}${s.slice(4)}` : `${s}x`);
  const twoTypos = (s: string) => (s.length > 7 ? `${s.slice(0, 2)}${s[3]}${s[2]}${s.slice(4, -1)}` : typo(s));
  const KINDS = ['exact key', 'full name', 'upper case', 'typo', 'unknown', 'alias', 'title+name', 'two typos'];
  for (let i = 0; i < LOOKUPS; i++) {
    const s = zipf();
    const rank = speakers.indexOf(s);
    const kind = i % KINDS.length;
    queries.push(
      kind === 0 ? s.key
      : kind === 1 ? s.name
      : kind === 2 ? s.key.toUpperCase()
      : kind === 3 ? typo(s.key)
      : kind === 4 ? `zz${s.key}qq`
      : kind === 5 ? `tokoh${rank % 2_000}x`
      : kind === 6 ? `Menlu ${s.name}`
      : twoTypos(s.key),
    );
  }
  // What /quotes does: resolve the name (one person, a list, one per name, or suggestions), then read quotes.
  const answer = async (q: string) => {
    const found = await reader.quotes.lookupSpeakers(q);
    return found.kind === 'person' ? await reader.quotes.quotesOf(found.person.keys, 10) : [];
  };
  const first = performance.now();
  await answer(queries[0]!);
  const coldMs = performance.now() - first;
  const wall: number[][] = KINDS.map(() => []);
  const cpu: number[][] = KINDS.map(() => []);
  let found = 0;
  for (const [i, q] of queries.entries()) {
    const c = process.cpuUsage();
    const t = performance.now();
    const hits = await answer(q);
    wall[i % KINDS.length]!.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu[i % KINDS.length]!.push((used.user + used.system) / 1000);
    if (hits.length > 0) found++;
  }
  sampleRss();
  await reader.close();
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return `p50 ${fmt(percentile(sorted, 50), 2)} / p95 ${fmt(percentile(sorted, 95), 2)} / p99 ${fmt(percentile(sorted, 99), 2)} ms`;
  };
  console.log(`quotes: ${fmt(QUOTES)} stored quotes, ${fmt(SPEAKERS)} speakers, generated in ${fmt(fillMs / 1000, 1)} s`);
  console.log(`quotes: first lookup (builds the speaker index: people, aliases, name words) ${fmt(coldMs, 1)} ms`);
  console.log(`quotes: ${fmt(LOOKUPS)} lookups, ${found} found; wall ${stats(wall.flat())}; CPU ${stats(cpu.flat())} (target p95 <= 10 ms)`);
  KINDS.forEach((kind, k) => console.log(`quotes:   ${kind.padEnd(10)} wall ${stats(wall[k]!)}; CPU ${stats(cpu[k]!)}`));
}

async function ingestBench(): Promise<void> {
  const items = syntheticArticles(ITEMS);
  const bytes = items.reduce((sum, item) => sum + (item.text?.length ?? 0), 0);
  const withUrl = items.filter((item) => item.url).length;
  // Warm the pipeline up (JIT, caches) on other items, so the figure is the steady rate.
  for (const item of syntheticArticles(500, 7)) extractArticle(item, { timeZone: 'Asia/Jakarta' });
  const store = openSqliteStore(join(dir, 'ingest.db'));
  const service = createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger });
  const t0 = performance.now();
  const result = await service.ingest(items);
  const ms = performance.now() - t0;
  sampleRss();
  const again = performance.now();
  const second = await service.ingest(items.slice(0, 2000));
  const known = items.slice(0, 2000).filter((item) => item.url).length;
  const againMs = performance.now() - again;
  await store.close();

  // The two halves apart: the pipeline alone, then the store alone on already extracted articles.
  const tx = performance.now();
  const extracted = items.map((item) => extractArticle(item, { timeZone: 'Asia/Jakarta' }));
  const extractMs = performance.now() - tx;
  const storeOnly = openSqliteStore(join(dir, 'ingest-store-only.db'));
  const ts = performance.now();
  for (let i = 0; i < extracted.length; i += 500) await storeOnly.articles.saveArticles(extracted.slice(i, i + 500));
  const storeMs = performance.now() - ts;
  const quotes = extracted.reduce((n, e) => n + e.quotes.length, 0);
  await storeOnly.close();
  sampleRss();
  console.log(
    `ingest: ${fmt(ITEMS)} items of bench/corpus.ts (${withUrl} with URL, ${fmt(bytes / 1e6, 1)} MB) through extractArticle + store in ${fmt(ms, 0)} ms = ` +
      `${fmt(ITEMS / (ms / 1000))} items/s; ${result.inserted} inserted, ${result.duplicates} duplicates, ${result.failed} failed (target >= 1,000 items/s)`,
  );
  console.log(`ingest: re-ingest of 2,000 known items ${fmt(2000 / (againMs / 1000))} items/s (${second.duplicates} duplicates, ${known} of them skipped by URL)`);
  console.log(
    `ingest: split: extractArticle alone ${fmt(ITEMS / (extractMs / 1000))} items/s; ` +
      `store alone (batches of 500, ${fmt(quotes)} quotes) ${fmt(ITEMS / (storeMs / 1000))} items/s`,
  );
}

try {
  if (!process.env['BENCH_STORE_SKIP_INGEST']) await ingestBench();
  if (!process.env['BENCH_STORE_SKIP_QUOTES']) await quotesBench();
  console.log(`peak RSS ${fmt(peakRss / 1e6)} MB`);
} catch (error) {
  console.log(`store bench failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
