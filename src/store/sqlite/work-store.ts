/**
 * The SQLite `WorkClaims` and `RateBudget`: several processes on one WAL file share claims and the
 * rate budget, each step in one `BEGIN IMMEDIATE` transaction (SQLite has one writer at a time, so a
 * claim or a reservation is atomic across processes). See docs/decisions/shared-work.md.
 */
import type { BucketState } from '../../bot/gcra.ts';
import type { RateBudget, WorkClaims, WorkOutlook } from '../../bot/work-ports.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';

/** The first open row of its group: no open row of the group has a smaller key. */
const HEAD_OF_GROUP = `NOT EXISTS (SELECT 1 FROM work_items o
  WHERE o.kind = w.kind AND o.grp = w.grp AND o.done = 0 AND o.key < w.key)`;

/** Creates the claims over an open, migrated database. */
export function createSqliteWorkClaims(db: SqliteDatabase): WorkClaims {
  const offer = db.prepare(`INSERT INTO work_items (kind, key, grp, due_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (kind, key) DO NOTHING`);
  const claim = db.prepare(`UPDATE work_items SET owner = ?, lease_until = ?
    WHERE kind = ? AND key IN (
      SELECT key FROM work_items w
      WHERE kind = ? AND done = 0 AND due_at <= ? AND (lease_until IS NULL OR lease_until <= ?) AND ${HEAD_OF_GROUP}
      ORDER BY due_at, key LIMIT ?)
    RETURNING key`);
  const renew = db.prepare(`UPDATE work_items SET lease_until = ?
    WHERE owner = ? AND done = 0 AND lease_until > ?`);
  const settle = db.prepare(`UPDATE work_items
    SET owner = NULL, lease_until = NULL, done = ?, settled_at = ?, due_at = COALESCE(?, due_at)
    WHERE kind = ? AND key = ? AND owner = ? AND done = 0`);
  const outlook = db.prepare(`SELECT COUNT(*) AS open, MIN(CASE WHEN lease_until > ? THEN lease_until END) AS next
    FROM work_items WHERE kind = ? AND done = 0 AND due_at <= ?`);
  const prune = db.prepare('DELETE FROM work_items WHERE kind = ? AND done = 1 AND settled_at < ?');
  const offerAll = db.transaction((kind: string, items: readonly { key: string; group: string; dueAt: number }[]) => {
    for (const item of items) offer.run(kind, item.key, item.group, Math.round(item.dueAt));
  });

  return {
    async offer(kind, items) {
      guard('offering work', () => offerAll.immediate(kind, items));
    },
    async claim(kind, owner, limit, leaseMs, now) {
      if (limit <= 0) return [];
      return guard('claiming work', () =>
        (claim.all(owner, now + leaseMs, kind, kind, now, now, Math.floor(limit)) as { key: string }[]).map((r) => r.key),
      );
    },
    async renew(owner, leaseMs, now) {
      return guard('renewing leases', () => renew.run(now + leaseMs, owner, now).changes);
    },
    async settle(kind, key, owner, againAt, now) {
      return guard('settling work', () =>
        settle.run(againAt === null ? 1 : 0, againAt === null ? now : null, againAt === null ? null : Math.round(againAt), kind, key, owner).changes > 0,
      );
    },
    async outlook(kind, now): Promise<WorkOutlook> {
      return guard('reading open work', () => {
        const row = outlook.get(now, kind, now) as { open: number; next: number | null };
        return { open: row.open, nextExpiry: row.next };
      });
    },
    async prune(kind, before) {
      return guard('pruning work', () => prune.run(kind, before).changes);
    },
  };
}

/** Creates the shared rate budget over an open, migrated database. */
export function createSqliteRateBudget(db: SqliteDatabase): RateBudget {
  const read = db.prepare('SELECT tat, idle_at FROM rate_buckets WHERE key = ?');
  const write = db.prepare(`INSERT INTO rate_buckets (key, tat, idle_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET tat = excluded.tat, idle_at = excluded.idle_at`);
  const prune = db.prepare('DELETE FROM rate_buckets WHERE idle_at < ?');
  return {
    async transact(keys, plan) {
      const step = db.transaction(() => {
        const states = new Map<string, BucketState>();
        for (const key of keys) {
          const row = read.get(key) as { tat: number; idle_at: number } | undefined;
          if (row) states.set(key, { tat: row.tat, idleAt: row.idle_at });
        }
        const out = plan(states);
        for (const [key, state] of out.states) write.run(key, state.tat, state.idleAt);
        return out.result;
      });
      return guard('reserving send slots', () => step.immediate());
    },
    async prune(before) {
      return guard('pruning rate buckets', () => prune.run(before).changes);
    },
  };
}
