/**
 * Wall-clock times of day in an IANA time zone: parsing what users type ("7", "07.30") and finding
 * the next instant a daily "HH:MM" occurs. Pure: the current instant is always a parameter. The zone
 * arithmetic itself is core/time-zone.ts.
 */
import { wallClockAt, wallDate, wallTime, zonedToInstant } from '../core/time-zone.ts';

const TIME_INPUT = /^(?:(?:pukul|jam)\s+)?(\d{1,2})(?:[:.](\d{2}))?$/i;

/**
 * Reads a 24-hour time of day as users type it and returns it as "HH:MM", or null when it is not one.
 * Accepts "07:30", "7:30", "07.30" (the Indonesian way), "7" (= "07:00") and "pukul 7".
 * Refuses "25:99", "24:00", "7:5", "-1", "07:30:00" and anything else.
 */
export function parseTimeOfDay(input: string): string | null {
  const match = TIME_INPUT.exec(input.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Minutes after midnight of a time of day in any form {@link parseTimeOfDay} reads ("07:30" -> 450), or null. */
export function minutesOfDay(time: string): number | null {
  const hhmm = parseTimeOfDay(time);
  return hhmm === null ? null : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
}

/** Local calendar date (YYYY-MM-DD) and time of day (HH:MM, 24-hour) of an instant in a time zone. */
export interface LocalDateTime {
  readonly date: string;
  readonly time: string;
}

/**
 * The local date and time of `instant` in `timeZone`.
 * @throws RangeError when `timeZone` is not a known IANA zone.
 */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const wall = wallClockAt(instant.getTime(), timeZone);
  return { date: wallDate(wall), time: wallTime(wall) };
}

/** Local calendar date "YYYY-MM-DD" of `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return wallDate(wallClockAt(now.getTime(), timeZone));
}

/**
 * The first instant strictly after `now` at which the clock in `timeZone` shows `time` ("HH:MM");
 * `now` + 24 h for a `time` that is not a time of day.
 * @example nextDailyAt('07:00', 'Asia/Jakarta', new Date('2026-11-23T06:50:00Z')) // 2026-11-24T00:00:00Z
 */
export function nextDailyAt(time: string, timeZone: string, now: Date): Date {
  const minutes = minutesOfDay(time);
  if (minutes === null) return new Date(now.getTime() + 86_400_000);
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const today = wallClockAt(now.getTime(), timeZone);
  for (let add = 0; add < 3; add++) {
    const at = zonedToInstant(today.year, today.month, today.day + add, hour, minute, timeZone);
    if (at > now.getTime()) return new Date(at);
  }
  return new Date(now.getTime() + 86_400_000);
}
