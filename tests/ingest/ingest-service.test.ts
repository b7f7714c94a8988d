import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ExtractedArticle, RawArticle } from '../../src/core/model/index.ts';
import { StoreError } from '../../src/errors.ts';
import { createIngestService } from '../../src/ingest/ingest-service.ts';
import { silentLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { article, tempDirPerTest } from '../store/helpers.ts';

const temp = tempDirPerTest();

/** A stand-in pipeline: the raw title is the content hash, so tests choose duplicates by hand. */
function fakeExtract(calls: RawArticle[] = []) {
  return (raw: RawArticle): ExtractedArticle => {
    calls.push(raw);
    if (raw.title === 'boom') throw new Error('cannot parse');
    if (raw.title === 'unstorable') {
      const a = article({ id: 'unstorable' });
      return { ...a, article: { ...a.article, paragraphs: undefined as never } };
    }
    return article({ id: raw.title ?? 'untitled', url: raw.url ?? null });
  };
}

const raw = (title: string, url: string | null = null): RawArticle => ({ title, url, text: 'x' });

describe('ingest service', () => {
  test('counts inserted, duplicates (same hash or URL) and failures', async () => {
    const store = openSqliteStore(temp.current.file());
    const service = createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger, extract: fakeExtract() });
    const result = await service.ingest([
      raw('a'),
      raw('b', 'https://x.example/b'),
      raw('a'),
      raw('boom'),
      raw('c', 'https://x.example/b?utm_source=rss'),
    ]);
    expect(result).toEqual({ inserted: 2, duplicates: 2, failed: 1 });
    expect(await store.articles.articleCount()).toBe(2);
    await store.close();
  });

  test('one unstorable article fails alone; the rest of its batch is stored', async () => {
    const store = openSqliteStore(temp.current.file());
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    const service = createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger, extract: fakeExtract(), batchSize: 10 });
    expect(await service.ingest([raw('a'), raw('unstorable'), raw('b')])).toEqual({ inserted: 2, duplicates: 0, failed: 1 });
    expect(await store.articles.hasArticle('a') && await store.articles.hasArticle('b')).toBe(true);
    expect(warnings).toEqual(['article not stored']);
    await store.close();
  });

  test('items go in batches with progress after each', async () => {
    const store = openSqliteStore(temp.current.file());
    const progress: number[] = [];
    const service = createIngestService({
      store: store.articles,
      timeZone: 'Asia/Jakarta',
      logger: silentLogger,
      extract: fakeExtract(),
      batchSize: 2,
      onProgress: (t) => progress.push(t.inserted),
    });
    await service.ingest(['a', 'b', 'c', 'd', 'e'].map((t) => raw(t)));
    expect(progress).toEqual([2, 4, 5]);
    await store.close();
  });

  test('an item whose URL is stored skips the pipeline', async () => {
    const store = openSqliteStore(temp.current.file());
    const calls: RawArticle[] = [];
    const service = createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger, extract: fakeExtract(calls) });
    await service.ingest([raw('a', 'https://x.example/a')]);
    expect(await service.ingest([raw('a-edited', 'https://X.example/a/#top')])).toEqual({ inserted: 0, duplicates: 1, failed: 0 });
    expect(calls.map((c) => c.title)).toEqual(['a']);
    await store.close();
  });

  test('a broken store is an error, not a count of failures', async () => {
    const store = openSqliteStore(temp.current.file());
    await store.close();
    const service = createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger, extract: fakeExtract() });
    await expect(service.ingest([raw('a'), raw('b')])).rejects.toThrow(StoreError);
  });

  test('through the real pipeline: seed texts are stored with their attributed quotes, once', async () => {
    const dir = new URL('../fixtures/cli/seeds/', import.meta.url).pathname;
    const items = readdirSync(dir).map((f) => ({ text: readFileSync(join(dir, f), 'utf8'), file: f }));
    const store = openSqliteStore(temp.current.file());
    const service = createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger });
    expect(await service.ingest(items)).toEqual({ inserted: items.length, duplicates: 0, failed: 0 });
    expect(await service.ingest(items)).toEqual({ inserted: 0, duplicates: items.length, failed: 0 });
    const stored = await store.articles.articlesIn({ from: null, to: null });
    expect(stored.map((e) => e.article.source.file).sort()).toEqual(items.map((i) => i.file).sort());
    const lavrov = await store.quotes.quotesBy('lavrov', 5);
    expect(lavrov.map((h) => h.text).join(' ')).toContain('Kami tidak menginginkan perang');
    await store.close();
  });
});
