import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli.ts';
import { storyLabels } from '../../src/cli/extract-command.ts';
import type { ExtractedArticle } from '../../src/core/model/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const seeds = readdirSync(join(root, 'data/seeds'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => `data/seeds/${f}`);
const badFiles: { name: string; kind: 'missing' | 'bytes' | 'directory'; base64?: string; error: string }[] = JSON.parse(
  readFileSync(new URL('../fixtures/cli/bad-files.json', import.meta.url), 'utf8'),
);

async function run(args: string[], cwd = root) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kilas-extract-'));
  for (const [i, b] of badFiles.entries()) {
    if (b.kind === 'bytes') writeFileSync(join(dir, `bad-${i}.txt`), Buffer.from(b.base64 ?? '', 'base64'));
    if (b.kind === 'directory') mkdirSync(join(dir, `bad-${i}.txt`));
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kilas extract --json over the seeds', () => {
  test('prints one object per file, in order, with the documented fields', async () => {
    const { code, stdout, stderr } = await run(['extract', '--json', ...seeds]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>[];
    expect(out.map((o) => o['file'])).toEqual(seeds);
    for (const o of out) {
      expect(o).toMatchObject({ body: expect.any(String), story: expect.stringMatching(/^s\d+$/) });
      expect(o['title'] === null || typeof o['title'] === 'string').toBe(true);
      expect(Array.isArray(o['quotes'])).toBe(true);
      expect(o['date'] === null || /^\d{4}-\d{2}-\d{2}$/.test(String(o['date']))).toBe(true);
    }
    expect(out[0]!['story']).toBe('s1');
    const paras = out.flatMap((o) => String(o['body']).split('\n\n'));
    expect(paras.every((p) => p.trim() === p && p !== '')).toBe(true);
  });

  test('the same file twice shares a story', async () => {
    const file = seeds[2]!;
    const { code, stdout } = await run(['extract', '--json', file, file]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { story: string }[];
    expect(out[0]!.story).toBe(out[1]!.story);
  });

  test('the real binary runs through tsx and exits 0', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/kilas.mjs'), 'extract', '--json', ...seeds.slice(0, 2)], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, KILAS_TZ: 'Asia/Jakarta' },
    });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(2);
  });
});

