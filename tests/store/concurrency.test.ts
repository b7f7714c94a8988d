import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();
const writer = new URL('../fixtures/store/concurrent-writer.ts', import.meta.url).pathname;

function run(path: string, from: number, to: number): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, String(from), String(to)], { stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

describe('several processes on one new file', () => {
  test('they migrate it once and store overlapping articles exactly once', async () => {
    const path = temp.current.file();
    // Ranges overlap, so the same articles race in from two processes.
    const results = await Promise.all([run(path, 0, 150), run(path, 100, 250), run(path, 200, 300)]);
    for (const r of results) expect(r, r.err).toMatchObject({ code: 0 });
    const inserted = results.reduce((n, r) => n + Number(r.out), 0);
    expect(inserted).toBe(300);
    const store = openSqliteStore(path);
    expect(await store.articles.articleCount()).toBe(300);
    expect(store.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    expect((await store.quotes.speakers('widodo', 1))[0]?.count).toBe(300);
    await store.close();
  }, 120_000);
});
