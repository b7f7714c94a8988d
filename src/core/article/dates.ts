/**
 * Indonesian publication dates: "Kamis, 23 Desember 2021 - 00:46 WIB", "- 2 Februari 2022, 12:15 WIB",
 * "Senin (21/2/2022)", "23 Des 2021 00.46 WITA", ISO strings from feeds. Pure: a year-less date needs an
 * explicit reference date (no clock is read here).
 */
import { utcOffsetMs } from '../time/index.ts';

const MONTHS: Readonly<Record<string, number>> = {
  januari: 1, jan: 1, january: 1,
  februari: 2, feb: 2, pebruari: 2, february: 2,
  maret: 3, mar: 3, march: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, jun: 6, june: 6,
  juli: 7, jul: 7, july: 7,
  agustus: 8, agu: 8, agt: 8, ags: 8, aug: 8, august: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10, oct: 10, october: 10,
  november: 11, nov: 11, nopember: 11,
  desember: 12, des: 12, dec: 12, december: 12,
};

const DAYS = ['senin', 'selasa', 'rabu', 'kamis', "jum'at", 'jumat', 'sabtu', 'minggu', 'ahad'];

/** Indonesian time zones and their fixed UTC offsets in minutes. */
const ZONE_OFFSETS: Readonly<Record<string, number>> = { WIB: 420, WITA: 480, WIT: 540, UTC: 0, GMT: 0 };

/** A calendar date with an optional wall-clock time and the offset that time is in. */
export interface ParsedDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Minutes since midnight, when a time was given. */
  readonly minutes: number | null;
  /** Offset from UTC in minutes of the given time ("WIB" = 420), null when no zone was given. */
  readonly offset: number | null;
}

/** Options for {@link findDate}. */
export interface FindDateOptions {
  /**
   * Reference date (YYYY-MM-DD) for year-less dates: the latest year that does not put the date
   * after the reference is chosen (news dates are in the past). Default: none, year-less dates are ignored.
   */
  readonly reference?: string | null;
  /**
   * Which forms to accept. "any" (default) accepts written-out and numeric dates; "numeric-day"
   * accepts only the news convention "Kamis (31/3/2022)" (a day name and a numeric date in brackets).
   */
  readonly forms?: 'any' | 'numeric-day';
}

const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const DAY_ALT = DAYS.join('|');

