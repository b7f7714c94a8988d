/**
 * Ports of the work several kilas processes share (see docs/decisions/shared-work.md): claimable work
 * rows with leases, and the rate budget rows. The SQLite and PostgreSQL stores implement both; the
 * in-memory versions (memory-work.ts) serve a single process and the tests.
 */
import type { BucketState } from './gcra.ts';

/** What is claimed: one daily digest of one subscription, or one poll of one feed. */
export type WorkKind = 'delivery' | 'feed';

/** A row of work offered for claiming. */
export interface WorkOffer {
  /** Identity within its kind (delivery: `DATE|subscription`, feed: its URL). */
  readonly key: string;
  /** Rows of one group are claimed one at a time, smallest key first (delivery: the chat). */
  readonly group: string;
  /** Not claimable before this instant, ms. */
  readonly dueAt: number;
}

/** What a worker sees of the open work of a kind. */
export interface WorkOutlook {
  /** Open rows due now, claimable or leased. */
  readonly open: number;
  /** Earliest end of a lease held on an open due row (ms); null when none is leased. */
  readonly nextExpiry: number | null;
}

/** Claimable work rows with leases. Every instant is ms since the epoch from the caller's clock. */
export interface WorkClaims {
  /** Adds rows that do not exist yet; existing rows (open, leased or done) are left as they are. */
  offer(kind: WorkKind, items: readonly WorkOffer[]): Promise<void>;
  /**
   * Claims up to `limit` open rows due at `now` whose lease is free or ended, each the first open row
   * of its group, oldest first; leases them to `owner` until `now + leaseMs`.
   * @returns the claimed keys.
   */
  claim(kind: WorkKind, owner: string, limit: number, leaseMs: number, now: number): Promise<string[]>;
  /** Extends every lease `owner` still holds to `now + leaseMs`; returns how many. */
  renew(owner: string, leaseMs: number, now: number): Promise<number>;
  /**
   * Ends `owner`'s claim on a row: done for good (`againAt` null) or open again from `againAt`.
   * False when `owner` no longer holds it (its lease ended and another worker took it).
   */
  settle(kind: WorkKind, key: string, owner: string, againAt: number | null, now: number): Promise<boolean>;
  /** The open work of a kind due at `now`. */
  outlook(kind: WorkKind, now: number): Promise<WorkOutlook>;
  /** Drops rows settled done before `before`; returns how many. */
  prune(kind: WorkKind, before: number): Promise<number>;
}

/**
 * Rate buckets shared by every process (one row per bucket: its GCRA state, see gcra.ts).
 * `transact` reads the buckets of `keys`, hands them to `plan` and writes what `plan` returns, as one
 * atomic step: no other process reserves from those buckets in between.
 */
export interface RateBudget {
  transact<T>(
    keys: readonly string[],
    plan: (states: ReadonlyMap<string, BucketState>) => { states: ReadonlyMap<string, BucketState>; result: T },
  ): Promise<T>;
  /** Drops buckets idle since before `before` (ms); returns how many. */
  prune(before: number): Promise<number>;
}
