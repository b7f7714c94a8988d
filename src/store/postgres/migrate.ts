/**
 * Brings a PostgreSQL database up to the newest migration. Several kilas processes may start at
 * once against a new database: each takes the same session advisory lock first, so one migrates
 * while the others wait and then find nothing left to do.
 */
import { StoreError, messageOf } from '../../errors.ts';
import { PG_MIGRATIONS, type PgMigration } from './schema.ts';
import type { PgClient, PgPool } from './pool.ts';

/** The advisory lock key of kilas's migrations (any fixed 64-bit number; other apps pick others). */
export const MIGRATION_LOCK_KEY = 4_751_020_260_001;

export interface MigrateOptions {
  readonly migrations?: readonly PgMigration[];
  /** Clock for `applied_at`. Default: the system clock. */
  readonly now?: () => Date;
}

async function currentVersion(client: PgClient): Promise<number> {
  const { rows } = await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

/**
 * Applies the missing migrations, each in its own transaction, under the migration lock.
 * @returns the versions this call applied (empty when the schema was already current).
 * @throws StoreError when a migration fails, or the database was written by a newer kilas.
 */
export async function migratePostgres(pool: PgPool, options: MigrateOptions = {}): Promise<number[]> {
  const migrations = options.migrations ?? PG_MIGRATIONS;
  const now = options.now ?? (() => new Date());
  const latest = migrations.at(-1)?.version ?? 0;
  let client: PgClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw new StoreError(`cannot connect to PostgreSQL: ${messageOf(error)}`, { cause: error });
  }
  let healthy = true;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const found = await currentVersion(client);
      if (found > latest) throw new StoreError(`database schema version ${found} is newer than this kilas knows (${latest})`);
      const applied: number[] = [];
      for (const migration of migrations) {
        if (migration.version <= found) continue;
        try {
          await client.query('BEGIN');
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            now().toISOString(),
          ]);
          await client.query('COMMIT');
          applied.push(migration.version);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            healthy = false;
          });
          throw new StoreError(`migration ${migration.version} (${migration.name}) failed: ${messageOf(error)}`, { cause: error });
        }
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {
        healthy = false;
      });
    }
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(`migrating the PostgreSQL schema failed: ${messageOf(error)}`, { cause: error });
  } finally {
    // A connection whose unlock failed may still hold the lock: close it rather than reuse it.
    client.release(!healthy);
  }
}

/** The schema version a database is at (0 when kilas never migrated it). */
export async function schemaVersion(pool: PgPool): Promise<number> {
  const { rows } = await pool.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!rows[0]?.t) return 0;
  const result = await pool.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations');
  return result.rows[0]?.v ?? 0;
}
