/**
 * `kilas digest` reads the store once articles are stored: what `kilas ingest` brought in is what
 * the digest shows, and an empty or absent store falls back to the seed articles.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli.ts';
import { createIngestService } from '../../src/ingest/ingest-service.ts';
import { silentLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

const repo = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kilas-digest-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function digest(dbPath: string, args: string[] = []) {
  let stdout = '';
  let stderr = '';
  const code = await main(['digest', ...args], {
    stdout: { write: (c: string) => (stdout += c) },
    stderr: { write: (c: string) => (stderr += c) },
    env: { KILAS_DB: dbPath },
    cwd: repo,
  });
  return { code, stdout, stderr };
}

const storedArticle = {
  title: 'Gunung Lewotobi Kembali Erupsi, Warga Diminta Menjauh',
  url: 'https://berita.example.id/2026/11/22/lewotobi',
  outlet: 'berita.example.id',
  publishedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
  text:
    'FLORES TIMUR - Gunung Lewotobi Laki-laki kembali erupsi pada Minggu pagi dengan tinggi kolom abu mencapai dua kilometer.\n\n' +
    '"Warga kami minta tetap berada di luar radius tujuh kilometer dari kawah," kata Kepala Badan Geologi Muhammad Wafid.',
};

describe('kilas digest and the store', () => {
  test('an absent store is not created and the seeds are used', async () => {
    const path = join(dir, 'absent.db');
    const { code, stdout } = await digest(path);
    expect(code).toBe(0);
    expect(existsSync(path)).toBe(false);
    expect(stdout).toMatch(/^\d+ berita dari/m);
  });

  test('stored articles of the last day make the digest', async () => {
    const path = join(dir, 'kilas.db');
    const store = openSqliteStore(path, { timeZone: 'Asia/Jakarta' });
    expect((await createIngestService({ store: store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger }).ingest([storedArticle])).inserted).toBe(1);
    await store.close();

    const { code, stdout } = await digest(path);
    expect(code).toBe(0);
    expect(stdout).toContain('Gunung Lewotobi Kembali Erupsi');
    expect(stdout).toContain('Muhammad Wafid');
    expect(stdout).not.toContain('NATO');
  });

  test('--since before the stored article keeps it, after it leaves nothing', async () => {
    const path = join(dir, 'kilas.db');
    const before = await digest(path, ['--since', '2020-01-01']);
    expect(before.stdout).toContain('Gunung Lewotobi');
    const after = await digest(path, ['--since', new Date(Date.now() + 86_400_000).toISOString()]);
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain('Gunung Lewotobi');
  });
});
