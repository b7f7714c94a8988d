/** The PostgreSQL test harness itself: one server per run, a separate database per call. */
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { createTestDatabase } from '../../helpers/postgres/test-database.ts';

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  test('gives each call its own empty UTF-8 database', async () => {
    const [a, b] = await Promise.all([createTestDatabase('harness'), createTestDatabase('harness')]);
    expect(a).not.toBe(b);
    await withClient(a, (c) => c.query('CREATE TABLE only_in_a (x int)'));
    const seen = await withClient(b, async (c) => (await c.query(`SELECT to_regclass('only_in_a') AS t`)).rows[0]);
    expect(seen).toEqual({ t: null });
    const info = await withClient(a, async (c) => (await c.query(`SELECT current_database() AS db, pg_encoding_to_char(encoding) AS enc
      FROM pg_database WHERE datname = current_database()`)).rows[0]);
    expect(info.db).toMatch(/^harness_[0-9a-f]{10}$/);
    expect(info.enc).toBe('UTF8');
  });

  test('the server has the extensions the quote search uses', async () => {
    const url = await createTestDatabase('extensions');
    const names = await withClient(url, async (c) => (await c.query(`SELECT name FROM pg_available_extensions WHERE name IN ('pg_trgm', 'unaccent') ORDER BY name`)).rows.map((r: { name: string }) => r.name));
    expect(names).toEqual(['pg_trgm', 'unaccent']);
  });
});
