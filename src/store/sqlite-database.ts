/**
 * Opens the kilas SQLite file: creates its folder, sets WAL, foreign keys and a busy timeout, and
 * migrates the schema. Every failure of better-sqlite3 leaves the store as a `StoreError`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, messageOf } from '../errors.ts';
import { migrate } from './migrations.ts';

export type SqliteDatabase = Database.Database;

export interface DatabaseOptions {
  /** How long a writer waits for another connection's lock before failing. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Clock for `applied_at` of migrations. Default: the system clock. */
  readonly now?: () => Date;
}

const DEFAULTS = { busyTimeoutMs: 5000, now: () => new Date() } satisfies Required<DatabaseOptions>;

/**
 * Opens (creating when missing) and migrates the database at `path`.
 * @throws StoreError when the file cannot be opened or migrated.
 */
export function openDatabase(path: string, options: DatabaseOptions = {}): SqliteDatabase {
  const settings = { ...DEFAULTS, ...options };
  let db: SqliteDatabase | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: settings.busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(settings.busyTimeoutMs))}`);
    // Reads through a memory map and a larger page cache: a /quotes lookup touches scattered
    // pages, and a read() system call per page is most of its cost on a busy machine.
    db.pragma('mmap_size = 268435456');
    db.pragma('cache_size = -32000');
    migrate(db, undefined, settings.now);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot open database ${path}: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * Runs `fn`, turning any raw failure into a `StoreError` that names what was being done.
 * Kilas errors pass through unchanged.
 */
export function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(`${what} failed: ${messageOf(error)}`, { cause: error });
  }
}