describe('kilas extract with bad input', () => {
  test.each(badFiles.map((b, i) => ({ ...b, i })))('$name: one-line error, other files still printed, exit 1', async ({ i, error }) => {
    const bad = join(dir, `bad-${i}.txt`);
    const { code, stdout, stderr } = await run(['extract', '--json', seeds[0]!, bad, seeds[3]!]);
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(bad);
    expect(lines[0]).toContain(error);
    expect((JSON.parse(stdout) as { file: string }[]).map((o) => o.file)).toEqual([seeds[0], seeds[3]]);
  });

  test('Windows-1252 text is read with a warning, curly quotes intact', async () => {
    const file = join(dir, 'cp1252.txt');
    const text = 'Judul Berita Uji\n\x93Kami menolak rencana itu,\x94 kata Lavrov kepada wartawan di Moskow pada Senin.\n';
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const { code, stdout, stderr } = await run(['extract', '--json', file]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: .*cp1252\.txt: not valid UTF-8, read as Windows-1252/);
    const [o] = JSON.parse(stdout) as { title: string; body: string }[];
    expect(o!.title).toBe('Judul Berita Uji');
    expect(o!.body).toContain('“Kami menolak rencana itu,” kata Lavrov');
  });

  test.each([
    ['no files', ['extract', '--json']],
    ['an unknown option', ['extract', '--jsn', 'a.txt']],
  ])('bad usage (%s) exits 2 with one line', async (_name, args) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('without --json prints a human summary', async () => {
    const { code, stdout } = await run(['extract', seeds[3]!]);
    expect(code).toBe(0);
    expect(stdout).toContain('Bulan Depan Rusia, AS dan NATO Duduk Satu Meja');
    expect(stdout).toContain('1 file(s) extracted, 0 failed');
    expect(() => JSON.parse(stdout)).toThrow();
  });
});

describe('kilas extract on article pages', () => {
  const page = 'tests/fixtures/pages/kompas/banjir-jakarta-pengungsi-bertambah.html';
  test('an .html page: the article from the page, its split pages joined, its metadata', async () => {
    const { code, stdout } = await run(['extract', '--json', page, 'tests/fixtures/pages/okezone/pembatasan-pertalite-sopir-angkot.html']);
    expect(code).toBe(0);
    const [kompas, okezone] = JSON.parse(stdout) as Record<string, unknown>[];
    expect(kompas?.['title']).toBe('Banjir Jakarta, Jumlah Pengungsi Bertambah Jadi 2.100 Orang');
    expect(kompas?.['date']).toBe('2026-12-01');
    expect(String(kompas?.['body'])).not.toMatch(/Baca juga|Tampilkan Semua|Terpopuler/);
    // The last quote is on page 2 (read from the show-all variant) and the Okezone one on page 2 (followed).
    expect(JSON.stringify(kompas?.['quotes'])).toContain('Kami tambah sepuluh truk tangki');
    expect(JSON.stringify(okezone?.['quotes'])).toContain('Kami turunkan petugas ke lapangan');
  });

  test('a file that is a page by its content, whatever its name, goes the page path', async () => {
    const file = join(dir, 'halaman.txt');
    writeFileSync(file, readFileSync(join(root, page)));
    const { code, stdout } = await run(['extract', '--json', file]);
    expect(code).toBe(0);
    const [o] = JSON.parse(stdout) as Record<string, unknown>[];
    expect(o?.['title']).toBe('Banjir Jakarta, Jumlah Pengungsi Bertambah Jadi 2.100 Orang');
    expect(String(o?.['body'])).not.toContain('<');
  });

  test('a windows-1252 page that says so in <meta charset> is read in it, without a warning', async () => {
    const { code, stdout, stderr } = await run(['extract', '--json', 'tests/fixtures/pages/republika/bnpb-salurkan-bantuan-gempa-majene.html']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const [o] = JSON.parse(stdout) as { quotes: { text: string }[]; body: string }[];
    expect(o?.body).toContain('“Dana ini untuk kebutuhan mendesak');
    expect(o?.quotes.map((q) => q.text)).toContain('Dana ini untuk kebutuhan mendesak: tenda, makanan, dan layanan kesehatan bagi pengungsi,');
  });

  test('a page with no article text is a clear error, the other files still print', async () => {
    const file = join(dir, 'kosong.html');
    writeFileSync(file, '<!doctype html><html><head><script>x()</script></head><body><nav>Home</nav></body></html>');
    const { code, stdout, stderr } = await run(['extract', '--json', file, page]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/kosong\.html: no article text found on the page/);
    expect(JSON.parse(stdout)).toHaveLength(1);
  });
});

describe('storyLabels', () => {
  const item = (id: string): ExtractedArticle => ({
    article: { id, title: null, date: null, publishedAt: null, dateline: null, paragraphs: [], source: { url: null, outlet: null, file: null, credit: null } },
    quotes: [],
  });
  const items = ['c', 'a', 'b', 'd'].map(item);
  test.each([
    ['numbers clusters by first appearance', [{ id: 'a', articleIds: ['a', 'b'] }, { id: 'c', articleIds: ['c', 'd'] }], ['s1', 's2', 's2', 's1']],
    ['gives articles the clusterer left out a story of their own', [{ id: 'a', articleIds: ['a', 'c'] }], ['s1', 's1', 's2', 's3']],
    ['without clusters every article is its own story', [], ['s1', 's2', 's3', 's4']],
  ])('%s', (_name, clusters, expected) => {
    expect(storyLabels(items, () => clusters)).toEqual(expected);
  });
  test('without a clusterer every file is its own story, even a repeated article', () => {
    expect(storyLabels([item('a'), item('a')], null)).toEqual(['s1', 's2']);
  });
});
