/**
 * Wall-clock times of day in an IANA time zone: parsing what users type ("7", "07.30") and finding
 * the next instant a daily "HH:MM" occurs. Pure: the current instant is always a parameter.
 */

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

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(instant: number, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const get = (type: string, parts: Intl.DateTimeFormatPart[]) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const parts = f.formatToParts(new Date(instant));
  return {
    year: get('year', parts),
    month: get('month', parts),
    day: get('day', parts),
    hour: get('hour', parts),
    minute: get('minute', parts),
    second: get('second', parts),
  };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the wall clock of `timeZone` shows the given local date and time. */
function zonedToInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  let instant = naive - offsetAt(naive, timeZone);
  // One correction covers a DST change between the naive guess and the answer.
  const corrected = naive - offsetAt(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return instant;
}

/** Local calendar date "YYYY-MM-DD" of `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  const p = localParts(now.getTime(), timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * The first instant strictly after `now` at which the clock in `timeZone` shows `time` ("HH:MM").
 * @example nextDailyAt('07:00', 'Asia/Jakarta', new Date('2026-11-23T06:50:00Z')) // 2026-11-24T00:00:00Z
 */
export function nextDailyAt(time: string, timeZone: string, now: Date): Date {
  const [h, m] = time.split(':').map(Number);
  const hour = h ?? 0;
  const minute = m ?? 0;
  const today = localParts(now.getTime(), timeZone);
  for (let add = 0; add < 3; add++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + add));
    const at = zonedToInstant(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour, minute, timeZone);
    if (at > now.getTime()) return new Date(at);
  }
  return new Date(now.getTime() + 86_400_000);
}
