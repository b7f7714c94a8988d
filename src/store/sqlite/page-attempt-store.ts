/** Failed article-page fetches per article URL (`PageAttemptStore`), so retries survive restarts. */
import { canonicalUrl } from '../../core/article/index.ts';
import type { PageAttempt, PageAttemptStore } from '../ports.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';
import type { Sync } from './sync-port.ts';

interface AttemptRow {
  failures: number;
  next_attempt_at: string | null;
  last_error: string | null;
}

/** Creates the page attempt store over an open, migrated database. */
export function createPageAttemptStore(db: SqliteDatabase, now: () => Date): Sync<PageAttemptStore> {
  const select = db.prepare('SELECT failures, next_attempt_at, last_error FROM page_attempts WHERE canonical_url = ?');
  const upsert = db.prepare(`INSERT INTO page_attempts (canonical_url, failures, next_attempt_at, last_error, updated_at)
    VALUES (@key, @failures, @nextAttemptAt, @lastError, @now)
    ON CONFLICT (canonical_url) DO UPDATE SET failures = excluded.failures, next_attempt_at = excluded.next_attempt_at,
      last_error = excluded.last_error, updated_at = excluded.updated_at`);
  return {
    pageAttempt(url) {
      const key = canonicalUrl(url);
      if (key === null) return null;
      const row = guard('reading a page attempt', () => select.get(key)) as AttemptRow | undefined;
      return row ? { failures: row.failures, nextAttemptAt: row.next_attempt_at, lastError: row.last_error } : null;
    },
    recordPageFailure(url, attempt: PageAttempt) {
      const key = canonicalUrl(url);
      if (key === null) return;
      guard('recording a page attempt', () => upsert.run({ key, ...attempt, now: now().toISOString() }));
    },
  };
}
