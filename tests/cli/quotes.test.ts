import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { QuoteHit } from '../../src/bot/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { article, tempDirPerTest } from '../store/helpers.ts';
import { runKilas } from './cli-helpers.ts';

const seedsDir = new URL('../fixtures/cli/seeds/', import.meta.url).pathname;
const temp = tempDirPerTest();
const dbPath = () => join(temp.current.dir, 'kilas.db');
const env = () => ({ KILAS_DB: dbPath(), KILAS_SEEDS: seedsDir, KILAS_LOG_LEVEL: 'error' });

/** Output with line wrapping undone, so a long quote reads as one string. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

const PERANG_FULL = 'Kami tidak menginginkan perang, tetapi kami akan membela kepentingan kami';
const BARAT = 'Barat mengabaikan kekhawatiran keamanan Rusia selama bertahun-tahun';
const JANUARI = 'Negosiasi akan dimulai pada bulan Januari';

/** A store with Lavrov quoted by three outlets, one quote twice (once as a fragment). */
async function prepareStore(): Promise<void> {
  const store = openSqliteStore(dbPath());
  await store.articles.saveArticles([
    article({
      id: 'a1',
      outlet: 'sindonews.com',
      url: 'https://sindonews.com/a1',
      publishedAt: '2021-12-23T00:46:00+07:00',
      quotes: [
        { text: PERANG_FULL, speaker: 'Sergey Lavrov', speakerKey: 'lavrov' },
        { text: JANUARI, speaker: 'Sergey Lavrov', speakerKey: 'lavrov' },
      ],
    }),
    article({
      id: 'a2',
      outlet: 'okezone.com',
      url: 'https://okezone.com/a2',
      publishedAt: '2021-12-23T10:00:00+07:00',
      quotes: [{ text: 'Kami tidak menginginkan perang', speaker: 'Sergei Lavrov', speakerKey: 'lavrov' }],
    }),
    article({
      id: 'a3',
      outlet: 'kompas.com',
      url: 'https://kompas.com/a3',
      publishedAt: '2022-02-02T12:15:00+07:00',
      quotes: [{ text: BARAT, speaker: 'Sergey Lavrov', speakerKey: 'lavrov' }],
    }),
  ]);
  await store.close();
}

describe('kilas quotes', () => {
  test.each(['lavrov', 'LAVROV', 'Sergei Lavrov', 'lavrof', 'Lavróv'])('%s: newest first, each quote once', async (name) => {
    await prepareStore();
    const run = await runKilas(['quotes', ...name.split(' ')], env(), temp.current.dir);
    expect(run.code).toBe(0);
    const positions = [BARAT, PERANG_FULL, JANUARI].map((q) => flat(run.stdout).indexOf(q));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(run.stdout.split('tidak menginginkan perang').length - 1).toBe(1);
  });

  test('--json prints only JSON: merged sources, outlet counts, the limit', async () => {
    await prepareStore();
    const run = await runKilas(['quotes', 'lavrov', '--json', '--limit', '2'], env(), temp.current.dir);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { query: string; speakers: string[]; quotes: QuoteHit[] };
    expect(body.query).toBe('lavrov');
    expect(body.speakers[0]).toBe('lavrov');
    expect(body.quotes.map((q) => q.text)).toEqual([BARAT, PERANG_FULL]);
    expect(body.quotes[1]).toMatchObject({ outlets: 2, speakerKey: 'lavrov' });
    expect(body.quotes[1]?.sources.map((s) => s.url).sort()).toEqual(['https://okezone.com/a2', 'https://sindonews.com/a1']);
  });

  test('an unknown name exits 1 with suggestions on stderr', async () => {
    await prepareStore();
    const run = await runKilas(['quotes', 'lavrovski'], env(), temp.current.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('Maksud Anda: Sergey Lavrov?');
  });

  test('an unknown name with --json still prints JSON with the suggestions', async () => {
    await prepareStore();
    const run = await runKilas(['quotes', 'lavrovski', '--json'], env(), temp.current.dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ query: 'lavrovski', speaker: null, quotes: [], suggestions: ['lavrov'] });
  });

  test.each([
    [[]],
    [['   ']],
    [['!!!']],
    [['12345']],
    [['a'.repeat(200)]],
    [['lav\u0000rov']],
    [['\u202Elavrov']],
    [['lavrov', '--limit', '0']],
    [['lavrov', '--limit', '101']],
    [['lavrov', '--limit', 'ten']],
    [['lavrov', '--limit']],
    [['lavrov', '--bogus']],
  ])('bad usage %j exits 2 with a one-line reason and no output', async (args) => {
    await prepareStore();
    const run = await runKilas(['quotes', ...args], env(), temp.current.dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat \S+:\d+/);
  });

  test('an empty store is filled from the seeds first', async () => {
    const run = await runKilas(['quotes', 'lavrov'], env(), temp.current.dir);
    const store = openSqliteStore(dbPath());
    expect(await store.articles.articleCount()).toBe(readdirSync(seedsDir).length);
    const found = await store.quotes.quotesBy('lavrov', 10);
    await store.close();
    expect(run.stderr).toMatch(/store is empty/);
    // Whatever the extractor finds, the command reports exactly that.
    if (found.length > 0) {
      expect(run.code).toBe(0);
      // The formatter may close a quote's trailing comma into a full stop.
      for (const hit of found) expect(flat(run.stdout)).toContain(flat(hit.text).replace(/[\s.,;:!?…]+$/u, ''));
    } else {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/tidak ada kutipan/);
    }
  });
});
