/**
 * Wall-clock arithmetic in IANA time zones, with `Intl` as the only source of zone rules: what a
 * clock in a zone shows at an instant, the zone's offset, and the instant a local date and time
 * occur (daylight-saving changes included). Pure: instants are always parameters. Every function
 * throws RangeError for a zone `Intl` does not know.
 */

/** What a clock in some zone shows: month 1–12, hour 0–23. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

// Building a DateTimeFormat costs far more than using one: keep one per zone (bounded, zones come from users).
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 256;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = FORMATTERS.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (FORMATTERS.size >= MAX_FORMATTERS) FORMATTERS.clear();
    FORMATTERS.set(timeZone, format);
  }
  return format;
}

/** What a clock in `timeZone` shows at the instant `ms`. */
export function wallClockAt(ms: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    // Some ICU versions write midnight as 24 even with h23.
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of `timeZone` from UTC at the instant `ms`, in ms (Asia/Jakarta: +7 h), to the second. */
export function utcOffsetMs(ms: number, timeZone: string): number {
  const w = wallClockAt(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the clock of `timeZone` shows the given local date and time (month 1–12;
 * fields past their range roll over as in `Date.UTC`). A time skipped by a spring-forward gap
 * resolves to an instant near it; a time shown twice resolves to one of the two.
 */
export function zonedToInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  // The second pass settles days on which the offset changes (DST) between the guess and the answer.
  return naive - utcOffsetMs(naive - utcOffsetMs(naive, timeZone), timeZone);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The local calendar date "YYYY-MM-DD" of a wall clock. */
export function wallDate(w: WallClock): string {
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}`;
}

/** The local time of day "HH:MM" (24-hour) of a wall clock. */
export function wallTime(w: WallClock): string {
  return `${pad2(w.hour)}:${pad2(w.minute)}`;
}
