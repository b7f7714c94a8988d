/**
 * Stories bench: clustering time for 10,000 and 100,000 synthetic articles (the larger must take
 * at most 12 × the smaller: candidate generation is sub-quadratic), pairwise precision/recall on
 * the synthetic events, and the time to build the digest of a day of 5,000 articles.
 */
import { buildDigest } from '../src/core/digest/index.ts';
import { clusterStories } from '../src/core/stories/index.ts';
import { buildCorpus } from './story-corpus.ts';
import { time } from './timing.ts';

const PER_DAY = 2500;

/** Pairwise precision/recall, counted per cluster and per event (no all-pairs loop). */
function pairwise(clusters: { articleIds: string[] }[], eventOf: Map<string, number>) {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  let predicted = 0;
  let truePositive = 0;
  for (const c of clusters) {
    predicted += pairs(c.articleIds.length);
    const perEvent = new Map<number, number>();
    for (const id of c.articleIds) perEvent.set(eventOf.get(id)!, (perEvent.get(eventOf.get(id)!) ?? 0) + 1);
    for (const n of perEvent.values()) truePositive += pairs(n);
  }
  const eventSizes = new Map<number, number>();
  for (const e of eventOf.values()) eventSizes.set(e, (eventSizes.get(e) ?? 0) + 1);
  let actual = 0;
  for (const n of eventSizes.values()) actual += pairs(n);
  return { precision: truePositive / Math.max(1, predicted), recall: truePositive / Math.max(1, actual) };
}

// The machine is shared: the two sizes run alternately (so both see the same load), each more
// than once, and the fastest run of each counts.
const sizes = [10_000, 100_000] as const;
const corpora = sizes.map((n) => buildCorpus({ articles: n, perDay: PER_DAY, seed: 7 }));
const best = sizes.map(() => ({ ms: Infinity, cpuMs: Infinity, clusters: [] as { articleIds: string[] }[] }));
for (const s of [0, 1, 0, 1, 0]) {
  (globalThis as { gc?: () => void }).gc?.();
  const run = time(() => clusterStories(corpora[s]!.items));
  const b = best[s]!;
  b.ms = Math.min(b.ms, run.ms);
  b.cpuMs = Math.min(b.cpuMs, run.cpuMs);
  b.clusters = run.result;
}
const runs = sizes.map((n, s) => {
  const { ms, cpuMs, clusters } = best[s]!;
  const score = pairwise(clusters, corpora[s]!.eventOf);
  console.log(
    `cluster ${n.toLocaleString('en-US')} articles (best run): ${(ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU ` +
      `(${Math.round(n / (ms / 1000)).toLocaleString('en-US')} articles/s), ` +
      `${clusters.length.toLocaleString('en-US')} stories, pairwise precision ${score.precision.toFixed(3)} recall ${score.recall.toFixed(3)}`,
  );
  return { ms, cpuMs };
});
const ratio = runs[1]!.ms / runs[0]!.ms;
const cpuRatio = runs[1]!.cpuMs / runs[0]!.cpuMs;
console.log(
  `ratio 100k / 10k: ${ratio.toFixed(2)} wall, ${cpuRatio.toFixed(2)} CPU (limit 12) ${Math.max(ratio, cpuRatio) <= 12 ? 'OK' : 'OVER'}`,
);

const day = buildCorpus({ articles: 5_000, perDay: 5_000, seed: 11, start: '2026-11-20' });
const window = { from: '2026-11-20T00:00:00+07:00', to: '2026-11-21T00:00:00+07:00' };
const { result: digest, ms: digestMs, cpuMs: digestCpuMs } = time(() => buildDigest(day.items, { timeZone: 'Asia/Jakarta', window, date: '2026-11-20' }));
console.log(
  `digest of a day of 5,000 articles: ${(digestMs / 1000).toFixed(2)} s wall, ${(digestCpuMs / 1000).toFixed(2)} s CPU, ${digest.stats.stories} stories shown ` +
    `(${digest.stats.articles} articles, ${digest.stats.outlets} outlets, ${digest.stats.quotes} quotes)`,
);
console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
