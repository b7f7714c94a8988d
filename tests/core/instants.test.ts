import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { articleInstantMs, boundMs, startOfDayMs } from '../../src/core/time/index.ts';

const cases = JSON.parse(readFileSync(new URL('../fixtures/store/instants.json', import.meta.url), 'utf8')) as {
  date: string;
  timeZone: string;
  expected: string | null;
}[];

/** The calendar date of instant `ms` in `timeZone`, as YYYY-MM-DD (an independent check). */
const localDate = (ms: number, timeZone: string) => new Intl.DateTimeFormat('sv-SE', { timeZone }).format(ms);

describe('instants', () => {
  test.each(cases)('start of $date in $timeZone', ({ date, timeZone, expected }) => {
    const ms = startOfDayMs(date, timeZone);
    expect(ms === null ? null : new Date(ms).toISOString()).toBe(expected);
  });

  test('the start of a day is in that day, and a millisecond earlier is the day before', () => {
    const zones = ['Asia/Jakarta', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2037-12-31'), noInvalidDate: true }), fc.constantFrom(...zones), (d, zone) => {
        const date = d.toISOString().slice(0, 10);
        const ms = startOfDayMs(date, zone);
        expect(ms).not.toBeNull();
        expect(localDate(ms!, zone)).toBe(date);
        expect(localDate(ms! - 1, zone)).not.toBe(date);
      }),
      { numRuns: 300 },
    );
  });

  test('publishedAt wins over the date; the date alone starts its day; neither is null', () => {
    expect(articleInstantMs('2026-11-23T09:30:00+08:00', '2026-11-22', 'Asia/Jakarta')).toBe(Date.parse('2026-11-23T01:30:00Z'));
    expect(articleInstantMs(null, '2026-11-23', 'Asia/Jakarta')).toBe(Date.parse('2026-11-22T17:00:00Z'));
    expect(articleInstantMs('not a date', '2026-11-23', 'UTC')).toBe(Date.parse('2026-11-23T00:00:00Z'));
    expect(articleInstantMs(null, null, 'UTC')).toBeNull();
  });

  test('window bounds accept dates and instants', () => {
    expect(boundMs(null, 'UTC')).toBeNull();
    expect(boundMs('2026-11-23', 'Asia/Jakarta')).toBe(Date.parse('2026-11-22T17:00:00Z'));
    expect(boundMs('2026-11-23T05:00:00+07:00', 'UTC')).toBe(Date.parse('2026-11-22T22:00:00Z'));
    expect(boundMs('besok', 'UTC')).toBeNull();
  });
});
