/**
 * How an article writes a speaker's name around the person: an office with a place and no person
 * ("Kepala BPBD Demak"), and a club's or company's name glued between a title and the person
 * ("Pelatih Persebaya Paul Munster"). Part of the speaker identity rules (see speaker-resolution.ts),
 * read from the article's own text.
 */
import { INSTITUTION_HEADS, isInstitutionName, speakerKey } from '../speakers/index.ts';
import type { Entity } from './noun-phrases.ts';

const PLACE_PHRASE = /(?:^|[^\p{L}])(?:di|ke|Kabupaten|Kab\.|Kota|Kecamatan|Desa|Kelurahan|Provinsi|wilayah|daerah)\s+((?:\p{Lu}[\p{L}'-]*\s?){1,4})/gu;
const DATELINE = /^\s*(\p{Lu}[\p{Lu} .'-]{1,30}?)(?:,|\s+[-–—])/u;

/** Capitalised words the article uses as places: after "di", "ke", "Kabupaten" …, and the dateline. */
export function placeWords(paragraphs: readonly string[]): Set<string> {
  const out = new Set<string>();
  const addWords = (s: string) => {
    for (const w of s.toLowerCase().split(/\s+/)) if (w) out.add(w);
  };
  const date = DATELINE.exec(paragraphs[0] ?? '');
  if (date) addWords(date[1] as string);
  for (const p of paragraphs) for (const m of p.matchAll(PLACE_PHRASE)) addWords(m[1] as string);
  return out;
}

/**
 * "Pelatih Persebaya Paul Munster", "Dirut Perum Bulog Bayu Krisnamurthi": a club's or a
 * company's name between the title and the person is not part of the person's name. The first
 * words of a 3+-word name are dropped when the article writes the last of them without the
 * person (Persebaya Surabaya, "meminta Bulog") and also writes the person's full name without
 * them ("kata Paul Munster"); "Eko Sri Yuliadi" keeps Eko, whom the article never leaves out.
 */
export function gluedWordsDropper(paragraphs: readonly string[], title: string): (name: string) => string {
  let joined: string | null = null;
  const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const memo = new Map<string, string>();
  return (name) => {
    let out = memo.get(name);
    if (out !== undefined) return out;
    out = name;
    const words = name.split(' ');
    if (words.length >= 3 && /^\p{Lu}/u.test(words[0] as string) && !isInstitutionName(name)) {
      const word = (w: string) => `(?<![\\p{L}])${esc(w)}(?![\\p{L}])`;
      // The person starts at `k` when the word before is written without them and they, in full, without it.
      for (let k = words.length - 2; k >= 1; k--) {
        const before = words[k - 1] as string;
        const start = words[k] as string;
        const beforeAlone = new RegExp(`${word(before)}(?!\\s+${esc(start)}(?![\\p{L}]))`, 'u');
        const personAlone = new RegExp(`(?<!${esc(before)}\\s+)${word(words.slice(k).join(' '))}`, 'u');
        joined ??= `${title}\n${paragraphs.join('\n')}`;
        if (beforeAlone.test(joined) && personAlone.test(joined)) {
          out = words.slice(k).join(' ');
          break;
        }
      }
    }
    memo.set(name, out);
    return out;
  };
}

/**
 * "Kepala BPBD Demak": a title with an institution and a place, no person. The place is not the
 * speaker; the office is, shown with its title.
 */
export function asOffice(e: Entity, places: () => ReadonlySet<string>): Entity {
  if (e.kind !== 'person' || !e.phrase || e.name.includes(' ') || !e.role.some((w) => INSTITUTION_HEADS.has(w))) return e;
  if (!places().has(e.name.toLowerCase())) return e;
  return { kind: 'institution', name: e.phrase, key: speakerKey(e.phrase), role: e.role };
}

