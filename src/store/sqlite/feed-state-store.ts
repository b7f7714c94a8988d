/** Per-feed polling state (`FeedStateStore`) in SQLite, so backoff and conditional GET survive restarts. */
import type { FeedState, FeedStateStore } from '../ports.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';
import type { Sync } from './sync-port.ts';

interface FeedRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  failures: number;
  next_attempt_at: string | null;
  disabled: number;
  last_error: string | null;
  last_success_at: string | null;
}

function toState(row: FeedRow): FeedState {
  return {
    url: row.url,
    etag: row.etag,
    lastModified: row.last_modified,
    failures: row.failures,
    nextAttemptAt: row.next_attempt_at,
    disabled: row.disabled === 1,
    lastError: row.last_error,
    lastSuccessAt: row.last_success_at,
  };
}

/** Creates the feed state store over an open, migrated database. `putFeedState` replaces the whole row. */
export function createFeedStateStore(db: SqliteDatabase, now: () => Date): Sync<FeedStateStore> {
  const select = db.prepare('SELECT * FROM feed_state WHERE url = ?');
  const all = db.prepare('SELECT * FROM feed_state ORDER BY url');
  const upsert = db.prepare(`INSERT INTO feed_state
      (url, etag, last_modified, failures, next_attempt_at, disabled, last_error, last_success_at, updated_at)
    VALUES (@url, @etag, @lastModified, @failures, @nextAttemptAt, @disabled, @lastError, @lastSuccessAt, @now)
    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
      failures = excluded.failures, next_attempt_at = excluded.next_attempt_at, disabled = excluded.disabled,
      last_error = excluded.last_error, last_success_at = excluded.last_success_at, updated_at = excluded.updated_at`);
  return {
    getFeedState(url) {
      return guard('reading feed state', () => {
        const row = select.get(url) as FeedRow | undefined;
        return row ? toState(row) : null;
      });
    },
    putFeedState(state) {
      guard('saving feed state', () => {
        upsert.run({
          url: state.url,
          etag: state.etag,
          lastModified: state.lastModified,
          failures: Math.max(0, Math.floor(state.failures)),
          nextAttemptAt: state.nextAttemptAt,
          disabled: state.disabled ? 1 : 0,
          lastError: state.lastError,
          lastSuccessAt: state.lastSuccessAt,
          now: now().toISOString(),
        });
      });
    },
    listFeedStates() {
      return guard('listing feed state', () => (all.all() as FeedRow[]).map(toState));
    },
  };
}
