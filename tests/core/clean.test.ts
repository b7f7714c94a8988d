import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cleanLines, creditOf, furnitureKind, isHeaderByline } from '../../src/core/clean.ts';

const fixture: { furniture: { line: string; kind: string }[]; keep: string[] } = JSON.parse(
  readFileSync(new URL('../fixtures/core/furniture.json', import.meta.url), 'utf8'),
);

describe('furnitureKind', () => {
  test.each(fixture.furniture)('furniture ($kind): $line', ({ line, kind }) => {
    expect(furnitureKind(line)).toBe(kind);
  });
  test.each(fixture.keep)('article text is kept: %s', (line) => {
    expect(furnitureKind(line)).toBeNull();
  });
});

describe('creditOf', () => {
  test.each([
    ['Sumber: APNews', 'APNews'],
    ['Sumber : Antara, Reuters', 'Antara, Reuters'],
    ['Sumber: kompas.com', 'kompas.com'],
    ['Sumber di kementerian mengatakan rencana itu batal.', null],
    ['Sumber: dua pejabat mengatakan rencana itu batal. Mereka khawatir.', null],
  ])('%s', (line, expected) => {
    expect(creditOf(line)).toBe(expected);
  });
});

describe('isHeaderByline', () => {
  test.each([
    ['Rina Sari - detikNews', true],
    ['Penulis Aditya Pratama | Editor Rizal Setyo', true],
    ['Oleh: Budi Santoso', true],
    ['Tim Redaksi', true],
    ['Perang di Ukraina memasuki tahun kedua.', false],
    ['Oleh karena itu pemerintah menaikkan harga BBM bersubsidi mulai pekan depan', false],
    ['Rusia Tuding NATO Picu Ketegangan di Laut Baltik', false],
  ])('%s', (line, expected) => {
    expect(isHeaderByline(line)).toBe(expected);
  });

  test('only applies above the first paragraph', () => {
    const r = cleanLines(['Rina Sari - detikNews', body[0]!, 'Perang Dingin - Babak Baru', body[1]!]);
    expect(r.paragraphs).toEqual([body[0], 'Perang Dingin - Babak Baru', body[1]]);
  });
});

const body = [
  'MOSKOW - Negosiator dari Rusia dan Amerika Serikat akan duduk satu meja untuk pembicaraan awal tahun depan.',
  'Lavrov mengatakan bahwa Rusia pada bulan Januari juga akan memulai pembicaraan terpisah dengan NATO.',
  '“Kami tidak menginginkan perang,” tegas Lavrov.',
  'Dia menambahkan bahwa Moskow akan siap untuk mempertimbangkan tuntutan Washington.',
];

describe('cleanLines', () => {
  test('drops repeated paragraphs, keeping the first occurrence and the order', () => {
    const r = cleanLines([...body, ...body]);
    expect(r.paragraphs).toEqual(body);
    expect(r.removed.filter((x) => x.kind === 'repeated-paragraph')).toHaveLength(body.length);
  });

  test('a repeat differing only in quote marks and spacing is still a repeat', () => {
    const r = cleanLines([body[2]!, '"Kami tidak  menginginkan perang," tegas Lavrov.']);
    expect(r.paragraphs).toEqual([body[2]]);
  });

  test('drops lines repeating the title, alone or with a photo credit', () => {
    const title = 'Bulan Depan Rusia, AS dan NATO Duduk Satu Meja';
    const r = cleanLines([title, `${title} /Pexels`, ...body], { title });
    expect(r.paragraphs).toEqual(body);
    expect(r.removed.map((x) => x.kind)).toEqual(['repeated-title', 'repeated-title']);
  });

  test('keeps a paragraph that starts with the title words but goes on as text', () => {
    const title = 'Rusia Menolak';
    const line = 'Rusia menolak rencana itu karena dianggap merugikan keamanan nasionalnya.';
    expect(cleanLines([line], { title }).paragraphs).toEqual([line]);
  });

  test('drops short label lines after the last paragraph but keeps short lines inside the body', () => {
    const subhead = 'Respons Kremlin';
    const r = cleanLines([body[0]!, subhead, body[1]!, 'Tags', 'Kabar Daerah', 'Rusia', 'Ukraina']);
    expect(r.paragraphs).toEqual([body[0], subhead, body[1]]);
    expect(r.removed.map((x) => x.kind)).toEqual(['menu', 'trailing-menu', 'trailing-menu', 'trailing-menu']);
  });

  test('a short closing sentence with punctuation survives the trailing-menu rule', () => {
    const r = cleanLines([...body, 'Pembicaraan berlanjut.']);
    expect(r.paragraphs.at(-1)).toBe('Pembicaraan berlanjut.');
  });

  test('a bare "Baca juga:" label takes the linked headline after it, not a sentence', () => {
    const r = cleanLines([body[0]!, 'Baca juga:', 'Harga Cabai Naik Jelang Lebaran', body[1]!, 'Baca juga:', body[3]!]);
    expect(r.paragraphs).toEqual([body[0], body[1], body[3]]);
  });

  test.each([
    ['a related link glued after the last sentence is cut', `${body[1]!} Baca juga: Harga Cabai Naik Jelang Lebaran`, body[1]],
    ['a sentence that goes on after "baca juga" is kept', 'Ia berkata. Baca juga: buku itu sudah habis terjual di toko.', 'Ia berkata. Baca juga: buku itu sudah habis terjual di toko.'],
  ])('%s', (_name, line, expected) => {
    expect(cleanLines([body[0]!, line]).paragraphs).toEqual([body[0], expected]);
  });

  test('strips an Antara-style (*) end mark from the last paragraph', () => {
    expect(cleanLines([body[0]!, `${body[3]!}(*)`]).paragraphs).toEqual([body[0], body[3]]);
  });

  test('keeps the Sumber credit as metadata', () => {
    const r = cleanLines([...body, 'Editor: Patriano Jaya Maleh', 'Sumber: APNews']);
    expect(r.credit).toBe('APNews');
    expect(r.paragraphs).toEqual(body);
  });

  test('strips editor initials closing the last paragraph', () => {
    const r = cleanLines([body[0]!, `${body[3]!} (mas)`]);
    expect(r.paragraphs).toEqual([body[0], body[3]]);
  });

  test('keeps a bracketed aside that is not initials', () => {
    const last = 'Pemerintah akan mengumumkan hasilnya pekan depan (Senin).';
    expect(cleanLines([body[0]!, last]).paragraphs).toEqual([body[0], last]);
  });

  test('a label without a colon does not take the next line', () => {
    const line = 'Organisasi Pakta Pertahanan Atlantik Utara (NATO)';
    expect(cleanLines(['Baca Berita Terkait Lainnya', line]).paragraphs).toEqual([line]);
  });

  // The furniture pool has no bare "Baca juga:" label: by design that label takes the headline after it.
  test('never loses a body line mixed with furniture', () => {
    const furniture = fc.constantFrom(...fixture.furniture.map((f) => f.line));
    const text = fc.constantFrom(...fixture.keep, ...body);
    fc.assert(
      fc.property(fc.array(fc.oneof(furniture, text), { maxLength: 30 }), (lines) => {
        const r = cleanLines(lines);
        const kept = new Set(r.paragraphs);
        for (const line of lines) if (fixture.keep.includes(line) || body.includes(line)) expect(kept.has(line)).toBe(true);
        for (const p of r.paragraphs) expect(furnitureKind(p)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
