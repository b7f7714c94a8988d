/**
 * One script for every `WorkClaims` and `RateBudget` (memory, SQLite, PostgreSQL): `a` and `b` are
 * two handles on one store, as two processes would hold.
 */
import { expect, test } from 'vitest';
import { reserveSends } from '../../src/bot/gcra.ts';
import type { RateBudget, WorkClaims } from '../../src/bot/work-ports.ts';

/** Two handles on one store (two processes); the memory store has one, shared. */
export interface Pair<T> {
  a: T;
  b: T;
}

const T0 = 1_800_000_000_000;
const LEASE = 30_000;
const offers = (n: number, group = (i: number) => `chat${i}`) =>
  Array.from({ length: n }, (_, i) => ({ key: `2026-11-23|${String(i).padStart(4, '0')}`, group: group(i), dueAt: T0 }));

/** The claims script, run against `make`'s pairs of handles. */
export function claimsContract(make: () => Promise<Pair<WorkClaims>> | Pair<WorkClaims>): void {
  test('two workers claiming at once get disjoint rows, and nothing is left out', async () => {
    const { a, b } = await make();
    await a.offer('delivery', offers(50));
    await b.offer('delivery', offers(50)); // offered twice: harmless
    const [x, y] = await Promise.all([a.claim('delivery', 'A', 30, LEASE, T0), b.claim('delivery', 'B', 30, LEASE, T0)]);
    expect(x.length + y.length).toBe(50);
    expect(new Set([...x, ...y]).size).toBe(50);
    expect(await a.claim('delivery', 'C', 10, LEASE, T0 + 1000)).toEqual([]);
    expect(await a.outlook('delivery', T0 + 1000)).toEqual({ open: 50, nextExpiry: T0 + LEASE });
  });

  test("a dead worker's claims are taken over after its lease, and it can no longer settle them", async () => {
    const { a, b } = await make();
    await a.offer('delivery', offers(3));
    const dead = await a.claim('delivery', 'dead', 10, LEASE, T0);
    expect(dead).toHaveLength(3);
    expect(await b.claim('delivery', 'live', 10, LEASE, T0 + LEASE - 1)).toEqual([]);
    const taken = await b.claim('delivery', 'live', 10, LEASE, T0 + LEASE);
    expect(taken.sort()).toEqual(dead.sort());
    expect(await a.settle('delivery', dead[0] as string, 'dead', null, T0 + LEASE + 1)).toBe(false);
    expect(await b.settle('delivery', dead[0] as string, 'live', null, T0 + LEASE + 1)).toBe(true);
    expect((await a.outlook('delivery', T0 + LEASE + 1)).open).toBe(2);
  });

  test('renewing keeps a lease; settled-done rows are never claimed again, reopened ones from their time', async () => {
    const { a, b } = await make();
    await a.offer('feed', [
      { key: 'https://a.example/rss', group: 'https://a.example/rss', dueAt: T0 },
      { key: 'https://b.example/rss', group: 'https://b.example/rss', dueAt: T0 },
    ]);
    const got = await a.claim('feed', 'A', 5, LEASE, T0);
    expect(got).toHaveLength(2);
    expect(await a.renew('A', LEASE, T0 + 20_000)).toBe(2);
    expect(await b.claim('feed', 'B', 5, LEASE, T0 + LEASE + 1)).toEqual([]);
    expect(await a.settle('feed', 'https://a.example/rss', 'A', null, T0 + 21_000)).toBe(true);
    expect(await a.settle('feed', 'https://b.example/rss', 'A', T0 + 60_000, T0 + 21_000)).toBe(true);
    expect(await b.claim('feed', 'B', 5, LEASE, T0 + 59_999)).toEqual([]);
    expect(await b.claim('feed', 'B', 5, LEASE, T0 + 60_000)).toEqual(['https://b.example/rss']);
    // The row offered again is left as it is (done stays done).
    await b.offer('feed', [{ key: 'https://a.example/rss', group: 'https://a.example/rss', dueAt: T0 }]);
    expect(await b.claim('feed', 'B', 5, LEASE, T0 + 80_000)).toEqual([]);
    expect(await a.prune('feed', T0 + 21_001)).toBe(1);
  });

  test("one chat's rows go one at a time, oldest key first (per-chat order)", async () => {
    const { a, b } = await make();
    await a.offer('delivery', [
      { key: '2026-11-23|7', group: 'telegram:7', dueAt: T0 },
      { key: '2026-11-22|7', group: 'telegram:7', dueAt: T0 },
      { key: '2026-11-23|8', group: 'telegram:8', dueAt: T0 },
    ]);
    const first = await a.claim('delivery', 'A', 10, LEASE, T0);
    expect(first.sort()).toEqual(['2026-11-22|7', '2026-11-23|8']);
    // While the older digest of chat 7 is open, its newer one is not claimable by anyone.
    expect(await b.claim('delivery', 'B', 10, LEASE, T0 + LEASE + 5)).toEqual(expect.not.arrayContaining(['2026-11-23|7']));
    expect(await a.settle('delivery', '2026-11-22|7', 'A', null, T0 + 10)).toBe(false);
  });

  test('the head of a group is claimable again once the older row is done', async () => {
    const { a, b } = await make();
    await a.offer('delivery', [
      { key: '2026-11-22|7', group: 'telegram:7', dueAt: T0 },
      { key: '2026-11-23|7', group: 'telegram:7', dueAt: T0 },
    ]);
    expect(await a.claim('delivery', 'A', 10, LEASE, T0)).toEqual(['2026-11-22|7']);
    expect(await b.claim('delivery', 'B', 10, LEASE, T0)).toEqual([]);
    await a.settle('delivery', '2026-11-22|7', 'A', null, T0 + 5);
    expect(await b.claim('delivery', 'B', 10, LEASE, T0 + 5)).toEqual(['2026-11-23|7']);
  });
}

/** The rate budget script, run against `make`'s pairs of handles. */
export function budgetContract(make: () => Promise<Pair<RateBudget>> | Pair<RateBudget>): void {
  test('reservations through two handles take consecutive slots of one bucket, and idle ones are pruned', async () => {
    const { a, b } = await make();
    const request = { chat: null, global: { key: 'telegram', limit: { count: 30, perMs: 1000, burst: 1 } } };
    const reserve = (budget: RateBudget, n: number) =>
      budget.transact(['telegram'], (states) => {
        const r = reserveSends(states, Array.from({ length: n }, () => request), T0);
        return { states: r.states, result: r.slots.map((s) => s.slotMs - T0) };
      });
    expect(await reserve(a, 3)).toEqual([0, 34, 67]);
    expect(await reserve(b, 2)).toEqual([100, 134]);
    expect(await a.prune(T0 + 166)).toBe(0);
    expect(await b.prune(T0 + 168)).toBe(1);
    expect(await reserve(a, 1)).toEqual([0]);
  });
}
