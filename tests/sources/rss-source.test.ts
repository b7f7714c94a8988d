import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FeedError } from '../../src/errors.ts';
import { articleLink } from '../../src/core/article/index.ts';
import { createItemDeduper, escapeBareAmpersands, parseFeed, parseFeedDate } from '../../src/sources/rss-source.ts';

const dir = join(import.meta.dirname, '..', 'fixtures', 'feeds');

interface ExpectedItem {
  title: string | null;
  url: string | null;
  publishedAt: string | null;
  textIncludes?: string[];
  textExcludes?: string[];
}
type Expected =
  | { error: string }
  | { title: string | null; outlet: string; feedUrl?: string; dropped: number; items: ExpectedItem[] };

const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((file) => {
    const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.xml$/, '.expected.json')), 'utf8')) as Expected;
    return { file, xml: readFileSync(join(dir, file), 'utf8'), expected };
  });

describe('parseFeed over tests/fixtures/feeds', () => {
  test('there are fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  test.each(cases)('$file', async ({ file, xml, expected }) => {
    if ('error' in expected) {
      const failure = await parseFeed(xml, `https://feeds.example.net/${file}`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(FeedError);
      expect((failure as FeedError).message).toContain(expected.error);
      expect((failure as FeedError).transient).toBe(false);
      return;
    }
    const feed = await parseFeed(xml, expected.feedUrl ?? `https://feeds.example.net/${file}`);
    expect(feed.title).toBe(expected.title);
    expect(feed.outlet).toBe(expected.outlet);
    expect(feed.dropped).toBe(expected.dropped);
    expect(feed.items.map((i) => i.title ?? null)).toEqual(expected.items.map((i) => i.title));
    expect(feed.items.map((i) => i.url ?? null)).toEqual(expected.items.map((i) => i.url));
    expect(feed.items.map((i) => i.publishedAt ?? null)).toEqual(expected.items.map((i) => i.publishedAt));
    feed.items.forEach((item, n) => {
      const want = expected.items[n];
      expect(item.outlet).toBe(expected.outlet);
      for (const part of want?.textIncludes ?? []) expect(item.text).toContain(part);
      for (const part of want?.textExcludes ?? []) expect(item.text).not.toContain(part);
    });
  });
});

describe('parseFeed options', () => {
  test('a configured outlet name wins over the feed title', async () => {
    const xml = readFileSync(join(dir, 'rss2-content-encoded.xml'), 'utf8');
    const feed = await parseFeed(xml, 'https://warta.example.id/rss', { outlet: 'Warta' });
    expect(feed.outlet).toBe('Warta');
    expect(new Set(feed.items.map((i) => i.outlet))).toEqual(new Set(['Warta']));
  });

  test('zone-less item times use the configured offset', async () => {
    const xml = readFileSync(join(dir, 'rss1-rdf.xml'), 'utf8');
    const feed = await parseFeed(xml, 'https://rdf.example.id/rss', { defaultOffset: '+00:00' });
    expect(feed.items[1]?.publishedAt).toBe('2024-02-14T21:15:00.000Z');
  });
});

describe('parseFeedDate', () => {
  test.each([
    ['Thu, 23 Dec 2021 00:46:00 +0700', '2021-12-22T17:46:00.000Z'],
    ['Kamis, 23 Desember 2021 - 00:46 WIB', '2021-12-22T17:46:00.000Z'],
    ['Sen, 21 Feb 2022 10:00:00 +0700', '2022-02-21T03:00:00.000Z'],
    ['3 Mei 2022 10:00 WITA', '2022-05-03T02:00:00.000Z'],
    ['3 Mei 2022 10:00 WIT', '2022-05-03T01:00:00.000Z'],
    ['17 Agustus 2022 10.00 WIB', '2022-08-17T03:00:00.000Z'],
    ['1 Okt 2022 23:59:59 GMT', '2022-10-01T23:59:59.000Z'],
    ['2024-02-14T21:15:00', '2024-02-14T14:15:00.000Z'],
    ['2024-02-14 21:15', '2024-02-14T14:15:00.000Z'],
    ['2024-02-14T21:15:00Z', '2024-02-14T21:15:00.000Z'],
    ['2024-02-14T21:15:00-03:00', '2024-02-15T00:15:00.000Z'],
    ['kemarin sore', null],
    ['', null],
    ['   ', null],
  ])('%s', (input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });

  test('non-strings are not dates', () => {
    expect(parseFeedDate(undefined)).toBeNull();
    expect(parseFeedDate({ $: { x: '1' } })).toBeNull();
  });
});

