/**
 * The PostgreSQL connection pool and transaction helper every PostgreSQL store module uses (and the
 * work-sharing code built on it): BIGINT columns read as numbers (kilas keeps ms instants and ids far
 * below 2^53), failures of the driver surface as `StoreError` naming what was being done.
 */
import pg from 'pg';
import { StoreError, messageOf } from '../../errors.ts';

/** Something that runs a query: the pool itself or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

export interface PoolOptions {
  /** Most connections this process opens. Default 10. */
  readonly max?: number;
  /** Shown in pg_stat_activity, so an operator sees which kilas process holds a connection. */
  readonly applicationName?: string;
  /** How long to wait for a free connection or the server before failing. Default 10 s. */
  readonly connectTimeoutMs?: number;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** BIGINT (and COUNT/SUM results) as JS numbers instead of strings. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A pool of connections to `url`. A connection that breaks while idle is dropped by the pool (the
 * error is logged by the caller's `onError`, never thrown into the process).
 */
export function createPool(url: string, options: PoolOptions = {}, onError: (error: Error) => void = () => {}): PgPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'kilas',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    types,
  });
  pool.on('error', onError);
  return pool;
}

/**
 * Runs `fn` and turns a raw driver failure into a `StoreError` that names what was being done;
 * kilas errors pass through unchanged.
 */
export async function pgGuard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(`${what} failed: ${messageOf(error)}`, { cause: error });
  }
}

/** SQLSTATEs after which running the whole transaction again is the right answer. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export interface TransactionOptions {
  /** Isolation level. Default READ COMMITTED. */
  readonly isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /** Runs again after a serialization failure or a deadlock, at most this many times. Default 3. */
  readonly retries?: number;
}

/**
 * Runs `fn` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it
 * throws (the error is rethrown). A serialization failure or deadlock runs it again from the start,
 * so `fn` must not have effects outside the database.
 */
export async function withTransaction<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}` : 'BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      const code = (error as { code?: unknown }).code;
      if (attempt < retries && typeof code === 'string' && RETRYABLE.has(code)) continue;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** Runs `fn` on one pooled connection (session-level state such as advisory locks stays on it). */
export async function withClient<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}
