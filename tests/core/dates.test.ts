import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findDate, parseIsoDate, resolveDate } from '../../src/core/article/index.ts';

interface DateCase {
  text: string;
  reference?: string;
  date: string | null;
  publishedAt?: string | null;
}
const fixture: { timeZone: string; cases: DateCase[]; numericDay: DateCase[]; iso: DateCase[] } = JSON.parse(
  readFileSync(new URL('../fixtures/core/dates.json', import.meta.url), 'utf8'),
);
const tz = fixture.timeZone;

describe('findDate', () => {
  test.each(fixture.cases)('$text', ({ text, reference, date, publishedAt }) => {
    const parsed = findDate(text, { reference: reference ?? null });
    const resolved = parsed ? resolveDate(parsed, tz) : { date: null, publishedAt: null };
    expect(resolved).toEqual({ date, publishedAt: publishedAt ?? null });
  });

  test.each(fixture.numericDay)('numeric-day form: $text', ({ text, date }) => {
    const parsed = findDate(text, { forms: 'numeric-day' });
    expect(parsed ? resolveDate(parsed, tz).date : null).toBe(date);
  });

  test('round-trips every valid written date', () => {
    const months = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth() + 1;
        const day = d.getUTCDate();
        const text = `Senin, ${day} ${months[m - 1]} ${y} - 10:00 WIB`;
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        expect(resolveDate(findDate(text)!, tz)).toEqual({ date: iso, publishedAt: `${iso}T10:00:00+07:00` });
        expect(resolveDate(findDate(`(${day}/${m}/${y})`)!, tz).date).toBe(iso);
      }),
      { numRuns: 300 },
    );
  });

  test('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        findDate(text);
        findDate(text, { forms: 'numeric-day' });
        parseIsoDate(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseIsoDate', () => {
  test.each(fixture.iso)('$text', ({ text, date, publishedAt }) => {
    const parsed = parseIsoDate(text);
    expect(parsed ? resolveDate(parsed, tz) : { date: null, publishedAt: null }).toEqual({ date, publishedAt: publishedAt ?? null });
  });

  test.each([
    ['2022-03-13T06:59:00Z', '2022-03-13T01:59:00-05:00'],
    ['2022-03-13T07:00:00Z', '2022-03-13T03:00:00-04:00'],
    ['2022-11-06T05:59:00Z', '2022-11-06T01:59:00-04:00'],
    ['2022-11-06T06:00:00Z', '2022-11-06T01:00:00-05:00'],
  ])('follows daylight-saving transitions: %s', (iso, local) => {
    expect(resolveDate(parseIsoDate(iso)!, 'America/New_York').publishedAt).toBe(local);
  });

  test('converts to other time zones, including across midnight', () => {
    const parsed = parseIsoDate('2022-02-02T03:15:00Z')!;
    expect(resolveDate(parsed, 'America/New_York')).toEqual({ date: '2022-02-01', publishedAt: '2022-02-01T22:15:00-05:00' });
    expect(resolveDate(parsed, 'Asia/Makassar')).toEqual({ date: '2022-02-02', publishedAt: '2022-02-02T11:15:00+08:00' });
  });
});
