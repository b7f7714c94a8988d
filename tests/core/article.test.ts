import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { datelineOf, looksLikeHeadline, parseArticle, stripOutletSuffix } from '../../src/core/article/index.ts';
import { textKey } from '../../src/core/text/index.ts';
import { fragmentToText } from '../../src/sources/article-page.ts';

interface Gold {
  file: string;
  title: string | null;
  date: string | null;
  dateline: string | null;
  boilerplate_lines: string[];
}
const gold: Gold[] = JSON.parse(readFileSync(new URL('../fixtures/core/seeds-gold.json', import.meta.url), 'utf8'));
const seedText = (file: string) => readFileSync(new URL(`../../data/seeds/${file}`, import.meta.url), 'utf8');
const opts = { timeZone: 'Asia/Jakarta' };

describe('parseArticle on the seed articles (gold annotations)', () => {
  test.each(gold)('$file', (g) => {
    const a = parseArticle({ text: seedText(g.file), file: g.file }, opts);
    expect(a.title).toBe(g.title);
    expect(a.date).toBe(g.date);
    expect(a.dateline).toBe(g.dateline);
    const lines = a.paragraphs.flatMap((p) => p.split('\n').map((l) => l.trim()));
    for (const b of g.boilerplate_lines) expect(lines).not.toContain(b.trim());
    const keys = a.paragraphs.map(textKey);
    expect(new Set(keys).size).toBe(keys.length);
    if (g.title) expect(keys).not.toContain(textKey(g.title));
    expect(a.paragraphs.length).toBeGreaterThan(5);
  });

  test.each(gold)('$file: every line that is not gold boilerplate, headline or metadata survives', (g) => {
    const a = parseArticle({ text: seedText(g.file) }, opts);
    const bp = new Set(g.boilerplate_lines.map((b) => b.trim()));
    const metadata = (l: string) => /^Sumber:/.test(l) || (l.length <= 40 && g.date !== null && l.includes(g.date.slice(0, 4)));
    const out = a.paragraphs.join('\n');
    for (const line of seedText(g.file).split('\n').map((l) => l.trim())) {
      if (line === '' || bp.has(line) || line === g.title || metadata(line)) continue;
      expect(out).toContain(line);
    }
  });

  test('every body line of a seed that is not furniture survives', () => {
    // Seed 001 has no furniture at all: every one of its lines must come through unchanged.
    const text = seedText('001_b0a4adb478896665.txt');
    const a = parseArticle({ text }, opts);
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(a.paragraphs).toEqual(lines);
  });

  test('keeps the Sumber credit as metadata', () => {
    const a = parseArticle({ text: seedText('004_421eb1b55769e1b3.txt') }, opts);
    expect(a.source.credit).toBe('APNews');
    expect(a.publishedAt).toBe('2022-02-02T12:15:00+07:00');
  });
});

// Articles written in the house styles of other outlets (not seeds): the rules must hold there too.
const articlesDir = new URL('../fixtures/core/articles/', import.meta.url);
const outletCases = readdirSync(articlesDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({
    file: f,
    text: readFileSync(new URL(f, articlesDir), 'utf8'),
    expected: JSON.parse(readFileSync(new URL(f.replace(/\.txt$/, '.json'), articlesDir), 'utf8')) as {
      title: string | null;
      date: string | null;
      dateline: string | null;
      keep: string[];
      drop: string[];
    },
  }));

describe('parseArticle on other outlets\' layouts', () => {
  test.each(outletCases)('$file', ({ text, expected }) => {
    const a = parseArticle({ text }, opts);
    expect(a.title).toBe(expected.title);
    expect(a.date).toBe(expected.date);
    expect(a.dateline).toBe(expected.dateline);
    expect(a.paragraphs).toEqual(expected.keep);
    for (const line of expected.drop) expect(a.paragraphs).not.toContain(line);
  });
});

