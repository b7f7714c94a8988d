/**
 * Turning an article's publication fields into one instant, so windows and "newest first" compare
 * numbers rather than ISO strings written with different offsets.
 */
import { zonedToInstant } from './time-zone.ts';

/** The instant local midnight starts `date` (YYYY-MM-DD) in `timeZone`, or null for a malformed date. */
export function startOfDayMs(date: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over into March: such a date does not exist.
  if (Number.isNaN(guess) || new Date(guess).toISOString().slice(0, 10) !== date) return null;
  return zonedToInstant(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, timeZone);
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
