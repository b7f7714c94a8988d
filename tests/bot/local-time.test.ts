/** Time zones as users type them, and when the next digest of a chat goes out, over zones with and without DST. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { nextDigestAt, parseTimeAndZone, parseTimeZone } from '../../src/bot/local-time.ts';
import { localDateTime } from '../../src/bot/local-time.ts';

const cases = JSON.parse(readFileSync(new URL('../fixtures/bot/next-digest.json', import.meta.url), 'utf8')) as {
  name: string;
  time: string;
  timeZone: string;
  now: string;
  delivered: string[];
  at: string;
  immediate: boolean;
}[];

describe('nextDigestAt', () => {
  test.each(cases)('$name', ({ time, timeZone, now, delivered, at, immediate }) => {
    const next = nextDigestAt(time, timeZone, new Date(now), (d) => delivered.includes(d));
    expect(next?.at.toISOString()).toBe(at);
    expect(next?.now).toBe(immediate);
  });

  test('the answer always shows the subscription\'s time on its local clock (DST days included), unless the skipped hour', () => {
    for (const c of cases.filter((x) => !x.immediate && x.time !== '02:30')) {
      const next = nextDigestAt(c.time, c.timeZone, new Date(c.now), (d) => c.delivered.includes(d))!;
      expect(localDateTime(next.at, c.timeZone).time).toBe(c.time);
      expect(c.delivered).not.toContain(localDateTime(next.at, c.timeZone).date);
    }
  });

  test('an unknown zone or time is null, not a throw', () => {
    expect(nextDigestAt('07:00', 'Mars/Olympus', new Date(), () => false)).toBeNull();
    expect(nextDigestAt('7 pagi', 'Asia/Jakarta', new Date(), () => false)).toBeNull();
  });
});

describe('time zones as typed', () => {
  test.each([
    ['WIB', 'Asia/Jakarta'],
    ['wita', 'Asia/Makassar'],
    ['WIT', 'Asia/Jayapura'],
    ['Asia/Makassar', 'Asia/Makassar'],
    ['asia/jayapura', 'Asia/Jayapura'],
    ['UTC', 'UTC'],
    ['Europe/Berlin', 'Europe/Berlin'],
  ])('%s -> %s', (input, zone) => expect(parseTimeZone(input)).toBe(zone));

  test.each(['', 'GMT+7', 'Asia/Atlantis', '../etc/passwd', 'Asia/Jakarta; DROP', 'x'.repeat(100), 'EST5EDT '])('%s is refused', (input) => {
    expect(parseTimeZone(input)).toBeNull();
  });

  test.each([
    ['07:00 WITA', { time: '07:00', timeZone: 'Asia/Makassar' }],
    ['pukul 7', { time: '07:00', timeZone: null }],
    ['WIT', { time: null, timeZone: 'Asia/Jayapura' }],
    ['7 pagi', 'zone'],
    ['25:00 WIB', 'time'],
    ['<b>x</b>', 'time'],
  ])('%s', (input, expected) => expect(parseTimeAndZone(input)).toEqual(expected));
});