describe('article id', () => {
  const text = seedText('003_656384d799c66d7f.txt');
  test('a re-scrape with extra furniture gets the same id', () => {
    const extra = text
      .replace('loading...', 'loading...\nBaca Juga: Rusia Ancam Balas NATO\nA A A')
      .concat('\nTags\nTerkini\nCopyright © 2025 SINDOnews.com\n');
    expect(parseArticle({ text: extra }, opts).id).toBe(parseArticle({ text }, opts).id);
  });
  test('the same body with other quote marks and spacing gets the same id', () => {
    const variant = text.replace(/[“”]/g, '"').replace(/ /g, '  ');
    expect(parseArticle({ text: variant }, opts).id).toBe(parseArticle({ text }, opts).id);
  });
  test('a different body gets a different id', () => {
    const changed = text.replace('Kami tidak menginginkan perang', 'Kami menginginkan damai');
    expect(parseArticle({ text: changed }, opts).id).not.toBe(parseArticle({ text }, opts).id);
  });
  test('articles without a body are told apart by title and link', () => {
    const a = parseArticle({ title: 'A', url: 'https://x.test/1' }, opts);
    const b = parseArticle({ title: 'B', url: 'https://x.test/2' }, opts);
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('feed items (their HTML made text by the sources\' parser)', () => {
  const item = {
    title: 'Rusia & NATO Bertemu di Jenewa',
    text: fragmentToText(
      '<p>JENEWA - Delegasi Rusia dan NATO bertemu pada Rabu (12/1/2022) untuk membahas keamanan Eropa.</p>' +
      '<figure><img src="a.jpg"><figcaption>Foto: Reuters</figcaption></figure>' +
      '<p>&ldquo;Kami ingin jaminan tertulis,&rdquo; kata Wakil Menteri Luar Negeri Rusia.</p>' +
      '<p>Baca Juga: Harga Gas Eropa Melonjak</p><script>track()</script>',
    ),
    url: 'https://example.test/a',
    outlet: 'example.test',
    publishedAt: '2022-01-12T20:30:00Z',
  };
  test('go through the same path: title, date from the feed, clean paragraphs', () => {
    const a = parseArticle(item, opts);
    expect(a.title).toBe('Rusia & NATO Bertemu di Jenewa');
    expect(a.date).toBe('2022-01-13');
    expect(a.publishedAt).toBe('2022-01-13T03:30:00+07:00');
    expect(a.dateline).toBe('JENEWA');
    expect(a.paragraphs).toEqual([
      'JENEWA - Delegasi Rusia dan NATO bertemu pada Rabu (12/1/2022) untuk membahas keamanan Eropa.',
      '“Kami ingin jaminan tertulis,” kata Wakil Menteri Luar Negeri Rusia.',
    ]);
    expect(a.source).toEqual({ url: item.url, outlet: item.outlet, file: null, credit: null });
  });
  test('without a feed date, the lead date is used', () => {
    const { publishedAt: _omit, ...rest } = item;
    expect(parseArticle(rest, opts).date).toBe('2022-01-12');
  });
  test('furniture of other outlets inside feed HTML is cleaned the same way', () => {
    const lead = 'JAKARTA, KOMPAS.com - Pemerintah menaikkan harga BBM bersubsidi mulai pekan depan, kata menteri.';
    const quote = '"Kami sudah menghitung dampaknya," ujar Menteri ESDM.';
    const html =
      `<p>${lead}</p><p><strong>Baca juga:</strong> <a href="/x">Harga BBM Naik, Ini Daftarnya</a></p>` +
      `<p>${quote}</p><p><strong>Pilihan Editor:</strong> <a href="/y">Pertamina Siapkan Stok</a></p>` +
      '<p>Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com.</p>' +
      '<p>Copyright 2008 - 2024 PT. Kompas Cyber Media (Kompas Gramedia Group). All Rights Reserved.</p>';
    const a = parseArticle({ title: 'Harga BBM Naik - Kompas.com', text: fragmentToText(html) }, opts);
    expect(a.title).toBe('Harga BBM Naik');
    expect(a.dateline).toBe('JAKARTA');
    expect(a.paragraphs).toEqual([lead, quote]);
  });
  test('a title repeated at the top of the content is not body text', () => {
    const a = parseArticle({ title: 'Judul Berita Hari Ini', text: fragmentToText('<h1>Judul Berita Hari Ini</h1><p>Isi berita yang cukup panjang untuk menjadi paragraf.</p>') }, opts);
    expect(a.paragraphs).toEqual(['Isi berita yang cukup panjang untuk menjadi paragraf.']);
  });
});

describe('headline', () => {
  const lead = 'JAKARTA - Pemerintah mengumumkan kebijakan baru pada Senin (3/1/2022) di Istana Negara.';
  test.each([
    ['first line', `Pemerintah Umumkan Kebijakan Baru\n${lead}`, 'Pemerintah Umumkan Kebijakan Baru'],
    ['after furniture and a date line', `loading...\nSenin, 3 Januari 2022 10:00 WIB\nPemerintah Umumkan Kebijakan Baru\n${lead}`, 'Pemerintah Umumkan Kebijakan Baru'],
    ['none when the text opens with the lead', `${lead}\nKebijakan itu berlaku untuk semua provinsi di Indonesia.`, null],
    ['none when the only line is the lead', lead, null],
  ])('%s', (_name, text, title) => {
    const a = parseArticle({ text }, opts);
    expect(a.title).toBe(title);
    expect(a.paragraphs[0]).toBe(lead);
  });
  test.each([
    ['a line holding only the site name', `Tempo.co\nPemerintah Umumkan Kebijakan Baru\nSenin, 3 Januari 2022 19:05 WIB\n${lead}`],
    ['a section label', `Nasional\nPemerintah Umumkan Kebijakan Baru\nSenin, 3 Januari 2022 19:05 WIB\n${lead}`],
    ['a section path and the site name', `Ekonomi / Makro\nCNN Indonesia\nPemerintah Umumkan Kebijakan Baru\n${lead}`],
    ['the site name joined to a section', `Tempo.co | Nasional\nPemerintah Umumkan Kebijakan Baru\nSenin, 3 Januari 2022 19:05 WIB\n${lead}`],
  ])('the headline comes after %s, which is not body text', (_name, text) => {
    const a = parseArticle({ text }, opts);
    expect(a.title).toBe('Pemerintah Umumkan Kebijakan Baru');
    expect(a.date).toBe('2022-01-03');
    expect(a.paragraphs).toEqual([lead]);
  });
  test.each([
    "Jum'at 22 Maret 2024 13:02 WIB",
    'Jum’at, 22 Maret 2024 13:02 WIB',
    'Jumat, 22 Mar 2024 13:02 WIB',
    '22/03/2024, 13:02 WIB',
    'Kompas.com - 22/03/2024, 13:02 WIB',
    'detikNews | Jumat, 22 Mar 2024 13:02 WIB',
  ])('the header date %s dates the article and is not body text', (dateLine) => {
    const body = 'JAKARTA - Pemerintah mengumumkan kebijakan baru di Istana Negara hari ini.';
    const a = parseArticle({ text: `Tempo.co\nPemerintah Umumkan Kebijakan Baru\n${dateLine}\n${body}` }, opts);
    expect(a.title).toBe('Pemerintah Umumkan Kebijakan Baru');
    expect(a.date).toBe('2024-03-22');
    expect(a.publishedAt).toBe('2024-03-22T13:02:00+07:00');
    expect(a.paragraphs).toEqual([body]);
  });
  test.each([
    ['Pemerintah Umumkan Kebijakan Baru - Kompas.com', 'Pemerintah Umumkan Kebijakan Baru'],
    ['Pemerintah Umumkan Kebijakan Baru | CNN Indonesia', 'Pemerintah Umumkan Kebijakan Baru'],
    ['Rusia - Ukraina Sepakat Gencatan Senjata', 'Rusia - Ukraina Sepakat Gencatan Senjata'],
  ])('a site name after the headline is not part of it: %s', (first, title) => {
    expect(parseArticle({ text: `${first}\n${lead}` }, opts).title).toBe(title);
  });
  test('the headline after five lines of header furniture is still found', () => {
    const text = `VIVA\nBola\nHome » Bola » Liga Indonesia\nJumat, 22 Maret 2024 - 08:30 WIB\nA A A\nPemerintah Umumkan Kebijakan Baru\n${lead}`;
    const a = parseArticle({ text }, opts);
    expect(a.title).toBe('Pemerintah Umumkan Kebijakan Baru');
    expect(a.paragraphs).toEqual([lead]);
  });
  test.each([
    ['Oleh Rina Sari'],
    ['Andhika Prasetia - detikNews'],
    ["Agregasi Okezone, Jurnalis · Jum'at 22 Maret 2024 13:02 WIB"],
  ])('a byline above the headline is neither the headline nor body text: %s', (byline) => {
    const a = parseArticle({ text: `${byline}\nPemerintah Umumkan Kebijakan Baru\n${lead}` }, opts);
    expect(a.title).toBe('Pemerintah Umumkan Kebijakan Baru');
    expect(a.paragraphs).toEqual([lead]);
  });
  test('a one-word first line followed by the lead is not taken for a section label', () => {
    const a = parseArticle({ text: `Innalillahi\n${lead}` }, opts);
    expect(a.title).toBeNull();
    expect(a.paragraphs).toEqual(['Innalillahi', lead]);
  });
  test('a date line before the headline still dates the article', () => {
    const a = parseArticle({ text: `Senin, 3 Januari 2022 10:00 WIB\nPemerintah Umumkan Kebijakan Baru\n${lead.replace(' pada Senin (3/1/2022)', '')}` }, opts);
    expect(a.date).toBe('2022-01-03');
  });
});

describe('publication date rules', () => {
  const lead = 'JAKARTA - Pemerintah mengumumkan kebijakan baru pada Senin (3/1/2022) di Istana.';
  const later = 'Kebijakan itu mulai berlaku Selasa (11/1/2022) di seluruh provinsi yang ada.';
  test.each([
    ['a header date wins over the lead', `Judul Berita\nKamis, 23 Desember 2021 - 00:46 WIB\n${lead}\n${later}`, '2021-12-23'],
    ['the lead date is used without a header date', `Judul Berita\n${lead}\n${later}`, '2022-01-03'],
    ['a date deeper in the body is an event, not the publication', `Judul Berita\nJAKARTA - Pemerintah mengumumkan kebijakan baru di Istana.\n${later}`, null],
    ['a written date in the lead is an event date', `Judul Berita\nJAKARTA - Pada 24 Februari 2022 pasukan Rusia menyerbu wilayah Ukraina.\n${later}`, null],
    ['a date-only line after the body dates the article', `Judul Berita\nJAKARTA - Pemerintah mengumumkan kebijakan baru di Istana.\n${later}\nRabu, 5 Januari 2022 - 09:00 WIB`, '2022-01-05'],
    ['a WITA header converts to the configured zone', `Judul Berita\nSenin, 3 Januari 2022 00:30 WITA\n${lead}`, '2022-01-02'],
  ])('%s', (_name, text, date) => {
    expect(parseArticle({ text }, opts).date).toBe(date);
  });
  test('year-less header dates need a reference date', () => {
    const text = `Judul Berita\nSenin, 21 Februari 10:00 WIB\nJAKARTA - Pemerintah mengumumkan kebijakan baru di Istana hari ini.`;
    expect(parseArticle({ text }, opts).date).toBeNull();
    expect(parseArticle({ text }, { ...opts, referenceDate: '2022-03-01' }).date).toBe('2022-02-21');
  });
});

describe('datelineOf', () => {
  test.each([
    ['BRUSSELS - Pasukan Rusia di Ukraina tidak mundur.', 'BRUSSELS'],
    ['WASHINGTON - Amerika Serikat (AS) mendorong NATO.', 'WASHINGTON'],
    ['MOSKOW – Negosiator dari Rusia akan duduk satu meja.', 'MOSKOW'],
    ['JAKARTA, KOMPAS.com - Presiden meresmikan jalan tol.', 'JAKARTA'],
    ['JAKARTA (ANTARA) - Menteri menyampaikan laporan.', 'JAKARTA'],
    ['KUALA LUMPUR - Malaysia menggelar pemilu.', 'KUALA LUMPUR'],
    ['Jakarta, CNN Indonesia -- Harga beras naik.', 'Jakarta'],
    ['Jakarta (ANTARA) - Harga beras naik.', 'Jakarta'],
    ['TEMPO.CO, Jakarta - Harga beras naik.', 'Jakarta'],
    ['Liputan6.com, Jakarta - Harga beras naik.', 'Jakarta'],
    ['REPUBLIKA.CO.ID, JAKARTA -- Harga beras naik.', 'JAKARTA'],
    ['TRIBUNNEWS.COM, SURABAYA - Harga beras naik.', 'SURABAYA'],
    ['Jakarta - Presiden meminta jajarannya bekerja cepat.', 'Jakarta'],
    ['JAKARTA, iNews.id - Harga beras naik.', 'JAKARTA'],
    ['BANDUNG, AYOBANDUNG.COM -- Harga beras naik.', 'BANDUNG'],
    ['Jakarta, IDN Times - Harga beras naik.', 'Jakarta'],
    ['JPNN.com JAKARTA - Harga beras naik.', 'JAKARTA'],
    ['Bisnis.com, JAKARTA — Harga beras naik.', 'JAKARTA'],
    ['Washington DC, CNN Indonesia -- Harga minyak naik.', 'Washington DC'],
    ['Jakarta, 14/3 (ANTARA) - Harga beras naik.', 'Jakarta'],
    ['VIVA – Presiden meminta jajarannya bekerja cepat.', null],
    ['Jakarta - “Kami siap,” kata Presiden kepada wartawan.', 'Jakarta'],
    ['Bandung - 20 rumah rusak akibat angin kencang.', 'Bandung'],
    ['Okezone - Presiden meminta jajarannya bekerja cepat.', null],
    ['KOMPAS.com - Presiden meminta jajarannya bekerja cepat.', null],
    ['Suara.com - Presiden meminta jajarannya bekerja cepat.', null],
    ['Menurut dia, Rusia - yang kalah - akan mundur.', null],
    ['Pasukan Rusia di Ukraina tidak mundur - kata NATO.', null],
    ['NATO: Pasukan Rusia tidak mundur.', null],
    ['AS - Rusia bertemu.', null],
    ['JOGJA—Pemerintah Kota Yogyakarta melarang truk sampah masuk.', 'JOGJA'],
    ['SEMARANG–Gubernur meninjau banjir.', 'SEMARANG'],
    ['PBB—yang dibentuk 1945—menggelar sidang.', null],
    ['KPK—Komisi Pemberantasan Korupsi—menahan tersangka.', null],
    ['', null],
  ])('%s', (paragraph, expected) => {
    expect(datelineOf(paragraph)).toBe(expected);
  });
});

describe('looksLikeHeadline', () => {
  test.each([
    ['Bulan Depan Rusia, AS dan NATO Duduk Satu Meja', true],
    ['NATO: Pasukan Rusia Tidak Mundur, Tetapi Berkumpul Kembali di Ukraina', true],
    ['Apakah Rusia Akan Menyerang?', true],
    ['Saat para pemimpin NATO berkumpul di Lituania, Rusia telah mengeluarkan serangkaian ancaman.', false],
    ['loading...', false],
    ['Kamis, 23 Desember 2021 - 00:46 WIB', false],
    ['“Kami tidak menginginkan perang,” tegas Lavrov', false],
    ['Rusia', false],
    ['Berbicara kepada wartawan di ibukota Rusia pada hari Selasa, dia mengatakan bahwa Kremlin dikejutkan untuk', false],
    ['harga beras naik jelang panen raya', false],
    ['Harga beras di Jakarta turun jelang panen raya', true],
    ['Harga Emas Antam Turun Rp 5.000 Hari Ini', true],
    ['“Saya Tidak Takut”, Kata Jokowi Soal Ancaman Pemakzulan', true],
    ['"Kami Siap Bertanding", Pelatih Timnas Optimistis Lawan Vietnam', true],
    ['“Kami akan terus bekerja,” kata Menteri Keuangan kepada wartawan', false],
    ['Harga emas turun lagi hari ini', true],
    ['Menurut pejabat itu, harga emas turun karena dolar menguat dan', false],
  ])('%s', (line, expected) => {
    expect(looksLikeHeadline(line)).toBe(expected);
  });
});

describe('stripOutletSuffix', () => {
  test.each([
    ['Rusia Ancam NATO - Kompas.com', 'kompas.com', 'Rusia Ancam NATO'],
    ['Rusia Ancam NATO | KOMPAS.com', 'www.kompas.com', 'Rusia Ancam NATO'],
    ['Rusia Ancam NATO - CNN Indonesia', 'cnnindonesia.com', 'Rusia Ancam NATO'],
    ['Rusia - Ukraina Sepakat Gencatan Senjata', 'kompas.com', 'Rusia - Ukraina Sepakat Gencatan Senjata'],
    ['Rusia Ancam NATO - Kompas.com', null, 'Rusia Ancam NATO - Kompas.com'],
    ['Rusia Ancam NATO - Reuters', 'kompas.com', 'Rusia Ancam NATO - Reuters'],
  ])('%s (%s)', (title, outlet, expected) => {
    expect(stripOutletSuffix(title, outlet)).toBe(expected);
  });
  test('applies to feed titles', () => {
    expect(parseArticle({ title: 'Rusia Ancam NATO - Kompas.com', outlet: 'kompas.com', text: fragmentToText('<p>Isi.</p>') }, opts).title).toBe('Rusia Ancam NATO');
  });
});

// The lead's hand-annotated articles in other outlets' styles (Kompas, detik, Tempo, Antara, CNN
// Indonesia, Liputan6, Okezone, Tribun, Republika, Kumparan, …): title, date, dateline and every gold
// boilerplate line removed, every other line kept. Quotes on the same set: outlets-quotes.test.ts.
const devDir = new URL('../fixtures/core/outlets-dev/', import.meta.url);
const devGold: Gold[] = JSON.parse(readFileSync(new URL('gold.json', devDir), 'utf8'));

describe('parseArticle on the other-outlets dev set (gold annotations)', () => {
  test.each(devGold)('$file', (g) => {
    const text = readFileSync(new URL(g.file, devDir), 'utf8');
    const a = parseArticle({ text, file: g.file }, opts);
    expect(a.title).toBe(g.title);
    expect(a.date).toBe(g.date);
    expect(a.dateline).toBe(g.dateline);
    for (const b of g.boilerplate_lines) expect(a.paragraphs).not.toContain(b.trim());
    const bp = new Set(g.boilerplate_lines.map((b) => b.trim()));
    for (const line of text.split('\n').map((l) => l.trim())) {
      if (line === '' || bp.has(line) || line === g.title) continue;
      expect(a.paragraphs).toContain(line);
    }
  });
});
