import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createDeliveryService, idempotencyKey, type DeliveryServiceDeps } from '../../src/bot/delivery.ts';
import type { ChatRef, PlatformName, Subscription } from '../../src/bot/ports.ts';
import { createPacer } from '../../src/bot/pacer.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/bot/retry.ts';
import { TELEGRAM_LIMITS } from '../../src/platforms/telegram/limits.ts';
import { paragraph, type Document } from '../../src/format/document.ts';
import { silentLogger } from '../../src/logger.ts';
import { createMemoryDeliveryStore, createMemorySubscriptionStore } from '../helpers/memory-stores.ts';
import {
  createRecordingPlatform,
  type DeliveredMessage,
  type RecordingPlatform,
  type SendCall,
  type Step,
} from '../helpers/recording-platform.ts';
import { VirtualTime } from '../helpers/virtual-time.ts';

const START = Date.parse('2026-11-23T00:00:00Z');
const DATE = '2026-11-23';

/** A digest of `n` stories, one section each, labelled so parts are recognisable. */
const digestOf = (n: number, date: string): Document => ({
  sections: Array.from({ length: n }, (_, k) => ({ blocks: [paragraph(`${date} story ${k}`)] })),
});

const chat = (chatId: string, platform: PlatformName = 'telegram'): ChatRef => ({ platform, chatId, threadId: null });

interface Setup {
  vt: VirtualTime;
  subs: ReturnType<typeof createMemorySubscriptionStore>;
  deliveries: ReturnType<typeof createMemoryDeliveryStore>;
  platform: RecordingPlatform;
  builds: { sub: number; date: string }[];
  service: ReturnType<typeof createDeliveryService>;
  restart(opts?: { idempotent?: boolean }): { platform: RecordingPlatform; service: ReturnType<typeof createDeliveryService> };
}

async function setup(opts: { idempotent?: boolean; stories?: number; chats?: string[]; options?: DeliveryServiceDeps['options'] } = {}): Promise<Setup> {
  const vt = new VirtualTime(START);
  const subs = createMemorySubscriptionStore(vt.clock);
  const deliveries = createMemoryDeliveryStore();
  for (const id of opts.chats ?? ['101']) await subs.subscribe(chat(id), '07:00', 'Asia/Jakarta');
  const builds: { sub: number; date: string }[] = [];
  const stories = opts.stories ?? 3;
  const calls: SendCall[] = [];
  const delivered: DeliveredMessage[] = [];
  const keys = new Map<string, string>();
  const make = (idempotent: boolean) => {
    const platform = createRecordingPlatform({ clock: vt.clock, idempotent, calls, delivered, keys });
    const service = createDeliveryService({
      platforms: new Map([['telegram', platform]]),
      subscriptions: subs,
      deliveries,
      buildDigestDocument: async (sub: Subscription, date: string) => {
        builds.push({ sub: sub.id, date });
        return stories === 0 ? null : digestOf(stories, date);
      },
      clock: vt.clock,
      sleep: vt.sleep,
      logger: silentLogger,
      // Telegram's own limits, as the app's registry gives them (the pacer knows no platform itself).
      pacer: createPacer({ clock: vt.clock, sleep: vt.sleep, limits: { telegram: TELEGRAM_LIMITS } }),
      random: () => 0.5,
      options: { retry: { ...DEFAULT_RETRY_POLICY, maxTransientRetries: 6, sendTimeoutMs: 0 }, ...opts.options },
    });
    return { platform, service };
  };
  const first = make(opts.idempotent ?? false);
  return {
    vt,
    subs,
    deliveries,
    builds,
    ...first,
    restart: (r = {}) => make(r.idempotent ?? opts.idempotent ?? false),
  };
}

const subOf = async (s: Setup, chatId: string) => {
  const sub = await s.subs.get(chat(chatId));
  if (!sub) throw new Error(`no subscription for ${chatId}`);
  return sub;
};

