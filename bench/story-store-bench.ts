/**
 * Persisted stories: the cost `assignStories` adds to an ingest run. A store holding three days of
 * 2,500 synthetic articles a day (`bench/story-corpus.ts`) is clustered and saved (every story new),
 * then re-run with nothing new (the idempotent no-op a quiet poll costs), then after a poll that
 * brought 100 more articles. Prints the figures (wall and CPU: the machine is shared); always exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterStories } from '../src/core/stories.ts';
import { assignStories } from '../src/ingest/story-assignment.ts';
import { openStore } from '../src/store/sqlite-store.ts';
import { buildCorpus } from './story-corpus.ts';
import { time } from './timing.ts';

const PER_DAY = 2_500;
const DAYS = 3;
const LATER = 100;

const dir = mkdtempSync(join(tmpdir(), 'kilas-story-bench-'));
try {
  const corpus = buildCorpus({ articles: PER_DAY * DAYS + LATER, perDay: PER_DAY, seed: 5, start: '2026-11-20' });
  const byTime = [...corpus.items].sort((a, b) => (a.article.publishedAt ?? '').localeCompare(b.article.publishedAt ?? ''));
  const first = byTime.slice(0, byTime.length - LATER);
  const later = byTime.slice(byTime.length - LATER);
  const latest = Date.parse(byTime.at(-1)?.article.publishedAt ?? '2026-11-23T00:00:00Z');
  const now = () => new Date(latest + 60_000);
  const store = openStore(join(dir, 'kilas.db'), { now });
  store.saveArticles(first);

  const report = (label: string, run: ReturnType<typeof time<ReturnType<typeof assignStories>>>) => {
    const r = run.result;
    console.log(
      `${label}: ${run.ms.toFixed(0)} ms wall, ${run.cpuMs.toFixed(0)} ms CPU — ${r.articles.toLocaleString('en-US')} articles, ` +
        `${r.stories.toLocaleString('en-US')} stories; ${r.created} created, ${r.merged} merged, ${r.moved} moved, ${r.updated} updated`,
    );
  };
  report(`first assignment (${first.length.toLocaleString('en-US')} stored, all new)`, time(() => assignStories(store, { now })));
  report('second run, nothing new (idempotent)', time(() => assignStories(store, { now })));
  store.saveArticles(later);
  report(`after ${LATER} new articles`, time(() => assignStories(store, { now })));
  const read = time(() => store.articlesIn({ from: new Date(now().getTime() - DAYS * 86_400_000).toISOString(), to: null }));
  const clustered = time(() => clusterStories(read.result));
  const saved = time(() => store.saveStoryClusters(clustered.result));
  console.log(
    `its parts, nothing new: reading the window ${read.ms.toFixed(0)} ms, clustering ${clustered.ms.toFixed(0)} ms, ` +
      `saving ${saved.ms.toFixed(0)} ms wall (${saved.cpuMs.toFixed(0)} ms CPU)`,
  );
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
