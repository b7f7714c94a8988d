import { getTasks, type ScheduledTask } from 'node-cron';
import { afterEach, describe, expect, test } from 'vitest';
import { createDeliveryService } from '../../src/bot/delivery.ts';
import type { ChatRef, Subscription } from '../../src/bot/ports.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/bot/retry.ts';
import { paragraph } from '../../src/format/document.ts';
import { silentLogger } from '../../src/logger.ts';
import { createScheduler, stopOnSignals, type Scheduler } from '../../src/scheduler.ts';
import { createMemoryDeliveryStore, createMemorySubscriptionStore } from '../helpers/memory-stores.ts';
import { createRecordingPlatform, type RecordingPlatform } from '../helpers/recording-platform.ts';
import { VirtualTime } from '../helpers/virtual-time.ts';

const chat = (chatId: string): ChatRef => ({ platform: 'telegram', chatId, threadId: null });

interface Harness {
  vt: VirtualTime;
  subs: ReturnType<typeof createMemorySubscriptionStore>;
  deliveries: ReturnType<typeof createMemoryDeliveryStore>;
  platform: RecordingPlatform;
  scheduler: Scheduler;
  polls: { count: number };
  /** Virtual "wall clock" the scheduler reads (separate from the pacer's virtual time). */
  wall: { now: Date };
}

const started: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

function harness(opts: { wall: string; poll?: () => Promise<void>; stopTimeoutMs?: number }): Harness {
  const vt = new VirtualTime(Date.parse(opts.wall));
  const wall = { now: new Date(opts.wall) };
  const subs = createMemorySubscriptionStore(() => wall.now);
  const deliveries = createMemoryDeliveryStore();
  const platform = createRecordingPlatform({ clock: vt.clock });
  const polls = { count: 0 };
  const delivery = createDeliveryService({
    platforms: new Map([['telegram', platform]]),
    subscriptions: subs,
    deliveries,
    buildDigestDocument: async (_sub: Subscription, date: string) => ({ sections: [{ blocks: [paragraph(`digest ${date}`)] }] }),
    clock: vt.clock,
    sleep: vt.sleep,
    logger: silentLogger,
    random: () => 0.5,
    options: { retry: { ...DEFAULT_RETRY_POLICY, sendTimeoutMs: 0 }, stopTimeoutMs: opts.stopTimeoutMs ?? 1000 },
  });
  const scheduler = createScheduler({
    pollCron: '*/15 * * * *',
    timeZone: 'Asia/Jakarta',
    poll:
      opts.poll ??
      (async () => {
        polls.count++;
      }),
    delivery,
    clock: () => wall.now,
    logger: silentLogger,
    stopTimeoutMs: opts.stopTimeoutMs ?? 1000,
  });
  started.push(scheduler);
  return { vt, subs, deliveries, platform, scheduler, polls, wall };
}

const deliveredDates = (h: Harness, chatId: string) =>
  h.platform.delivered.filter((m) => m.chatId === chatId).map((m) => (m.payload as { text: string }).text);

describe('minute ticks across time zones', () => {
  test('each subscription gets exactly one digest, at the first tick at or after its local time', async () => {
    const h = harness({ wall: '2026-11-22T21:00:00Z' });
    const zones = { jkt: 'Asia/Jakarta', mks: 'Asia/Makassar', jap: 'Asia/Jayapura', utc: 'UTC' } as const;
    const times = { jkt: '07:00', mks: '07:00', jap: '07:00', utc: '23:30' } as const;
    for (const [id, tz] of Object.entries(zones)) await h.subs.subscribe(chat(id), times[id as keyof typeof times], tz);
    // UTC instants of the local times: 07:00 WIT (+9), WITA (+8), WIB (+7) on the 23rd; 23:30 UTC on the 22nd.
    const expectedAt: Record<string, string> = {
      jap: '2026-11-22T22:00:00.000Z',
      mks: '2026-11-22T23:00:00.000Z',
      jkt: '2026-11-23T00:00:00.000Z',
      utc: '2026-11-22T23:30:00.000Z',
    };
    const expectedDate = { jkt: '2026-11-23', mks: '2026-11-23', jap: '2026-11-23', utc: '2026-11-22' } as const;
    const firstSeen: Record<string, string> = {};
    for (let t = Date.parse('2026-11-22T21:00:00Z'); t <= Date.parse('2026-11-23T08:00:00Z'); t += 60_000) {
      h.wall.now = new Date(t);
      await h.vt.run(h.scheduler.tick());
      for (const id of Object.keys(zones)) {
        if (!(id in firstSeen) && deliveredDates(h, id).length > 0) firstSeen[id] = new Date(t).toISOString();
      }
    }
    expect(firstSeen).toEqual(expectedAt);
    for (const [id, date] of Object.entries(expectedDate)) expect(deliveredDates(h, id)).toEqual([`digest ${date}`]);
  });

  test('a tick that runs while another is in flight does nothing; a repeated tick sends nothing twice', async () => {
    const h = harness({ wall: '2026-11-23T01:00:00Z' });
    for (let i = 0; i < 5; i++) await h.subs.subscribe(chat(String(100 + i)), '07:00', 'Asia/Jakarta');
    const first = h.scheduler.tick();
    const overlapping = h.scheduler.tick();
    expect(await overlapping).toBeNull();
    expect((await h.vt.run(first))?.done).toBe(5);
    expect((await h.vt.run(h.scheduler.tick()))?.considered).toBe(0);
    expect(h.platform.delivered).toHaveLength(5);
  });
});

