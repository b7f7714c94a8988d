/**
 * `npm run measure:pages [-- DIR...]`: the issue's "done when" measured. Serves each page fixture
 * folder (layout: tests/helpers/page-fixture-server.ts) as snippet-only outlet feeds on a local
 * server, runs `kilas ingest` into a temporary SQLite store (pages fetched in the poll), then asks the
 * quotes lookup (`kilas quotes`' own query) for every gold speaker and prints recall and precision of
 * direct quotes with the right speaker against the folder's gold.json. Default folders: every one of
 * tests/fixtures/page-fetch, pages, pages-holdout, pages-hard, pages-hard-holdout, pages-lead that exists.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../src/cli.ts';
import type { QuoteHit } from '../src/core/model/index.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { startPageFixtureServer } from '../tests/helpers/page-fixture-server.ts';

interface GoldQuote {
  readonly speaker: string;
  readonly speaker_key: string;
  readonly text: string;
}
interface GoldArticle {
  /** The page-1 path from the repository root (pages-layout.md), or its basename when `path` holds that path. */
  readonly file: string;
  readonly path?: string;
  readonly quotes: readonly GoldQuote[];
}

const root = resolve(import.meta.dirname, '..');
const dirs = process.argv.slice(2).length
  ? process.argv.slice(2).map((d) => resolve(d))
  : ['tests/fixtures/page-fetch', 'tests/fixtures/pages', 'tests/fixtures/pages-holdout', 'tests/fixtures/pages-hard', 'tests/fixtures/pages-hard-holdout', 'tests/fixtures/pages-lead'].map((d) => join(root, d)).filter((d) => existsSync(join(d, 'gold.json')));

const norm = (s: string) =>
  s.normalize('NFKC').replace(/[“”„‟"«»‘’'`]/g, ' ').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Token F1 of two quotes ≥ 0.85: the same quote up to punctuation and a clipped word. */
function sameQuote(a: string, b: string): boolean {
  const ta = norm(a);
  const tb = norm(b);
  if (!ta.length || !tb.length) return false;
  const bag = new Map<string, number>();
  for (const t of tb) bag.set(t, (bag.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of ta) {
    const c = bag.get(t) ?? 0;
    if (c > 0) {
      common++;
      bag.set(t, c - 1);
    }
  }
  const p = common / ta.length;
  const r = common / tb.length;
  return p + r > 0 && (2 * p * r) / (p + r) >= 0.85;
}

const rightSpeaker = (hit: QuoteHit, gold: GoldQuote) => {
  const keys = new Set([gold.speaker_key, ...norm(gold.speaker)].map((k) => k.toLowerCase()));
  return [hit.speakerKey ?? '', ...norm(hit.speaker ?? '')].some((k) => keys.has(k.toLowerCase()));
};

async function measure(dir: string): Promise<void> {
  const gold = JSON.parse(readFileSync(join(dir, 'gold.json'), 'utf8')) as GoldArticle[];
  const fixtures = await startPageFixtureServer(dir);
  const temp = mkdtempSync(join(tmpdir(), 'kilas-measure-'));
  try {
    const feeds = join(temp, 'feeds.json');
    writeFileSync(feeds, fixtures.feedListJson());
    const env = { KILAS_DB: join(temp, 'kilas.db'), KILAS_SEEDS: join(temp, 'none'), KILAS_LOG_LEVEL: 'error', KILAS_ALLOW_PRIVATE_FETCH: '1' };
    let stderr = '';
    const started = performance.now();
    const code = await main(['ingest', '--feeds', feeds], { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env, cwd: temp });
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`kilas ingest exited ${code}: ${stderr}`);
    const pages = { fetched: 0, failed: 0 };
    for (const m of stderr.matchAll(/(\d+) page\(s\) fetched, (\d+) failed/g)) {
      pages.fetched += Number(m[1]);
      pages.failed += Number(m[2]);
    }

    const pathOf = (a: GoldArticle) => resolve(root, a.path ?? a.file);
    const urlOf = (a: GoldArticle) => fixtures.server.url(`/${relative(dir, pathOf(a)).split('\\').join('/')}`);
    const articleOf = new Map(gold.map((a) => [urlOf(a), a]));
    const store = openSqliteStore(env.KILAS_DB);
    let goldQuotes = 0;
    let found = 0;
    let returned = 0;
    let correct = 0;
    const misses: string[] = [];
    try {
      const hitsBySpeaker = new Map<string, QuoteHit[]>();
      for (const key of new Set(gold.flatMap((a) => a.quotes.map((q) => q.speaker_key)).filter((k) => k && k !== 'unknown'))) {
        hitsBySpeaker.set(key, (await store.quotes.quotesBy(key, 1000)).filter((h) => h.sources.some((s) => s.url !== null && articleOf.has(s.url))));
      }
      for (const article of gold) {
        const url = urlOf(article);
        for (const q of article.quotes.filter((x) => x.speaker_key !== 'unknown')) {
          goldQuotes++;
          const hit = (hitsBySpeaker.get(q.speaker_key) ?? []).find((h) => h.sources.some((s) => s.url === url) && sameQuote(h.text, q.text) && rightSpeaker(h, q));
          if (hit) found++;
          else misses.push(`${relative(root, pathOf(article))}: ${q.speaker}: ${q.text.slice(0, 70)}`);
        }
      }
      const seen = new Set<QuoteHit>();
      for (const hits of hitsBySpeaker.values()) {
        for (const hit of hits) {
          if (seen.has(hit)) continue;
          seen.add(hit);
          returned++;
          const golds = hit.sources.flatMap((s) => (s.url ? (articleOf.get(s.url)?.quotes ?? []) : []));
          if (golds.some((g) => sameQuote(hit.text, g.text) && rightSpeaker(hit, g))) correct++;
        }
      }
    } finally {
      await store.close();
    }
    const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);
    process.stdout.write(
      `${relative(root, dir)}: ${gold.length} article(s), ${pages.fetched} page(s) fetched, ${pages.failed} failed, ingest ${ms.toFixed(0)} ms; ` +
        `recall ${pct(found, goldQuotes)} (${found}/${goldQuotes}), precision ${pct(correct, returned)} (${correct}/${returned}) ` +
        `of direct quotes with the right speaker\n`,
    );
    if (process.env['VERBOSE']) for (const m of misses) process.stdout.write(`  missed ${m}\n`);
  } finally {
    await fixtures.close();
    rmSync(temp, { recursive: true, force: true });
  }
}

if (dirs.length === 0) process.stdout.write('no page fixture folder with a gold.json found\n');
for (const dir of dirs) await measure(dir);
