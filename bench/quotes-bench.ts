/**
 * Throughput of quote extraction alone (extractQuotes over already cleaned paragraphs of the
 * synthetic corpus), plus a worst case: long paragraphs full of marks, names and speech verbs.
 * The pipeline target is >= 2,000 articles/s, so quotes should take a small share of that.
 */
import { extractArticle } from '../src/core/article/index.ts';
import { extractQuotes } from '../src/core/quotes/index.ts';
import { syntheticArticles } from './corpus.ts';

const N = Number(process.env['BENCH_ARTICLES'] ?? 10_000);
const inputs = syntheticArticles(N, 7).map((raw) => {
  const { article } = extractArticle(raw, { timeZone: 'Asia/Jakarta' });
  return { paragraphs: article.paragraphs, title: article.title };
});
const bytes = inputs.reduce((sum, a) => sum + a.paragraphs.reduce((s, p) => s + Buffer.byteLength(p), 0), 0);

for (const a of inputs.slice(0, 300)) extractQuotes(a.paragraphs, { title: a.title });

const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
let quotes = 0;
for (const a of inputs) quotes += extractQuotes(a.paragraphs, { title: a.title }).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

// Worst case: 50 paragraphs of 10 kB each, every few words a mark, a name or a speech verb.
const unit = '“Kami siap,” kata Menteri Luar Negeri Rusia Sergey Lavrov, “tetapi ” ia menambahkan bahwa " Dia ';
const evil = Array.from({ length: 50 }, () => unit.repeat(Math.ceil(10_000 / unit.length)));
const evilStart = process.hrtime.bigint();
const evilQuotes = extractQuotes(evil).length;
const evilMs = Number(process.hrtime.bigint() - evilStart) / 1e6;

console.log(`articles        ${N} (${(bytes / 1e6).toFixed(1)} MB of paragraphs)`);
console.log(`time            ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU`);
console.log(`articles/s      ${Math.round(N / seconds)} wall, ${Math.round(N / cpuSeconds)} per CPU-second`);
console.log(`quotes          ${quotes}`);
console.log(`worst case      ${(evil.length * evil[0]!.length / 1e6).toFixed(1)} MB in ${evilMs.toFixed(0)} ms, ${evilQuotes} quotes`);