describe('start: resume and catch-up', () => {
  test('a digest missed today during downtime is sent once at start', async () => {
    const h = harness({ wall: '2026-11-23T03:00:00Z' }); // 10:00 WIB
    await h.subs.subscribe(chat('1'), '07:00', 'Asia/Jakarta');
    await h.vt.run(h.scheduler.start());
    expect(deliveredDates(h, '1')).toEqual(['digest 2026-11-23']);
    h.wall.now = new Date('2026-11-23T03:01:00Z');
    await h.vt.run(h.scheduler.tick());
    expect(deliveredDates(h, '1')).toHaveLength(1);
  });

  test("yesterday's missed digest is not sent at start", async () => {
    const h = harness({ wall: '2026-11-22T23:00:00Z' }); // 06:00 WIB on the 23rd; the 22nd was missed
    await h.subs.subscribe(chat('1'), '07:00', 'Asia/Jakarta');
    await h.vt.run(h.scheduler.start());
    expect(h.platform.delivered).toHaveLength(0);
    h.wall.now = new Date('2026-11-23T00:00:00Z');
    await h.vt.run(h.scheduler.tick());
    expect(deliveredDates(h, '1')).toEqual(['digest 2026-11-23']);
  });

  test('start resumes a delivery a crash left unfinished before anything else', async () => {
    const h = harness({ wall: '2026-11-23T03:00:00Z' });
    const { subscription } = await h.subs.subscribe(chat('1'), '07:00', 'Asia/Jakarta');
    const rec = await h.deliveries.begin(subscription.id, '2026-11-23', [
      { index: 0, payload: { text: 'part 0' } },
      { index: 1, payload: { text: 'part 1' } },
    ]);
    await h.deliveries.markPartSent(rec.id, 0, 'm-before-crash');
    await h.vt.run(h.scheduler.start());
    expect(deliveredDates(h, '1')).toEqual(['part 1']);
    expect((await h.deliveries.find(subscription.id, '2026-11-23'))?.state).toBe('done');
  });

  test('start registers the poll and delivery jobs with node-cron in the configured zone, without overlap', async () => {
    let release: () => void = () => {};
    let polls = 0;
    const h = harness({
      wall: '2026-11-22T20:00:00Z',
      poll: () => {
        polls++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    await h.vt.run(h.scheduler.start());
    const mine = [...getTasks().values()].filter((t: ScheduledTask) => t.name === 'kilas-poll' || t.name === 'kilas-deliver');
    expect(mine.map((t) => [t.name, t.getPattern()]).sort()).toEqual([
      ['kilas-deliver', '* * * * *'],
      ['kilas-poll', '*/15 * * * *'],
    ]);
    const pollTask = mine.find((t) => t.name === 'kilas-poll') as ScheduledTask;
    // Next run of a */15 job in Asia/Jakarta lands on a quarter hour.
    expect((pollTask.getNextRun() as Date).getUTCMinutes() % 15).toBe(0);
    const a = pollTask.execute();
    for (let i = 0; i < 200 && polls === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const b = h.scheduler.pollOnce();
    expect(await b).toBe(false);
    release();
    await a;
    expect(polls).toBe(1);
    await h.scheduler.stop();
    expect([...getTasks().values()].filter((t) => t.name === 'kilas-poll' && t.getStatus() !== 'destroyed')).toEqual([]);
  });
});

describe('stop', () => {
  test('stop resolves within its bound even with a send hanging, and later ticks do nothing', async () => {
    const h = harness({ wall: '2026-11-23T03:00:00Z', stopTimeoutMs: 200 });
    await h.subs.subscribe(chat('1'), '07:00', 'Asia/Jakarta');
    await h.subs.subscribe(chat('2'), '07:00', 'Asia/Jakarta');
    h.platform.script('1', { kind: 'hang' });
    const tick = h.scheduler.tick();
    await h.vt.runUntilIdle();
    // Resolves although chat 1's send never settles: both stop bounds are 200 ms here.
    await h.scheduler.stop();
    expect(await h.scheduler.tick()).toBeNull();
    expect(await h.scheduler.pollOnce()).toBe(false);
    void tick;
    expect((await h.deliveries.unfinished()).map((r) => r.subscriptionId)).toContain((await h.subs.get(chat('1')))?.id);
  });

  test('the first SIGINT or SIGTERM stops once and then calls onStopped; later signals are ignored, not fatal', async () => {
    const { EventEmitter } = await import('node:events');
    const target = new EventEmitter() as unknown as Pick<NodeJS.Process, 'on' | 'off' | 'listenerCount'> & { emit(s: string): boolean };
    let stops = 0;
    let stopped = 0;
    const dispose = stopOnSignals(
      async () => {
        stops++;
      },
      () => {
        stopped++;
      },
      target,
    );
    target.emit('SIGTERM');
    target.emit('SIGINT');
    target.emit('SIGTERM');
    await new Promise((r) => setImmediate(r));
    expect([stops, stopped]).toEqual([1, 1]);
    // Still listening: a second SIGTERM must not fall through to the default action (kill).
    expect(target.listenerCount('SIGTERM')).toBe(1);
    dispose();
    expect(target.listenerCount('SIGTERM')).toBe(0);
  });
});
