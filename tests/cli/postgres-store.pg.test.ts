/**
 * KILAS_DB=postgres://… through the CLI: `kilas quotes` fills an empty PostgreSQL store from the
 * seeds and answers exactly as it does on a SQLite file; a second run reads what the first stored.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDirPerTest } from '../store/helpers.ts';
import { createTestDatabase } from '../helpers/postgres/test-database.ts';
import { runKilas } from './cli-helpers.ts';

const seedsDir = new URL('../fixtures/cli/seeds/', import.meta.url).pathname;
const temp = tempDirPerTest();

describe('kilas on PostgreSQL', () => {
  test('quotes: seeds loaded once into the database, the same answer as on SQLite', async () => {
    const url = await createTestDatabase('cli');
    const base = { KILAS_SEEDS: seedsDir, KILAS_LOG_LEVEL: 'error' };
    const first = await runKilas(['quotes', 'lavrov', '--json'], { ...base, KILAS_DB: url }, temp.current.dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/the store is empty, loading the seed articles/);
    const again = await runKilas(['quotes', 'lavrov', '--json'], { ...base, KILAS_DB: url }, temp.current.dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/the store is empty/);
    const onSqlite = await runKilas(['quotes', 'lavrov', '--json'], { ...base, KILAS_DB: join(temp.current.dir, 'kilas.db') }, temp.current.dir);
    expect(onSqlite.code, onSqlite.stderr).toBe(0);
    const body = JSON.parse(again.stdout) as { quotes: unknown[] };
    expect(body.quotes.length).toBeGreaterThan(0);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stdout).toBe(onSqlite.stdout);
  });

  test('an unreachable database is one clear error line, its password redacted', async () => {
    const run = await runKilas(['quotes', 'lavrov'], { KILAS_DB: 'postgres://kilas:hunter22@127.0.0.1:1/kilas', KILAS_SEEDS: seedsDir }, temp.current.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot connect to PostgreSQL/);
    expect(run.stderr).not.toContain('hunter22');
  });
});
