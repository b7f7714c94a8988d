/**
 * Pages read in the worker thread: the same result as in-process, in order; a page that exhausts
 * the worker's heap or time fails alone (typed error) and the next page is read by a fresh worker.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { readArticlePage } from '../../src/sources/article-page.ts';
import { createPageReader, type PageReader } from '../../src/sources/page-reader.ts';

const page = (path: string) => readFileSync(new URL(`../fixtures/pages/${path}`, import.meta.url), 'utf8');
const kompas = page('kompas/gempa-majene-rumah-rusak.html');
const detik = page('detik/banjir-rendam-jakarta-timur.html');
const url = 'https://fixtures.test/a.html';
/** A page whose DOM needs far more than a few MB: a million list items. */
const huge = `<html><body><ul>${'<li>butir</li>'.repeat(1_000_000)}</ul></body></html>`;

let reader: PageReader | null = null;
afterEach(async () => {
  await reader?.close();
  reader = null;
});

describe('createPageReader', () => {
  test('reads pages as readArticlePage does, in the order asked', async () => {
    reader = createPageReader();
    const pages = await Promise.all([reader.read(kompas, url), reader.read(detik, url), reader.read('', url)]);
    expect(pages).toEqual([readArticlePage(kompas, url), readArticlePage(detik, url), readArticlePage('', url)]);
  });

  test('a page that exhausts the heap fails alone; the next page is read', async () => {
    // Room for an ordinary page and its fresh worker (16 MB was seen to fail them on a loaded machine), far
    // too little for a million list items.
    reader = createPageReader({ maxHeapMb: 64 });
    const failed = reader.read(huge, 'https://fixtures.test/huge');
    const next = reader.read(kompas, url);
    await expect(failed).rejects.toBeInstanceOf(InputError);
    expect((await next).title).toBe(readArticlePage(kompas, url).title);
  }, 60_000);

  test('a page that takes too long fails alone; the next page is read', async () => {
    reader = createPageReader({ timeoutMs: 50 });
    const failed = reader.read(huge, 'https://fixtures.test/slow');
    const next = reader.read(detik, url);
    await expect(failed).rejects.toThrow(/took longer than 50 ms/);
    // The next page may itself outlast 50 ms on a busy machine; it must not fail for the slow one.
    await next.then(
      (p) => expect(p.text).toBe(readArticlePage(detik, url).text),
      (error: Error) => expect(error.message).toMatch(/fixtures\.test\/a\.html: took longer than 50 ms/),
    );
  }, 60_000);

  test('closing fails what is pending and refuses new pages', async () => {
    reader = createPageReader();
    const pending = expect(reader.read(kompas, url)).rejects.toBeInstanceOf(InputError);
    await reader.close();
    await pending;
    await expect(reader.read(kompas, url)).rejects.toThrow(/closed/);
  });
});
