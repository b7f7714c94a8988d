import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { pausedUntil, reserveSends, takeSlot, type BucketState, type Reservation, type SendRequest } from '../../src/bot/gcra.ts';
import type { RateLimit } from '../../src/bot/pacer.ts';

interface Case {
  name: string;
  limit: RateLimit;
  /** Asking time of each take, ms. */
  takes: number[];
  slots: number[];
}
const cases = JSON.parse(readFileSync(new URL('../fixtures/bot/gcra-cases.json', import.meta.url), 'utf8')) as Case[];

describe('takeSlot', () => {
  test.each(cases)('$name', ({ limit, takes, slots }) => {
    let state: BucketState | undefined;
    const got = takes.map((at) => {
      const taken = takeSlot(state, limit, at);
      state = taken.state;
      return taken.slotMs;
    });
    expect(got).toEqual(slots);
  });

  test('a pause moves the next slot to its end, and later slots keep their spacing', () => {
    const limit = { count: 10, perMs: 1000, burst: 1 };
    const first = takeSlot(undefined, limit, 0);
    const paused = pausedUntil(first.state, limit, 2000);
    const a = takeSlot(paused, limit, 150);
    const b = takeSlot(a.state, limit, 150);
    expect([a.slotMs, b.slotMs]).toEqual([2000, 2100]);
  });

  test('the state says from when the bucket is as good as new', () => {
    const limit = { count: 1, perMs: 1000, burst: 1 };
    const { state } = takeSlot(undefined, limit, 10_000);
    expect(state.idleAt).toBe(11_000);
    // At idleAt, a kept state and a dropped one hand out the same slot.
    expect(takeSlot(state, limit, state.idleAt).slotMs).toBe(takeSlot(undefined, limit, state.idleAt).slotMs);
  });
});

const telegramLike = (chatId: string): SendRequest => ({
  chat: { key: `c:${chatId}`, limit: chatId.startsWith('-') ? { count: 20, perMs: 60_000, burst: 1 } : { count: 1, perMs: 1000, burst: 1 } },
  global: { key: 'g', limit: { count: 30, perMs: 1000, burst: 1 } },
});

describe('reserveSends', () => {
  test('a chat slot comes first, then the first global slot at or after it', () => {
    const r = reserveSends(new Map(), [telegramLike('1'), telegramLike('1'), telegramLike('2')], 0);
    // The second send to chat 1 waits for its chat first and takes no platform slot yet.
    expect(r.slots).toEqual([
      { slotMs: 0, complete: true },
      { slotMs: 1000, complete: false },
      { slotMs: 34, complete: true },
    ]);
    const later = reserveSends(r.states, [{ ...telegramLike('1'), chatHeld: true }], 1000);
    expect(later.slots).toEqual([{ slotMs: 1000, complete: true }]);
    // The input is not changed; the touched buckets come back.
    expect([...r.states.keys()].sort()).toEqual(['c:1', 'c:2', 'g']);
  });

  test('workers taking turns on one stored state (any interleaving, virtual clock) never exceed a limit and lose no slot', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ worker: fc.integer({ min: 0, max: 3 }), chat: fc.integer({ min: 0, max: 60 }), group: fc.boolean(), advance: fc.integer({ min: 0, max: 400 }) }), {
          minLength: 1,
          maxLength: 300,
        }),
        (steps) => {
          // One shared store: each step is one worker's transaction at the virtual time it runs.
          let stored = new Map<string, BucketState>();
          let now = 1_700_000_000_000;
          const sends: { chat: string; at: number }[] = [];
          // Sends waiting for their chat slot ask again (chatHeld) once that time has come.
          let waiting: { chat: string; at: number }[] = [];
          const reserve = (chat: string, at: number, chatHeld: boolean) => {
            const r = reserveSends(stored, [{ ...telegramLike(chat), chatHeld }], at);
            stored = new Map([...stored, ...r.states]);
            const slot = r.slots[0] as Reservation;
            expect(slot.slotMs).toBeGreaterThanOrEqual(at);
            if (slot.complete) sends.push({ chat, at: slot.slotMs });
            else waiting.push({ chat, at: slot.slotMs });
          };
          const wake = (until: number) => {
            const ready = waiting.filter((w) => w.at <= until).sort((a, b) => a.at - b.at);
            waiting = waiting.filter((w) => w.at > until);
            for (const w of ready) reserve(w.chat, w.at, true);
          };
          for (const step of steps) {
            now += step.advance;
            wake(now);
            reserve(step.group ? `-${step.chat}` : String(step.chat), now, false);
          }
          while (waiting.length > 0) wake(Math.min(...waiting.map((w) => w.at)));
          const all = sends.map((s) => s.at).sort((a, b) => a - b);
          for (let i = 30; i < all.length; i++) expect((all[i] as number) - (all[i - 30] as number)).toBeGreaterThanOrEqual(1000);
          for (const chat of new Set(sends.map((s) => s.chat))) {
            const t = sends.filter((s) => s.chat === chat).map((s) => s.at).sort((a, b) => a - b);
            const gap = chat.startsWith('-') ? 3000 : 1000;
            for (let k = 1; k < t.length; k++) expect((t[k] as number) - (t[k - 1] as number)).toBeGreaterThanOrEqual(gap);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  test('a backlog reserved at once runs at exactly the allowed rate', () => {
    const requests = Array.from({ length: 3000 }, (_, i) => telegramLike(String(i)));
    const { slots } = reserveSends(new Map(), requests, 0);
    // 3,000 sends at 30/s: the last one is slot 2,999, at ceil(2999 * 1000 / 30) ms.
    expect(slots.at(-1)).toEqual({ slotMs: Math.ceil((2999 * 1000) / 30), complete: true });
    expect(new Set(slots.map((s) => s.slotMs)).size).toBe(3000);
  });
});
