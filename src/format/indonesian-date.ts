/**
 * Indonesian date wording ("Minggu, 22 November 2026"), written out here rather than trusted to the
 * ICU data of whatever Node runs kilas. Pure: the instant to format is always passed in.
 */

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
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const date = formatIndonesianDate(`${get('year')}-${get('month')}-${get('day')}`) ?? '';
  const zone = ZONE_NAMES[timeZone] ?? get('timeZoneName').replace(/^GMT(?:[+-]0)?$/, 'UTC').replace(/^GMT/, 'UTC');
  return `${date} pukul ${get('hour')}.${get('minute')} ${zone}`;
}
