/**
 * An article stored with damaged text (a UTF-8 feed decoded as windows-1252, or bytes that became
 * U+FFFD) is replaced when a clean copy of the same URL arrives: same id (its story stays), clean
 * text, its quotes back. A clean stored article is never touched, and a known URL whose stored
 * copy is fine is not extracted again (nor would a page fetcher fetch it: `storedCopy`).
 */
import { describe, expect, test } from 'vitest';
import { extractArticle } from '../../src/core/article/index.ts';
import { damageScore } from '../../src/core/text/index.ts';
import type { RawArticle } from '../../src/core/model/index.ts';
import { createIngestService } from '../../src/ingest/ingest-service.ts';
import { silentLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDirPerTest } from '../store/helpers.ts';

const temp = tempDirPerTest();

const clean: RawArticle = {
  title: 'Warga Kampung Melayu Mengungsi, Kafe “Sehat” Jadi Dapur Umum',
  url: 'https://contoh.id/berita/banjir-kampung-melayu',
  outlet: 'contoh.id',
  publishedAt: '2026-11-22T08:00:00+07:00',
  text: [
    'JAKARTA – Banjir setinggi satu meter merendam Kampung Melayu sejak Minggu pagi.',
    '“Kami prioritaskan keselamatan warga, terutama lansia dan anak-anak,” kata Camat Jatinegara Hendra Wijaya di lokasi.',
    'Menurut Hendra, kafé di tepi jalan dipakai sebagai dapur umum. “Dapur umum sudah kami buka di tiga titik pengungsian,” ujarnya.',
  ].join('\n\n'),
};

/** The same bytes decoded the wrong way: UTF-8 read as windows-1252. */
const garbled: RawArticle = {
  ...clean,
  title: new TextDecoder('windows-1252').decode(Buffer.from(clean.title ?? '', 'utf8')),
  text: new TextDecoder('windows-1252').decode(Buffer.from(clean.text ?? '', 'utf8')),
};

function setup() {
  const store = openSqliteStore(temp.current.file());
  const extracted: RawArticle[] = [];
  const service = createIngestService({
    store: store.articles,
    timeZone: 'Asia/Jakarta',
    logger: silentLogger,
    extract: (raw, options) => {
      extracted.push(raw);
      return extractArticle(raw, options);
    },
  });
  return { store, extracted, service };
}

describe('replacing a damaged article by a clean copy', () => {
  test('the garbled copy is stored damaged; the clean one replaces it, keeping its id', async () => {
    const { store, extracted, service } = setup();
    expect(damageScore(garbled.text ?? '')).toBeGreaterThan(0);
    expect(await service.ingest([garbled])).toMatchObject({ inserted: 1 });
    expect(await store.articles.storedCopy(clean.url ?? '')).toMatchObject({ state: 'damaged' });
    const [before] = await store.articles.articlesIn({ from: null, to: null });
    const quotesBefore = before?.quotes.length ?? 0;

    // The same damaged copy again: a duplicate, not extracted again.
    expect(await service.ingest([garbled])).toMatchObject({ inserted: 0, duplicates: 1 });
    expect(extracted).toHaveLength(1);

    expect(await service.ingest([clean])).toMatchObject({ inserted: 0, replaced: 1 });
    expect(await store.articles.storedCopy(clean.url ?? '')).toEqual({ state: 'clean' });
    const [after] = await store.articles.articlesIn({ from: null, to: null });
    expect(await store.articles.articleCount()).toBe(1);
    expect(after?.article.id).toBe(before?.article.id);
    expect(after?.article.title).toBe(clean.title);
    expect(after?.article.paragraphs.join('\n')).toContain('“Kami prioritaskan keselamatan warga');
    expect(after?.quotes.length).toBeGreaterThanOrEqual(Math.max(2, quotesBefore));
    expect((await store.quotes.quotesBy('hendra wijaya', 5)).map((h) => h.text).join('\n')).toContain('Dapur umum sudah kami buka');

    // Clean now: a further copy is a duplicate and is not extracted.
    const runs = extracted.length;
    expect(await service.ingest([clean, garbled])).toMatchObject({ inserted: 0, duplicates: 2 });
    expect(extracted).toHaveLength(runs);
  });

  test('U+FFFD damage (an invalid byte in a declared UTF-8 feed) is repaired the same way', async () => {
    const { store, service } = setup();
    await service.ingest([{ ...clean, text: (clean.text ?? '').replaceAll('“', '\uFFFD').replaceAll('”', '\uFFFD') }]);
    expect(await store.articles.storedCopy(clean.url ?? '')).toMatchObject({ state: 'damaged' });
    expect(await service.ingest([clean])).toMatchObject({ replaced: 1 });
    expect(await store.articles.storedCopy(clean.url ?? '')).toEqual({ state: 'clean' });
  });

  test('a clean stored article is never replaced by another version (an edited headline is no new story)', async () => {
    const { store, extracted, service } = setup();
    await service.ingest([clean]);
    const edited = { ...clean, title: 'Banjir Kampung Melayu: 300 Warga Mengungsi' };
    expect(await service.ingest([edited])).toMatchObject({ inserted: 0, duplicates: 1 });
    expect(extracted).toHaveLength(1);
    expect((await store.articles.articlesIn({ from: null, to: null }))[0]?.article.title).toBe(clean.title);
  });

  test('a copy no cleaner than the stored one does not replace it', async () => {
    const { store, service } = setup();
    await service.ingest([garbled]);
    expect(await service.ingest([{ ...garbled, title: `${garbled.title ?? ''} Ã©` }])).toMatchObject({ duplicates: 1 });
    expect(await store.articles.storedCopy(clean.url ?? '')).toMatchObject({ state: 'damaged' });
  });
});
