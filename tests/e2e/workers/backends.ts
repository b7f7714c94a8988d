/**
 * The two databases the multi-process scenarios run on: a SQLite file in the test's folder, or a
 * fresh PostgreSQL database of the run's embedded server. Children get the same KILAS_DB value and
 * open it through openConfiguredStore, as `kilas start` does.
 */
import { join } from 'node:path';
import type { DatabaseTarget } from '../../../src/config.ts';
import { isPostgresUrl } from '../../../src/config.ts';
import { openConfiguredStore } from '../../../src/store/open-store.ts';
import type { Store } from '../../../src/store/ports.ts';

/** Where a scenario keeps its rows. */
export interface Backend {
  readonly name: string;
  /** A new, empty database for one test; returns its KILAS_DB value. */
  database(dir: string): Promise<string>;
}

/** The target a KILAS_DB value names (the password is only for log redaction, not needed here). */
export function targetOf(db: string): DatabaseTarget {
  return isPostgresUrl(db) ? { kind: 'postgres', url: db, password: null } : { kind: 'sqlite', path: db };
}

/** The store of a KILAS_DB value, migrated. */
export function openByKilasDb(db: string, options: { readonly?: boolean } = {}): Promise<Store> {
  return openConfiguredStore(targetOf(db), { cwd: process.cwd(), timeZone: 'Asia/Jakarta', ...(options.readonly ? { readonly: true } : {}) });
}

/** A SQLite file in the test's folder. */
export const sqliteBackend: Backend = {
  name: 'SQLite file',
  database: async (dir) => join(dir, 'kilas.db'),
};
