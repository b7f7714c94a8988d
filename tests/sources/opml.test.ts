/** OPML as feed readers export it, and what is refused. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { MAX_OPML_OUTLINES, parseOpml, writeOpml } from '../../src/sources/opml.ts';

const opml = (name: string) => readFileSync(new URL(`../fixtures/opml/${name}`, import.meta.url), 'utf8').replaceAll('{{BASE}}', 'https://op.example');

describe('parseOpml', () => {
  test.each([
    ['feedly.opml', ['https://op.example/warta.xml', 'https://lenterakota.example/rss.xml', 'https://op.example/suara.xml']],
    ['inoreader.xml', ['https://op.example/kabar.xml', 'https://lenterakota.example/rss.xml', 'https://op.example/warta.xml']],
    ['miniflux.opml', ['https://op.example/suara.xml', 'https://lenterakota.example/rss.xml']],
    ['freshrss.opml.xml', ['https://op.example/warta.xml', 'https://lenterakota.example/rss.xml']],
  ])('%s: every feed in nested categories, in document order, with its title and site', async (file, urls) => {
    const parsed = await parseOpml(opml(file));
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.feeds.map((f) => f.url)).toEqual(urls);
    expect(parsed.feeds.find((f) => f.url.includes('lenterakota'))).toMatchObject({ title: 'Lentera Kota', siteUrl: 'https://lenterakota.example/' });
  });

  test('attribute names in any case, each URL once, non-http links skipped', async () => {
    const parsed = await parseOpml(
      '<opml version="1.1"><body><outline XMLURL="https://a.example/r" TEXT="A"/><outline xmlUrl="https://a.example/r"/><outline xmlUrl="javascript:alert(1)"/><outline xmlUrl="file:///etc/passwd"/></body></opml>',
    );
    expect(parsed).toEqual({ feeds: [{ url: 'https://a.example/r', title: 'A', siteUrl: null }] });
  });

  test('a deep nesting is walked without recursion', async () => {
    const depth = MAX_OPML_OUTLINES - 1;
    const xml = `<opml><body>${'<outline text="c">'.repeat(depth)}<outline xmlUrl="https://deep.example/r"/>${'</outline>'.repeat(depth)}</body></opml>`;
    expect(await parseOpml(xml)).toEqual({ feeds: [{ url: 'https://deep.example/r', title: null, siteUrl: null }] });
  });

  test.each([
    ['empty', ''],
    ['not XML', '{"feeds": []}'],
    ['HTML', '<html><body></body></html>'],
    ['no body', '<opml version="2.0"><head/></opml>'],
    ['no outlines', '<opml version="2.0"><body/></opml>'],
    ['too many outlines', `<opml><body>${'<outline/>'.repeat(MAX_OPML_OUTLINES + 1)}</body></opml>`],
    ['an undeclared entity', '<opml><body><outline text="&kilas;" xmlUrl="https://a.example/r"/></body></opml>'],
    ['an entity bomb', '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="https://a.example/r"/></body></opml>'],
    ['an external entity', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body><outline text="&e;" xmlUrl="https://a.example/r"/></body></opml>'],
  ])('%s is refused with a reason', async (_name, xml) => {
    const parsed = await parseOpml(xml);
    expect(parsed).toEqual({ error: expect.stringMatching(/\S/) });
  });

  test('writeOpml output reads back, names with XML specials included', async () => {
    const outlets = [
      { url: 'https://a.example/rss?x=1&y=2', name: 'A & B <Berita> "Kini"', siteUrl: 'https://a.example/' },
      { url: 'https://b.example/feed', name: 'Bé', siteUrl: null },
    ];
    const xml = writeOpml('Kilas — uji', outlets, new Date(0));
    expect(xml).toContain('<opml version="2.0">');
    const parsed = await parseOpml(xml);
    expect(parsed).toEqual({ feeds: outlets.map((o) => ({ url: o.url, title: o.name, siteUrl: o.siteUrl })) });
  });
});