describe('articleLink', () => {
  test.each([
    ['https://a.id/x?utm_source=rss&id=3#top', 'https://a.id/', 'https://a.id/x?id=3'],
    ['/x/y', 'https://a.id/feed/', 'https://a.id/x/y'],
    ['y', 'https://a.id/feed/', 'https://a.id/feed/y'],
    ['HTTPS://A.ID/Path', 'https://b.id/', 'https://a.id/Path'],
    ['mailto:redaksi@a.id', 'https://a.id/', null],
    ['javascript:alert(1)', 'https://a.id/', null],
    ['', 'https://a.id/', null],
  ])('%s against %s', (link, base, expected) => {
    expect(articleLink(link, base)).toBe(expected);
  });
});

describe('escapeBareAmpersands', () => {
  test.each([
    ['<link>https://a.id/?a=1&b=2</link>', '<link>https://a.id/?a=1&amp;b=2</link>'],
    ['<t>A & B &amp; C &#8220; &#x201D; &nbsp;</t>', '<t>A &amp; B &amp; C &#8220; &#x201D; &nbsp;</t>'],
    ['<d><![CDATA[a & b]]></d> & <![CDATA[&c]]>', '<d><![CDATA[a & b]]></d> &amp; <![CDATA[&c]]>'],
    ['no ampersand', 'no ampersand'],
  ])('%s', (input, expected) => {
    expect(escapeBareAmpersands(input)).toBe(expected);
  });
});

describe('createItemDeduper', () => {
  const long = 'Presiden menyampaikan pidato kenegaraan di depan anggota dewan pada Rabu pagi.';
  test('guid, URL and content each identify an item already seen', () => {
    const d = createItemDeduper();
    expect(d.accept({ url: 'https://a.id/1', text: long }, 'g1')).toBe(true);
    expect(d.accept({ url: 'https://a.id/2', text: 'lain sama sekali' }, 'g1')).toBe(false);
    expect(d.accept({ url: 'https://a.id/1', text: 'lain sama sekali' }, 'g2')).toBe(false);
    expect(d.accept({ url: 'https://a.id/3', text: long.toUpperCase() }, 'g3')).toBe(false);
    expect(d.accept({ url: 'https://a.id/4', text: 'lain sama sekali' }, 'g4')).toBe(true);
  });

  // One definition of "the same URL": the store's canonical key (core/canonical-url.ts).
  test.each([
    ['https://a.id/berita/1', 'https://a.id/berita/1/'],
    ['https://a.id/berita/1', 'HTTPS://A.ID/berita/1'],
    ['https://a.id/berita/1', 'https://a.id:443/berita/1?fbclid=x'],
    ['https://a.id/berita/1?id=2', 'https://a.id/berita/1?id=2&utm_source=rss#atas'],
  ])('%s and %s are one item', (first, second) => {
    const d = createItemDeduper();
    expect(d.accept({ url: first, text: 'satu' })).toBe(true);
    expect(d.accept({ url: second, text: 'dua' })).toBe(false);
    expect(d.accept({ url: 'https://a.id/berita/2', text: 'tiga' })).toBe(true);
  });
});

describe('properties', () => {
  test('any text either parses or fails with a FeedError, never anything else', async () => {
    const fragments = fc.constantFrom(
      '<?xml version="1.0"?>',
      '<rss version="2.0">',
      '</rss>',
      '<channel>',
      '</channel>',
      '<item>',
      '</item>',
      '<title>',
      '</title>',
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      '</feed>',
      '<entry>',
      '</entry>',
      '<published>',
      '</published>',
      '<pubDate>',
      '</pubDate>',
      '<link href="',
      '"/>',
      '<![CDATA[',
      ']]>',
      '&amp;',
      '&bogus;',
      '<guid isPermaLink="false">',
      '</guid>',
    );
    const doc = fc.array(fc.oneof(fragments, fc.string({ maxLength: 12 })), { maxLength: 30 }).map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(doc, async (xml) => {
        try {
          const feed = await parseFeed(xml, 'https://p.example.id/rss');
          for (const item of feed.items) expect(item.title || item.text).toBeTruthy();
        } catch (error) {
          expect(error).toBeInstanceOf(FeedError);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('every returned item has a distinct URL', async () => {
    const item = fc.record({
      path: fc.constantFrom('a', 'b', 'c', 'a?utm_source=x', 'b#frag'),
      guid: fc.constantFrom('1', '2', '3', '4'),
      body: fc.constantFrom('pendek', 'Isi berita yang cukup panjang untuk dibandingkan sebagai konten.', 'x'.repeat(50)),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 8 }), async (items) => {
        const xml = `<rss version="2.0"><channel><title>P</title>${items
          .map((i) => `<item><title>t</title><link>https://p.id/${i.path.replace('&', '&amp;')}</link><guid>${i.guid}</guid><description>${i.body}</description></item>`)
          .join('')}</channel></rss>`;
        const feed = await parseFeed(xml, 'https://p.id/rss');
        const urls = feed.items.map((i) => i.url);
        expect(new Set(urls).size).toBe(urls.length);
        expect(feed.items.length + feed.dropped).toBe(items.length);
      }),
      { numRuns: 200 },
    );
  });
});
