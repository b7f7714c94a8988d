/**
 * PostgreSQL migrations: several processes starting at once against one empty database end with
 * one schema and no error; a database from a newer kilas is refused; a failing step leaves nothing.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';
import { StoreError } from '../../../src/errors.ts';
import { migratePostgres, schemaVersion } from '../../../src/store/postgres/migrate.ts';
import { createPool, type PgPool } from '../../../src/store/postgres/pool.ts';
import { PG_MIGRATIONS } from '../../../src/store/postgres/schema.ts';
import { createTestDatabase } from '../../helpers/postgres/test-database.ts';

const pools: PgPool[] = [];
const poolOf = (url: string): PgPool => {
  const pool = createPool(url, { max: 2 });
  pools.push(pool);
  return pool;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

const latest = PG_MIGRATIONS.at(-1)!.version;

/** Runs the migration in a separate Node process, as a second kilas starting would. */
function migrateInChild(url: string, startAt: number): Promise<{ code: number | null; out: string }> {
  const script = `
    import { createPool } from './src/store/postgres/pool.ts';
    import { migratePostgres } from './src/store/postgres/migrate.ts';
    const pool = createPool(process.env.URL, { max: 1 });
    await pool.query('SELECT 1');
    // All processes connected: start together, so their migrations overlap.
    await new Promise((r) => setTimeout(r, Number(process.env.START_AT) - Date.now()));
    try { console.log(JSON.stringify(await migratePostgres(pool))); } finally { await pool.end(); }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, URL: url, START_AT: String(startAt) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out }));
  });
}

describe('migratePostgres', () => {
  test('four processes migrating one empty database at once: one schema, no error', async () => {
    const url = await createTestDatabase('migrate_race');
    // Node with tsx takes about a second to start on a busy machine: meet a few seconds from now.
    const startAt = Date.now() + 4000;
    const results = await Promise.all([1, 2, 3, 4].map(() => migrateInChild(url, startAt)));
    for (const r of results) expect(r, r.out).toMatchObject({ code: 0 });
    const applied = results.map((r) => JSON.parse(r.out.trim().split('\n').at(-1)!) as number[]);
    // Exactly one process applied every step; the others found the schema current.
    expect(applied.filter((a) => a.length > 0)).toEqual([PG_MIGRATIONS.map((m) => m.version)]);
    const pool = poolOf(url);
    expect(await schemaVersion(pool)).toBe(latest);
    const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r: { version: number }) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
  });

  test('many pools of one process at once, then again: applied once, later calls do nothing', async () => {
    const url = await createTestDatabase('migrate_pools');
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => migratePostgres(poolOf(url))));
    expect(outcomes.flat().sort()).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(await migratePostgres(poolOf(url))).toEqual([]);
  });

  test('a database written by a newer kilas is refused with a StoreError', async () => {
    const url = await createTestDatabase('migrate_newer');
    const pool = poolOf(url);
    await migratePostgres(pool);
    await pool.query(`INSERT INTO schema_migrations VALUES ($1, 'from the future', '2030-01-01T00:00:00Z')`, [latest + 1]);
    await expect(migratePostgres(pool)).rejects.toThrow(/newer than this kilas knows/);
    await expect(migratePostgres(pool)).rejects.toBeInstanceOf(StoreError);
  });

  test('a failing migration rolls back whole and names itself; the lock is free afterwards', async () => {
    const url = await createTestDatabase('migrate_fail');
    const pool = poolOf(url);
    const broken = [...PG_MIGRATIONS, { version: latest + 1, name: 'broken step', sql: 'CREATE TABLE half (x int); SELECT no_such_function();' }];
    await expect(migratePostgres(pool, { migrations: broken })).rejects.toThrow(/migration \d+ \(broken step\) failed/);
    expect(await schemaVersion(pool)).toBe(latest);
    const { rows } = await pool.query(`SELECT to_regclass('half')::text AS t`);
    expect(rows[0]).toEqual({ t: null });
    // Another connection can take the migration lock at once: nobody holds it.
    const { rows: lock } = await pool.query('SELECT pg_try_advisory_lock($1) AS ok', [4_751_020_260_001]);
    expect(lock[0]).toEqual({ ok: true });
  });

  test('an unreachable server is a StoreError, not a hang', async () => {
    const pool = createPool('postgres://kilas:secret@127.0.0.1:1/none', { connectTimeoutMs: 2000 });
    pools.push(pool);
    await expect(migratePostgres(pool)).rejects.toThrow(/cannot connect to PostgreSQL/);
  });
});
