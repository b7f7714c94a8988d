/**
 * Renderer speed: a typical 10-story digest rendered many times in every format, a 500-story
 * document, and the worst case for splitting (one 1 MB paragraph, and one 200 KB word).
 * Prints its figures and exits 0.
 */
import { performance } from 'node:perf_hooks';
import type { Digest, Story } from '../src/core/model/index.ts';
import { digestDocument } from '../src/format/digest-document.ts';
import { paragraph, simpleDocument } from '../src/format/document.ts';
import type { Document } from '../src/format/document.ts';
import { renderDiscord } from '../src/platforms/discord/renderer.ts';
import { renderJson } from '../src/format/json-renderer.ts';
import { renderTelegram } from '../src/platforms/telegram/renderer.ts';
import { renderMarkdown, renderText } from '../src/format/text-renderer.ts';

const sentence = (i: number) => `Kalimat ${i} tentang perkembangan terbaru di Jakarta & sekitarnya <${i}> menurut @sumber.`;

function story(i: number): Story {
  return {
    id: `s${i}`,
    headline: `Berita ${i}: pemerintah dan DPR membahas anggaran **tahun** depan`,
    link: `https://news1.example/${i}`,
    summary: [sentence(i), sentence(i + 1), sentence(i + 2)],
    quotes: [1, 2, 3].map((q) => ({
      text: `Kami akan memastikan semuanya berjalan sesuai rencana, nomor ${q},`,
      speaker: `Narasumber ${q}`,
      speakerKey: `narasumber${q}`,
      outlets: q,
      articleIds: [`a${i}`],
    })),
    sources: [1, 2, 3].map((n) => ({ articleId: `a${i}-${n}`, title: `Artikel ${n}`, url: `https://news${n}.example/${i}`, outlet: `news${n}.example`, sourceKey: `outlet:news${n}` })),
    articleIds: [`a${i}`],
    publishedAt: '2026-11-22T08:00:00+07:00',
    score: 10 - i / 1000,
  };
}

const digestOf = (n: number): Digest => ({
  window: { from: '2026-11-21T17:00:00.000Z', to: '2026-11-22T17:00:00.000Z' },
  timeZone: 'Asia/Jakarta',
  date: '2026-11-22',
  stories: Array.from({ length: n }, (_, i) => story(i)),
  stats: { stories: n, articles: n * 3, outlets: 3, quotes: n * 3 },
});

function time(label: string, runs: number, chars: number, fn: () => unknown): void {
  fn();
  const start = performance.now();
  let parts = 0;
  for (let i = 0; i < runs; i++) {
    const out = fn();
    parts = Array.isArray(out) ? out.length : 1;
  }
  const ms = (performance.now() - start) / runs;
  const mbs = chars / 1e6 / (ms / 1000);
  process.stdout.write(`${label.padEnd(44)} ${ms.toFixed(3).padStart(9)} ms/render  ${mbs.toFixed(1).padStart(6)} MB/s  ${parts} part(s)\n`);
}

const textLength = (doc: Document) => renderText(doc).length;

const daily = digestOf(10);
const dailyDoc = digestDocument(daily);
const dailyChars = textLength(dailyDoc);
process.stdout.write(`10-story digest: ${dailyChars} characters of text\n`);
time('digestDocument (10 stories)', 2000, dailyChars, () => digestDocument(daily));
time('renderTelegram (10 stories)', 500, dailyChars, () => renderTelegram(dailyDoc));
time('renderDiscord (10 stories)', 500, dailyChars, () => renderDiscord(dailyDoc));
time('renderText (10 stories)', 2000, dailyChars, () => renderText(dailyDoc));
time('renderMarkdown (10 stories)', 2000, dailyChars, () => renderMarkdown(dailyDoc));
time('renderJson (10 stories)', 2000, dailyChars, () => renderJson(daily));

const big = digestDocument(digestOf(500));
const bigChars = textLength(big);
time('renderTelegram (500 stories)', 5, bigChars, () => renderTelegram(big));
time('renderDiscord (500 stories)', 5, bigChars, () => renderDiscord(big));

const paragraphDoc = simpleDocument(paragraph(Array.from({ length: 12_000 }, (_, i) => sentence(i)).join(' ')));
const paragraphChars = textLength(paragraphDoc);
time(`renderTelegram (one ${(paragraphChars / 1e6).toFixed(1)} MB paragraph)`, 2, paragraphChars, () => renderTelegram(paragraphDoc));
time(`renderDiscord (one ${(paragraphChars / 1e6).toFixed(1)} MB paragraph)`, 2, paragraphChars, () => renderDiscord(paragraphDoc));

const wordDoc = simpleDocument(paragraph('😀'.repeat(100_000)));
time('renderTelegram (one 200 KB word of emoji)', 2, 200_000, () => renderTelegram(wordDoc));
time('renderDiscord (one 200 KB word of emoji)', 2, 200_000, () => renderDiscord(wordDoc));
process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
