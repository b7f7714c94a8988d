/**
 * `/quotes` on PostgreSQL: the store bench's workload (1,000,000 quotes by 20,000 speakers, Zipf-like,
 * a 2,000-entry alias list) loaded into a PostgreSQL database (an embedded server, or
 * BENCH_POSTGRES_URL), then 2,000 lookups through `openPostgresStore` as `/quotes` makes them (the
 * core speaker lookup, then up to 10 quotes): p50/p95/p99 overall and per kind of name, the client's
 * CPU, and the server's own execution time of the quotes query (EXPLAIN ANALYZE), which a busy
 * machine's scheduling does not inflate. Also the load time, and word searches. Loading a million
 * rows takes minutes, so it runs only when asked: `BENCH_PG=1 npm run bench -- postgres`
 * (BENCH_PG_QUOTES changes the size; with BENCH_POSTGRES_URL a database it filled before is reused).
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createSpeakerDirectory } from '../src/core/speakers/index.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import type { PgPool } from '../src/store/postgres/pool.ts';
import { QUOTES_BY_KEYS_SQL } from '../src/store/postgres/quote-store.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../tests/helpers/postgres/embedded-server.ts';
import { LOOKUP_KINDS, latencies, quoteWorkload } from './quote-workload.ts';

const QUOTES = process.env['BENCH_PG'] || process.env['BENCH_PG_QUOTES'] ? Number(process.env['BENCH_PG_QUOTES'] ?? 1_000_000) : 0;
const QUOTES_PER_ARTICLE = 10;
const SPEAKERS = 20_000;
const LOOKUPS = 2_000;
const BATCH_ARTICLES = 2_000;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const work = quoteWorkload(SPEAKERS);

/** Rows straight into the tables in batches (the store's saveArticles does one article at a time). */
async function fill(pool: PgPool): Promise<{ rowsMs: number; indexMs: number }> {
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
  for (let first = 0; first < articles; first += BATCH_ARTICLES) {
    const a = { id: [] as string[], url: [] as string[], iso: [] as string[], ms: [] as number[], outlet: [] as string[] };
    const q = { article: [] as string[], position: [] as number[], text: [] as string[], speaker: [] as string[], key: [] as string[], ms: [] as number[] };
    for (let i = first; i < Math.min(articles, first + BATCH_ARTICLES); i++) {
      const id = `b${i}`;
      const ms = start + i * 60_000;
      const outlet = `outlet${i % 40}.example.id`;
      a.id.push(id);
      a.url.push(`https://${outlet}/${i}`);
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
       SELECT id, u, u, 'Judul ' || id, iso, ms, '[]', o, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS x(id, u, iso, ms, o)`,
      [a.id, a.url, a.iso, a.ms, a.outlet, fetchedAt],
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
  return { rowsMs, indexMs };
}

/** Server-side execution time (ms) of the quotes query for one person's keys. */
async function serverMs(pool: PgPool, keys: readonly string[]): Promise<number> {
  const { rows } = await pool.query<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${QUOTES_BY_KEYS_SQL}`, [keys, 30]);
  return rows[0]?.['QUERY PLAN'][0]['Execution Time'] ?? NaN;
}

async function measure(url: string): Promise<void> {
  const reader = await openPostgresStore(url, { speakers: createSpeakerDirectory(work.aliases), max: 4 });
  const answer = async (name: string) => {
    const found = await reader.quotes.lookupSpeakers(name);
    return { keys: found.kind === 'person' ? found.person.keys : [], hits: found.kind === 'person' ? await reader.quotes.quotesOf(found.person.keys, 10) : [] };
  };
  const queries = work.lookups(LOOKUPS);
  const cold = performance.now();
  await answer(queries[0]!);
  const coldMs = performance.now() - cold;
  const wall: number[][] = LOOKUP_KINDS.map(() => []);
  const cpu: number[] = [];
  const people: (readonly string[])[] = [];
  for (const [i, name] of queries.entries()) {
    const c = process.cpuUsage();
    const t = performance.now();
    const { keys, hits } = await answer(name);
    wall[i % LOOKUP_KINDS.length]!.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    if (hits.length > 0) people.push(keys);
  }
  const server: number[] = [];
  for (const keys of people.slice(0, 300)) server.push(await serverMs(reader.pool, keys));
  const searches: number[] = [];
  for (const text of ['perang kepentingan', 'keamanan ekonomi', 'dialg terbuka', 'menginginkan', 'pemerintahnya']) {
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      await reader.quotes.searchQuotes(text, 10);
      searches.push(performance.now() - t);
    }
  }
  await reader.close();
  console.log(`quotes-postgres: first lookup (loads the speaker list, builds the index) ${fmt(coldMs, 1)} ms`);
  console.log(`quotes-postgres: ${fmt(LOOKUPS)} lookups, ${people.length} found; wall ${latencies(wall.flat())} (target p95 <= 10 ms)`);
  console.log(`quotes-postgres: client CPU per lookup ${latencies(cpu)}; server execution of the quotes query (EXPLAIN ANALYZE, ${server.length} people) ${latencies(server)}`);
  LOOKUP_KINDS.forEach((kind, k) => console.log(`quotes-postgres:   ${kind.padEnd(10)} wall ${latencies(wall[k]!)}`));
  console.log(`quotes-postgres: word search (tsvector, prefixes, pg_trgm), 25 searches: wall ${latencies(searches)}`);
  console.log(`quotes-postgres: machine load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
}

async function main(): Promise<void> {
  if (QUOTES <= 0) {
    console.log('quotes-postgres: skipped (loads 1,000,000 rows for minutes): run with BENCH_PG=1 npm run bench -- postgres');
    return;
  }
  const external = process.env['BENCH_POSTGRES_URL'];
  let server: EmbeddedServer | null = null;
  if (!external) server = await startEmbeddedPostgres({ settings: { shared_buffers: '256MB', work_mem: '16MB', maintenance_work_mem: '256MB' } });
  const url = external ?? server!.url;
  try {
    if (server) console.log(`quotes-postgres: embedded server started in ${fmt(server.startupMs)} ms`);
    const loader = await openPostgresStore(url, { max: 2 });
    const stored = (await loader.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM quotes')).rows[0]?.n ?? 0;
    if (external !== undefined && stored === QUOTES) {
      console.log(`quotes-postgres: reusing the ${fmt(QUOTES)} quotes already in BENCH_POSTGRES_URL`);
    } else {
      const t0 = performance.now();
      const { rowsMs, indexMs } = await fill(loader.pool);
      console.log(
        `quotes-postgres: ${fmt(QUOTES)} quotes, ${fmt(SPEAKERS)} speakers loaded in ${fmt((performance.now() - t0) / 1000, 1)} s: ` +
          `rows ${fmt(rowsMs / 1000, 1)} s (batches of ${fmt(BATCH_ARTICLES * QUOTES_PER_ARTICLE)}), quote indexes ${fmt(indexMs / 1000, 1)} s, speakers + analyze the rest`,
      );
    }
    await loader.close();
    await measure(url);
  } finally {
    await server?.stop();
  }
}

await main();
