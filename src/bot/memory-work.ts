/**
 * In-memory `WorkClaims` and `RateBudget`: the same rules as the database versions for one process
 * (tests, and the default when no store provides them).
 */
import type { BucketState } from './gcra.ts';
import type { RateBudget, WorkClaims, WorkKind, WorkOutlook } from './work-ports.ts';

interface Row {
  key: string;
  group: string;
  dueAt: number;
  done: boolean;
  settledAt: number | null;
  owner: string | null;
  leaseUntil: number | null;
}

const claimable = (row: Row, now: number) => !row.done && row.dueAt <= now && (row.leaseUntil === null || row.leaseUntil <= now);

/** Work rows in a Map per kind. */
export function createMemoryWorkClaims(): WorkClaims {
  const kinds = new Map<WorkKind, Map<string, Row>>();
  const rowsOf = (kind: WorkKind) => {
    let rows = kinds.get(kind);
    if (!rows) kinds.set(kind, (rows = new Map()));
    return rows;
  };
  /** The first open row (smallest key) of each group. */
  const heads = (rows: Map<string, Row>) => {
    const head = new Map<string, Row>();
    for (const row of rows.values()) {
      if (row.done) continue;
      const seen = head.get(row.group);
      if (!seen || row.key < seen.key) head.set(row.group, row);
    }
    return head;
  };
  return {
    async offer(kind, items) {
      const rows = rowsOf(kind);
      for (const item of items) {
        if (!rows.has(item.key)) rows.set(item.key, { ...item, done: false, settledAt: null, owner: null, leaseUntil: null });
      }
    },
    async claim(kind, owner, limit, leaseMs, now) {
      const picked = [...heads(rowsOf(kind)).values()]
        .filter((row) => claimable(row, now))
        .sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .slice(0, Math.max(0, limit));
      for (const row of picked) {
        row.owner = owner;
        row.leaseUntil = now + leaseMs;
      }
      return picked.map((row) => row.key);
    },
    async renew(owner, leaseMs, now) {
      let n = 0;
      for (const rows of kinds.values()) {
        for (const row of rows.values()) {
          if (!row.done && row.owner === owner && row.leaseUntil !== null && row.leaseUntil > now) {
            row.leaseUntil = now + leaseMs;
            n++;
          }
        }
      }
      return n;
    },
    async settle(kind, key, owner, againAt, now) {
      const row = rowsOf(kind).get(key);
      if (!row || row.done || row.owner !== owner) return false;
      row.owner = null;
      row.leaseUntil = null;
      if (againAt === null) {
        row.done = true;
        row.settledAt = now;
      } else row.dueAt = againAt;
      return true;
    },
    async outlook(kind, now): Promise<WorkOutlook> {
      let open = 0;
      let nextExpiry: number | null = null;
      for (const row of rowsOf(kind).values()) {
        if (row.done || row.dueAt > now) continue;
        open++;
        if (row.leaseUntil !== null && row.leaseUntil > now) nextExpiry = Math.min(nextExpiry ?? Infinity, row.leaseUntil);
      }
      return { open, nextExpiry };
    },
    async prune(kind, before) {
      const rows = rowsOf(kind);
      let n = 0;
      for (const [key, row] of rows) {
        if (row.done && row.settledAt !== null && row.settledAt < before) {
          rows.delete(key);
          n++;
        }
      }
      return n;
    },
  };
}

/** Rate buckets in a Map. */
export function createMemoryRateBudget(): RateBudget & { size(): number } {
  const buckets = new Map<string, BucketState>();
  return {
    async transact(keys, plan) {
      const states = new Map<string, BucketState>();
      for (const key of keys) {
        const state = buckets.get(key);
        if (state) states.set(key, state);
      }
      const out = plan(states);
      for (const [key, state] of out.states) buckets.set(key, state);
      return out.result;
    },
    async prune(before) {
      let n = 0;
      for (const [key, state] of buckets) {
        if (state.idleAt < before) {
          buckets.delete(key);
          n++;
        }
      }
      return n;
    },
    size: () => buckets.size,
  };
}
