/**
 * The kilas store on PostgreSQL (KILAS_DB=postgres://…): every port of `../ports.ts` over one
 * connection pool, shared by as many kilas processes as the deployment runs. `openPostgresStore`
 * connects, migrates (under an advisory lock) and reads which search extensions the server has.
 */
import { EMPTY_DIRECTORY, type SpeakerDirectory } from '../../core/speakers/index.ts';
import type { Store } from '../ports.ts';
import { createPgArticleStore } from './article-store.ts';
import { createPgDeliveryStore } from './delivery-store.ts';
import { createPgFeedStateStore, createPgPageAttemptStore } from './feed-store.ts';
import { migratePostgres } from './migrate.ts';
import { createPool, type PgPool, type PoolOptions } from './pool.ts';
import { createPgQuoteStore } from './quote-store.ts';
import { createPgSourceStore } from './source-store.ts';
import { createPgStoryStore } from './story-store.ts';
import { createPgSubscriptionStore } from './subscription-store.ts';

export interface PostgresStoreOptions extends PoolOptions {
  /** Time zone in which a date-only article's day starts (windows, newest first). Default Asia/Jakarta. */
  readonly timeZone?: string;
  /** Clock for created/fetched/updated stamps. Default: the system clock. */
  readonly now?: () => Date;
  /** The operator's speaker aliases (data/speakers.json), for `/quotes` lookups. Default: none. */
  readonly speakers?: SpeakerDirectory;
  /** Where a broken idle connection is reported (the pool drops it). Default: ignored. */
  readonly onPoolError?: (error: Error) => void;
}

/** Everything kilas keeps, in one PostgreSQL database. */
export interface PostgresStore extends Store {
  /** The pool, for the work-sharing parts (claims, leases, rate budget) and tests; prefer the ports. */
  readonly pool: PgPool;
  /** Which optional extensions the quote search found: pg_trgm (near misses), unaccent (accent folding). */
  readonly extensions: { readonly trigrams: boolean; readonly unaccent: boolean };
}

/**
 * Connects to `url`, brings the schema up to date and returns the store.
 * @throws StoreError when the server cannot be reached or the schema cannot be migrated.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? 'Asia/Jakarta';
  const pool = createPool(url, options, options.onPoolError);
  try {
    await migratePostgres(pool, { now });
    const { rows } = await pool.query<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent')`);
    const extensions = { trigrams: rows.some((r) => r.extname === 'pg_trgm'), unaccent: rows.some((r) => r.extname === 'unaccent') };
    let closed = false;
    return {
      pool,
      extensions,
      articles: createPgArticleStore(pool, { timeZone, now }),
      quotes: createPgQuoteStore(pool, { speakers: options.speakers ?? EMPTY_DIRECTORY, trigrams: extensions.trigrams }),
      stories: createPgStoryStore(pool, now),
      subscriptions: createPgSubscriptionStore(pool, now),
      deliveries: createPgDeliveryStore(pool, now),
      feedStates: createPgFeedStateStore(pool, now),
      pageAttempts: createPgPageAttemptStore(pool, now),
      sources: createPgSourceStore(pool, { timeZone, now }),
      async close() {
        if (closed) return;
        closed = true;
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
