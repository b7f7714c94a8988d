/**
 * Persisted stories: what keeping stories costs an ingest, and what reading them saves a digest.
 * A store holding three days of 2,500 synthetic articles a day (`bench/story-corpus.ts`): the first
 * assignment (indexes the window, every story new), a quiet poll (nothing new), then a poll that
 * brings 100 more articles (target ≤ 200 ms: only they are assigned). Then a day of 5,000 stored
 * articles with their stories stored, built into a digest from the store (target ≤ 1 s) and, for
 * comparison, clustered again as before. Prints the figures (wall and CPU: the machine is shared).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDigestService } from '../src/bot/digest-service.ts';
import { buildDigest } from '../src/core/digest/index.ts';
import { createStoryAssigner } from '../src/ingest/story-assignment.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { newsOf } from '../src/store/ports.ts';
import { buildCorpus } from './story-corpus.ts';
import { time, timeAsync } from './timing.ts';

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
  const store = openSqliteStore(join(dir, 'kilas.db'), { now });
  await store.articles.saveArticles(first);
  const assigner = createStoryAssigner(store, { now });

  const report = (label: string, run: Awaited<ReturnType<typeof timeAsync<Awaited<ReturnType<typeof assigner.assign>>>>>) => {
    const r = run.result;
    console.log(
      `${label}: ${run.ms.toFixed(0)} ms wall, ${run.cpuMs.toFixed(0)} ms CPU — ${r.articles.toLocaleString('en-US')} articles assigned, ` +
        `${r.stories.toLocaleString('en-US')} stories; ${r.created} created, ${r.merged} merged, ${r.moved} moved, ${r.updated} updated`,
    );
  };
  report(`first assignment (${first.length.toLocaleString('en-US')} stored, all new; indexes the window)`, await timeAsync(() => assigner.assign()));
  report('a quiet poll (nothing new)', await timeAsync(() => assigner.assign()));
  await store.articles.saveArticles(later);
  const poll = await timeAsync(() => assigner.assign());
  report(`a poll that brought ${LATER} articles (limit 200 ms)`, poll);
  // The machine is shared: CPU time is what the poll costs; wall time includes waiting for a core.
  console.log(`poll of ${LATER} (limit 200 ms): wall ${poll.ms <= 200 ? 'OK' : 'OVER'}, CPU ${poll.cpuMs <= 200 ? 'OK' : 'OVER'}`);
  await store.close();

  const day = buildCorpus({ articles: 5_000, perDay: 5_000, seed: 11, start: '2026-11-20' });
  const dayNow = () => new Date('2026-11-21T00:00:00+07:00');
  const dayStore = openSqliteStore(join(dir, 'day.db'), { now: dayNow });
  await dayStore.articles.saveArticles(day.items);
  await createStoryAssigner(dayStore, { now: dayNow }).assign();
  const service = createDigestService({ news: newsOf(dayStore), timeZone: 'Asia/Jakarta', storyIdsIn: (w) => dayStore.stories.storyIdsIn(w) });
  const fromStore = await timeAsync(() => service.latest(dayNow()));
  console.log(
    `digest of a day of 5,000 stored articles, stories read from the store: ${fromStore.ms.toFixed(0)} ms wall, ${fromStore.cpuMs.toFixed(0)} ms CPU, ` +
      `${fromStore.result.stats.stories} stories shown (limit 1 s: wall ${fromStore.ms <= 1000 ? 'OK' : 'OVER'}, CPU ${fromStore.cpuMs <= 1000 ? 'OK' : 'OVER'})`,
  );
  const items = await dayStore.articles.articlesIn({ from: null, to: null });
  const clustered = time(() => buildDigest(items, { timeZone: 'Asia/Jakarta', window: { from: null, to: null }, date: '2026-11-20' }));
  console.log(`  for comparison, the same day clustered again (no stored stories): ${clustered.ms.toFixed(0)} ms wall (reading excluded)`);
  await dayStore.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
