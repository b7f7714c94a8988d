/**
 * Turning an article's publication fields into one instant, so windows and "newest first" compare
 * numbers rather than ISO strings written with different offsets.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (Asia/Jakarta: +7 h). */
function offsetMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts['year'] ?? 1970,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant local midnight starts `date` (YYYY-MM-DD) in `timeZone`, or null for a malformed date. */
export function startOfDayMs(date: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over into March: such a date does not exist.
  if (Number.isNaN(guess) || new Date(guess).toISOString().slice(0, 10) !== date) return null;
  const first = guess - offsetMs(guess, timeZone);
  // A second pass settles days on which the offset changes (DST) between the guess and the answer.
  return guess - offsetMs(first, timeZone);
}

/**
 * The instant an article sorts and windows by: its `publishedAt` when it parses, else the start of
 * its `date` in `timeZone`, else null (undated).
 */
export function articleInstantMs(
  publishedAt: string | null,
  date: string | null,
  timeZone: string,
): number | null {
  if (publishedAt) {
    const ms = Date.parse(publishedAt);
    if (!Number.isNaN(ms)) return ms;
  }
  return date ? startOfDayMs(date, timeZone) : null;
}

/** Parses a window bound (ISO instant or YYYY-MM-DD) into ms; null stays null. */
export function boundMs(bound: string | null, timeZone: string): number | null {
  if (bound === null) return null;
  const day = startOfDayMs(bound, timeZone);
  if (day !== null) return day;
  const ms = Date.parse(bound);
  return Number.isNaN(ms) ? null : ms;
}
