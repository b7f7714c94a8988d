import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { utcOffsetMs, wallClockAt, wallDate, wallTime, zonedToInstant } from '../../src/core/time/index.ts';

interface InstantCase {
  timeZone: string;
  local: string;
  utc: string;
}
const fixture: { instants: InstantCase[] } = JSON.parse(readFileSync(new URL('../fixtures/core/time-zone.json', import.meta.url), 'utf8'));

const fields = (local: string) => {
  const [date = '', time = ''] = local.split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return [y ?? 0, mo ?? 0, d ?? 0, h ?? 0, mi ?? 0] as const;
};

const ZONES = ['UTC', 'Asia/Jakarta', 'Asia/Makassar', 'America/New_York', 'Europe/London', 'Australia/Adelaide', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham'];

describe('zonedToInstant and wallClockAt', () => {
  test.each(fixture.instants)('$local in $timeZone is $utc', ({ timeZone, local, utc }) => {
    const [y, mo, d, h, mi] = fields(local);
    expect(new Date(zonedToInstant(y, mo, d, h, mi, timeZone)).toISOString()).toBe(utc);
    const wall = wallClockAt(Date.parse(utc), timeZone);
    expect(`${wallDate(wall)}T${wallTime(wall)}`).toBe(local);
  });

  test('the wall clock an instant shows leads back to an instant that shows the same wall clock', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (ms, zone) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        const wall = wallClockAt(minute, zone);
        const back = zonedToInstant(wall.year, wall.month, wall.day, wall.hour, wall.minute, zone);
        const again = wallClockAt(back, zone);
        expect([wallDate(again), wallTime(again)]).toEqual([wallDate(wall), wallTime(wall)]);
        // A time shown twice (clocks going back) may resolve to the other of the two instants.
        expect(Math.abs(back - minute)).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: 2000 },
    );
  });

  test('an unknown zone is a RangeError', () => {
    expect(() => wallClockAt(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => zonedToInstant(2026, 1, 1, 0, 0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('utcOffsetMs', () => {
  test.each([
    ['Asia/Jakarta', 7 * 60],
    ['Asia/Makassar', 8 * 60],
    ['Asia/Jayapura', 9 * 60],
    ['Asia/Kolkata', 5 * 60 + 30],
    ['UTC', 0],
  ] as const)('%s is always %i minutes ahead of UTC since 1990', (zone, minutes) => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(utcOffsetMs(ms, zone)).toBe(minutes * 60_000);
      }),
      { numRuns: 300 },
    );
  });

  test('agrees with the offset Intl names (longOffset) at any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (ms, zone) => {
        const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
          .formatToParts(ms)
          .find((p) => p.type === 'timeZoneName')?.value;
        const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
        expect(m, name).not.toBeNull();
        const minutes = m?.[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
        expect(utcOffsetMs(ms, zone)).toBe(minutes * 60_000);
      }),
      { numRuns: 1000 },
    );
  });
});
