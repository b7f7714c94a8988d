import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { syntheticArticles } from '../../bench/corpus.ts';
import { furnitureKind, extractArticle } from '../../src/core/article/index.ts';
import { textKey } from '../../src/core/text/index.ts';
import { fragmentToText } from '../../src/sources/article-page.ts';

const opts = { timeZone: 'Asia/Jakarta' };
const furnitureLines: string[] = (
  JSON.parse(readFileSync(new URL('../fixtures/core/furniture.json', import.meta.url), 'utf8')) as {
    furniture: { line: string }[];
  }
).furniture.map((f) => f.line);

// Ordinary Indonesian words: a sentence made of them is body text by any definition.
const WORDS = [
  'pemerintah', 'rusia', 'ukraina', 'menteri', 'mengatakan', 'bahwa', 'pasukan', 'akan', 'mundur', 'dari',
  'wilayah', 'perbatasan', 'pada', 'hari', 'senin', 'negara', 'aliansi', 'keamanan', 'rencana', 'bantuan',
  'harga', 'naik', 'warga', 'kota', 'presiden', 'jakarta', 'tidak', 'sudah', 'pertemuan', 'dengan', 'nato',
];
const sentence = fc
  .array(fc.constantFrom(...WORDS), { minLength: 5, maxLength: 16 })
  .map((ws) => `${ws.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((ss) => ss.join(' '));

describe('extractArticle', () => {
  test('never throws on arbitrary Unicode text or HTML, and always returns a well-formed article', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.option(fc.string({ unit: 'grapheme', maxLength: 80 })),
        fc.boolean(),
        (s, title, asHtml) => {
          const raw = asHtml ? { text: fragmentToText(s), title } : { text: s, title };
          const { article, quotes } = extractArticle(raw, opts);
          expect(article.id).toMatch(/^[0-9a-f]{16}$/);
          expect(Array.isArray(quotes)).toBe(true);
          for (const p of article.paragraphs) {
            expect(p.trim()).toBe(p);
            expect(p).not.toBe('');
          }
          if (article.date !== null) expect(article.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('loses no body text: every generated sentence reaches the paragraphs, no furniture does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 3, arbitrary: paragraph.map((p) => ({ body: true, line: p })) }, {
          weight: 1,
          arbitrary: fc.constantFrom(...furnitureLines).map((l) => ({ body: false, line: l })),
        }), { minLength: 1, maxLength: 25 }),
        fc.option(fc.constantFrom('Rusia Menolak Rencana NATO di Perbatasan', 'Harga Naik Jelang Pertemuan')),
        fc.constantFrom('lines', 'blank-lines', 'html'),
        (lines, title, layout) => {
          const all = [title ?? '', ...lines.map((l) => l.line)];
          const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
          const raw =
            layout === 'html'
              ? { text: fragmentToText(all.map((l) => `<p>${escape(l)}</p>`).join('\n')) }
              : { text: all.join(layout === 'blank-lines' ? '\n\n' : '\n') };
          const { article } = extractArticle(raw, opts);
          const out = article.paragraphs.join('\n');
          for (const l of lines) if (l.body) expect(out).toContain(l.line);
          for (const p of article.paragraphs) expect(furnitureKind(p)).toBeNull();
          const keys = article.paragraphs.map(textKey);
          expect(new Set(keys).size).toBe(keys.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the same body in HTML and in text gives the same article id and paragraphs', () => {
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 1, maxLength: 8 }), (paras) => {
        const fromText = extractArticle({ text: paras.join('\n') }, opts).article;
        const fromHtml = extractArticle({ text: fragmentToText(paras.map((p) => `<p>${p}</p>`).join('')) }, opts).article;
        expect(fromHtml.paragraphs).toEqual(fromText.paragraphs);
        expect(fromHtml.id).toBe(fromText.id);
      }),
      { numRuns: 200 },
    );
  });
});

describe('synthetic corpus (bench/corpus.ts)', () => {
  test('is deterministic per seed and varies between seeds', () => {
    expect(syntheticArticles(40, 7)).toEqual(syntheticArticles(40, 7));
    expect(syntheticArticles(40, 7)).not.toEqual(syntheticArticles(40, 8));
  });

  test('extracts to clean articles: no furniture, no repeated paragraph, a title each', () => {
    for (const raw of syntheticArticles(200, 3)) {
      const { article } = extractArticle(raw, opts);
      expect(article.title).not.toBeNull();
      expect(article.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(article.paragraphs.length).toBeGreaterThan(0);
      for (const p of article.paragraphs) expect(furnitureKind(p)).toBeNull();
      const keys = article.paragraphs.map(textKey);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
