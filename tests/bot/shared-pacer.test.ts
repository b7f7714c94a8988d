import { describe, expect, test } from 'vitest';
import { createMemoryRateBudget } from '../../src/bot/memory-work.ts';
import type { Pacer, PlatformLimits } from '../../src/bot/pacer.ts';
import { createSharedPacer } from '../../src/bot/shared-pacer.ts';
import type { RateBudget } from '../../src/bot/work-ports.ts';
import { VirtualTime } from '../helpers/virtual-time.ts';
import { chat, limitsOf, PACER_CASES as cases } from './pacer-cases.ts';

const TELEGRAM: PlatformLimits = limitsOf({ count: 30, perMs: 1000, burst: 1 }, (c) =>
  c.chatId.startsWith('-') ? { count: 20, perMs: 60_000, burst: 1 } : { count: 1, perMs: 1000, burst: 1 },
);

async function grants(vt: VirtualTime, pacers: readonly Pacer[], sequences: Record<string, number>) {
  const out: Record<string, number[]> = {};
  await vt.run(
    Promise.all(
      Object.entries(sequences).map(async ([id, n], i) => {
        out[id] = [];
        for (let k = 0; k < n; k++) {
          await (pacers[(i + k) % pacers.length] as Pacer).acquire(chat(id));
          out[id].push(vt.now);
        }
      }),
    ),
  );
  return out;
}

/** A budget whose every transaction takes `ms` of virtual time, as a database round trip would. */
function slowBudget(budget: RateBudget, vt: VirtualTime, ms: number): RateBudget {
  return {
    async transact(keys, plan) {
      await vt.sleep(ms);
      return budget.transact(keys, plan);
    },
    prune: (before) => budget.prune(before),
  };
}

describe('shared pacer, one process', () => {
  // Shared buckets have no burst (see shared-pacer.ts): the burst case has its own test below.
  test.each(cases.filter((c) => !c.name.startsWith('30 per second') && c.chat.burst === 1))('$name', async (c) => {
    const vt = new VirtualTime(0);
    const pacer = createSharedPacer({ clock: vt.clock, sleep: vt.sleep, budget: createMemoryRateBudget(), limits: { telegram: limitsOf(c.global, () => c.chat) } });
    expect(await grants(vt, [pacer], c.sequences)).toEqual(c.expected);
  });
});

test('a limit with a burst is kept evenly spaced, so no window holds more than its count', async () => {
  const vt = new VirtualTime(0);
  const pacer = createSharedPacer({ clock: vt.clock, sleep: vt.sleep, budget: createMemoryRateBudget(), limits: { telegram: limitsOf(null, () => ({ count: 5, perMs: 5000, burst: 5 })) } });
  expect(await grants(vt, [pacer], { D: 7 })).toEqual({ D: [0, 1000, 2000, 3000, 4000, 5000, 6000] });
});

describe('shared pacer, several processes on one budget', () => {
  test.each([1, 2, 4])('%i processes: no window holds more than the limits, and the backlog runs at the full rate', async (processes) => {
    const vt = new VirtualTime(1_700_000_000_000);
    const t0 = vt.now;
    const budget = createMemoryRateBudget();
    const pacers = Array.from({ length: processes }, () =>
      createSharedPacer({ clock: vt.clock, sleep: vt.sleep, budget: slowBudget(budget, vt, 3), limits: { telegram: TELEGRAM } }),
    );
    // 5 groups with three messages (3 s apart), 20 private chats with two, 900 with one.
    const sequences: Record<string, number> = {};
    for (let i = 0; i < 5; i++) sequences[`-${i + 1}`] = 3;
    for (let i = 0; i < 20; i++) sequences[`p${10_000 + i}`] = 2;
    for (let i = 0; i < 900; i++) sequences[`p${i + 1}`] = 1;
    const got = await grants(vt, pacers, sequences);
    const all = Object.values(got).flat().sort((a, b) => a - b);
    expect(all).toHaveLength(15 + 40 + 900);
    for (let i = 30; i < all.length; i++) expect((all[i] as number) - (all[i - 30] as number)).toBeGreaterThanOrEqual(1000);
    for (const [id, times] of Object.entries(got)) {
      const gap = id.startsWith('-') ? 3000 : 1000;
      for (let k = 1; k < times.length; k++) expect((times[k] as number) - (times[k - 1] as number)).toBeGreaterThanOrEqual(gap);
    }
    // 955 sends at 30/s need 31.8 s and no slot is lost: the whole backlog but the groups' last
    // messages (3 s after their second) is out by then.
    const backlogEnd = t0 + Math.ceil((955 * 1000) / 30);
    expect(all.filter((t) => t <= backlogEnd).length).toBeGreaterThanOrEqual(955 - 5);
    expect((all.at(-1) as number) - backlogEnd).toBeLessThanOrEqual(3000 + 34);
  });

  test("a 429 one process gets holds the other process's sends to that chat too", async () => {
    const vt = new VirtualTime(0);
    const budget = createMemoryRateBudget();
    const a = createSharedPacer({ clock: vt.clock, sleep: vt.sleep, budget, limits: { telegram: TELEGRAM } });
    const b = createSharedPacer({ clock: vt.clock, sleep: vt.sleep, budget, limits: { telegram: TELEGRAM } });
    await vt.run(a.acquire(chat('7')));
    expect(a.penalize(chat('7'), 5000)).toBe(true);
    await vt.run(b.acquire(chat('8')));
    expect(vt.now).toBeLessThan(100);
    await vt.run(b.acquire(chat('7')));
    expect(vt.now).toBe(5000);
  });

  test('a global 429 arriving while sends wait moves them after the pause', async () => {
    const vt = new VirtualTime(0);
    const pacer = createSharedPacer({ clock: vt.clock, sleep: vt.sleep, budget: createMemoryRateBudget(), limits: { telegram: limitsOf({ count: 10, perMs: 1000, burst: 1 }, () => null) } });
    const times: number[] = [];
    const all = Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        await pacer.acquire(chat(String(i)));
        times.push(vt.now);
      }),
    );
    const penalty = (async () => {
      await vt.sleep(150);
      pacer.penalize(chat('0'), 2000, 'global');
    })();
    await vt.run(Promise.all([all, penalty]));
    expect(times.filter((t) => t < 150)).toEqual([0, 100]);
    expect(times.filter((t) => t >= 150).every((t) => t >= 2150)).toBe(true);
  });

  test('idle buckets are pruned from the budget', async () => {
    const vt = new VirtualTime(0);
    const budget = createMemoryRateBudget();
    const pacer = createSharedPacer({ clock: vt.clock, sleep: vt.sleep, budget, limits: { telegram: TELEGRAM }, pruneAfterMs: 5000 });
    for (let i = 0; i < 2000; i++) {
      await vt.run(pacer.acquire(chat(`c${i}`)));
      vt.advance(40);
    }
    expect(budget.size()).toBeLessThan(400);
  });
});
