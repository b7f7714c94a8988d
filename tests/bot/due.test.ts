import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dueFor, dueSubscriptions, localDateTime, planTick } from '../../src/bot/due.ts';
import { minutesOfDay } from '../../src/bot/local-time.ts';
import type { DeliveryRecord, Subscription } from '../../src/bot/ports.ts';

interface Case {
  name: string;
  tz: string;
  time: string;
  now: string;
  delivered: string[];
  due: string | null;
}
const cases = JSON.parse(readFileSync(new URL('../fixtures/bot/due-cases.json', import.meta.url), 'utf8')) as Case[];

const sub = (id: number, time: string, timeZone: string, active = true): Subscription => ({
  id,
  chat: { platform: 'telegram', chatId: String(id), threadId: null },
  time,
  timeZone,
  topics: [],
  length: 'ringkas',
  active,
  inactiveReason: active ? null : 'unsubscribed',
  createdAt: '2026-01-01T00:00:00Z',
});

const record = (subscriptionId: number, digestDate: string): DeliveryRecord => ({
  id: 1,
  subscriptionId,
  digestDate,
  state: 'done',
  reason: null,
  parts: [],
});

const lookup = (dates: readonly string[]) => (id: number, date: string) => (dates.includes(date) ? record(id, date) : null);

describe('dueFor', () => {
  test.each(cases)('$name', (c) => {
    const got = dueFor(sub(1, c.time, c.tz), new Date(c.now), lookup(c.delivered));
    expect(got?.digestDate ?? null).toBe(c.due);
  });

  test('an inactive subscription is never due', () => {
    expect(dueFor(sub(1, '07:00', 'UTC', false), new Date('2026-11-23T12:00:00Z'), lookup([]))).toBeNull();
  });

  test('a delivery in any state (even failed or pending) makes the day not due', () => {
    for (const state of ['pending', 'done', 'failed', 'skipped'] as const) {
      const find = (id: number, date: string) => ({ ...record(id, date), state });
      expect(dueFor(sub(1, '07:00', 'UTC'), new Date('2026-11-23T12:00:00Z'), find)).toBeNull();
    }
  });

  test('dueSubscriptions keeps the given order and only the due ones', () => {
    const subs = [sub(3, '07:00', 'Asia/Jayapura'), sub(1, '23:00', 'UTC'), sub(2, '07:00', 'Asia/Jakarta')];
    const got = dueSubscriptions(subs, new Date('2026-11-23T00:30:00Z'), lookup([]));
    expect(got.map((d) => d.subscription.id)).toEqual([3, 2]);
  });
});

describe('localDateTime', () => {
  const zones = [
    ['UTC', 0],
    ['Asia/Jakarta', 7],
    ['Asia/Makassar', 8],
    ['Asia/Jayapura', 9],
  ] as const;

  test('matches fixed-offset arithmetic for Indonesian zones and UTC at any instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        (ms, [zone, offset]) => {
          const shifted = new Date(ms + offset * 3_600_000).toISOString();
          const got = localDateTime(new Date(ms), zone);
          return got.date === shifted.slice(0, 10) && got.time === shifted.slice(11, 16);
        },
      ),
      { numRuns: 500 },
    );
  });

  test.each([
    ['07:00', 420],
    ['7:00', 420],
    ['00:00', 0],
    ['23:59', 1439],
    ['24:00', null],
    ['07:60', null],
    ['0700', null],
    ['', null],
  ] as const)('minutesOfDay(%j) = %j', (value, minutes) => {
    expect(minutesOfDay(value)).toBe(minutes);
  });
});

interface PlanCase {
  name: string;
  time: string;
  now: string;
  record: DeliveryRecord['state'] | null;
  running: boolean;
  plan: 'due' | 'resume' | null;
}
const plans = JSON.parse(readFileSync(new URL('../fixtures/bot/tick-plans.json', import.meta.url), 'utf8')) as PlanCase[];

describe('planTick (Asia/Jakarta, 08:00 on 2026-11-23)', () => {
  test.each(plans)('$name', (c) => {
    const s = sub(1, c.time, 'Asia/Jakarta');
    const asked: string[] = [];
    const state = (_id: number, date: string) => {
      asked.push(date);
      return c.record;
    };
    const plan = planTick([s], new Date(c.now), state, () => c.running);
    const got = plan.due.length > 0 ? 'due' : plan.resume.length > 0 ? 'resume' : null;
    expect(got).toBe(c.plan);
    for (const item of [...plan.due, ...plan.resume]) expect(item.digestDate).toBe('2026-11-23');
    // The log is asked about today only, and only once the subscription's time has come.
    expect(asked).toEqual(c.time <= '08:00' ? ['2026-11-23'] : []);
  });
});

test('planTick agrees with dueFor for any set of subscriptions and instant', () => {
  const zones = ['UTC', 'Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];
  fc.assert(
    fc.property(
      fc.array(
        fc.record({ h: fc.integer({ min: 0, max: 23 }), m: fc.integer({ min: 0, max: 59 }), zone: fc.constantFrom(...zones), done: fc.boolean() }),
        { maxLength: 30 },
      ),
      fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
      (specs, ms) => {
        const now = new Date(ms);
        const subs = specs.map((x, i) => sub(i + 1, `${String(x.h).padStart(2, '0')}:${String(x.m).padStart(2, '0')}`, x.zone));
        const doneFor = (id: number) => specs[id - 1]?.done === true;
        const plan = planTick(subs, now, (id) => (doneFor(id) ? 'done' : null));
        const expected = subs.filter((s) => dueFor(s, now, (id, date) => (doneFor(id) ? record(id, date) : null)) !== null);
        return JSON.stringify(plan.due.map((d) => d.subscription.id)) === JSON.stringify(expected.map((s) => s.id));
      },
    ),
    { numRuns: 200 },
  );
});
