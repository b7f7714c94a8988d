import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findQuoteSpans, paragraphTokens, extractQuotes } from '../../src/core/quotes/index.ts';

interface Case {
  name: string;
  title?: string | null;
  paragraphs: string[];
  expected: Array<{ text: string; key: string | null }>;
  /** Display names expected, in order, when the case checks them. */
  speakers?: string[];
}

const fixtures = join(import.meta.dirname, '../fixtures/quotes');
const cases = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8')) as Case[];

describe('extractQuotes on written test articles', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = extractQuotes(c.paragraphs, { title: c.title ?? null });
    expect(got.map((q) => ({ text: q.text, key: q.speakerKey }))).toEqual(c.expected);
    if (c.speakers) expect(got.map((q) => q.speaker)).toEqual(c.speakers);
    for (const q of got) {
      expect(c.paragraphs[q.paragraph]).toContain(q.text);
      expect(q.speaker === null).toBe(q.speakerKey === null);
    }
  });
});

interface GoldQuote {
  text: string;
  speaker: string;
  speaker_key: string;
}
interface GoldArticle {
  file: string;
  quotes: GoldQuote[];
  fragments: string[];
  boilerplate_lines: string[];
}

/** The seed text as paragraphs: lines, without the gold's furniture lines, each paragraph once. */
function seedParagraphs(file: string, furniture: readonly string[]): string[] {
  const text = readFileSync(join(import.meta.dirname, '../../data/seeds', file), 'utf8');
  const skip = new Set(furniture.map((l) => l.trim()));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || skip.has(line) || seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out;
}

// The hand-annotated seed gold (a copy of ../shared/gold/seeds.json), so the check runs in any checkout.
const goldPath = join(import.meta.dirname, '../fixtures/gold/seeds.json');
const gold = JSON.parse(readFileSync(goldPath, 'utf8')) as GoldArticle[];
const seedFiles = new Set(readdirSync(join(import.meta.dirname, '../../data/seeds')));

