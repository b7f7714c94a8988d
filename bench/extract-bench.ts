/**
 * Throughput of the whole extract pipeline (parse, clean, quotes) in one process over a synthetic
 * corpus. Prints articles/s, MB/s and peak RSS; target >= 2,000 articles/s and <= 300 MB.
 */
import { parseArticle, extractArticle } from '../src/core/article/index.ts';
import { createSpeakerDirectory, resolveStorySpeakers } from '../src/core/speakers/index.ts';
import { syntheticArticles } from './corpus.ts';
import { htmlFragmentToText } from '../src/sources/html-text.ts';

/** An alias list of the size an operator keeps (the pipeline looks every speaker up in it). */
const BENCH_ALIASES = createSpeakerDirectory(
  Array.from({ length: 500 }, (_, i) => ({ name: `Tokoh Nomor${i}`, aliases: [`Nomor${i}x`] })).concat([
    { name: 'Joko Widodo', aliases: ['Jokowi'] },
    { name: 'Sergey Lavrov', aliases: ['Sergei Lavrov'] },
  ]),
);

const N = Number(process.env['BENCH_ARTICLES'] ?? 10_000);
const articles = syntheticArticles(N, 42);
const bytes = articles.reduce((sum, a) => sum + Buffer.byteLength(a.text ?? ''), 0);

// Warm up the JIT on a slice so the figure reflects steady state.
for (const raw of articles.slice(0, 200)) extractArticle(raw, { timeZone: 'Asia/Jakarta' });

const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
let paragraphs = 0;
let quotes = 0;
for (const raw of articles) {
  const { article, quotes: q } = extractArticle(raw, { timeZone: 'Asia/Jakarta', speakers: BENCH_ALIASES });
  paragraphs += article.paragraphs.length;
  quotes += q.length;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
// CPU time is the fairer figure on a shared machine: wall time includes waiting for a core.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rssMb = process.resourceUsage().maxRSS / 1024;

console.log(`articles        ${N}`);
console.log(`input           ${(bytes / 1e6).toFixed(1)} MB`);
console.log(`time            ${seconds.toFixed(2)} s`);
console.log(`articles/s      ${Math.round(N / seconds)}  (target >= 2000)`);
console.log(`MB/s            ${(bytes / 1e6 / seconds).toFixed(2)}`);
console.log(`CPU time        ${cpuSeconds.toFixed(2)} s  -> ${Math.round(N / cpuSeconds)} articles per CPU-second, ${(bytes / 1e6 / cpuSeconds).toFixed(2)} MB per CPU-second`);
console.log(`peak RSS        ${rssMb.toFixed(0)} MB  (target <= 300)`);
console.log(`paragraphs      ${paragraphs}, quotes ${quotes}`);

// Where the time goes: parsing and cleaning alone, the rest is quote extraction.
const parseStart = process.cpuUsage();
for (const raw of articles) parseArticle(raw, { timeZone: 'Asia/Jakarta' });
const parseCpu = process.cpuUsage(parseStart);
const parseMs = (parseCpu.user + parseCpu.system) / 1e3 / N;
const totalMs = (cpuSeconds * 1e3) / N;
console.log(`per article     ${totalMs.toFixed(3)} ms CPU: parse+clean ${parseMs.toFixed(3)} ms, quotes ${(totalMs - parseMs).toFixed(3)} ms`);

// Story-level speaker resolution (run once per story after clustering; the article-level part is inside
// the pipeline above): its share of the pipeline's time, over stories of five articles.
const extracted = articles.map((raw) => extractArticle(raw, { timeZone: 'Asia/Jakarta', speakers: BENCH_ALIASES }));
const storyStart = process.cpuUsage();
for (let i = 0; i < extracted.length; i += 5) resolveStorySpeakers(extracted.slice(i, i + 5), BENCH_ALIASES);
const storyCpu = process.cpuUsage(storyStart);
const storyMs = (storyCpu.user + storyCpu.system) / 1e3 / N;
console.log(`speakers        story-level resolution ${storyMs.toFixed(4)} ms per article (${((100 * storyMs) / totalMs).toFixed(1)} % of the pipeline)`);

// Hostile inputs: each must take time linear in its size (a regex that backtracks would take minutes).
const size = 200_000;
const hostile: [string, string][] = [
  ['ampersands', '&'.repeat(size)],
  ['one long word', 'a'.repeat(size)],
  ['dotted foto credits', '.foto:'.repeat(size / 6)],
  ['copyright then a long word', `Copyright ${'x'.repeat(size)}`],
  ['open quotes', '“'.repeat(size)],
  ['dots and spaces', '. '.repeat(size / 2)],
  ['unclosed tags', '<a '.repeat(size / 3)],
  ['digits and slashes', '1/'.repeat(size / 2)],
  ['day names', 'Senin ('.repeat(size / 7)],
  ['capitals and dashes', 'ABC - '.repeat(size / 6)],
  ['many label lines', 'Baca juga:\n'.repeat(size / 11)],
  ['many short lines', 'a b\n'.repeat(size / 4)],
];
for (const [name, text] of hostile) {
  const t0 = process.hrtime.bigint();
  extractArticle({ text }, { timeZone: 'Asia/Jakarta' });
  extractArticle({ text: htmlFragmentToText(text) }, { timeZone: 'Asia/Jakarta' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`hostile ${name.padEnd(28)} ${(text.length / 1000).toFixed(0)}k chars  ${ms.toFixed(0)} ms`);
}
