/**
 * Several delivery workers sharing one store through claims, on a virtual clock: every subscription
 * gets its digest once, the shared rate budget holds, and a worker that dies mid-fan-out has its
 * claims taken over after the lease (with Discord-style nonces nothing is posted twice; without, at
 * most the part in flight at the death).
 */
import { describe, expect, test } from 'vitest';
import { createClaimedDelivery, type ClaimedDelivery } from '../../src/bot/claimed-delivery.ts';
import { createDeliveryService } from '../../src/bot/delivery.ts';
import { createMemoryRateBudget, createMemoryWorkClaims } from '../../src/bot/memory-work.ts';
import type { ChatRef } from '../../src/bot/ports.ts';
import { createSharedPacer } from '../../src/bot/shared-pacer.ts';
import type { WorkClaims } from '../../src/bot/work-ports.ts';
import { paragraph } from '../../src/format/document.ts';
import { TELEGRAM_LIMITS } from '../../src/platforms/telegram/limits.ts';
import { silentLogger } from '../../src/logger.ts';
import { createMemoryDeliveryStore, createMemorySubscriptionStore } from '../helpers/memory-stores.ts';
import { createRecordingPlatform, type DeliveredMessage, type SendCall, type Step } from '../helpers/recording-platform.ts';
import { VirtualTime } from '../helpers/virtual-time.ts';

const NOW = new Date('2026-11-23T03:00:00Z'); // 10:00 WIB: every 07:00 subscription is due
const DATE = '2026-11-23';
const LEASE = 10_000;
const chat = (chatId: string): ChatRef => ({ platform: 'telegram', chatId, threadId: null });

/** Claims that hang forever once `dead()` says so: the worker's process is gone, its leases lapse. */
function mortal(claims: WorkClaims, dead: () => boolean): WorkClaims {
  const never = new Promise<never>(() => {});
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> =>
      dead() ? never : fn(...a);
  return {
    offer: guard(claims.offer),
    claim: guard(claims.claim),
    renew: guard(claims.renew),
    settle: guard(claims.settle),
    outlook: guard(claims.outlook),
    prune: guard(claims.prune),
  };
}

function world(subscriptions: number, idempotent: boolean) {
  const vt = new VirtualTime(NOW);
  const subs = createMemorySubscriptionStore(vt.clock);
  for (let i = 0; i < subscriptions; i++) subs.subscribe(chat(String(1000 + i)), '07:00', 'Asia/Jakarta');
  const deliveries = createMemoryDeliveryStore();
  const claims = createMemoryWorkClaims();
  const budget = createMemoryRateBudget();
  const calls: SendCall[] = [];
  const delivered: DeliveredMessage[] = [];
  const keys = new Map<string, string>();
  const worker = (name: string, steps: Step[] = []) => {
    let dead = false;
    const platform = createRecordingPlatform({ clock: vt.clock, idempotent, calls, delivered, keys });
    platform.scriptAll(...steps);
    // The platform's last step before death: accepted, never answered; afterwards nothing answers.
    const send = platform.send.bind(platform);
    let sends = 0;
    platform.send = (c, part, options) => {
      if (dead) return new Promise<string>(() => {});
      if (steps.at(-1)?.kind === 'accept-and-hang' && ++sends === steps.length) dead = true;
      return send(c, part, options);
    };
    let claimed: ClaimedDelivery | null = null;
    const delivery = createDeliveryService({
      platforms: new Map([['telegram', platform]]),
      subscriptions: subs,
      deliveries,
      buildDigestDocument: async (_sub, date) => ({ sections: [0, 1].map((k) => ({ blocks: [paragraph(`${date} bagian ${k}`)] })) }),
      clock: vt.clock,
      sleep: vt.sleep,
      logger: silentLogger,
      pacer: createSharedPacer({ clock: vt.clock, sleep: vt.sleep, budget, limits: { telegram: TELEGRAM_LIMITS } }),
      mayContinue: () => claimed?.holdsClaims() ?? false,
    });
    claimed = createClaimedDelivery({
      delivery,
      subscriptions: subs,
      platforms: new Set(['telegram']),
      claims: mortal(claims, () => dead),
      owner: name,
      clock: vt.clock,
      sleep: vt.sleep,
      logger: silentLogger,
      options: { leaseMs: LEASE, concurrency: 16 },
    });
    return { claimed, deliveries, kill: () => (dead = true), isDead: () => dead };
  };
  return { vt, subs, deliveries, calls, delivered, worker };
}

