/**
 * Wall-clock times of day in an IANA time zone: parsing what users type ("7", "07.30") and finding
 * the next instant a daily "HH:MM" occurs. Pure: the current instant is always a parameter. The zone
 * arithmetic itself is core/time/time-zone.ts.
 */
import { wallClockAt, wallDate, wallTime, zonedToInstant } from '../core/time/index.ts';

const TIME_INPUT = /^(?:(?:pukul|jam)\s+)?(\d{1,2})(?:[:.](\d{2}))?$/i;

/** Indonesia's three zones by their Indonesian names. */
const INDONESIAN_ZONES: Readonly<Record<string, string>> = { wib: 'Asia/Jakarta', wita: 'Asia/Makassar', wit: 'Asia/Jayapura' };

let canonicalZones: Map<string, string> | null = null;

/**
 * The IANA zone a user means: "WIB", "WITA", "WIT" (any case) or an IANA name such as
 * "Asia/Makassar" or "asia/makassar" (answered in its canonical spelling); null for anything else.
 * Only names `Intl` knows are accepted, so a stored zone always works.
 */
export function parseTimeZone(input: string): string | null {
  const value = input.trim();
  if (value === '' || value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return null;
  const indonesian = INDONESIAN_ZONES[value.toLowerCase()];
  if (indonesian !== undefined) return indonesian;
  if (!value.includes('/') && value.toUpperCase() !== 'UTC') return null;
  if (canonicalZones === null) {
    canonicalZones = new Map([...Intl.supportedValuesOf('timeZone'), 'UTC'].map((z) => [z.toLowerCase(), z]));
  }
  const known = canonicalZones.get(value.toLowerCase());
  if (known !== undefined) return known;
  // Aliases Intl accepts but does not list (Asia/Ujung_Pandang, US/Eastern).
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A time of day and/or a zone as typed after /settime or /subscribe ("07:00 WITA", "WIT", "7"). */
export interface TimeAndZone {
  readonly time: string | null;
  readonly timeZone: string | null;
}

/**
 * Reads "07:00", "07:00 WITA", "pukul 7 WIT", "06.30 Asia/Makassar" or just "WITA". The reason as a
 * string ('time' or 'zone': which part is wrong) when the input is not one of these.
 */
export function parseTimeAndZone(input: string): TimeAndZone | 'time' | 'zone' {
  const words = input.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return 'time';
  const last = words[words.length - 1] ?? '';
  // A zone is a word with a letter that is not part of "pukul 7"/"jam 7".
  const zoneWord = /[A-Za-z]/.test(last) && !/^(pukul|jam)$/i.test(last) ? last : null;
  const timeWords = zoneWord === null ? words : words.slice(0, -1);
  const timeZone = zoneWord === null ? null : parseTimeZone(zoneWord);
  if (zoneWord !== null && timeZone === null) {
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zoneWord)) return 'time';
    const timeOk = timeWords.length > 0 ? parseTimeOfDay(timeWords.join(' ')) !== null : zoneWord.includes('/');
    return timeOk ? 'zone' : 'time';
  }
  if (timeWords.length === 0) return { time: null, timeZone };
  const time = parseTimeOfDay(timeWords.join(' '));
  return time === null ? 'time' : { time, timeZone };
}

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
 * When the next daily digest of a subscription goes out: `now` when today's is due and not yet
 * delivered (it leaves at the next tick, also right after subscribing past the time), else the next
 * time of day on a local date that has no delivery yet. `delivered` says whether a delivery exists
 * for a local date (YYYY-MM-DD). Null for a time or zone that cannot be read.
 */
export function nextDigestAt(time: string, timeZone: string, now: Date, delivered: (date: string) => boolean): { at: Date; now: boolean } | null {
  const minutes = minutesOfDay(time);
  if (minutes === null) return null;
  let today;
  try {
    today = wallClockAt(now.getTime(), timeZone);
  } catch {
    return null;
  }
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  if (!delivered(wallDate(today))) {
    const at = zonedToInstant(today.year, today.month, today.day, hour, minute, timeZone);
    return at <= now.getTime() ? { at: now, now: true } : { at: new Date(at), now: false };
  }
  // Today's is done: the first occurrence on a later local date (a DST day may shift the hour, not the date).
  for (let add = 1; add < 4; add++) {
    const at = zonedToInstant(today.year, today.month, today.day + add, hour, minute, timeZone);
    if (at > now.getTime() && wallDate(wallClockAt(at, timeZone)) !== wallDate(today)) return { at: new Date(at), now: false };
  }
  return { at: new Date(now.getTime() + 86_400_000), now: false };
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
