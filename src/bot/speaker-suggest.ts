/**
 * "Maksud Anda: lavrov?" — speaker keys close to a name that matched no quote, for typos and
 * half-remembered names. Bounded: at most `candidates` speakers are compared, each in O(n·m).
 */
import { boundedEditDistance, foldText } from '../core/speakers.ts';

/** A known speaker as the store lists it. */
export interface SpeakerCandidate {
  readonly key: string;
  readonly name: string;
  readonly count: number;
}

/** Lowercase, no diacritics (the core's `foldText`), letters only, words split by single spaces. */
function foldName(value: string): string {
  return foldText(value).replace(/[^\p{L}]+/gu, ' ').trim();
}

/**
 * Speaker keys whose key, or a word of whose name, is within a small edit distance of a word of
 * `query` (about one typo per three letters), or starts with it; closest first, then most quoted.
 */
export function suggestSpeakers(query: string, speakers: readonly SpeakerCandidate[], limit = 3): string[] {
  const words = foldName(query).split(' ').filter((w) => w.length >= 2);
  if (words.length === 0) return [];
  const scored: { key: string; distance: number; count: number }[] = [];
  for (const s of speakers) {
    const targets = new Set([foldName(s.key), ...foldName(s.name).split(' ')].filter((t) => t.length >= 2));
    let distance = Infinity;
    for (const w of words) {
      const max = Math.max(1, Math.floor(w.length / 3));
      for (const t of targets) {
        const d = t.startsWith(w) && w.length >= 3 ? 0.5 : boundedEditDistance(w, t, max);
        if (d <= max && d < distance) distance = d;
      }
    }
    if (distance !== Infinity) scored.push({ key: s.key, distance, count: s.count });
  }
  scored.sort((x, y) => x.distance - y.distance || y.count - x.count || x.key.localeCompare(y.key));
  const out: string[] = [];
  for (const s of scored) {
    if (!out.includes(s.key)) out.push(s.key);
    if (out.length >= limit) break;
  }
  return out;
}
