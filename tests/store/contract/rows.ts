/**
 * The rows of the store contract suite: every implementation of the storage ports, opened empty for
 * each test. SQLite gets a new file per test; PostgreSQL a database per test file (emptied before
 * each test). Use with `describe.each(storeRows())`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import type { SpeakerDirectory } from '../../../src/core/speakers/index.ts';
import type { Store } from '../../../src/store/ports.ts';
import { openPostgresStore } from '../../../src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { createTestDatabase } from '../../helpers/postgres/test-database.ts';

export interface OpenOptions {
  readonly now?: () => Date;
  readonly timeZone?: string;
  readonly speakers?: SpeakerDirectory;
}

/** A store on an empty database, and a way to open another on the same database (a second process). */
export interface OpenedStore {
  readonly store: Store;
  reopen(options?: OpenOptions): Promise<Store>;
}

export interface StoreRow {
  readonly name: string;
  fresh(options?: OpenOptions): Promise<OpenedStore>;
}

/** Every row, with hooks that close what the tests opened and remove their files. */
export function storeRows(): StoreRow[] {
  const opened: Store[] = [];
  const track = (store: Store): Store => {
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  const dir = mkdtempSync(join(tmpdir(), 'kilas-contract-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;
  const sqlite: StoreRow = {
    name: 'sqlite',
    async fresh(options = {}) {
      const path = join(dir, `k${files++}.db`);
      const open = (more: OpenOptions) => track(openSqliteStore(path, { timeZone: 'Asia/Jakarta', ...more }));
      return { store: open(options), reopen: async (more = {}) => open(more) };
    },
  };

  let database: Promise<string> | null = null;
  const postgres: StoreRow = {
    name: 'postgres',
    async fresh(options = {}) {
      database ??= createTestDatabase('contract');
      const url = await database;
      const store = track(await openPostgresStore(url, { timeZone: 'Asia/Jakarta', max: 4, ...options }));
      await emptyPostgres(store);
      return { store, reopen: async (more = {}) => track(await openPostgresStore(url, { timeZone: 'Asia/Jakarta', max: 4, ...more })) };
    },
  };
  return [sqlite, postgres];
}

/** Empties every kilas table (not the schema's bookkeeping), identities back to 1. */
async function emptyPostgres(store: Store): Promise<void> {
  const { pool } = store as Store & { pool: import('pg').Pool };
  const { rows } = await pool.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables
      WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'store_versions')`,
  );
  await pool.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
  await pool.query(`UPDATE store_versions SET version = version + 1`);
}

