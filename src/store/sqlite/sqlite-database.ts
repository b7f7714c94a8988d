/**
 * Opens the kilas SQLite file: creates its folder, sets WAL, foreign keys and a busy timeout, and
 * migrates the schema. Every failure of better-sqlite3 leaves the store as a `StoreError`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, messageOf } from '../../errors.ts';
import { MIGRATIONS, migrate } from './migrations.ts';

export type SqliteDatabase = Database.Database;

export interface DatabaseOptions {
  /** How long a writer waits for another connection's lock before failing. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Clock for `applied_at` of migrations. Default: the system clock. */
  readonly now?: () => Date;
  /**
   * Open an existing, current database for reading only (read commands; a file or folder the
   * process may not write): nothing is created, migrated or written. Default false.
   */
  readonly readonly?: boolean;
}

const DEFAULTS = { busyTimeoutMs: 5000, now: () => new Date(), readonly: false } satisfies Required<DatabaseOptions>;

/**
 * Opens (creating when missing) and migrates the database at `path`.
 * @throws StoreError when the file cannot be opened or migrated.
 */
export function openDatabase(path: string, options: DatabaseOptions = {}): SqliteDatabase {
  const settings = { ...DEFAULTS, ...options };
  let db: SqliteDatabase | undefined;
  if (settings.readonly) {
    try {
      db = openReadOnly(path, settings.busyTimeoutMs);
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(settings.busyTimeoutMs))}`);
      db.pragma('cache_size = -32000');
      const found = (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
      const latest = MIGRATIONS.at(-1)?.version ?? 0;
      if (found !== latest) throw new StoreError(`database schema version ${found} is not this kilas's (${latest}): run 'kilas ingest' once with write access`);
      return db;
    } catch (error) {
      db?.close();
      if (error instanceof StoreError) throw error;
      throw new StoreError(`cannot open database ${path} for reading: ${messageOf(error)}`, { cause: error });
    }
  }
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
 * A read-only connection. In a folder this process may not write, SQLite cannot create the WAL's
 * shared-memory file, so the file is read into memory instead (a snapshot of what is checkpointed,
 * with the header switched from WAL to rollback journal, which is all an in-memory copy can use).
 */
function openReadOnly(path: string, timeout: number): SqliteDatabase {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true, timeout });
    // Opening is lazy: a first read is what meets a folder without write access.
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    return db;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN' && code !== 'SQLITE_READONLY_CANTINIT') throw error;
    const image = readFileSync(path);
    if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
      image[18] = 1;
      image[19] = 1;
    }
    return new Database(image, { readonly: true });
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
