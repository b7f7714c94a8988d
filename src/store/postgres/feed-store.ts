/**
 * Per-feed polling state and failed article-page fetches in PostgreSQL, so backoff, conditional
 * GET and page retries survive restarts and are shared by every poller process.
 */
import { canonicalUrl } from '../../core/article/index.ts';
import type { FeedStateStore, PageAttemptStore } from '../ports.ts';
import { toFeedState, type FeedStateRow } from '../stored-rows.ts';
import { pgGuard, type PgPool } from './pool.ts';

/** Creates the feed state port over a migrated database. `putFeedState` replaces the whole row. */
export function createPgFeedStateStore(pool: PgPool, now: () => Date): Required<FeedStateStore> {
  return {
    getFeedState(url) {
      return pgGuard('reading feed state', async () => {
        const row = (await pool.query<FeedStateRow>('SELECT * FROM feed_state WHERE url = $1', [url])).rows[0];
        return row ? toFeedState(row) : null;
      });
    },
    putFeedState(state) {
      return pgGuard('saving feed state', async () => {
        await pool.query(
          `INSERT INTO feed_state (url, etag, last_modified, failures, next_attempt_at, disabled, last_error, last_success_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
             failures = excluded.failures, next_attempt_at = excluded.next_attempt_at, disabled = excluded.disabled,
             last_error = excluded.last_error, last_success_at = excluded.last_success_at, updated_at = excluded.updated_at`,
          [state.url, state.etag, state.lastModified, Math.max(0, Math.floor(state.failures)), state.nextAttemptAt,
            state.disabled, state.lastError, state.lastSuccessAt, now().toISOString()],
        );
      });
    },
    listFeedStates() {
      return pgGuard('listing feed state', async () => (await pool.query<FeedStateRow>('SELECT * FROM feed_state ORDER BY url')).rows.map(toFeedState));
    },
  };
}

/** Creates the page attempt port over a migrated database (URLs compared canonically). */
export function createPgPageAttemptStore(pool: PgPool, now: () => Date): PageAttemptStore {
  return {
    pageAttempt(url) {
      const key = canonicalUrl(url);
      if (key === null) return Promise.resolve(null);
      return pgGuard('reading a page attempt', async () => {
        const { rows } = await pool.query<{ failures: number; next_attempt_at: string | null; last_error: string | null }>(
          'SELECT failures, next_attempt_at, last_error FROM page_attempts WHERE canonical_url = $1',
          [key],
        );
        const row = rows[0];
        return row ? { failures: row.failures, nextAttemptAt: row.next_attempt_at, lastError: row.last_error } : null;
      });
    },
    recordPageFailure(url, attempt) {
      const key = canonicalUrl(url);
      if (key === null) return Promise.resolve();
      return pgGuard('recording a page attempt', async () => {
        await pool.query(
          `INSERT INTO page_attempts (canonical_url, failures, next_attempt_at, last_error, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (canonical_url) DO UPDATE SET failures = excluded.failures, next_attempt_at = excluded.next_attempt_at,
             last_error = excluded.last_error, updated_at = excluded.updated_at`,
          [key, attempt.failures, attempt.nextAttemptAt, attempt.lastError, now().toISOString()],
        );
      });
    },
  };
}