// "23 Desember 2021", "23 Des. 2021", "2 Februari" — then an optional time and zone.
const WRITTEN = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\d{1,2})\\s?(${MONTH_ALT})\\.?(?:\\s?(\\d{4}))?(?![\\p{L}])` +
    `(?:\\s{0,3}[-,|/–—]?\\s{0,3}(?:pukul|jam|pk\\.?)?\\s{0,3}(\\d{1,2})[:.](\\d{2})(?:[:.]\\d{2})?(?![\\p{N}])\\s{0,3}(WIB|WITA|WIT|UTC|GMT)?(?![\\p{L}]))?`,
  'giu',
);
// "(31/3/2022)" or "31/03/2022" or "31-3-2022", with an optional time.
const NUMERIC = new RegExp(
  `(?<![\\p{N}/.-])(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4}|\\d{2})(?![\\p{N}/])` +
    `(?:\\)?\\s{0,3}[-,|]?\\s{0,3}(?:pukul|jam)?\\s{0,3}(\\d{1,2})[:.](\\d{2})(?:[:.]\\d{2})?(?![\\p{N}])\\s{0,3}(WIB|WITA|WIT|UTC|GMT)?(?![\\p{L}]))?`,
  'giu',
);
// "Kamis (31/3/2022)" — the Indonesian news convention for the day being reported.
const DAY_NUMERIC = new RegExp(`(?<![\\p{L}])(?:${DAY_ALT})\\s?\\((\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})\\)`, 'giu');
// "2024-03-06 16:20" or "2024-03-06T16:20:00+07:00" inside a line (CMS date stamps).
const ISO_IN_TEXT = /(?<![\p{N}/.-])((?:19|20)\d\d)-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?(?:\.\d+)?\s?(Z|[+-]\d{2}:?\d{2}|WIB|WITA|WIT)?)?(?![\p{N}])/gu;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s?(Z|[+-]\d{2}:?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function valid(year: number, month: number, day: number): boolean {
  return year >= 1900 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function fullYear(text: string): number {
  const n = Number(text);
  return text.length === 2 ? 2000 + n : n;
}

function timeOf(h: string | undefined, m: string | undefined): number | null {
  if (h === undefined || m === undefined) return null;
  const hh = Number(h);
  const mm = Number(m);
  return hh <= 23 && mm <= 59 ? hh * 60 + mm : null;
}

function zoneOf(zone: string | undefined): number | null {
  if (zone === undefined) return null;
  return ZONE_OFFSETS[zone.toUpperCase()] ?? null;
}

function isoZone(zone: string | undefined): number | null {
  if (zone === undefined) return null;
  if (zone === 'Z') return 0;
  if (/^[+-]/.test(zone)) {
    const digits = zone.slice(1).replace(':', '');
    return (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return zoneOf(zone);
}

function pickYear(month: number, day: number, reference: string | null | undefined): number | null {
  const ref = reference ? ISO.exec(reference) : null;
  if (!ref) return null;
  const ry = Number(ref[1]);
  const key = (y: number) => y * 10000 + month * 100 + day;
  const refKey = ry * 10000 + Number(ref[2]) * 100 + Number(ref[3]);
  return key(ry) <= refKey ? ry : ry - 1;
}

/**
 * Finds the first date in `text`, or null. Written-out dates ("23 Desember 2021") and numeric ones
 * ("31/3/2022", day first as in Indonesian) and ISO stamps ("2024-03-06 16:20") are accepted, with an optional time ("00:46", "12.15")
 * and zone (WIB +07:00, WITA +08:00, WIT +09:00). Impossible dates (31/2) are skipped.
 */
export function findDate(text: string, options: FindDateOptions = {}): ParsedDate | null {
  const found: { index: number; date: ParsedDate }[] = [];
  if (options.forms === 'numeric-day') {
    for (const m of text.matchAll(DAY_NUMERIC)) {
      const [, d, mo, y] = m;
      const date = { year: fullYear(y ?? ''), month: Number(mo), day: Number(d), minutes: null, offset: null };
      if (valid(date.year, date.month, date.day)) return date;
    }
    return null;
  }
  for (const m of text.matchAll(WRITTEN)) {
    const [, d, monthName, y, h, min, zone] = m;
    const month = MONTHS[(monthName ?? '').toLowerCase()];
    if (month === undefined) continue;
    const day = Number(d);
    const year = y !== undefined ? Number(y) : pickYear(month, day, options.reference);
    if (year === null || !valid(year, month, day)) continue;
    found.push({ index: m.index, date: { year, month, day, minutes: timeOf(h, min), offset: zoneOf(zone) } });
    break;
  }
  for (const m of text.matchAll(NUMERIC)) {
    const [, d, mo, y, h, min, zone] = m;
    const date = { year: fullYear(y ?? ''), month: Number(mo), day: Number(d), minutes: timeOf(h, min), offset: zoneOf(zone) };
    if (!valid(date.year, date.month, date.day)) continue;
    found.push({ index: m.index, date });
    break;
  }
  if (text.includes('-')) {
    for (const m of text.matchAll(ISO_IN_TEXT)) {
      const [, y, mo, d, h, min, zone] = m;
      const date = { year: Number(y), month: Number(mo), day: Number(d), minutes: timeOf(h, min), offset: isoZone(zone) };
      if (!valid(date.year, date.month, date.day)) continue;
      found.push({ index: m.index, date });
      break;
    }
  }
  found.sort((a, b) => a.index - b.index);
  return found[0]?.date ?? null;
}

/**
 * Parses an ISO 8601 date or instant ("2022-02-02", "2022-02-02T05:15:00Z", "2022-02-02 12:15:00+07:00")
 * or an RFC 2822 date as feeds send ("Wed, 02 Feb 2022 05:15:00 GMT"). Null when it is neither.
 */
export function parseIsoDate(text: string): ParsedDate | null {
  const t = text.trim();
  const m = ISO.exec(t);
  if (m) {
    const [, y, mo, d, h, min, , zone] = m;
    const date = { year: Number(y), month: Number(mo), day: Number(d) };
    if (!valid(date.year, date.month, date.day)) return null;
    let offset: number | null = null;
    if (zone === 'Z') offset = 0;
    else if (zone) {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    }
    return { ...date, minutes: timeOf(h, min), offset };
  }
  const rfc = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4})(?:\s+(\d{2}):(\d{2})(?::\d{2})?\s*([+-]\d{4}|[A-Z]{1,4})?)?$/.exec(t);
  if (!rfc) return null;
  const [, d, monthName, y, h, min, zone] = rfc;
  const month = MONTHS[(monthName ?? '').toLowerCase()];
  if (month === undefined) return null;
  const date = { year: Number(y), month, day: Number(d) };
  if (!valid(date.year, date.month, date.day)) return null;
  let offset: number | null = null;
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    offset = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else if (zone) offset = zoneOf(zone) ?? (zone === 'Z' ? 0 : null);
  return { ...date, minutes: timeOf(h, min), offset };
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

const OFFSETS = new Map<string, number>();

/** Offset in minutes of `timeZone` at the UTC instant `ms` (Intl only, no clock). */
function zoneOffsetAt(ms: number, timeZone: string): number {
  // Offsets change only at transitions on quarter-hour boundaries: cache per zone and quarter hour.
  const key = `${timeZone}|${Math.floor(ms / 900_000)}`;
  const cached = OFFSETS.get(key);
  if (cached !== undefined) return cached;
  const offset = Math.round(utcOffsetMs(ms, timeZone) / 60000);
  if (OFFSETS.size > 4096) OFFSETS.clear();
  OFFSETS.set(key, offset);
  return offset;
}

/**
 * Resolves a parsed date to what an Article carries: `date` (YYYY-MM-DD in `timeZone`) and
 * `publishedAt` (ISO 8601 with offset, only when a time is known). A time without a zone is read
 * in `timeZone`; a time with a zone (WITA) is converted, which can move the date across midnight.
 */
export function resolveDate(parsed: ParsedDate, timeZone: string): { date: string; publishedAt: string | null } {
  const ymd = `${parsed.year}-${pad(parsed.month)}-${pad(parsed.day)}`;
  if (parsed.minutes === null) return { date: ymd, publishedAt: null };
  const wall = Date.UTC(parsed.year, parsed.month - 1, parsed.day, 0, parsed.minutes);
  const offset = parsed.offset ?? zoneOffsetAt(wall - zoneOffsetAt(wall, timeZone) * 60000, timeZone);
  const instant = wall - offset * 60000;
  const localOffset = zoneOffsetAt(instant, timeZone);
  const local = new Date(instant + localOffset * 60000);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const sign = localOffset < 0 ? '-' : '+';
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:00`;
  return { date, publishedAt: `${date}T${time}${sign}${pad(Math.trunc(localOffset / 60))}:${pad(localOffset % 60)}` };
}
