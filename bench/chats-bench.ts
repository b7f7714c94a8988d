/**
 * Chats bench: 10,000 subscriptions over one day of 2,500 articles from 15 feeds, each chat with its
 * own outlets (a few shared choices) and topic filter, built the way the delivery loop asks for them
 * (`dailyDocument` per subscription). Reports digest builds (one per distinct outlet choice), the time
 * per chat and the topic-match throughput.
 */
import { createDigestService, type SourceSelection } from '../src/bot/digest-service.ts';
import type { Subscription } from '../src/bot/ports.ts';
import { compileTopicFilter, matchText, storyPasses } from '../src/core/digest/index.ts';
import { mulberry32 } from './corpus.ts';
import { buildCorpus } from './story-corpus.ts';
import { time, timeAsync } from './timing.ts';

const day = buildCorpus({ articles: 2_500, perDay: 2_500, seed: 5, start: '2026-11-22' });
const feeds = Array.from({ length: 15 }, (_, i) => `https://feed${i}.example/rss`);
const rand = mulberry32(9);
const feedOf = new Map(day.items.map((i) => [i.article.id, [feeds[Math.floor(rand() * feeds.length)]!]]));
let reads = 0;
const news = {
  articleCount: async () => day.items.length,
  articlesIn: async () => {
    reads++;
    return day.items;
  },
};
const choices: (SourceSelection | null)[] = [null, ...[3, 5, 8, 12].map((n) => {
  const allowed = new Set(feeds.slice(0, n));
  return { key: `first-${n}`, outlets: [...allowed], allows: (f: readonly string[]) => f.some((u) => allowed.has(u)) };
})];
const vocabulary = [...new Set(day.items.flatMap((i) => (i.article.title ?? '').toLowerCase().split(/\s+/)))].filter((w) => w.length > 3);
const topicsFor = (n: number): string[] => {
  if (n % 4 !== 0) return [];
  const pick = () => vocabulary[Math.floor(rand() * vocabulary.length)]!;
  return [pick(), `~${pick().slice(0, 4)}`, `"${pick()} ${pick()}"`, `-${pick()}`];
};
const subs: Subscription[] = Array.from({ length: 10_000 }, (_, n) => ({
  id: n + 1,
  chat: { platform: 'telegram', chatId: String(n), threadId: null },
  time: '07:00',
  timeZone: 'Asia/Jakarta',
  topics: topicsFor(n),
  length: n % 2 === 0 ? 'ringkas' : 'lengkap',
  active: true,
  inactiveReason: null,
  createdAt: '2026-11-01T00:00:00Z',
}));
const service = createDigestService({
  news,
  timeZone: 'Asia/Jakarta',
  articleFeeds: async () => feedOf,
  selectionOf: async (sub) => choices[sub.id % choices.length] ?? null,
});
const run = await timeAsync(async () => {
  const docs = [];
  for (const s of subs) docs.push(await service.dailyDocument(s, '2026-11-23'));
  return docs;
});
const sent = run.result.filter((d) => d !== null).length;
console.log(
  `10,000 chats, ${choices.length} outlet choices, a quarter with 4-term filters: ${(run.ms / 1000).toFixed(2)} s wall, ` +
    `${(run.cpuMs / 1000).toFixed(2)} s CPU, ${(run.ms / subs.length).toFixed(3)} ms per chat, ${reads} digest builds, ${sent} digests to send`,
);

const texts = day.items.map((i) => matchText([i.article.title ?? '', ...i.article.paragraphs].join('\n')));
const filter = compileTopicFilter(['banjir', '~korup', '"harga beras"', '-politik', 'as', 'bi']);
const match = time(() => texts.filter((t) => storyPasses(filter, [t])).length);
console.log(`topic match, 6 terms over ${texts.length.toLocaleString('en-US')} article texts: ${match.ms.toFixed(1)} ms (${Math.round(texts.length / (match.ms / 1000)).toLocaleString('en-US')} texts/s)`);
console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
