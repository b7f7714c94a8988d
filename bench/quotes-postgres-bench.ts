/**
 * `/quotes` on PostgreSQL: the store bench's workload (1,000,000 quotes by 20,000 speakers, Zipf-like,
 * a 2,000-entry alias list) loaded into a PostgreSQL database (an embedded server, or
 * BENCH_POSTGRES_URL), then 2,000 lookups through `openPostgresStore` as `/quotes` makes them (the
 * core speaker lookup, then up to 10 quotes): p50/p95/p99 overall and per kind of name. Also the
 * load time, and word searches. Loading a million rows takes minutes, so it runs only when asked:
 * `BENCH_PG=1 npm run bench -- postgres` (BENCH_PG_QUOTES changes the size).
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createSpeakerDirectory } from '../src/core/speaker-directory.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../tests/helpers/postgres/embedded-server.ts';
import { LOOKUP_KINDS, latencies, quoteWorkload } from './quote-workload.ts';

const QUOTES = process.env['BENCH_PG'] || process.env['BENCH_PG_QUOTES'] ? Number(process.env['BENCH_PG_QUOTES'] ?? 1_000_000) : 0;
const QUOTES_PER_ARTICLE = 10;
const SPEAKERS = 20_000;
const LOOKUPS = 2_000;
const BATCH_ARTICLES = 2_000;

if (QUOTES <= 0) {
  console.log('quotes-postgres: skipped (loads 1,000,000 rows for minutes): run with BENCH_PG=1 npm run bench -- postgres');
  process.exit(0);
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
let server: EmbeddedServer | null = null;
const external = process.env['BENCH_POSTGRES_URL'];
if (!external) server = await startEmbeddedPostgres({ settings: { shared_buffers: '256MB', work_mem: '16MB', maintenance_work_mem: '256MB' } });
const url = external ?? server!.url;
const work = quoteWorkload(SPEAKERS);

try {
  const loader = await openPostgresStore(url, { max: 2 });
  const pool = loader.pool;
  await pool.query('TRUNCATE articles, quotes, speakers CASCADE');
  // As an operator's bulk import would: the quote indexes are dropped for the load and built after.
  const { rows: indexes } = await pool.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'quotes' AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%key'`,
  );
  for (const index of indexes) await pool.query(`DROP INDEX ${index.name}`);
  const t0 = performance.now();
  const articles = QUOTES / QUOTES_PER_ARTICLE;
  const start = Date.parse('2022-01-01T00:00:00Z');
  const fetchedAt = new Date().toISOString();
  // Rows straight into the tables in batches (the store's saveArticles does one article at a time).
  for (let first = 0; first < articles; first += BATCH_ARTICLES) {
    const a = { id: [] as string[], url: [] as string[], title: [] as string[], iso: [] as string[], ms: [] as number[], outlet: [] as string[] };
    const q = { article: [] as string[], position: [] as number[], text: [] as string[], speaker: [] as string[], key: [] as string[], ms: [] as number[] };
    for (let i = first; i < Math.min(articles, first + BATCH_ARTICLES); i++) {
      const id = `b${i}`;
      const ms = start + i * 60_000;
      const outlet = `outlet${i % 40}.example.id`;
      a.id.push(id);
      a.url.push(`https://${outlet}/${i}`);
      a.title.push(`Judul ${i}`);
      a.iso.push(new Date(ms).toISOString());
      a.ms.push(ms);
      a.outlet.push(outlet);
      for (let p = 0; p < QUOTES_PER_ARTICLE; p++) {
        const s = work.speakers[work.zipfIndex()]!;
        q.article.push(id);
        q.position.push(p);
        q.text.push(`${work.quoteText()} ${i}.${p}`);
        q.speaker.push(s.name);
        q.key.push(s.key);
        q.ms.push(ms);
      }
    }
    await pool.query(
      `INSERT INTO articles (id, canonical_url, url, title, published_at, sort_ms, paragraphs, outlet, fetched_at)
       SELECT id, u, u, t, iso, ms, '[]', o, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[]) AS x(id, u, t, iso, ms, o)`,
      [a.id, a.url, a.title, a.iso, a.ms, a.outlet, fetchedAt],
    );
    await pool.query(
      `INSERT INTO quotes (article_id, position, paragraph, text, speaker, speaker_key, sort_ms)
       SELECT aid, p, 0, t, s, k, ms FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS x(aid, p, t, s, k, ms)`,
      [q.article, q.position, q.text, q.speaker, q.key, q.ms],
    );
  }
  const rowsMs = performance.now() - t0;
  const t1 = performance.now();
  for (const index of indexes) await pool.query(index.def);
  const indexMs = performance.now() - t1;
  await pool.query(`INSERT INTO speakers (key, name, count) SELECT speaker_key, speaker, COUNT(*) FROM quotes WHERE speaker_key IS NOT NULL GROUP BY 1, 2`);
  await pool.query(`UPDATE store_versions SET version = version + 1 WHERE name = 'speakers'`);
  await pool.query('VACUUM ANALYZE articles, quotes, speakers');
  const loadMs = performance.now() - t0;
  await loader.close();

  const reader = await openPostgresStore(url, { speakers: createSpeakerDirectory(work.aliases), max: 4 });
  const answer = async (name: string) => {
    const found = await reader.quotes.lookupSpeakers(name);
    return found.kind === 'person' ? await reader.quotes.quotesOf(found.person.keys, 10) : [];
  };
  const queries = work.lookups(LOOKUPS);
  const cold = performance.now();
  await answer(queries[0]!);
  const coldMs = performance.now() - cold;
  const wall: number[][] = LOOKUP_KINDS.map(() => []);
  const cpu: number[] = [];
  let found = 0;
  for (const [i, name] of queries.entries()) {
    const c = process.cpuUsage();
    const t = performance.now();
    const hits = await answer(name);
    wall[i % LOOKUP_KINDS.length]!.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    if (hits.length > 0) found++;
  }
  const searches: number[] = [];
  for (const text of ['perang kepentingan', 'keamanan ekonomi', 'dialg terbuka', 'menginginkan', 'pemerintahnya']) {
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      await reader.quotes.searchQuotes(text, 10);
      searches.push(performance.now() - t);
    }
  }
  await reader.close();
  console.log(
    `quotes-postgres: ${fmt(QUOTES)} quotes, ${fmt(SPEAKERS)} speakers loaded in ${fmt(loadMs / 1000, 1)} s: ` +
      `rows ${fmt(rowsMs / 1000, 1)} s (batches of ${fmt(BATCH_ARTICLES * QUOTES_PER_ARTICLE)}), quote indexes ${fmt(indexMs / 1000, 1)} s, speakers + analyze the rest`,
  );
  if (server) console.log(`quotes-postgres: embedded server started in ${fmt(server.startupMs)} ms`);
  console.log(`quotes-postgres: first lookup (loads the speaker list, builds the index) ${fmt(coldMs, 1)} ms`);
  console.log(`quotes-postgres: ${fmt(LOOKUPS)} lookups, ${found} found; wall ${latencies(wall.flat())} (target p95 <= 10 ms); client CPU ${latencies(cpu)}`);
  console.log(`quotes-postgres: machine load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  LOOKUP_KINDS.forEach((kind, k) => console.log(`quotes-postgres:   ${kind.padEnd(10)} wall ${latencies(wall[k]!)}`));
  console.log(`quotes-postgres: word search (tsvector, prefixes, pg_trgm), 25 searches: wall ${latencies(searches)}`);
} finally {
  await server?.stop();
}
