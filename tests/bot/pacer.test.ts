import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createPacer, type PlatformLimits, type RateLimit } from '../../src/bot/pacer.ts';
import type { ChatRef } from '../../src/bot/ports.ts';
import { TELEGRAM_LIMITS } from '../../src/platforms/telegram/limits.ts';
import { VirtualTime } from '../helpers/virtual-time.ts';

const chat = (chatId: string): ChatRef => ({ platform: 'telegram', chatId, threadId: null });

interface Case {
  name: string;
  global: RateLimit | null;
  chat: RateLimit;
  sequences: Record<string, number>;
  expected: Record<string, number[]>;
}
const cases = JSON.parse(readFileSync(new URL('../fixtures/bot/pacer-cases.json', import.meta.url), 'utf8')) as Case[];

const limitsOf = (global: RateLimit | null, perChat: (c: ChatRef) => RateLimit | null): PlatformLimits => ({ global, chat: perChat });

/** Runs one sequential stream of acquires per chat, all streams concurrently; returns grant times per chat. */
async function grants(vt: VirtualTime, pacer: ReturnType<typeof createPacer>, sequences: Record<string, number>) {
  const out: Record<string, number[]> = {};
  await vt.run(
    Promise.all(
      Object.entries(sequences).map(async ([id, n]) => {
        out[id] = [];
        for (let i = 0; i < n; i++) {
          await pacer.acquire(chat(id));
          out[id].push(vt.now);
        }
      }),
    ),
  );
  return out;
}

describe('pacer slots', () => {
  test.each(cases)('$name', async (c) => {
    const vt = new VirtualTime(0);
    const pacer = createPacer({ clock: vt.clock, sleep: vt.sleep, limits: { telegram: limitsOf(c.global, () => c.chat) } });
    if (c.name.startsWith('30 per second')) {
      // 30 other chats take the first 30 global slots; c30 then gets the 31st, c0 the first.
      const others = Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`o${i}`, 1]));
      const got = await grants(vt, pacer, { c0: 1, ...others, c30: 1 });
      expect(got['c0']).toEqual(c.expected['c0']);
      expect(got['c30']).toEqual([1000]);
      return;
    }
    expect(await grants(vt, pacer, c.sequences)).toEqual(c.expected);
  });

  test('Telegram defaults: private chats 1/s, negative ids are groups at 20/min', async () => {
    const vt = new VirtualTime(0);
    const pacer = createPacer({ clock: vt.clock, sleep: vt.sleep, limits: { telegram: TELEGRAM_LIMITS } });
    const got = await grants(vt, pacer, { '42': 2, '-1001': 2 });
    expect(got['42']).toEqual([0, 1000]);
    expect((got['-1001'] as number[])[1]).toBeGreaterThanOrEqual(3000);
  });
});

describe('pacer and 429', () => {
  test('a 429 holds the chat for retry_after', async () => {
    const vt = new VirtualTime(0);
    const pacer = createPacer({ clock: vt.clock, sleep: vt.sleep, limits: { telegram: TELEGRAM_LIMITS } });
    await vt.run(pacer.acquire(chat('7')));
    pacer.penalize(chat('7'), 5000);
    // Another chat is not held: it only waits for the next global slot.
    await vt.run(pacer.acquire(chat('8')));
    expect(vt.now).toBeLessThan(100);
    await vt.run(pacer.acquire(chat('7')));
    expect(vt.now).toBe(5000);
  });

  test('a global 429 arriving while sends wait moves them after the pause, still spaced', async () => {
    const vt = new VirtualTime(0);
    const pacer = createPacer({
      clock: vt.clock,
      sleep: vt.sleep,
      limits: { telegram: limitsOf({ count: 10, perMs: 1000, burst: 1 }, () => null) },
    });
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
    const after = times.filter((t) => t >= 150);
    expect(times.filter((t) => t < 150)).toEqual([0, 100]);
    expect(after.every((t) => t >= 2150)).toBe(true);
    for (let i = 1; i < after.length; i++) expect((after[i] as number) - (after[i - 1] as number)).toBeGreaterThanOrEqual(100);
  });

  test('idle chat buckets are dropped so memory stays bounded', async () => {
    const vt = new VirtualTime(0);
    const pacer = createPacer({ clock: vt.clock, sleep: vt.sleep, limits: { telegram: limitsOf(null, () => ({ count: 1, perMs: 1000, burst: 1 })) } });
    for (let i = 0; i < 10_000; i++) {
      await pacer.acquire(chat(`c${i}`));
      vt.advance(10);
    }
    expect(pacer.size()).toBeLessThan(2200);
  });
});

describe('pacer properties', () => {
  test('for any mix of chats and parts, no window exceeds a limit and nothing starves', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ group: fc.boolean(), parts: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 40 }),
        async (chats, globalPerSecond) => {
          const vt = new VirtualTime(1_700_000_000_000);
          const t0 = vt.now;
          const pacer = createPacer({
            clock: vt.clock,
            sleep: vt.sleep,
            limits: {
              telegram: limitsOf({ count: globalPerSecond, perMs: 1000, burst: 1 }, (c) =>
                c.chatId.startsWith('-') ? { count: 20, perMs: 60_000, burst: 1 } : { count: 1, perMs: 1000, burst: 1 },
              ),
            },
          });
          const sends: { id: string; at: number }[] = [];
          await vt.run(
            Promise.all(
              chats.map(async (c, i) => {
                const id = c.group ? `-${i + 1}` : String(i + 1);
                for (let p = 0; p < c.parts; p++) {
                  await pacer.acquire(chat(id));
                  sends.push({ id, at: vt.now });
                }
              }),
            ),
          );
          const all = sends.map((s) => s.at).sort((a, b) => a - b);
          for (let i = globalPerSecond; i < all.length; i++) {
            if ((all[i] as number) - (all[i - globalPerSecond] as number) < 1000) return false;
          }
          for (const [i, c] of chats.entries()) {
            const id = c.group ? `-${i + 1}` : String(i + 1);
            const t = sends.filter((s) => s.id === id).map((s) => s.at);
            const gap = c.group ? 3000 : 1000;
            for (let k = 1; k < t.length; k++) if ((t[k] as number) - (t[k - 1] as number) < gap) return false;
          }
          // Liveness: never slower than doing the global queue and the slowest chat one after the other.
          const total = all.length;
          const slowest = Math.max(...chats.map((c) => (c.parts - 1) * (c.group ? 3000 : 1000)));
          return (all.at(-1) as number) - t0 <= Math.ceil((total * 1000) / globalPerSecond) + slowest;
        },
      ),
      { numRuns: 60 },
    );
  });
});
