/**
 * Opens the store KILAS_DB selects: the SQLite file (the default, relative to the working folder)
 * or the PostgreSQL database of a `postgres://` URL. The one place that knows both implementations,
 * so the composition roots (app, CLI commands) only see the ports.
 */
import { resolve } from 'node:path';
import type { DatabaseTarget } from '../config.ts';
import type { SpeakerDirectory } from '../core/speakers/index.ts';
import type { Store } from './ports.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';

export interface OpenStoreOptions {
  /** Folder a relative SQLite path is resolved against. */
  readonly cwd: string;
  readonly timeZone: string;
  readonly now?: () => Date;
  readonly speakers?: SpeakerDirectory;
  /** SQLite only: open an existing file for reading (read commands). PostgreSQL ignores it. */
  readonly readonly?: boolean;
  /** PostgreSQL only: where a broken idle connection is reported. */
  readonly onPoolError?: (error: Error) => void;
}

/**
 * The store of `target`, migrated and ready.
 * @throws StoreError when it cannot be opened, reached or migrated.
 */
export async function openConfiguredStore(target: DatabaseTarget, options: OpenStoreOptions): Promise<Store> {
  const common = {
    timeZone: options.timeZone,
    ...(options.now ? { now: options.now } : {}),
    ...(options.speakers ? { speakers: options.speakers } : {}),
  };
  if (target.kind === 'postgres') {
    return await openPostgresStore(target.url, { ...common, ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}) });
  }
  return openSqliteStore(resolve(options.cwd, target.path), { ...common, ...(options.readonly ? { readonly: true } : {}) });
}