/** (chat, part) pairs delivered more than once. */
const duplicates = (delivered: readonly DeliveredMessage[]) => {
  const seen = new Map<string, number>();
  for (const m of delivered) seen.set(`${m.chatId}#${m.index}`, (seen.get(`${m.chatId}#${m.index}`) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
};

describe('deliver: record, send, then mark', () => {
  test('delivers every part once, in order, and a second call sends nothing', async () => {
    const s = await setup();
    const sub = await subOf(s, '101');
    const first = await s.vt.run(s.service.deliver(sub, DATE));
    const second = await s.vt.run(s.service.deliver(sub, DATE));
    expect(first).toMatchObject({ state: 'done', sentParts: 3, alreadyFinished: false });
    expect(second).toMatchObject({ state: 'done', sentParts: 0, alreadyFinished: true });
    expect(s.platform.delivered.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(s.platform.delivered.map((m) => m.payload)).toEqual([0, 1, 2].map((k) => ({ text: `${DATE} story ${k}` })));
    expect(s.builds).toHaveLength(1);
    const record = await s.deliveries.find(sub.id, DATE);
    expect(record?.parts.every((p) => p.state === 'sent' && p.messageId !== null)).toBe(true);
  });

  test('the delivery and all its parts are recorded before the first send', async () => {
    const s = await setup();
    const sub = await subOf(s, '101');
    const seenAtFirstSend: (number | undefined)[] = [];
    const original = s.platform.send.bind(s.platform);
    s.platform.send = async (c, part, o) => {
      seenAtFirstSend.push((await s.deliveries.find(sub.id, DATE))?.parts.length);
      return original(c, part, o);
    };
    await s.vt.run(s.service.deliver(sub, DATE));
    expect(seenAtFirstSend).toEqual([3, 3, 3]);
  });

  test('every send carries the stable idempotency key of its part', async () => {
    const s = await setup();
    const sub = await subOf(s, '101');
    await s.vt.run(s.service.deliver(sub, DATE));
    const id = (await s.deliveries.find(sub.id, DATE))?.id ?? -1;
    expect(s.platform.calls.map((c) => c.key)).toEqual([0, 1, 2].map((i) => idempotencyKey(id, i)));
    for (const c of s.platform.calls) expect((c.key ?? '').length).toBeLessThanOrEqual(25);
  });

  test('an empty digest is recorded as skipped with a reason and never rebuilt', async () => {
    const s = await setup({ stories: 0 });
    const sub = await subOf(s, '101');
    const r = await s.vt.run(s.service.deliver(sub, DATE));
    await s.vt.run(s.service.deliver(sub, DATE));
    expect(r.state).toBe('skipped');
    expect((await s.deliveries.find(sub.id, DATE))?.reason).toMatch(/no stories/);
    expect(s.platform.calls).toHaveLength(0);
    expect(s.builds).toHaveLength(1);
  });

  test('two concurrent calls for the same subscription and date send once', async () => {
    const s = await setup();
    const sub = await subOf(s, '101');
    await s.vt.run(Promise.all([s.service.deliver(sub, DATE), s.service.deliver(sub, DATE)]));
    expect(s.platform.delivered).toHaveLength(3);
    expect(s.deliveries.created()).toBe(1);
  });
});

interface Scenario {
  name: string;
  steps: Step[];
  state: string;
  delivered: number;
  active: boolean;
  reasonIncludes: string | null;
  minRetryGapMs: number | null;
}
const scenarios = JSON.parse(
  readFileSync(new URL('../fixtures/bot/failure-scenarios.json', import.meta.url), 'utf8'),
) as Scenario[];

describe('platform failures', () => {
  test.each(scenarios)('$name', async (sc) => {
    const s = await setup();
    const sub = await subOf(s, '101');
    s.platform.script('101', ...sc.steps);
    const r = await s.vt.run(s.service.deliver(sub, DATE));
    expect(r.state).toBe(sc.state);
    const record = await s.deliveries.find(sub.id, DATE);
    expect(record?.state).toBe(sc.state);
    expect(s.platform.delivered).toHaveLength(sc.delivered);
    expect(duplicates(s.platform.delivered)).toEqual([]);
    expect((await s.subs.get(chat('101')))?.active).toBe(sc.active);
    if (sc.reasonIncludes) expect(r.reason ?? '').toContain(sc.reasonIncludes);
    // A part that finally failed has its error in the operator's log; parts that got through have none.
    for (const p of record?.parts ?? []) {
      const error = s.deliveries.partError(record?.id ?? -1, p.index);
      if (p.state === 'sent') expect(error).toBeNull();
      else if (p.state === 'failed') expect(error).toMatch(/\w+: /);
    }
    if (sc.state !== 'done') expect(record?.parts.some((p) => p.state === 'failed')).toBe(true);
    if (sc.state === 'failed') expect(record?.reason ?? '').toContain(sc.reasonIncludes ?? '');
    if (!sc.active) expect((await s.subs.get(chat('101')))?.inactiveReason).toMatch(/blocked/);
    if (sc.minRetryGapMs !== null) {
      // Each retry of the failing part came at least the asked wait after the failed attempt.
      const part0 = s.platform.calls.filter((c) => c.index === 0);
      for (let i = 1; i < part0.length; i++) {
        const prev = part0[i - 1] as SendCall;
        if (prev.step === 'ok') continue;
        expect((part0[i] as SendCall).at - prev.at).toBeGreaterThanOrEqual(sc.minRetryGapMs);
      }
    }
    // Parts are only ever delivered in order.
    const indices = s.platform.delivered.map((m) => m.index);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });

  test('a delivery left pending by used-up retries completes on the next call without resending', async () => {
    const s = await setup();
    const sub = await subOf(s, '101');
    s.platform.script('101', { kind: 'ok' }, ...Array.from({ length: 7 }, (): Step => ({ kind: 'server-error' })));
    expect((await s.vt.run(s.service.deliver(sub, DATE))).state).toBe('pending');
    const r = await s.vt.run(s.service.deliver(sub, DATE));
    expect(r).toMatchObject({ state: 'done', sentParts: 2 });
    expect(s.platform.delivered.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(s.builds).toHaveLength(1);
  });

  test('a blocked chat is not sent to again: the next fan-out skips it', async () => {
    const s = await setup({ chats: ['101', '102'] });
    s.platform.script('101', { kind: 'blocked' });
    const report = await s.vt.run(s.service.deliverDue(new Date('2026-11-23T01:00:00Z')));
    expect(report).toMatchObject({ failed: 1, done: 1 });
    const before = s.platform.calls.length;
    await s.vt.run(s.service.deliverDue(new Date('2026-11-24T01:00:00Z')));
    expect(s.platform.calls.slice(before).every((c) => c.chatId === '102')).toBe(true);
  });
});

describe('429 without a pacer bucket', () => {
  test('the retry itself waits retry_after when no bucket limits the platform', async () => {
    const vt = new VirtualTime(START);
    const subs = createMemorySubscriptionStore(vt.clock);
    const deliveries = createMemoryDeliveryStore();
    const { subscription } = await subs.subscribe(chat('c1', 'console'), '07:00', 'UTC');
    const platform = createRecordingPlatform({ name: 'console', clock: vt.clock });
    platform.script('c1', { kind: 'rate-limit', retryAfterMs: 4000 });
    const service = createDeliveryService({
      platforms: new Map([['console', platform]]),
      subscriptions: subs,
      deliveries,
      buildDigestDocument: async (_s, date) => digestOf(1, date),
      clock: vt.clock,
      sleep: vt.sleep,
      logger: silentLogger,
      options: { retry: { ...DEFAULT_RETRY_POLICY, sendTimeoutMs: 0 } },
    });
    expect((await vt.run(service.deliver(subscription, DATE))).state).toBe('done');
    expect(platform.calls.map((c) => c.at - START)).toEqual([0, 4000]);
  });
});

describe('crash and resume', () => {
  test.each([
    { name: 'crash before the platform got the part', step: 'hang', idempotent: false, dupes: 0 },
    { name: 'crash after the platform accepted, idempotent platform', step: 'accept-and-hang', idempotent: true, dupes: 0 },
    // Honest about the ambiguous window: without an idempotency key the part is resent (at-least-once).
    { name: 'crash after the platform accepted, no idempotency', step: 'accept-and-hang', idempotent: false, dupes: 1 },
  ] as const)('$name', async ({ step, idempotent, dupes }) => {
    const s = await setup({ idempotent, chats: ['101', '102', '103'] });
    s.platform.script('102', { kind: 'ok' }, { kind: step });
    const run = s.service.deliverDue(new Date('2026-11-23T01:00:00Z'));
    await s.vt.runUntilIdle();
    void run; // never settles: chat 102's send hangs, as if the process had died there
    const sentBefore = s.platform.calls.filter((c) => c.chatId === '102').length;
    expect((await s.deliveries.unfinished()).map((r) => r.subscriptionId)).toEqual([(await subOf(s, '102')).id]);

    const restarted = s.restart();
    const report = await s.vt.run(restarted.service.resumeUnfinished());
    expect(report).toMatchObject({ considered: 1, done: 1 });
    // Part 0 of chat 102 was marked sent before the crash: it is not sent again.
    const after = s.platform.calls.filter((c) => c.chatId === '102').slice(sentBefore);
    expect(after.map((c) => c.index)).toEqual([1, 2]);
    for (const id of ['101', '102', '103']) {
      expect((await s.deliveries.find((await subOf(s, id)).id, DATE))?.state).toBe('done');
      expect(new Set(s.platform.delivered.filter((m) => m.chatId === id).map((m) => m.index))).toEqual(new Set([0, 1, 2]));
    }
    expect(duplicates(s.platform.delivered)).toHaveLength(dupes);
    expect(s.builds).toHaveLength(3);
  });

  test.each([
    { date: '2026-11-23', resumed: true },
    { date: '2026-11-22', resumed: true },
    { date: '2026-11-20', resumed: false },
  ])('an unfinished delivery of $date is resumed on 2026-11-23: $resumed', async ({ date, resumed }) => {
    const s = await setup({ chats: ['101'] });
    const sub = await subOf(s, '101');
    s.platform.script('101', { kind: 'ok' }, { kind: 'hang' });
    void s.service.deliver(sub, date);
    await s.vt.runUntilIdle();
    // START is 07:00 WIB on 2026-11-23.
    const r = await s.vt.run(s.restart().service.resumeUnfinished());
    const rec = await s.deliveries.find(sub.id, date);
    expect(r.considered).toBe(resumed ? 1 : 0);
    expect(rec?.state).toBe(resumed ? 'done' : 'failed');
    if (!resumed) expect(rec?.reason).toMatch(/expired/);
    expect(s.platform.delivered.map((m) => m.index)).toEqual(resumed ? [0, 1, 2] : [0]);
  });

  test('an unfinished delivery of a subscription deactivated meanwhile is closed as failed', async () => {
    const s = await setup({ chats: ['101'] });
    s.platform.script('101', { kind: 'hang' });
    void s.service.deliver(await subOf(s, '101'), DATE);
    await s.vt.runUntilIdle();
    await s.subs.unsubscribe(chat('101'), 'unsubscribed');
    const r = await s.vt.run(s.restart().service.resumeUnfinished());
    expect(r.considered).toBe(0);
    expect(await s.deliveries.find(1, DATE)).toMatchObject({ state: 'failed', reason: 'subscription no longer active' });
  });
});

describe('pacing inside a fan-out', () => {
  test('60 private chats with 3 parts each respect 30 msg/s overall and 1 msg/s per chat', async () => {
    const chats = Array.from({ length: 60 }, (_, i) => String(1000 + i));
    const s = await setup({ chats });
    const report = await s.vt.run(s.service.deliverDue(new Date('2026-11-23T01:00:00Z')));
    expect(report).toMatchObject({ considered: 60, done: 60, sentParts: 180 });
    const times = s.platform.delivered.map((m) => m.at).sort((a, b) => a - b);
    for (let i = 30; i < times.length; i++) expect((times[i] as number) - (times[i - 30] as number)).toBeGreaterThanOrEqual(1000);
    for (const id of chats) {
      const t = s.platform.delivered.filter((m) => m.chatId === id).map((m) => m.at);
      for (let i = 1; i < t.length; i++) expect((t[i] as number) - (t[i - 1] as number)).toBeGreaterThanOrEqual(1000);
    }
    // Paced, not starved: 180 messages at 30/s need about 6 s of (virtual) time.
    expect((times.at(-1) as number) - START).toBeLessThan(7000);
    expect(s.platform.calls.every((c) => c.step === 'ok')).toBe(true);
  });

  test('a group chat gets at most 20 messages a minute', async () => {
    const s = await setup({ chats: ['-100200'], stories: 5 });
    await s.vt.run(s.service.deliver(await subOf(s, '-100200'), DATE));
    const t = s.platform.delivered.map((m) => m.at);
    for (let i = 1; i < t.length; i++) expect((t[i] as number) - (t[i - 1] as number)).toBeGreaterThanOrEqual(3000);
  });
});

describe('stop', () => {
  test('parks a running fan-out: nothing new is sent after stop, a restart completes it once', async () => {
    const chats = Array.from({ length: 40 }, (_, i) => String(2000 + i));
    const s = await setup({ chats, options: { concurrency: 8 } });
    const run = s.service.deliverDue(new Date('2026-11-23T01:00:00Z'));
    // Let the fan-out make some progress on virtual time, then stop.
    const stopAt = START + 1500;
    const progress = (async () => {
      while (s.vt.now < stopAt) await s.vt.sleep(100);
    })();
    await s.vt.run(progress);
    const stopped = s.service.stop();
    await s.vt.run(Promise.all([run, stopped]));
    const sentAtStop = s.platform.delivered.length;
    expect(sentAtStop).toBeGreaterThan(0);
    expect(sentAtStop).toBeLessThan(120);
    expect((await s.vt.run(s.service.deliverDue(new Date('2026-11-23T01:05:00Z')))).considered).toBe(0);
    expect(s.platform.delivered).toHaveLength(sentAtStop);

    const restarted = s.restart();
    await s.vt.run(restarted.service.resumeUnfinished());
    await s.vt.run(restarted.service.deliverDue(new Date('2026-11-23T01:06:00Z')));
    expect(s.platform.delivered).toHaveLength(120);
    expect(duplicates(s.platform.delivered)).toEqual([]);
  });
});

describe('delivery properties', () => {
  const stepArb = fc.oneof(
    { weight: 6, arbitrary: fc.constant<Step>({ kind: 'ok' }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 30 }).map((s): Step => ({ kind: 'rate-limit', retryAfterMs: s * 1000 })) },
    { weight: 2, arbitrary: fc.constant<Step>({ kind: 'server-error' }) },
    { weight: 1, arbitrary: fc.constant<Step>({ kind: 'blocked' }) },
    { weight: 1, arbitrary: fc.constant<Step>({ kind: 'rejected' }) },
  );

  test('whatever the platform answers: no part twice, parts in order, states agree with what was sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(stepArb, { maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        async (scripts, stories) => {
          const chats = scripts.map((_, i) => String(500 + i));
          const s = await setup({ chats, stories });
          scripts.forEach((steps, i) => s.platform.script(chats[i] as string, ...steps));
          const now = new Date('2026-11-23T01:00:00Z');
          await s.vt.run(s.service.deliverDue(now));
          // A second tick takes up what is pending and must not disturb what is finished.
          await s.vt.run(s.service.deliverDue(new Date('2026-11-23T01:01:00Z')));
          expect(duplicates(s.platform.delivered)).toEqual([]);
          for (const id of chats) {
            const sub = await subOf(s, id);
            const rec = await s.deliveries.find(sub.id, DATE);
            const got = s.platform.delivered.filter((m) => m.chatId === id).map((m) => m.index);
            // Parts arrive in order and form a prefix of the digest.
            expect(got).toEqual(got.map((_, k) => k));
            const sentInRecord = (rec?.parts ?? []).filter((p) => p.state === 'sent').map((p) => p.index);
            expect(sentInRecord).toEqual(got);
            if (rec?.state === 'done') expect(got).toHaveLength(stories);
            if (rec?.state === 'failed') expect(rec.reason ?? '').toMatch(/chat unavailable|rejected/);
            if (!sub.active) expect(rec?.reason ?? '').toMatch(/chat unavailable/);
            expect(['done', 'failed', 'pending']).toContain(rec?.state);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
