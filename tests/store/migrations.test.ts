import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { StoreError } from '../../src/errors.ts';
import { MIGRATIONS, migrate, type Migration } from '../../src/store/sqlite/migrations.ts';
import { openDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all() as string[]);

describe('migrations', () => {
  test('numbered without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  test('an empty file gets every migration, recorded, and WAL + foreign keys + busy timeout', () => {
    const path = join(temp.current.dir, 'nested', 'deeper', 'kilas.db');
    const db = openDatabase(path, { busyTimeoutMs: 1234 });
    try {
      expect(existsSync(path)).toBe(true);
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
      expect(tables(db)).toEqual(
        expect.arrayContaining(['articles', 'quotes', 'quotes_fts', 'speakers', 'subscriptions', 'deliveries', 'delivery_parts', 'feed_state']),
      );
    } finally {
      db.close();
    }
  });

  test('re-opening applies nothing and keeps the data', async () => {
    const path = temp.current.file();
    const first = openSqliteStore(path);
    await first.subscriptions.subscribe({ platform: 'telegram', chatId: '1', threadId: null }, '07:00', 'Asia/Jakarta');
    await first.close();
    const raw = new Database(path);
    expect(migrate(raw)).toEqual([]);
    raw.close();
    const again = openSqliteStore(path);
    expect(await again.subscriptions.listActive()).toHaveLength(1);
    await again.close();
  });

  test('an old file is upgraded from its recorded version', () => {
    const path = temp.current.file();
    const raw = new Database(path);
    expect(migrate(raw, MIGRATIONS.slice(0, 1))).toEqual([1]);
    expect(tables(raw)).not.toContain('subscriptions');
    expect(migrate(raw)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    expect(tables(raw)).toContain('subscriptions');
    raw.close();
  });

  test('a failing migration rolls back and is not recorded', () => {
    const raw = new Database(temp.current.file());
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (x); SELECT * FROM missing_table;' },
    ];
    expect(() => migrate(raw, broken)).toThrow(StoreError);
    expect(tables(raw)).not.toContain('half');
    expect(migrate(raw)).toEqual([]);
    raw.close();
  });

  test('a file from a newer kilas is refused with a StoreError', () => {
    const path = temp.current.file();
    openSqliteStore(path).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x')").run();
    raw.close();
    expect(() => openSqliteStore(path)).toThrow(StoreError);
  });

  test('a path that cannot be a database is a StoreError', () => {
    const blocker = temp.current.file('file');
    openSqliteStore(blocker).close();
    expect(() => openSqliteStore(join(blocker, 'inside.db'))).toThrow(StoreError);
  });
});