const copiesByPart = (delivered: readonly DeliveredMessage[]) => {
  const out = new Map<string, number>();
  for (const d of delivered) out.set(`${d.chatId}|${d.index}`, (out.get(`${d.chatId}|${d.index}`) ?? 0) + 1);
  return out;
};

describe('claimed delivery', () => {
  test.each([1, 3])('%i workers: every subscription gets its two parts once, within the shared 30 msg/s', async (n) => {
    const w = world(300, true);
    const workers = Array.from({ length: n }, (_, i) => w.worker(`w${i}`));
    const reports = await w.vt.run(Promise.all(workers.map((x) => x.claimed.deliverDue(NOW))));
    expect(reports.reduce((s, r) => s + r.done, 0)).toBe(300);
    if (n > 1) expect(reports.every((r) => r.done > 0)).toBe(true);
    const copies = copiesByPart(w.delivered);
    expect(copies.size).toBe(600);
    expect([...copies.values()].every((c) => c === 1)).toBe(true);
    const times = w.delivered.map((d) => d.at).sort((a, b) => a - b);
    for (let i = 30; i < times.length; i++) expect((times[i] as number) - (times[i - 30] as number)).toBeGreaterThanOrEqual(1000);
    // A second tick finds nothing: each row is settled done.
    const again = await w.vt.run(Promise.all(workers.map((x) => x.claimed.deliverDue(new Date(NOW.getTime() + 60_000)))));
    expect(again.reduce((s, r) => s + r.considered, 0)).toBe(0);
  });

  test.each([
    { idempotent: true, name: 'nonces honoured: nothing twice' },
    { idempotent: false, name: 'no idempotency: only the part in flight at the death repeats' },
  ])('a worker dying mid-fan-out is taken over after its lease ($name)', async ({ idempotent }) => {
    const w = world(200, idempotent);
    const ok: Step[] = Array.from({ length: 40 }, () => ({ kind: 'ok' }));
    const doomed = w.worker('doomed', [...ok, { kind: 'accept-and-hang' }]);
    const live = [w.worker('a'), w.worker('b')];
    void doomed.claimed.deliverDue(NOW);
    await w.vt.run(Promise.all(live.map((x) => x.claimed.deliverDue(NOW))));
    expect(doomed.isDead()).toBe(true);
    const subs = await w.subs.listActive();
    for (const sub of subs) expect((await w.deliveries.find(sub.id, DATE))?.state).toBe('done');
    const copies = copiesByPart(w.delivered);
    expect(copies.size).toBe(400);
    const doubled = [...copies].filter(([, c]) => c > 1).map(([k]) => k);
    const hung = w.calls.filter((c) => c.step === 'accept-and-hang').map((c) => `${c.chatId}|${c.index}`);
    expect(hung).toHaveLength(1);
    if (idempotent) expect(doubled).toEqual([]);
    else expect(doubled).toEqual(hung);
    // The takeover waited for the lease: nothing of the dead worker's was resent before it ran out.
    const deathAt = w.calls.find((c) => c.step === 'accept-and-hang')?.at as number;
    const resent = w.calls.filter((c) => `${c.chatId}|${c.index}` === hung[0] && c.step === 'ok');
    expect(resent.length).toBe(1);
    expect((resent[0]?.at as number) - deathAt).toBeGreaterThanOrEqual(LEASE / 3);
  });
});