describe('extractQuotes on the seed articles against the gold', () => {
  test.each(gold.filter((g) => seedFiles.has(g.file)).map((g) => [g.file, g] as const))('%s', (_file, g) => {
    const got = extractQuotes(seedParagraphs(g.file, g.boilerplate_lines));
    const norm = (s: string) => s.replace(/[\s,.;:!?…"“”-]+$/u, '').trim();
    // Every gold quote is found with the gold speaker key.
    for (const gq of g.quotes) {
      const hit = got.find((q) => norm(q.text) === norm(gq.text));
      expect(hit, gq.text).toBeDefined();
      expect(hit?.speakerKey).toBe(gq.speaker_key);
    }
    // Nothing else but the annotated fragments.
    for (const q of got) {
      const known = g.quotes.some((gq) => norm(gq.text) === norm(q.text)) || g.fragments.some((f) => norm(f) === norm(q.text));
      expect(known, q.text).toBe(true);
    }
  });
});

describe('quote mark pairing', () => {
  test.each([
    ['curly pair', '“Ya,” katanya.', [[0, 4, true]]],
    ['straight open, curly close', '"Ya dan tidak,” kata dia.', [[0, 14, true]]],
    ['closing-style mark used to open', '”Kami siap,” ujarnya.', [[0, 11, true]]],
    ['stray closer at the end is skipped', 'Dia berkata begitu.”', []],
    ['unclosed quote runs to the end', 'Dia menegaskan bahwa “invasi akan dibalas.', [[21, 42, false]]],
    ['nested double marks stay in the outer span', '“A “b” c,” kata X.', [[0, 9, true]]],
    ['two quotes', '“A,” kata X, “B.”', [[0, 3, true], [13, 16, true]]],
    ['wrong-way closing mark before a speech verb', '“Kami siap, “kata Lavrov.', [[0, 12, true]]],
  ] as const)('%s', (_name, p, spans) => {
    expect(findQuoteSpans(p).map((s) => [s.open, s.close, s.closed])).toEqual(spans);
  });

  test.each([
    ['closing mark ends the continued quote', 'Petugas siaga,” katanya.', [[-1, 14, true]]],
    ['a new opening mark starts a new quote', '“Petugas siaga,” katanya.', [[0, 15, true]]],
  ] as const)('continuing: %s', (_name, p, spans) => {
    expect(findQuoteSpans(p, { continuing: true }).map((s) => [s.open, s.close, s.closed])).toEqual(spans);
  });
});

describe('paragraphTokens', () => {
  test.each([
    ['hyphen and apostrophe inside names', "Shin Tae-yong dan Hasyim Asy'ari", ['Shin', 'Tae-yong', 'dan', 'Hasyim', "Asy'ari"]],
    ['numbers with dots and slashes', 'Rp 1.000 pada (31/3/2022).', ['Rp', '1.000', 'pada', '(', '31', '/', '3', '/', '2022', ')', '.']],
    ['initials and abbreviations', 'George W. Bush, Dr. Andi', ['George', 'W', '.', 'Bush', ',', 'Dr', '.', 'Andi']],
    ['accents, combining marks and non-Latin letters', 'Erdoğan, Zelenśkyj dan 習近平', ['Erdoğan', ',', 'Zelenśkyj', 'dan', '習近平']],
    ['astral characters and dashes', 'Kami 😀 siap—katanya', ['Kami', '😀', 'siap', '—', 'katanya']],
  ] as const)('%s', (_name, text, expected) => {
    expect(paragraphTokens(text).map((t) => t.text)).toEqual(expected);
  });

  test('a quoted span is one token', () => {
    const toks = paragraphTokens('“Kami siap,” kata dia.', [{ open: 0, close: 11, closed: true }]);
    expect(toks.map((t) => [t.kind, t.text])).toEqual([
      ['quote', '“Kami siap,”'],
      ['word', 'kata'],
      ['word', 'dia'],
      ['punct', '.'],
    ]);
  });
});

describe('properties', () => {
  const quoteChars = fc.constantFrom('"', '“', '”', '„', '«', '»', ' ', ',', '.', ':');
  const words = fc.constantFrom('kata', 'Lavrov', 'tambahnya', 'ia', 'menambahkan', 'mengatakan', 'Menurut', 'dia', 'itu', 'Menteri', 'bahwa');
  const paragraph = fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), quoteChars, words), { maxLength: 40 })
    .map((parts) => parts.join(' '));

  test('never throws and every quote is a substring of its paragraph', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(paragraph, fc.string({ unit: 'binary', maxLength: 200 })), { maxLength: 8 }), (paras) => {
        const quotes = extractQuotes(paras);
        for (const q of quotes) {
          expect(q.paragraph).toBeGreaterThanOrEqual(0);
          expect(paras[q.paragraph]).toContain(q.text);
          expect(q.text.length).toBeGreaterThan(0);
          expect(q.speaker === null).toBe(q.speakerKey === null);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('a closed quote with a name after kata is attributed to that name', () => {
    const name = fc.constantFrom('Budi', 'Hartono', 'Wijaya', 'Pratama', 'Lestari', 'Kusuma');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('kami', 'akan', 'terus', 'bekerja', 'keras', 'untuk', 'rakyat'), { minLength: 2, maxLength: 12 }), name, (ws, n) => {
        const text = `${ws.join(' ')},`;
        const got = extractQuotes([`“${text}” kata ${n}.`]);
        expect(got).toEqual([{ text, speaker: n, speakerKey: n.toLowerCase(), paragraph: 0 }]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('properties of attribution across paragraphs', () => {
  const people = fc.constantFrom(
    ['Kapolres Bogor AKBP Rio Wahyu Anggoro', 'Rio'],
    ['Ketua DPRD Jawa Barat Buky Wibawa', 'Buky'],
    ['Brigjen Pol Mukti Juharsa', 'Mukti'],
    ['warga setempat, Siti Rohmah (40),', 'Siti'],
    ['Wali Kota Bekasi Tri Adhianto', 'Tri'],
    ['politikus Partai Golkar Ahmad Doli Kurnia', 'Doli'],
  );
  const plain = fc.constantFrom(
    'Banjir merendam ratusan rumah sejak Minggu malam.',
    'Jakarta mencatat curah hujan tertinggi tahun ini.',
    'Kementerian Sosial menyatakan bantuan sudah dikirim.',
  );
  const saying = fc.constantFrom('kata', 'ujar', 'tegas', 'imbuh');
  const description = fc.constantFrom(
    'jenderal bintang satu itu',
    'ibu dua anak itu',
    'pria yang akrab disapa Mas Tri itu',
    'politikus Partai Golkar tersebut',
    'mantan menteri itu',
  );
  type Part = { kind: 'intro'; who: readonly [string, string] } | { kind: 'plain'; text: string } | { kind: 'named'; verb: string; who: readonly [string, string] } | { kind: 'described'; verb: string; np: string } | { kind: 'nya' };
  const part: fc.Arbitrary<Part> = fc.oneof(
    people.map((who) => ({ kind: 'intro' as const, who })),
    plain.map((text) => ({ kind: 'plain' as const, text })),
    fc.tuple(saying, people).map(([verb, who]) => ({ kind: 'named' as const, verb, who })),
    fc.tuple(saying, description).map(([verb, np]) => ({ kind: 'described' as const, verb, np })),
    fc.constant({ kind: 'nya' as const }),
  );
  const render = (p: Part, i: number): string => {
    const q = `“Pernyataan nomor ${i} kami sampaikan,”`;
    if (p.kind === 'intro') return `${p.who[0]} mengatakan situasi sudah terkendali.`;
    if (p.kind === 'plain') return p.text;
    if (p.kind === 'named') return `${q} ${p.verb} ${p.who[1]}.`;
    if (p.kind === 'described') return `${q} ${p.verb} ${p.np}.`;
    return `${q} katanya.`;
  };

  test('every speaker is named in the article, and a quote with a name takes that name', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 10 }), (parts) => {
        const paras = parts.map(render);
        const got = extractQuotes(paras);
        const words = new Set(paras.join(' ').toLowerCase().match(/[\p{L}-]+/gu) ?? []);
        for (const q of got) {
          for (const w of (q.speaker ?? '').toLowerCase().match(/[\p{L}-]+/gu) ?? []) expect(words.has(w), `${q.speaker}`).toBe(true);
          const p = parts[q.paragraph] as Part;
          if (p.kind === 'named') expect(q.speaker?.split(' ')).toContain(p.who[1]);
        }
        expect(got.length).toBe(parts.filter((p) => p.kind === 'named' || p.kind === 'described' || p.kind === 'nya').length);
      }),
      { numRuns: 300 },
    );
  });

  test('no capitalised word of an institution in a description closed by itu or tersebut is taken for the speaker', () => {
    const role = fc.constantFrom('dosen', 'peneliti', 'guru besar', 'Ketua', 'alumnus', 'dekan');
    const head = fc.constantFrom('Fakultas', 'Universitas', 'Partai', 'Kementerian', 'Dinas', 'Pusat Studi', 'Institut', 'Dewan');
    // Distinct words, as in real institution names: "Partai Nusantara Nusantara Nusantara" names nothing.
    const named = fc.uniqueArray(fc.constantFrom('Ekonomi', 'Bisnis', 'Hukum', 'Teknologi', 'Pengurus', 'Harian', 'Kebijakan', 'Sejahtera', 'Pertanian', 'Maritim', 'Nusantara'), { minLength: 1, maxLength: 3 });
    const intro = fc.option(people, { nil: null });
    fc.assert(
      fc.property(intro, role, head, named, fc.boolean(), fc.constantFrom('itu', 'tersebut'), (who, r, h, ws, joined, dem) => {
        const name = joined && ws.length > 1 ? `${ws.slice(0, -1).join(' ')} dan ${ws[ws.length - 1]}` : ws.join(' ');
        const quote = `“Pernyataan ini kami sampaikan,” ujar ${r} ${h} ${name} ${dem}.`;
        const paras = who ? [`${who[0]} mengatakan situasi sudah terkendali. ${quote}`] : [quote];
        const got = extractQuotes(paras);
        expect(got.length).toBe(1);
        const speaker = new Set((got[0]?.speaker ?? '').split(' '));
        for (const w of ws) expect(speaker.has(w), `${got[0]?.speaker}`).toBe(false);
        if (who) expect(got[0]?.speaker?.split(' ')).toContain(who[1]);
      }),
      { numRuns: 300 },
    );
  });
});
