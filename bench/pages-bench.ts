/**
 * Page extraction: outlet article pages (HTML) -> article text with Readability on linkedom, then the
 * core pipeline, in one process (one core). 2,000 pages generated from the outlet fixtures of
 * tests/fixtures/pages (each varied: headline, numbers, paragraph order) so no two are alike.
 * Prints pages/s (wall and per CPU-second) and peak RSS; targets >= 100 pages/s per core, <= 300 MB.
 * The worker-thread reader (page-reader.ts, the way the bot reads pages) runs first, so the peak RSS
 * printed after it is its own; the in-process runs after it show what V8 lets pile up without a cap.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractArticle } from '../src/core/article/index.ts';
import { readArticlePage } from '../src/sources/article-page.ts';
import { createPageReader } from '../src/sources/page-reader.ts';

const N = Number(process.env['BENCH_PAGES'] ?? 2_000);
const dir = fileURLToPath(new URL('../tests/fixtures/pages/', import.meta.url));
const templates = readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(dir, d.name)).filter((f) => f.endsWith('.html')).map((f) => join(dir, d.name, f)))
  .sort()
  .map((path) => {
    const bytes = readFileSync(path);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return new TextDecoder('windows-1252').decode(bytes);
    }
  });

/** Page `i`: a template with its numbers shifted and two body paragraphs swapped. */
function page(i: number): string {
  const html = templates[i % templates.length] ?? '';
  let swapped = false;
  return html
    .replace(/(<h1[^>]*>)([^<]*)/, (_m, open: string, title: string) => `${open}${title} (${i})`)
    .replace(/\b(\d{2,3})\b/g, (n) => String(Number(n) + (i % 7)))
    .replace(/(<p>[^<]{80,}<\/p>)\n(<p>[^<]{80,}<\/p>)/, (m, a: string, b: string) => {
      if (swapped || i % 2 === 0) return m;
      swapped = true;
      return `${b}\n${a}`;
    });
}

// Pages are made one at a time, as a poll receives them, rather than all held in memory.
let bytes = 0;
for (let i = 0; i < N; i++) bytes += page(i).length;
for (let i = 0; i < 50; i++) readArticlePage(page(i), 'https://bench.test/a/b');

function run(label: string, work: (html: string, i: number) => number): void {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let count = 0;
  for (let i = 0; i < N; i++) count += work(page(i), i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${label.padEnd(22)} ${Math.round(N / seconds)} pages/s wall, ${Math.round(N / cpuSeconds)} pages per CPU-second  (target >= 100)  [${count}]  peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

console.log(`pages           ${N} (${templates.length} outlet templates), ${(bytes / 1e6).toFixed(1)} MB of HTML (page generation included in the times)`);

{
  const reader = createPageReader();
  await reader.read(page(0), 'https://bench.test/warm');
  const start = process.hrtime.bigint();
  let count = 0;
  for (let i = 0; i < N; i++) count += (await reader.read(page(i), `https://bench.test/berita/${i}`)).text.length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await reader.close();
  console.log(
    `${'worker: page -> text'.padEnd(22)} ${Math.round(N / seconds)} pages/s wall (one worker = one core)  [${count}]  peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB  (target <= 300)`,
  );
}
run('page -> text', (html, i) => readArticlePage(html, `https://bench.test/berita/${i}`).text.length);
run('page -> quotes', (html, i) => {
  const page = readArticlePage(html, `https://bench.test/berita/${i}`);
  return extractArticle({ text: page.text, title: page.title, publishedAt: page.publishedAt }, { timeZone: 'Asia/Jakarta' }).quotes.length;
});
console.log(`peak RSS        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB after the in-process runs (no heap cap)`);

// Real outlet pages are heavier than the fixtures (≈ 6 KB): 100–300 KB with thousands of elements,
// mostly link lists in plain divs and inline scripts. The same pages padded to that size:
const HEAVY = Number(process.env['BENCH_HEAVY_PAGES'] ?? 200);
const rail = Array.from({ length: 60 }, (_, b) => `<div class="box-${b}"><h3>Rubrik ${b}</h3><ul>${'<li><a href="/berita/1">Judul berita lain yang cukup panjang</a> <span>2 jam lalu</span></li>'.repeat(8)}</ul></div>`).join('');
const script = `<script>window.__STATE__=${JSON.stringify({ items: Array.from({ length: 400 }, (_, k) => ({ id: k, title: 'Judul berita lain' })) })}</script>`;
const heavy = (i: number) => page(i).replace('</body>', `<div class="rail">${rail}</div>${script}</body>`);
{
  const size = heavy(0).length;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < HEAVY; i++) readArticlePage(heavy(i), `https://bench.test/berita/${i}`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  console.log(
    `${'heavy page -> text'.padEnd(22)} ${HEAVY} pages of ≈ ${(size / 1e3).toFixed(0)} KB: ${Math.round(HEAVY / seconds)} pages/s wall, ${Math.round(HEAVY / ((cpu.user + cpu.system) / 1e6))} pages per CPU-second`,
  );
}
