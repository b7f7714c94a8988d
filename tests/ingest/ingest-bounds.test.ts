/**
 * The ingest service's bounds: a huge item is cut and its quotes capped (with one warning), a store
 * that cannot write at all stops the run at the first item instead of logging one line per item,
 * and items failing for one reason are logged once with a count.
 */
import { describe, expect, test } from 'vitest';
import type { ExtractedArticle, RawArticle } from '../../src/core/model/index.ts';
import { StoreError } from '../../src/errors.ts';
import { createIngestService, cutContent } from '../../src/ingest/ingest-service.ts';
import type { Logger } from '../../src/logger.ts';
import { article } from '../store/helpers.ts';

function recording(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

const raws = (n: number): RawArticle[] => Array.from({ length: n }, (_, i) => ({ title: `a${i}`, text: 'x' }));
const fakeExtract = (raw: RawArticle): ExtractedArticle => article({ id: raw.title ?? 'x' });

/** A SQLite error as better-sqlite3 raises it, wrapped the way the store's guard wraps it. */
const sqliteError = (code: string, message: string) => new StoreError(`saving articles failed: ${message}`, { cause: Object.assign(new Error(message), { code }) });

describe('ingest bounds', () => {
  test('a store that cannot write (disk full) stops the run with one error, not 500 log lines', async () => {
    const logger = recording();
    const store = {
      async saveArticles(): Promise<never> {
        throw sqliteError('SQLITE_FULL', 'database or disk is full');
      },
    };
    const service = createIngestService({ store, timeZone: 'Asia/Jakarta', logger, extract: fakeExtract });
    await expect(service.ingest(raws(500))).rejects.toThrow(/disk is full/);
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toHaveLength(0);
  });

  test('items failing alike are logged once, with a count; the good ones are kept', async () => {
    const logger = recording();
    const saved: string[] = [];
    const store = {
      async saveArticles(items: readonly ExtractedArticle[]) {
        if (items.some((i) => i.article.id !== 'a7')) {
          if (items.length > 1) throw new StoreError('saving articles failed: CHECK constraint failed');
          if (items[0]?.article.id !== 'a3') throw new StoreError('saving articles failed: CHECK constraint failed');
        }
        saved.push(...items.map((i) => i.article.id));
        return items.map(() => 'inserted' as const);
      },
    };
    const result = await createIngestService({ store, timeZone: 'Asia/Jakarta', logger, extract: fakeExtract }).ingest(raws(500));
    expect(result).toMatchObject({ inserted: 2, failed: 498 });
    expect(saved.sort()).toEqual(['a3', 'a7']);
    const warnings = logger.lines.filter((l) => l.startsWith('warn'));
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/"count":498/);
  });

  test('content is cut at a paragraph break, quotes capped per article', async () => {
    expect(cutContent('satu dua\n\ntiga empat', 14)).toBe('satu dua');
    expect(cutContent('pendek', 100)).toBe('pendek');
    const logger = recording();
    const seen: RawArticle[] = [];
    const many = { ...article({ id: 'big' }), quotes: Array.from({ length: 250 }, (_, i) => ({ text: `q${i}`, speaker: null, speakerKey: null, paragraph: 0 })) };
    let stored: ExtractedArticle | undefined;
    const service = createIngestService({
      store: { saveArticles: async (items) => ((stored = items[0]), items.map(() => 'inserted' as const)) },
      timeZone: 'Asia/Jakarta',
      logger,
      maxContentChars: 5000,
      extract: (raw) => (seen.push(raw), many),
    });
    await service.ingest([{ title: 'big', text: 'paragraf panjang sekali.\n\n'.repeat(10_000) }]);
    expect(seen[0]?.text?.length).toBeLessThanOrEqual(5000);
    expect(stored?.quotes).toHaveLength(100);
    expect(logger.lines.filter((l) => /trimmed/.test(l))).toHaveLength(1);
  });
});
