/**
 * The lines sites print around the headline: date lines ("Kamis, 23 Desember 2021 - 00:46 WIB"),
 * bylines ("Rina Sari - detikNews", "Oleh: Budi"), and the two joined ("Agregasi Okezone, Jurnalis ·
 * Jum'at 22 Maret 2024 13:02 WIB"). Each test takes one normalised line.
 */
import { findDate } from './dates.ts';
import { isOutletName } from './outlets.ts';
import { endsSentence, wordCount } from '../text/index.ts';

/** A line that holds only a date, a time, a day name and separators ("Kamis, 23 Desember 2021 - 00:46 WIB"). */
export function isDateLine(line: string): boolean {
  if (line.length > 80 || !/\d/.test(line) || wordCount(line) > 12 || findDate(line) === null) return false;
  const rest = withoutOutlet(line)
    .replace(/\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?/g, ' ')
    .replace(/\b[\w-]+\.(?:com|co\.id|id|net|org|tv)\b/gi, ' ')
    .replace(/\b\d{1,4}[/.:-]\d{1,2}(?:[/.:-]\d{2,4})?\b/g, ' ')
    .replace(/\b\d{1,2}\s?[\p{L}]{3,9}\.?\s?\d{0,4}\b/gu, ' ')
    .replace(/\b(?:senin|selasa|rabu|kamis|jum['’]?at|sabtu|minggu|ahad|wib|wita|wit|pukul|jam|diperbarui|dipublikasikan|diterbitkan|terbit|tayang|update|updated|published|pada)\b/giu, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return rest === '';
}

/** "detikNews | Rabu, 6 Mar 2024" -> "Rabu, 6 Mar 2024": drops an outlet name set off by a separator. */
function withoutOutlet(line: string): string {
  if (!/\s[-–—|•·]\s|,\s/.test(line)) return line;
  return line
    .split(/\s[-–—|•·]\s|,\s/)
    .filter((part) => !isOutletName(part))
    .join(' ');
}

/**
 * Bylines that only count as furniture above the first paragraph, where sites print them without
 * a colon: "Rina Sari - detikNews", "Penulis Aditya Pratama | Editor Rizal Setyo", "Oleh: Budi".
 */
export function isHeaderByline(line: string): boolean {
  if (endsSentence(line) || wordCount(line) > 10) return false;
  if (/^(?:oleh|penulis|editor|reporter|pewarta|kontributor|tim)\b/i.test(line) && (wordCount(line) <= 5 || /\|/.test(line))) return true;
  if (/^\p{Lu}[\p{L}.']*(?:\s\p{Lu}[\p{L}.']*){0,3}\s[-–|]\s[\p{L}\p{N}.]{3,30}$/u.test(line) && wordCount(line) <= 6) return true;
  return isOutletByline(line);
}

/**
 * A name, then the outlet: "Andhika Prasetia - CNN Indonesia", "Tim Redaksi, Liputan6.com",
 * "Market - Tim Riset, CNBC Indonesia" (short capitalised parts, the outlet last). Furniture
 * wherever it appears: article text never ends a line on the outlet's bare name this way.
 */
export function isOutletByline(line: string): boolean {
  if (line.length > 100 || endsSentence(line) || wordCount(line) > 10 || !/[-–|,·]\s/.test(line)) return false;
  const parts = line.split(/\s?[-–|,·]\s/);
  const last = parts[parts.length - 1];
  if (parts.length < 2 || last === undefined || !isOutletName(last)) return false;
  return parts.slice(0, -1).every((p) => wordCount(p) <= 4 && /^\p{Lu}[\p{L}.']*(?:\s\p{Lu}[\p{L}.']*)*$/u.test(p.trim()));
}

/**
 * A header line that joins a byline or outlet to the publication date: "Agregasi Okezone, Jurnalis ·
 * Jum'at 22 Maret 2024 13:02 WIB", "Rina Sari - detikNews | Rabu, 06 Mar 2024 16:20 WIB". One part is
 * a date line on its own, every other part is a short name or label. Only meaningful above the body.
 */
export function isHeaderMeta(line: string): boolean {
  if (line.length > 140 || wordCount(line) > 18 || endsSentence(line) || !/\d/.test(line)) return false;
  // Separators, or a byline label run on after the date ("… 07:10 WIB Oleh: Rina Sari").
  const parts = line.split(/\s[-–—|•·]\s|,\s|\s(?=(?:oleh|penulis|editor|reporter|pewarta)\s?:)/i);
  if (parts.length < 2) return false;
  let dated = false;
  for (const part of parts) {
    const p = part.trim();
    if (p === '') continue;
    if (!dated && isDateLine(p)) dated = true;
    else if (wordCount(p) > 4 || /[.!?]$/.test(p) || !(/^\p{Lu}\p{L}+\s?:\s?\p{Lu}/u.test(p) || p.split(' ').every((w) => /^[\p{Lu}\p{N}@(]|^[a-z]+\p{Lu}/u.test(w)))) return false;
  }
  return dated;
}

/** A byline label alone on its line ("Penulis:"): the line after it is a name. */
export const BYLINE_LABEL = /^(?:oleh|penulis|editor|penyunting|redaktur|reporter|pewarta|kontributor|jurnalis|wartawan|fotografer)\s?:?$/i;

/**
 * One to three person names and nothing else: "Rochmanudin Wijaya", "Daniel A. Fajri", "Rina Sari,
 * Budi Santoso". Above the body such a line is the author; inside the body it is never dropped.
 */
export function isPersonNames(line: string): boolean {
  if (line.length > 80 || endsSentence(line.replace(/\b\p{Lu}\.$/u, ''))) return false;
  return line.split(/\s?(?:,|&|\bdan\b)\s?/).every((name) =>
    /^\p{Lu}[\p{Ll}'’-]+(?:\s(?:\p{Lu}\.|\p{Lu}[\p{Ll}'’-]+|bin|binti|van|de|al)){1,3}$/u.test(name.trim()),
  );
}
