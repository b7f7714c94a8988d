import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  cleanLines,
  furnitureKind,
  isCallToAction,
  isCopyright,
  isRelatedLabel,
  creditOf,
  isHeaderByline,
  isHeaderMeta,
  isOutletName,
} from '../../src/core/article/index.ts';

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

  // The furniture pool has no related-list label ("Baca juga:", "Berita Terkait"): by design such a
  // label takes the headlines after it (tested below).
  test('never loses a body line mixed with furniture', () => {
    const furniture = fc.constantFrom(...fixture.furniture.map((f) => f.line).filter((l) => !isRelatedLabel(l) && !/:$/.test(l)));
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

describe('related-list labels', () => {
  const lead = body[0]!;
  const next = body[1]!;
  test.each([
    ['"Baca Juga" alone takes every headline after it', ['Baca Juga', 'Harga Cabai Naik Jelang Lebaran', 'Menteri Bertemu Dubes Rusia di Jakarta'], []],
    ['"Pilihan Editor:" takes its headline', ['Pilihan Editor:', 'Prabowo Dijadwalkan Kunjungi Jepang Setelah dari Cina'], []],
    ['"Berita terkait" then headlines, then a short subhead that is too short to be one', ['Berita terkait', 'Gempa Guncang Garut Pagi Ini', 'Respons Kremlin'], ['Respons Kremlin']],
    ['a label never takes a sentence', ['Artikel Terkait', 'Pemerintah menunda rencana itu.'], ['Pemerintah menunda rencana itu.']],
    ['a label never takes a quote after its first line', ['Baca juga:', 'Harga Cabai Naik Jelang Lebaran', '“Kami tidak menginginkan perang,” tegas Lavrov'], ['“Kami tidak menginginkan perang,” tegas Lavrov']],
  ])('%s', (_name, middle, kept) => {
    const r = cleanLines([lead, ...middle, next]);
    expect(r.paragraphs).toEqual([lead, ...kept, next]);
  });

  test('the body resumes after the related headlines: the next paragraph is kept whatever its length', () => {
    const r = cleanLines([lead, 'Baca Juga', 'Harga Cabai Naik Jelang Lebaran', ...body.slice(1)]);
    expect(r.paragraphs).toEqual(body);
  });

  test.each([
    ['Baca juga', true],
    ['BACA JUGA :', true],
    ['Pilihan Editor:', true],
    ['Artikel terkait', true],
    ['Rekomendasi untuk Anda', true],
    ['Baca Berita Terkait Lainnya', false],
    ['Baca juga laporan kami', false],
    ['Pilihan editor majalah itu jatuh pada foto banjir.', false],
  ])('isRelatedLabel(%s) = %s', (line, expected) => {
    expect(isRelatedLabel(line)).toBe(expected);
  });
});

describe('isOutletName', () => {
  test.each([
    ['Tempo.co', true],
    ['CNN Indonesia', true],
    ['Okezone', true],
    ['detikNews', true],
    ['KompasTV', true],
    ['Kompas.com', true],
    ['www.viva.co.id', true],
    ['Liputan6.com', true],
    ['IDN Times', true],
    ['Merdeka.com', true],
    ['Antaranya', false],
    ['Tribunal', false],
    ['Kompas.com melaporkan hal itu', false],
    ['Respons Kremlin', false],
    ['Jakarta', false],
    ['A.S.', false],
  ])('%s -> %s', (line, expected) => {
    expect(isOutletName(line)).toBe(expected);
  });
});

describe('copyright and calls to action (direct)', () => {
  test.each([
    ['Copyright 2008 - 2024 PT. Kompas Cyber Media (Kompas Gramedia Group). All Rights Reserved.', true],
    ['Copyright atas lagu itu menjadi sengketa sejak 2019.', false],
    ['Hak cipta lagu itu dimiliki oleh perusahaan rekaman sejak 2010.', false],
    ['(c) pemerintah daerah wajib melapor setiap tahun.', false],
  ])('isCopyright(%s) = %s', (line, expected) => {
    expect(isCopyright(line)).toBe(expected);
  });
  test.each([
    ['Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com.', true],
    ['Ikuti kami di WhatsApp Channel', true],
    ['Ikuti perkembangan berita ini, kata juru bicara kepolisian kepada wartawan.', false],
    ['Simak juga pernyataan lengkap menteri dalam konferensi pers yang digelar Senin.', false],
    ['Dapatkan informasi terbaru seputar otomotif hanya di Carmudi.co.id', true],
    ['Simak berita olahraga lainnya hanya di sini', true],
    ['Cek jadwal lengkapnya di Kai.id sebelum berangkat', true],
    ['Jangan ketinggalan video pilihan hari ini:', true],
    ['Jangan lewatkan video itu sebelum dihapus, kata polisi yang menyelidiki kasus tersebut.', false],
    ['Cek kembali data pemilih di laman resmi, kata Ketua KPU Kota Bogor kepada wartawan.', false],
    ['Dapatkan informasi terbaru seputar pencairan bantuan dari perangkat desa, imbau camat itu.', false],
  ])('isCallToAction(%s) = %s', (line, expected) => {
    expect(isCallToAction(line)).toBe(expected);
  });
});

describe('header bylines naming the outlet', () => {
  test.each([
    ['Andhika Prasetia - detikNews', true],
    ['Andhika Prasetia - CNN Indonesia', true],
    ['Tim Redaksi, Liputan6.com', true],
    ['Rina Sari | Kumparan', true],
    ['Perang Dingin - Babak Baru Rusia dan NATO', false],
    ['Jakarta, Ibu Kota Negara', false],
  ])('%s', (line, expected) => {
    expect(isHeaderByline(line)).toBe(expected);
  });
});

describe('header lines joining a byline to the date', () => {
  test.each([
    ["Agregasi Okezone, Jurnalis · Jum'at 22 Maret 2024 13:02 WIB", true],
    ['Rina Sari - detikNews | Rabu, 06 Mar 2024 16:20 WIB', true],
    ['Penulis: Budi | Selasa, 19 Mar 2024 08:45 WIB', true],
    ['Diterbitkan Senin, 18 Maret 2024 07:10 WIB Oleh: Rina Sari', true],
    ['JAKARTA - Pada 24 Februari 2022 pasukan Rusia menyerbu wilayah Ukraina', false],
    ['Rapat digelar pada Senin, 21 Februari 2022 pukul 10.00 WIB di Jakarta.', false],
    ['Harga naik, Senin 21 Februari 2022', false],
  ])('%s', (line, expected) => {
    expect(isHeaderMeta(line)).toBe(expected);
  });

  test('only above the first paragraph', () => {
    const meta = 'Rina Sari - detikNews | Rabu, 06 Mar 2024 16:20 WIB';
    expect(cleanLines([meta, body[0]!]).paragraphs).toEqual([body[0]]);
    expect(cleanLines([body[0]!, meta]).paragraphs).toContain(meta);
  });
});

describe('closing editor initials', () => {
  test.each([
    ['(mas)', true],
    ['[ded]', true],
    ['(rca/zap)', true],
    ['[Senin]', false],
    ['(Senin)', false],
  ])('%s stripped from the last paragraph: %s', (mark, stripped) => {
    const last = `${body[3]!} ${mark}`;
    expect(cleanLines([body[0]!, last]).paragraphs.at(-1)).toBe(stripped ? body[3] : last);
  });
});

describe('author names above the body', () => {
  test.each([
    ['a bare name', ['Rochmanudin Wijaya']],
    ['a name with an initial', ['Daniel A. Fajri']],
    ['a label, then the name on its own line', ['Oleh :', 'Rizki Ramadhan', 'Editor :', 'Anwar Sadat']],
    ['two names', ['Rina Sari, Budi Santoso']],
  ])('%s is a byline', (_name, header) => {
    const r = cleanLines([...header, ...body]);
    expect(r.paragraphs).toEqual(body);
    expect(r.removed.every((x) => x.kind === 'byline')).toBe(true);
  });
  test('the same lines inside the body are kept', () => {
    const r = cleanLines([body[0]!, 'Rochmanudin Wijaya', 'Respons Kremlin', body[1]!]);
    expect(r.paragraphs).toEqual([body[0], 'Rochmanudin Wijaya', 'Respons Kremlin', body[1]]);
  });
  test('a byline label takes no sentence after it', () => {
    const r = cleanLines(['Oleh :', body[0]!, body[1]!]);
    expect(r.paragraphs).toEqual([body[0], body[1]]);
  });
});

describe('outlet bylines anywhere', () => {
  test.each(['Andhika Prasetia - detikNews', 'Rina Sari | Kumparan', 'Tim Redaksi, Liputan6.com'])('%s after the body is furniture', (line) => {
    expect(cleanLines([...body, line, body[0]!.replace('MOSKOW', 'KYIV')]).paragraphs).not.toContain(line);
  });
  test.each(['Perang Dingin - Babak Baru', 'Jakarta, Bandung, dan Surabaya', 'Menurut Kompas.com, harga beras naik.'])('%s is kept', (line) => {
    expect(cleanLines([body[0]!, line, body[1]!]).paragraphs).toContain(line);
  });
});
