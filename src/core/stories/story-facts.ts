/**
 * The specifics that tell one event from another of the same kind: amounts and scores, the dates
 * a text names as past, and the place of the dateline. Two price reports, two matches of one team
 * or two raids share a topic and often the people; they differ in these.
 */
import { foldCase } from '../text/index.ts';
import { isStopword } from './story-features.ts';

/** The facts of one article as compact keys: "rp:95000", "kg:50", "skor:1-2", "n:37 rumah". */
export interface StoryFacts {
  /** Quantities whose disagreement tells two events apart (money, weights, scores, magnitudes). */
  readonly strong: readonly string[];
  /** Other counted things ("37 rumah", "12 operator"): agreement only. */
  readonly weak: readonly string[];
  /** Day numbers (days since 1970-01-01) of dates the headline and lead name as past: the event's day. */
  readonly days: readonly number[];
}

const MULTIPLIER: Readonly<Record<string, number>> = { ribu: 1e3, rb: 1e3, juta: 1e6, miliar: 1e9, triliun: 1e12 };
const UNIT: Readonly<Record<string, string>> = {
  kilogram: 'kg', kg: 'kg', ton: 'ton', gram: 'gram', liter: 'liter', persen: 'persen', megawatt: 'mw', mw: 'mw',
};

const MONEY = /\brp\.?\s?(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(ribu|rb|juta|miliar|triliun)?\b/giu;
// Weights, volumes and capacities: two hauls or two plants differ in them. Counts of other things
// (points in a table, distances, percentages) shift between reports of one event: weak facts.
const MEASURE = /\b(\d+(?:[.,]\d+)?)\s?(kilogram|kg|ton|gram|liter|megawatt|mw)\b/giu;
const MAGNITUDE = /\b(?:magnitudo\s?|m)(\d{1,2}[.,]\d)\b/giu;
const SCORE = /(?<![\d/.,-])(\d{1,2})-(\d{1,2})(?![\d/-]|[.,]\d)/gu;
const COUNT = /(?<![\d.,/])(\d{2,3}(?:\.\d{3})*)\s(\p{L}{4,})/gu;

/** "1.641.000" -> 1641000, "1,2" -> 1.2 (Indonesian separators). */
function indonesianNumber(value: string): number {
  return Number(value.replace(/\.(?=\d{3}\b)/g, '').replace(',', '.'));
}

const MONTHS = ['januari', 'februari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober', 'november', 'desember'];
const NUMERIC_DATE = /\((\d{1,2})\/(\d{1,2})(?:\/((?:19|20)\d{2}))?\)/g;
const WRITTEN_DATE = new RegExp(`\\b(\\d{1,2}) (${MONTHS.join('|')}) ((?:19|20)\\d{2})\\b`, 'gi');
// Words that put a date in the future ("mulai Rabu (25/11)"): not the day of the event reported.
const FUTURE_CUE = /\b(akan|bakal|dijadwalkan|direncanakan|rencananya|mulai|hingga|sampai|paling lambat|batas|target|tenggat|berlaku)\b/i;
// Background ("sebelum invasi pada 24 Februari 2022", "sejak 2019"): not the day of the event either.
const BACKGROUND_CUE = /\b(sebelum|sejak|setelah|semenjak|lalu|silam)\b/i;
// The headline and the first two paragraphs name the event's day; later dates are mostly background.
const LEAD_PARAGRAPHS = 3;

/**
 * The facts of an article's text (headline and paragraphs). `year` resolves dates written without
 * one ("Rabu (25/11)"); null leaves them out.
 */
export function storyFacts(paragraphs: readonly string[], year: number | null): StoryFacts {
  const strong = new Set<string>();
  const weak = new Set<string>();
  const days = new Set<number>();
  paragraphs.forEach((paragraph, index) => {
    const text = foldCase(paragraph);
    // Every fact below has a digit in it: most paragraphs have none and skip the scans.
    if (!/\d/.test(text)) return;
    for (const m of text.matchAll(MONEY)) strong.add(`rp:${indonesianNumber(m[1]!) * (MULTIPLIER[m[2] ?? ''] ?? 1)}`);
    for (const m of text.matchAll(MEASURE)) strong.add(`${UNIT[m[2]!]}:${indonesianNumber(m[1]!)}`);
    for (const m of text.matchAll(MAGNITUDE)) strong.add(`mag:${m[1]!.replace(',', '.')}`);
    for (const m of text.matchAll(SCORE)) {
      const [a, b] = [Number(m[1]), Number(m[2])].sort((x, y) => x - y);
      strong.add(`skor:${a}-${b}`);
    }
    for (const m of text.matchAll(COUNT)) if (!isStopword(m[2]!)) weak.add(`n:${indonesianNumber(m[1]!)} ${m[2]}`);
    const consider = (at: number, day: number, month: number, y: number | null) => {
      if (index >= LEAD_PARAGRAPHS || y === null || month < 1 || month > 12 || day < 1 || day > 31) return;
      const before = text.slice(Math.max(0, at - 40), at);
      if (FUTURE_CUE.test(before) || BACKGROUND_CUE.test(before)) return;
      days.add(Date.UTC(y, month - 1, day) / 86_400_000);
    };
    for (const m of text.matchAll(NUMERIC_DATE)) consider(m.index, Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : year);
    for (const m of text.matchAll(WRITTEN_DATE)) consider(m.index, Number(m[1]), MONTHS.indexOf(m[2]!.toLowerCase()) + 1, Number(m[3]));
  });
  return { strong: [...strong].sort(), weak: [...weak].sort(), days: [...days].sort((a, b) => a - b) };
}

const unitOf = (key: string) => key.slice(0, key.indexOf(':'));

/** How many facts two articles share, and whether their specifics contradict each other. */
export function compareFacts(a: StoryFacts, b: StoryFacts): { shared: number; conflict: boolean } {
  const strongB = new Set(b.strong);
  const weakB = new Set(b.weak);
  let shared = 0;
  for (const k of a.strong) if (strongB.has(k)) shared++;
  for (const k of a.weak) if (weakB.has(k)) shared++;
  // Same kind of quantity on both sides and not one value in common: different prices, scores, hauls.
  let conflict = false;
  if (shared === 0) {
    const unitsB = new Set(b.strong.map(unitOf));
    const sharedUnits = new Set(a.strong.map(unitOf).filter((u) => unitsB.has(u)));
    conflict = sharedUnits.size > 0;
  }
  // Both name the day of what they report, and those days are two or more days apart.
  if (!conflict && a.days.length > 0 && b.days.length > 0) {
    let nearest = Infinity;
    for (const x of a.days) for (const y of b.days) nearest = Math.min(nearest, Math.abs(x - y));
    conflict = nearest >= 2;
  }
  return { shared, conflict };
}
