/**
 * Indonesian date wording ("Minggu, 22 November 2026"), written out here rather than trusted to the
 * ICU data of whatever Node runs kilas. Pure: the instant to format is always passed in.
 */
import { wallClockAt, wallDate, wallTime } from '../core/time/index.ts';

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'] as const;
const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

/** Indonesian names of Indonesia's zones; other zones show their UTC offset. */
const ZONE_NAMES: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** "WIB", "WITA" or "WIT" for Indonesia's zones; null for any other zone. */
export function indonesianZoneName(timeZone: string): string | null {
  return ZONE_NAMES[timeZone] ?? null;
}

/**
 * "Minggu, 22 November 2026" for "2026-11-22" (also accepts a longer ISO string and uses its date
 * part as written); null when it is not a real calendar date.
 */
export function formatIndonesianDate(isoDate: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${DAYS[date.getUTCDay()]}, ${day} ${MONTHS[month - 1]} ${year}`;
}

/** "Senin, 23 November 2026 pukul 07.05 WIB": the instant as a clock in `timeZone` shows it. */
export function formatIndonesianDateTime(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant.getTime(), timeZone);
  const date = formatIndonesianDate(wallDate(wall)) ?? '';
  const zone = indonesianZoneName(timeZone) ?? offsetName(instant, timeZone);
  return `${date} pukul ${wallTime(wall).replace(':', '.')} ${zone}`;
}

/** "UTC", "UTC+5:30", "UTC-3": the zone's offset at `instant` as `Intl` names it. */
function offsetName(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(instant);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  return name.replace(/^GMT(?:[+-]0)?$/, 'UTC').replace(/^GMT/, 'UTC');
}
