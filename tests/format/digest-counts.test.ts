/**
 * Property: the header of a digest counts exactly what the reader is shown — stories, quotes and
 * outlets — in both lengths, for any stories (outlets known, unknown, or only a URL) and after any
 * topic filter keeps a subset of them.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { digestStats } from '../../src/core/digest/index.ts';
import { sourceKey } from '../../src/core/article/index.ts';
import type { Digest, Story, StorySource } from '../../src/core/model/index.ts';
import { digestDocument, type DigestLength } from '../../src/format/digest-document.ts';
import type { Document, Inline } from '../../src/format/document.ts';

const OUTLETS = ['Kompas.com', 'kompas.com', 'detikNews', 'ANTARA News - Berita Terkini', 'Tempo.co', null] as const;
const HOSTS = ['https://www.kompas.com/read/', 'https://news.detik.com/d-', 'https://www.antaranews.com/berita/', null] as const;

const sourceArb = fc.record({ outlet: fc.constantFrom(...OUTLETS), host: fc.constantFrom(...HOSTS), n: fc.nat(999) }).map(
  ({ outlet, host, n }): StorySource => {
    const url = host === null ? null : `${host}${n}`;
    return { articleId: `a${n}`, title: `Judul ${n}`, url, outlet, sourceKey: sourceKey(outlet, url) };
  },
);

const storyArb = fc
  .record({ sources: fc.array(sourceArb, { minLength: 1, maxLength: 6 }), quotes: fc.nat(5), id: fc.nat(1e6) })
  .map(({ sources, quotes, id }): Story => ({
    id: `s${id}`,
    headline: `Berita ${id}`,
    link: sources[0]!.url,
    summary: ['Kalimat pertama yang menjelaskan peristiwa.', 'Kalimat kedua.'],
    quotes: Array.from({ length: quotes }, (_, q) => ({
      text: `Kutipan nomor ${q} yang cukup panjang`,
      speaker: `Tokoh ${q}`,
      speakerKey: `tokoh${q}`,
      outlets: 1,
      articleIds: [sources[0]!.articleId],
    })),
    sources,
    articleIds: [...new Set(sources.map((s) => s.articleId))],
    publishedAt: '2026-11-23T08:00:00+07:00',
    score: 1,
  }));

const runs = (content: readonly Inline[]) => content.map((r) => r.text).join('');

/** What the document shows: sections, quote blocks and the figures of its header line. */
function shown(doc: Document) {
  const header = runs(doc.intro?.[0]?.kind === 'paragraph' ? doc.intro[0].content : []);
  const m = /^(\d+) berita dari (\d+) media, (\d+) kutipan$/.exec(header);
  const quoteBlocks = doc.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'quote').length;
  const plus = doc.sections.map((s) =>
    s.blocks.flatMap((b) => (b.kind === 'paragraph' ? [runs(b.content)] : [])).map((t) => /^\+(\d+) media: /.exec(t)?.[1]).find((x) => x),
  );
  return { header: m ? m.slice(1, 4).map(Number) : null, sections: doc.sections.length, quoteBlocks, plus };
}

describe.each<DigestLength>(['ringkas', 'lengkap'])('digest counts add up (%s)', (length) => {
  test('header = stories shown, distinct outlets shown, quote blocks shown; after any filter', () => {
    fc.assert(
      fc.property(fc.array(storyArb, { minLength: 1, maxLength: 10 }), fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), (stories, keep) => {
        const all: Digest = { window: { from: null, to: null }, timeZone: 'Asia/Jakarta', date: '2026-11-23', stories, stats: digestStats(stories) };
        // A topic filter keeps some stories and must not leave stale figures behind.
        const kept = stories.filter((_, i) => keep[i]);
        for (const digest of [all, { ...all, stories: kept }]) {
          if (digest.stories.length === 0) continue;
          const s = shown(digestDocument(digest, { length }));
          const outlets = new Set(digest.stories.flatMap((x) => x.sources.map((y) => y.sourceKey))).size;
          expect(s.header).toEqual([digest.stories.length, outlets, s.quoteBlocks]);
          expect(s.sections).toBe(digest.stories.length);
          if (length === 'ringkas') {
            digest.stories.forEach((story, i) => {
              const others = new Set(story.sources.map((y) => y.sourceKey)).size - 1;
              expect(s.plus[i] === undefined ? 0 : Number(s.plus[i])).toBe(others);
            });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

test('articles of unknown origin are one source; a URL gives its site; outlet names and hosts agree', () => {
  expect(sourceKey(null, null)).toBe('unknown');
  expect(sourceKey(null, 'https://news.detik.com/berita/d-1')).toBe(sourceKey('detik', null));
  expect(sourceKey('Kompas.com', null)).toBe(sourceKey(null, 'https://www.kompas.com/read/1'));
  expect(sourceKey('ANTARA News - Berita Terkini', null)).toBe(sourceKey('ANTARA News', null));
});
