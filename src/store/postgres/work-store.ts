/**
 * The PostgreSQL `WorkClaims` and `RateBudget`. A claim is one statement: the rows are picked with
 * `FOR UPDATE SKIP LOCKED`, so workers claiming at once never wait for each other and never get the
 * same row; a reservation of send slots reads its buckets `FOR UPDATE` in key order (no deadlock
 * between processes), computes the slots with the pure gcra.ts and writes them back in the same
 * transaction. See docs/decisions/shared-work.md.
 */
import type { BucketState } from '../../bot/gcra.ts';
import type { RateBudget, WorkClaims, WorkOutlook } from '../../bot/work-ports.ts';
import { pgGuard, withTransaction, type PgPool } from './pool.ts';

/** Creates the claims over a migrated database. */
export function createPgWorkClaims(pool: PgPool): WorkClaims {
  return {
    async offer(kind, items) {
      if (items.length === 0) return;
      await pgGuard('offering work', async () => {
        for (let i = 0; i < items.length; i += 5000) {
          const batch = items.slice(i, i + 5000);
          await pool.query(
            `INSERT INTO work_items (kind, key, grp, due_at)
             SELECT $1, k, g, d FROM unnest($2::text[], $3::text[], $4::bigint[]) AS t(k, g, d)
             ON CONFLICT (kind, key) DO NOTHING`,
            [kind, batch.map((x) => x.key), batch.map((x) => x.group), batch.map((x) => Math.round(x.dueAt))],
          );
        }
      });
    },
    async claim(kind, owner, limit, leaseMs, now) {
      if (limit <= 0) return [];
      return pgGuard('claiming work', async () => {
        const { rows } = await pool.query<{ key: string }>(
          `UPDATE work_items w SET owner = $2, lease_until = $3
           FROM (
             SELECT c.kind, c.key FROM work_items c
             WHERE c.kind = $1 AND NOT c.done AND c.due_at <= $4 AND (c.lease_until IS NULL OR c.lease_until <= $4)
               AND NOT EXISTS (SELECT 1 FROM work_items o WHERE o.kind = c.kind AND o.grp = c.grp AND NOT o.done AND o.key < c.key)
             ORDER BY c.due_at, c.key LIMIT $5
             FOR UPDATE SKIP LOCKED
           ) pick
           WHERE w.kind = pick.kind AND w.key = pick.key
           RETURNING w.key`,
          [kind, owner, now + leaseMs, now, Math.floor(limit)],
        );
        return rows.map((r) => r.key);
      });
    },
    async renew(owner, leaseMs, now) {
      return pgGuard('renewing leases', async () => {
        const result = await pool.query('UPDATE work_items SET lease_until = $1 WHERE owner = $2 AND NOT done AND lease_until > $3', [now + leaseMs, owner, now]);
        return result.rowCount ?? 0;
      });
    },
    async settle(kind, key, owner, againAt, now) {
      return pgGuard('settling work', async () => {
        const done = againAt === null;
        const result = await pool.query(
          `UPDATE work_items SET owner = NULL, lease_until = NULL, done = $4, settled_at = $5, due_at = COALESCE($6, due_at)
           WHERE kind = $1 AND key = $2 AND owner = $3 AND NOT done`,
          [kind, key, owner, done, done ? now : null, done ? null : Math.round(againAt)],
        );
        return (result.rowCount ?? 0) > 0;
      });
    },
    async outlook(kind, now): Promise<WorkOutlook> {
      return pgGuard('reading open work', async () => {
        const { rows } = await pool.query<{ open: number; next: number | null }>(
          `SELECT COUNT(*) AS open, MIN(lease_until) FILTER (WHERE lease_until > $2) AS next
           FROM work_items WHERE kind = $1 AND NOT done AND due_at <= $2`,
          [kind, now],
        );
        return { open: rows[0]?.open ?? 0, nextExpiry: rows[0]?.next ?? null };
      });
    },
    async prune(kind, before) {
      return pgGuard('pruning work', async () => (await pool.query('DELETE FROM work_items WHERE kind = $1 AND done AND settled_at < $2', [kind, before])).rowCount ?? 0);
    },
  };
}

/** Creates the shared rate budget over a migrated database. */
export function createPgRateBudget(pool: PgPool): RateBudget {
  return {
    async transact(keys, plan) {
      const sorted = [...new Set(keys)].sort();
      return pgGuard('reserving send slots', () =>
        withTransaction(pool, async (client) => {
          // Rows first, so that FOR UPDATE has something to lock: two processes reserving from a bucket
          // new to the table would otherwise both start it afresh. TAT 0 behaves as a new bucket.
          await client.query(
            `INSERT INTO rate_buckets (key, tat, idle_at) SELECT k, 0, 0 FROM unnest($1::text[]) AS t(k)
             ON CONFLICT (key) DO NOTHING`,
            [sorted],
          );
          const { rows } = await client.query<{ key: string; tat: number; idle_at: number }>(
            'SELECT key, tat, idle_at FROM rate_buckets WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE',
            [sorted],
          );
          const states = new Map<string, BucketState>(rows.filter((r) => r.tat !== 0).map((r) => [r.key, { tat: r.tat, idleAt: r.idle_at }]));
          const out = plan(states);
          const changed = [...out.states];
          if (changed.length > 0) {
            await client.query(
              `UPDATE rate_buckets b SET tat = t.tat, idle_at = t.idle_at
               FROM unnest($1::text[], $2::float8[], $3::bigint[]) AS t(key, tat, idle_at) WHERE b.key = t.key`,
              [changed.map(([k]) => k), changed.map(([, s]) => s.tat), changed.map(([, s]) => s.idleAt)],
            );
          }
          return out.result;
        }),
      );
    },
    async prune(before) {
      return pgGuard('pruning rate buckets', async () => (await pool.query('DELETE FROM rate_buckets WHERE idle_at < $1', [before])).rowCount ?? 0);
    },
  };
}
