/**
 * readArticlePage / joinPages on the outlet-style fixture pages and on small hand-made pages:
 * metadata from every JSON-LD shape (object, array, @graph, malformed, none), links between the
 * pages of a split article (and never to another article or host), joined pages, hostile input.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { joinPages, readArticlePage, type ArticlePage } from '../../src/sources/article-page.ts';
import { pageFileArticle, siblingPath } from '../../src/sources/page-file.ts';

const pages = new URL('../fixtures/pages/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, pages), 'utf8');
const at = (path: string) => `https://fixtures.test/${path}`;

describe('metadata', () => {
  test.each([
    // outlet, JSON-LD shape, file
    ['detik/banjir-rendam-jakarta-timur.html', 'two blocks, the article second', 'detikNews', 'Wildan Noviansah'],
    ['kompas/gempa-majene-rumah-rusak.html', 'an array', 'Kompas.com', 'Himawan'],
    ['antara/ekspor-kopi-indonesia-naik.html', 'an @graph', 'ANTARA News', 'Maria Cicilia Galuh'],
    ['cnn/kpk-ott-bupati-lembah-hijau.html', 'authors as an array, no article:published_time', 'CNN Indonesia', 'Tim'],
  ])('%s (%s)', (path, _shape, publisher, author) => {
    const page = readArticlePage(read(path), at(path));
    expect(page.publisher).toBe(publisher);
    expect(page.author).toBe(author);
    expect(page.publishedAt).toMatch(/^2026-1[12]-\d\dT\d\d:\d\d:00\.000Z$/);
    expect(page.canonicalUrl).toMatch(/^https:\/\/[a-z.]+\/.+/);
  });

  test('malformed JSON-LD (Tempo) falls back to Open Graph and article:published_time', () => {
    const page = readArticlePage(read('tempo/menteri-esdm-subsidi-bbm-tepat-sasaran.html'), at('tempo/x.html'));
    expect(page.title).toBe('Menteri ESDM Janji Subsidi BBM Tepat Sasaran Mulai Januari');
    expect(page.publishedAt).toBe('2026-11-30T04:00:00.000Z');
    expect(page.publisher).toBe('Tempo.co');
  });

  test('no JSON-LD (Okezone): og:title, meta date, og:site_name', () => {
    const page = readArticlePage(read('okezone/pelatih-vietnam-akui-keunggulan-indonesia.html'), at('okezone/x.html'));
    expect(page.title).toBe('Pelatih Vietnam Akui Keunggulan Timnas Indonesia di GBK');
    expect(page.publisher).toBe('Okezone');
    expect(page.publishedAt).toBe('2026-12-01T16:05:00.000Z');
  });

  test.each([
    ['<title>Harga Emas Naik Lagi Hari Ini - Warta</title><p>x</p>', 'Harga Emas Naik Lagi Hari Ini'],
    ['<script type="application/ld+json">{"@type":["NewsArticle"],"headline":"A &quot;B&quot; C"}</script>', 'A "B" C'],
    ['<script type="application/ld+json">{"@type":"WebPage","mainEntity":{"@type":"NewsArticle","headline":"Di Dalam"}}</script>', 'Di Dalam'],
    ['<script type="application/ld+json">{"@type":"NewsArticle","headline":"Baris\npatah",}</script>', 'Baris patah'],
    ['<script type="application/ld+json">{{{</script><meta property="og:title" content="Cadangan">', 'Cadangan'],
  ])('title of %s', (html, title) => {
    expect(readArticlePage(html, 'https://warta.test/a').title).toBe(title);
  });

  test('a canonical link that is not http(s) is not one', () => {
    expect(readArticlePage('<link rel="canonical" href="javascript:alert(1)"><p>x</p>', 'https://a.test/').canonicalUrl).toBeNull();
  });
});

describe('page shapes that trip main-content pickers', () => {
  const para = (n: number) =>
    `<p>Paragraf ${n} berisi kalimat yang cukup panjang tentang kebijakan pemerintah daerah dan tanggapan warga di lapangan.</p>`;
  const paragraphs = (text: string) => text.split('\n\n').map((p) => /^Paragraf (\d+)/.exec(p)?.[1] ?? p.slice(0, 20));
  test.each([
    [
      'the body split in several containers around an ad',
      `<html><body><nav>Menu</nav><article><h1>Judul</h1><div class="txt-article">${para(1)}${para(2)}${para(3)}</div><div class="ads-mid"><script>ad()</script></div><div class="txt-article">${para(4)}${para(5)}</div></article></body></html>`,
      ['1', '2', '3', '4', '5'],
    ],
    [
      'a short article above a long comment thread',
      `<html><body><article><h1>Judul</h1><div class="content">${para(1)}${para(2)}</div></article><section id="komentar"><div class="comment-body">${'<p>Mantap sekali pemerintah, semoga cepat selesai dan rakyat sejahtera semua ya, setuju sekali dengan artikel ini.</p>'.repeat(8)}</div></section></body></html>`,
      ['1', '2'],
    ],
    [
      'paragraphs separated by <br><br> only',
      `<html><body><div class="news">${[1, 2, 3].map((n) => para(n).replace(/<\/?p>/g, '')).join('<br><br>')}</div><div class="sidebar"><a>Populer</a></div></body></html>`,
      ['1', '2', '3'],
    ],
    [
      'hidden blocks (display:none, visibility:hidden, hidden, aria-hidden) are not the article',
      `<html><body><article><h1>Judul</h1><div class="content">${para(1)}<div style="color: red;display :none">${para(7)}</div>${para(2)}` +
        `<div style="visibility: hidden">${para(8)}</div><div hidden>${para(9)}</div><div aria-hidden="true">${para(10)}</div>` +
        `<div style="display: none; display: block">${para(3)}</div></div></article></body></html>`,
      ['1', '2', '3'],
    ],
  ])('%s', (_name, html, expected) => {
    expect(paragraphs(readArticlePage(html, 'https://warta.test/a').text)).toEqual(expected);
  });
});

describe('links between pages', () => {
  test.each([
    ['kompas/banjir-jakarta-pengungsi-bertambah.html', '?page=2', '?page=all'],
    ['kompas/banjir-jakarta-pengungsi-bertambah.page-2.html', null, '?page=all'],
    ['okezone/pembatasan-pertalite-sopir-angkot.html', '?page=2', null],
    ['tribun/profil-bupati-lembah-hijau-arief-rachman.html', '?page=2', '?page=all'],
    ['kompas/gempa-majene-rumah-rusak.html', null, null],
  ])('%s', (path, next, all) => {
    // Page 2 is served at page 1's address with ?page=2, as the fixture server does.
    const stem = path.replace(/\.page-(\d+)\.html$/, '.html');
    const url = at(stem) + (/\.page-(\d+)\./.exec(path) ? `?page=${/\.page-(\d+)\./.exec(path)?.[1]}` : '');
    const page = readArticlePage(read(path), url);
    expect(page.nextPageUrl).toBe(next === null ? null : at(stem) + next);
    expect(page.singlePageUrl).toBe(all === null ? null : at(stem) + all);
  });

  test('the show-all variant itself has no further pages', () => {
    const page = readArticlePage(read('kompas/banjir-jakarta-pengungsi-bertambah.all.html'), `${at('kompas/banjir-jakarta-pengungsi-bertambah.html')}?page=all`);
    expect([page.nextPageUrl, page.singlePageUrl]).toEqual([null, null]);
  });

  test.each([
    ['another article ("Berita selanjutnya")', '<a href="/berita/lain">Berita selanjutnya</a>'],
    ['another host', '<a href="https://lain.test/a/b?page=2">Halaman selanjutnya</a>'],
    ['a script link', '<a href="javascript:next()">Selanjutnya</a>'],
    ['an earlier page', '<a href="b?page=1" rel="next">1</a>'],
  ])('never %s', (_name, link) => {
    const page = readArticlePage(`<html><body><p>Isi.</p>${link}</body></html>`, 'https://warta.test/a/b');
    expect(page.nextPageUrl).toBeNull();
  });

  test.each([
    ['rel=next in the head', '<link rel="next" href="/a/b?page=3">', 'https://warta.test/a/b?page=3'],
    ['"Halaman selanjutnya" text', '<a href="b?halaman=3">Halaman Selanjutnya</a>', 'https://warta.test/a/b?halaman=3'],
    ['the number after the current page', '<a href="b?page=1">1</a><a href="b?page=3">3</a>', 'https://warta.test/a/b?page=3'],
  ])('follows %s', (_name, link, next) => {
    const page = readArticlePage(`<html><head>${link}</head><body><p>Isi.</p>${link}</body></html>`, 'https://warta.test/a/b?page=2');
    expect(page.nextPageUrl).toBe(next);
  });
});

describe('joinPages', () => {
  const page = (text: string, extra: Partial<ArticlePage> = {}): ArticlePage => ({
    url: 'https://a.test/x', canonicalUrl: null, title: null, publishedAt: null, author: null, publisher: null,
    text, nextPageUrl: null, singlePageUrl: null, ...extra,
  });

  test('joins in order without the lines every page repeats, first page\'s metadata, gaps filled', () => {
    const joined = joinPages([
      page('Menu\n\nSatu.\n\nDua.\n\nIkuti kami', { title: 'Judul' }),
      page('Menu\n\nTiga.\n\nIkuti kami', { title: 'Judul (2)', publisher: 'Warta' }),
    ]);
    expect(joined?.text).toBe('Menu\n\nSatu.\n\nDua.\n\nIkuti kami\n\nTiga.');
    expect(joined?.title).toBe('Judul');
    expect(joined?.publisher).toBe('Warta');
    expect(joined?.nextPageUrl).toBeNull();
  });

  test('no pages is no article', () => {
    expect(joinPages([])).toBeNull();
  });
});

describe('saved split articles', () => {
  test.each([
    ['kompas/banjir-jakarta-pengungsi-bertambah'],
    ['tribun/profil-bupati-lembah-hijau-arief-rachman'],
  ])('%s: following the pages gives the text of the show-all variant', async (stem) => {
    const path = new URL(`${stem}.html`, pages).pathname;
    const siblings = (withAll: boolean) => async (p: string) =>
      !withAll && p.endsWith('.all.html') ? null : (() => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return null;
        }
      })();
    const viaAll = await pageFileArticle(read(`${stem}.html`), path, siblings(true));
    const viaPages = await pageFileArticle(read(`${stem}.html`), path, siblings(false));
    expect(viaPages.text).toBe(viaAll.text);
    expect(viaPages.title).toBe(viaAll.title);
  });

  test.each([
    ['file:///d/slug.html?page=2', '/d/slug.page-2.html'],
    ['file:///d/slug.html?page=all', '/d/slug.all.html'],
    ['file:///d/slug.htm?single=1', '/d/slug.all.htm'],
    ['file:///d/slug.html?page=1', null],
    ['https://a.test/slug.html?page=2', null],
  ])('%s -> %s', (url, path) => {
    expect(siblingPath(url)).toBe(path);
  });
});

describe('hostile or broken pages', () => {
  test.each([
    ['empty', ''],
    ['not HTML', 'teks biasa saja'],
    ['unclosed everything', '<html><body><div><p>Isi <b>tebal <i>miring'],
    ['deep nesting', `<html><body>${'<div>'.repeat(30_000)}dalam${'</div>'.repeat(30_000)}</body></html>`],
    ['a bad URL', '<p>x</p>'],
  ])('%s never throws', (name, html) => {
    const page = readArticlePage(html, name === 'a bad URL' ? 'not a url' : 'https://a.test/');
    expect(typeof page.text).toBe('string');
  });

  test('deeply nested text is still read', () => {
    expect(readArticlePage(`${'<div>'.repeat(30_000)}dalam`, 'https://a.test/').text).toBe('dalam');
  });

  test('arbitrary markup never throws', () => {
    const part = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('<p>', '</p>', '<div class="baca-juga">', '</div>', '<script type="application/ld+json">', '</script>', '<a href="?page=2">', '<br>', '&amp;', '<!--'));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 60 }), (parts) => {
        expect(typeof readArticlePage(parts.join(''), 'https://a.test/x').text).toBe('string');
      }),
      { numRuns: 200 },
    );
  });
});
