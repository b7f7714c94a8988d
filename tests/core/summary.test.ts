import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stripDateline, summarize, trimAtWord } from '../../src/core/digest/index.ts';
import type { Article } from '../../src/core/model/index.ts';
import { loadEvents, loadSeedFixture } from '../fixtures/stories/load.ts';

const events = loadEvents();
const byKey = new Map(events.articles.map((a) => [a.key, a]));
const QUOTE_MARKS = /[“”"]/;

function article(paragraphs: string[], dateline: string | null = null): Article {
  return { id: 'x', title: null, date: null, publishedAt: null, dateline, paragraphs, source: { url: null, outlet: null, file: null, credit: null } };
}

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Whether `sentence` is taken from the articles' text (extractive), dateline aside. */
function isExtractive(sentence: string, articles: readonly Article[]): boolean {
  const body = articles.flatMap((a) => a.paragraphs).join(' ');
  const core = sentence.replace(/…$/u, '');
  return body.includes(core);
}

/** Share of a quote's words found in the sentence. */
function quoteShare(sentence: string, quote: string): number {
  const s = new Set(words(sentence));
  const q = [...new Set(words(quote))];
  return q.filter((w) => s.has(w)).length / Math.max(1, q.length);
}

const cases = [
  ...Object.entries({
    'flood, three outlets': ['banjir-kompas', 'banjir-detik', 'banjir-antara'],
    'capital move, two outlets': ['ikn-tempo', 'ikn-cnn'],
    'earthquake with furniture copy': ['gempa-rescrape', 'gempa-salinan'],
    'single article with quotes': ['menkeu-subsidi'],
    'article without quotes': ['harga-emas'],
  }).map(([name, keys]) => {
    const items = keys.map((k) => byKey.get(k)!.item);
    return { name, articles: items.map((i) => i.article), quotes: items.flatMap((i) => i.quotes.map((q) => q.text)) };
  }),
  ...loadSeedFixture().map((s) => ({ name: `seed ${s.key}`, articles: [s.item.article], quotes: s.item.quotes.map((q) => q.text) })),
];

describe('extractive summaries', () => {
  test.each(cases)('$name: 1–3 extractive sentences, no quote repeated, no furniture', ({ articles, quotes }) => {
    const summary = summarize(articles, quotes);
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.length).toBeLessThanOrEqual(3);
    expect(summary.join(' ').length).toBeLessThanOrEqual(500);
    for (const sentence of summary) {
      expect(isExtractive(sentence, articles)).toBe(true);
      expect(sentence).not.toMatch(QUOTE_MARKS);
      expect(sentence).not.toMatch(/Baca Juga|Lihat Juga|Editor:|Copyright|loading/i);
      for (const q of quotes) expect(quoteShare(sentence, q)).toBeLessThan(0.6);
    }
    expect(new Set(summary).size).toBe(summary.length);
  });

  test('a sentence repeating a shown quote without its marks is left out', () => {
    const quote = 'Kami akan menambah anggaran operasi pasar supaya harga beras turun sebelum Natal';
    const a = article([
      'Menteri Keuangan meninjau pasar beras induk di Jakarta Timur pada Kamis sore bersama pejabat Bulog.',
      'Kami akan menambah anggaran operasi pasar supaya harga beras turun sebelum Natal, kata menteri itu.',
      'Harga beras medium naik menjadi Rp14.500 per kilogram di atas harga eceran tertinggi.',
    ]);
    const summary = summarize([a], [quote]);
    expect(summary.some((s) => s.startsWith('Kami akan menambah'))).toBe(false);
    expect(summarize([a], []).some((s) => s.startsWith('Kami akan menambah'))).toBe(true);
  });

  test('furniture sentences and cut-off sentences are never chosen', () => {
    const a = article([
      'Baca Juga: Harga Beras Naik Lagi di Pasar Induk Cipinang Jakarta Timur Hari Ini.',
      'Pemerintah menambah anggaran operasi pasar beras di seluruh provinsi mulai pekan depan.',
      'Berbicara kepada wartawan di ibu kota pada hari Selasa, menteri itu mengatakan bahwa anggaran untuk',
      'Copyright © 2026 Contoh Media. All Rights Reserved.',
    ]);
    expect(summarize([a])).toEqual(['Pemerintah menambah anggaran operasi pasar beras di seluruh provinsi mulai pekan depan.']);
  });

  test.each([
    { lead: 'WASHINGTON - Amerika Serikat mendorong NATO ke konfrontasi dengan Rusia.', dateline: 'WASHINGTON', expected: 'Amerika Serikat mendorong NATO ke konfrontasi dengan Rusia.' },
    { lead: 'Semarang (ANTARA) - Jumlah pengungsi banjir mencapai 900 jiwa.', dateline: null, expected: 'Jumlah pengungsi banjir mencapai 900 jiwa.' },
    { lead: 'Semarang - Sejumlah wilayah terendam air.', dateline: null, expected: 'Sejumlah wilayah terendam air.' },
    { lead: 'Pemerintah - bersama DPR - sepakat.', dateline: null, expected: 'Pemerintah - bersama DPR - sepakat.' },
  ])('dateline stripped from "$lead"', ({ lead, dateline, expected }) => {
    expect(stripDateline(lead, dateline)).toBe(expected);
  });

  test('the summary of a dated lead starts without its dateline', () => {
    const [first] = summarize([byKey.get('banjir-kompas')!.item.article]);
    expect(first).toMatch(/^Banjir setinggi/);
  });

  test('a sentence leaning on the previous one does not open a summary when a standalone one exists', () => {
    const a = article([
      'Ia juga menyinggung rencana kenaikan cukai minuman berpemanis yang masih dibahas dengan DPR.',
      'Menteri Keuangan melaporkan penerimaan pajak hingga September mencapai 74 persen target APBN.',
    ]);
    expect(summarize([a], [], { maxSentences: 1 })).toEqual([
      'Menteri Keuangan melaporkan penerimaan pajak hingga September mencapai 74 persen target APBN.',
    ]);
  });

  test.each([
    ['a described person', 'Menteri Luar Negeri Rusia itu menyampaikan komentarnya di sela pertemuan puncak di Tunxi.'],
    ['a demonstrative subject', 'Keputusan tersebut diambil setelah rapat panjang dengan para gubernur daerah terdampak.'],
    ['a connective', 'Sebab, anggaran perbaikan jalan provinsi tahun ini dipangkas hampir separuh oleh pemerintah pusat.'],
  ])('%s is shown only right after the sentence it leans on', (_kind, leaning) => {
    // Opening the article it leans on nothing shown: left out while standalone sentences exist.
    const apart = article([
      leaning,
      'Pemerintah provinsi menunda perbaikan jalan nasional di jalur selatan Jawa Tengah hingga tahun depan.',
      'Warga Cilacap dan Kebumen sudah berbulan-bulan mengeluhkan lubang yang membahayakan pengendara motor.',
    ]);
    expect(summarize([apart], [], { maxSentences: 3 })).not.toContain(leaning);
    const after = article([
      'Pemerintah provinsi menunda perbaikan jalan nasional di jalur selatan Jawa Tengah hingga tahun depan. ' + leaning,
    ]);
    expect(summarize([after], [], { maxSentences: 3 })).toContain(leaning);
  });

  test('near-identical sentences from two outlets are shown once', () => {
    const s = 'Gempa bumi bermagnitudo 5,1 mengguncang Kabupaten Cianjur pada Kamis pagi dan merusak puluhan rumah.';
    const summary = summarize([article([s]), article([s.replace('Kamis pagi', 'Kamis subuh')])]);
    expect(summary).toHaveLength(1);
  });

  test('nothing usable gives no sentences', () => {
    expect(summarize([])).toEqual([]);
    expect(summarize([article(['“Kami siap,” katanya.', 'Editor: Budi'])])).toEqual([]);
  });

  test('the same input gives the same summary', () => {
    const articles = ['banjir-kompas', 'banjir-detik', 'banjir-antara'].map((k) => byKey.get(k)!.item.article);
    expect(summarize(articles)).toEqual(summarize(articles));
  });
});

describe('trimAtWord', () => {
  test('fits, cuts at a word and marks the cut', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { minLength: 1, maxLength: 60 }), fc.integer({ min: 10, max: 200 }), (ws, max) => {
        const text = ws.join(' ');
        const out = trimAtWord(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (text.length <= max) expect(out).toBe(text);
        else {
          expect(out.endsWith('…')).toBe(true);
          expect(text.startsWith(out.slice(0, -1))).toBe(true);
        }
      }),
    );
  });
});
