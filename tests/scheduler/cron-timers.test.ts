import { afterEach, expect, test, vi } from 'vitest';
import type { FanOutReport } from '../../src/bot/delivery.ts';
import { silentLogger } from '../../src/logger.ts';
import { createScheduler } from '../../src/scheduler.ts';

const empty: FanOutReport = { considered: 0, done: 0, failed: 0, skipped: 0, pending: 0, deferred: 0, sentParts: 0 };

afterEach(() => {
  vi.useRealTimers();
});

test('node-cron drives the minute tick and the poll job on (fake) time, and stop() ends both', async () => {
  vi.useFakeTimers({ now: new Date('2026-11-23T00:00:30Z') });
  const ticks: string[] = [];
  let polls = 0;
  const scheduler = createScheduler({
    pollCron: '*/15 * * * *',
    timeZone: 'Asia/Jakarta',
    poll: async () => {
      polls++;
    },
    delivery: {
      deliverDue: async (now) => {
        ticks.push(now.toISOString());
        return empty;
      },
      resumeUnfinished: async () => empty,
      stop: async () => {},
    },
    clock: () => new Date(),
    logger: silentLogger,
  });
  await scheduler.start();
  expect(ticks).toHaveLength(1); // the catch-up tick at start
  await vi.advanceTimersByTimeAsync(30 * 60_000);
  // One tick a minute (30 more), two quarter-hour polls (00:15 and 00:30 UTC are quarter hours in WIB too).
  expect(ticks.length).toBeGreaterThanOrEqual(30);
  expect(ticks.length).toBeLessThanOrEqual(32);
  expect(polls).toBe(2);
  await scheduler.stop();
  const after = ticks.length;
  await vi.advanceTimersByTimeAsync(10 * 60_000);
  expect(ticks).toHaveLength(after);
  expect(polls).toBe(2);
});
