/**
 * Noun phrases around a speech verb, read forward (`kata juru bicara Kremlin Dmitry Peskov kepada
 * …`) or backward (`Duta Besar Rusia untuk AS, Anatoly Antonov, memperingatkan`), and what they
 * name: a person (role stripped), an institution, a place, a pronoun, an anaphor (`Menteri Luar
 * Negeri Rusia itu`), a bare title (`kata Presiden`) or an anonymous source. Every phrase is at
 * most MAX_NP tokens long, so the work per verb is bounded.
 */
import {
  ANONYMOUS_HEADS,
  DEMONSTRATIVES,
  DOMAIN_WORDS,
  FUNCTION_WORDS,
  INSTITUTION_HEADS,
  MEDIA_WORDS,
  NAME_PARTICLES,
  NP_CONNECTORS,
  PERSON_PRONOUNS,
  PLACE_WORDS,
  ROLE_WORDS,
  TIME_WORDS,
  speakerKey,
} from '../speakers/index.ts';
import { DERIVED, NAME_OR_ROLE, isAcronym, isInitial, isNameWord, isRoleish, isShortened, isTitle } from './quote-tokens.ts';
import type { Tok } from './quote-tokens.ts';
import { VERB_ADVERBS } from './speech-verbs.ts';

/** Words that may stand inside a noun phrase naming a speaker. */
function isNpWord(t: Tok | undefined): boolean {
  if (!t || t.kind !== 'word') return false;
  if (FUNCTION_WORDS.has(t.lower) || TIME_WORDS.has(t.lower)) return false;
  if (isNameWord(t) || isAcronym(t) || isInitial(t) || SQUAD_CODE.test(t.text)) return true;
  if (t.verb) return false;
  return ROLE_WORDS.has(t.lower) || DOMAIN_WORDS.has(t.lower) || INSTITUTION_HEADS.has(t.lower) || PLACE_WORDS.has(t.lower) || MEDIA_WORDS.has(t.lower) || (isTitle(t) && !FUNCTION_WORDS.has(t.lower));
}

/** Age groups and similar codes inside a team's or body's name: "Timnas U-23", "KTT G20". */
const SQUAD_CODE = /^\p{Lu}{1,3}-?\d{1,3}$/u;

/** A lowercase word outside every lexicon ("timnas", "militer"): a modifier inside a role phrase. */
const isLowerWord = (t: Tok): boolean => t.kind === 'word' && /^\p{Ll}+$/u.test(t.text) && !t.verb && !FUNCTION_WORDS.has(t.lower);
/** True while an NP read so far holds role words only (no name yet). */
const isRoleOnly = (np: readonly Tok[]): boolean => np.every((t) => t.kind === 'word' && (ROLE_WORDS.has(t.lower) || QUANTIFIERS.has(t.lower) || isLowerWord(t)));

const QUANTIFIERS = new Set(['seorang', 'sang', 'para', 'salah', 'satu', 'sejumlah', 'beberapa', 'kedua']);

/** Kinds of speaker reference. */
export type EntityKind = 'person' | 'institution' | 'place' | 'pronoun' | 'anaphor' | 'role' | 'anonymous' | 'none';

/** What a noun phrase refers to. */
export interface Entity {
  readonly kind: EntityKind;
  /** Display name (role stripped) for people, institutions and places; '' otherwise. */
  readonly name: string;
  readonly key: string;
  /** Lowercase role words of the phrase ("menteri luar negeri rusia"), for anaphora. */
  readonly role: readonly string[];
  /** For an anaphor "yang akrab disapa Mas Tri itu": the name it gives ("Tri"), to find in the article. */
  readonly alias?: string;
  /** For a person: the whole phrase as written, from its first title word ("Kepala BPBD Demak"). */
  readonly phrase?: string;
}

const NONE: Entity = { kind: 'none', name: '', key: '', role: [] };
const PRONOUN: Entity = { kind: 'pronoun', name: '', key: '', role: [] };

/** Longest noun phrase read, in tokens: real ones are far shorter, and it bounds the work per verb. */
const MAX_NP = 24;

/** Noun phrase read forward from `i`, stopping before `end` and after {@link MAX_NP} tokens. */
export function npForward(toks: readonly Tok[], i: number, end: number): Tok[] {
  const limit = Math.min(end, i + MAX_NP);
  const out: Tok[] = [];
  const first = toks[i];
  if (first?.kind === 'word' && PERSON_PRONOUNS.has(first.lower)) return [first];
  for (let k = i; k < limit; k++) {
    const t = toks[k] as Tok;
    if (t.kind === 'word') {
      if (isNpWord(t)) out.push(t);
      else if (out.length === 0 && QUANTIFIERS.has(t.lower)) out.push(t);
      // "dr. R. A. Kartika Sari": an initial that is also a function word ("A") inside the name.
      else if (out.length > 0 && isInitial(t) && toks[k + 1]?.text === '.' && isShortened(toks[k - 2])) out.push(t);
      else if (out.length > 0 && isRoleOnly(out) && isLowerWord(t) && isNpWord(toks[k + 1])) out.push(t);
      else if (t.lower === 'dan' && out.length > 0 && !out.some(isNameWord) && isTitle(toks[k + 1]) && isNpWord(toks[k + 1])) out.push(t);
      // "Fakultas Kesejahteraan dan Ekonomi": a joiner inside an institution's name.
      else if (t.lower === 'dan' && insideInstitutionName(out, out.length) && isTitle(toks[k + 1]) && isNpWord(toks[k + 1])) out.push(t);
      else if (out.length > 0 && (NP_CONNECTORS.has(t.lower) || NAME_PARTICLES.has(t.lower)) && isNpWord(toks[k + 1])) out.push(t);
      // "Menteri Dalam Negeri": a capitalised domain word that is also a preposition, inside the phrase.
      else if (out.length > 0 && isTitle(t) && DOMAIN_WORDS.has(t.lower) && isTitle(toks[k + 1]) && isNpWord(toks[k + 1])) out.push(t);
      else if (out.length > 0 && DEMONSTRATIVES.has(t.lower)) {
        out.push(t);
        break;
      } else break;
    } else if (t.kind === 'punct' && t.text === ',' && out.length > 0 && isNpWord(toks[k + 1]) && isTitle(toks[k + 1])) {
      out.push(t);
    } else if (t.kind === 'punct' && t.text === ',' && out.length > 0 && isShortened(toks[k + 1]) && toks[k + 2]?.text === '.' && isNpWord(toks[k + 3])) {
      // "Bupati Sukabumi, H. Dadang Kurniawan", "…, dr. R. A. Kartika Sari": an honorific opens the name.
      out.push(t);
    } else if (t.kind === 'punct' && t.text === ',' && out.length > 0 && !out.some(isNameWord) && toks[k + 1]?.lower === 'dan' && isTitle(toks[k + 2])) {
      out.push(t);
    } else if (t.kind === 'punct' && t.text === '.' && isShortened(toks[k - 1]) && (isNpWord(toks[k + 1]) || (isInitial(toks[k + 1]) && toks[k + 2]?.text === '.'))) {
      out.push(t);
    } else if (t.text === '(' && out.length > 0 && toks[k + 2]?.text === ')' && k + 3 < limit && (isNpWord(toks[k + 3]) || toks[k + 3]?.text === ',')) {
      // "Universitas Gadjah Mada (UGM) Arie Sujito": the bracket separates, it does not end the phrase.
      out.push(t, toks[k + 1] as Tok, toks[k + 2] as Tok);
      k += 2;
    } else break;
  }
  while (out.length > 0 && (out[out.length - 1] as Tok).kind === 'punct') out.pop();
  // A bracket group the phrase did not continue after is not part of it.
  if (out.length >= 2 && (out[out.length - 2] as Tok).text === '(') out.length -= 2;
  return out;
}

/** Noun phrase read backward from `i` down to `start` (inclusive, at most {@link MAX_NP} tokens), in text order. */
export function npBackward(toks: readonly Tok[], i: number, start: number): Tok[] {
  const limit = Math.max(start, i - MAX_NP);
  let k = i;
  while (k >= limit) {
    const t = toks[k] as Tok;
    if (t.kind === 'word' && VERB_ADVERBS.has(t.lower)) k--;
    else if (t.kind === 'word' && t.lower === 'itu' && ['sementara', 'selain'].includes(toks[k - 1]?.lower ?? '')) k -= 2;
    else if (t.kind === 'punct' && t.text === ',') k--;
    else if (t.kind === 'punct' && t.text === ')' && toks[k - 2]?.text === '(' && k - 2 >= limit) k -= 3;
    else break;
  }
  const out: Tok[] = [];
  const first = toks[k];
  if (first?.kind === 'word' && PERSON_PRONOUNS.has(first.lower)) return [first];
  if (first?.kind === 'word' && DEMONSTRATIVES.has(first.lower) && isNpWord(toks[k - 1])) {
    out.push(first);
    k--;
  }
  for (; k >= limit; k--) {
    const t = toks[k] as Tok;
    if (t.kind === 'word') {
      if (isNpWord(t)) out.push(t);
      else if (QUANTIFIERS.has(t.lower) && out.length > 0) {
        out.push(t);
        break;
      } else if (out.length > 0 && (NP_CONNECTORS.has(t.lower) || NAME_PARTICLES.has(t.lower)) && isNpWord(toks[k - 1])) out.push(t);
      else if (out.length > 0 && isLowerWord(t) && ROLE_WORDS.has(toks[k - 1]?.lower ?? '') && out.some(isNameWord)) out.push(t);
      else break;
    } else if (t.kind === 'punct' && t.text === ',' && out.length > 0 && isNpWord(toks[k - 1])) {
      out.push(t);
    } else if (t.kind === 'punct' && t.text === '.' && out.length > 0 && isShortened(toks[k - 1])) {
      out.push(t);
    } else if (t.text === ')' && toks[k - 2]?.text === '(' && k - 3 >= limit && isNpWord(toks[k - 3])) {
      out.push(t, toks[k - 1] as Tok, toks[k - 2] as Tok);
      k -= 2;
    } else break;
  }
  while (out.length > 0 && (out[out.length - 1] as Tok).kind === 'punct') out.pop();
  return out.reverse();
}

/** Runs of name words in an NP (particles and initials allowed inside), as token index ranges. */
function nameRuns(np: readonly Tok[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let k = 0; k <= np.length; k++) {
    const t = np[k];
    const inside =
      t !== undefined &&
      ((isNameWord(t) && !(NAME_OR_ROLE.has(t.lower) && (isRoleish(np[k - 1]) || isRoleish(np[k + 1])))) ||
        (isInitial(t) && !ROLE_WORDS.has(t.lower) && (isNameWord(np[k + 1]) || np[k + 1]?.text === '.')) ||
        (t.text === '.' && start >= 0 && isInitial(np[k - 1])) ||
        (start >= 0 && t.kind === 'word' && NAME_PARTICLES.has(t.lower) && isNameWord(np[k + 1])));
    if (inside && start < 0) start = k;
    if (!inside && start >= 0) {
      // "Partai Gerindra Prabowo Subianto": the word after a generic head names the institution.
      const head = np[start - 1];
      if (head && k - start >= 2 && head.title && NAMED_HEADS.has(head.lower)) start++;
      runs.push([start, k]);
      start = -1;
    }
  }
  return runs;
}

/** Regional offices whose name is a place written like a person's ("Polda Metro Jaya"). */
const REGIONAL_HEADS = new Set(['polda', 'polres', 'polresta', 'polrestabes', 'polsek', 'kodam', 'korem', 'kodim', 'pemprov', 'pemkot', 'pemkab', 'kejati', 'kejari', 'kanwil', 'lantamal', 'lanud']);

/** Generic institution words always followed by the institution's own name. */
export const NAMED_HEADS: ReadonlySet<string> = new Set(['partai', 'universitas', 'bank', 'klub', 'yayasan', 'perusahaan', 'liga', 'institut', 'grup', 'harian', 'majalah', 'koran', 'stasiun', 'kabupaten', 'kota', 'provinsi', 'desa', 'kecamatan', 'pulau', 'gunung', 'sungai', 'kampung']);

/**
 * The run that names the speaker: a run filling a whole comma segment (`Kepala BPBD Cianjur, Rudi
 * Hartono,` / `Rudi, warga Cianjur`) wins; otherwise the last run, since Indonesian puts the name
 * after the role and its place (`Kapolsek Tanah Abang Kompol Suharmono`).
 */
function bestRun(np: readonly Tok[], runs: ReadonlyArray<[number, number]>, near: 'start' | 'end'): [number, number] | undefined {
  let best: [number, number] | undefined;
  let bestScore = -1;
  runs.forEach((run, idx) => {
    const [a, b] = run;
    const before = np[a - 1];
    const after = np[b];
    const whole = (before === undefined || before.text === ',') && (after === undefined || after.text === ',');
    // Among whole segments the one next to the verb wins (`kata Ridwan Kamil, Bandung`).
    const order = whole && near === 'start' ? runs.length - idx : idx;
    // "Andi dari Sukamaju": a name right after "dari"/"untuk" is where someone is from.
    const afterConnector = before !== undefined && NP_CONNECTORS.has(before.lower);
    const score = (whole && runs.length > 1 ? 4 : 0) - (afterConnector && runs.length > 1 ? 2 : 0) + order / (runs.length + 1);
    if (score > bestScore) {
      bestScore = score;
      best = run;
    }
  });
  return best;
}

function joinTokens(toks: readonly Tok[]): string {
  let s = '';
  for (const t of toks) s += t.kind === 'punct' || s === '' ? t.text : ` ${t.text}`;
  return s;
}

/** Words that join the parts of an institution's name ("Fakultas Ekonomi dan Bisnis"). */
const NAME_JOINERS = new Set(['dan', '&']);

/**
 * True when the name run starting at `a` continues an institution's name: reading back over
 * capitalised words, acronyms and joiners reaches a capitalised institution head ("Fakultas",
 * "Universitas", "Dewan") before anything else.
 */
function insideInstitutionName(np: readonly Tok[], a: number): boolean {
  for (let k = a - 1; k >= 0; k--) {
    const t = np[k] as Tok;
    if (t.kind !== 'word') return false;
    if (isTitle(t) && INSTITUTION_HEADS.has(t.lower)) return true;
    if (!isTitle(t) && !isAcronym(t) && !NAME_JOINERS.has(t.lower)) return false;
  }
  return false;
}

/**
 * What a noun phrase names (see {@link bestRun} for which name in it); `near` is the end of the
 * phrase that touches the speech verb.
 */
export function classifyNp(np: readonly Tok[], near: 'start' | 'end' = 'end'): Entity {
  if (np.length === 0) return NONE;
  const words = np.filter((t) => t.kind === 'word');
  if (words.length === 1 && PERSON_PRONOUNS.has((words[0] as Tok).lower)) return PRONOUN;
  // "dosen Fakultas Ekonomi dan Bisnis itu": in a description closed by a demonstrative, capitalised
  // words after an institution head belong to the institution's name, never to a person's.
  const described = words.length > 1 && DEMONSTRATIVES.has((words[words.length - 1] as Tok).lower);
  const runs = described ? nameRuns(np).filter(([a]) => !insideInstitutionName(np, a)) : nameRuns(np);
  const pick = bestRun(np, runs, near);
  // "Polda Metro Jaya", "Pemkot Tanjung Balai": a regional office's own name, no person in it.
  const head = pick ? np[pick[0] - 1] : undefined;
  if (pick && head?.title && REGIONAL_HEADS.has(head.lower) && !np.slice(0, pick[0]).some((t) => ROLE_WORDS.has(t.lower))) {
    const name = joinTokens(np.slice(pick[0] - 1, pick[1]));
    return { kind: 'institution', name, key: speakerKey(name), role: [] };
  }
  if (pick) {
    const b = pick[1];
    let a = pick[0];
    if (b - a > 4) a = b - 4;
    // "Kejaksaan Agung Harli Siregar": the words after an institution's head name the institution.
    while (b - a >= 3 && np[a - 1]?.title && INSTITUTION_HEADS.has(np[a - 1]?.lower ?? '') && (DOMAIN_WORDS.has(np[a]?.lower ?? '') || PLACE_WORDS.has(np[a]?.lower ?? ''))) a++;
    while (a < b && np[a]?.kind === 'punct') a++;
    const nameToks = np.slice(a, b);
    const name = joinTokens(nameToks).replace(/\s*\.$/, '');
    const role = np.filter((t, k) => t.kind === 'word' && (k < a || k >= b)).map((t) => t.lower);
    const titled = np.findIndex((t) => t.kind === 'word' && ROLE_WORDS.has(t.lower));
    const phrase = titled >= 0 && titled < a ? joinTokens(np.slice(titled, b)).replace(/\s*\.$/, '') : name;
    return { kind: 'person', name, key: speakerKey(name), role, phrase };
  }
  const lowers = words.map((t) => t.lower);
  const last = lowers[lowers.length - 1] ?? '';
  if (DEMONSTRATIVES.has(last) && lowers.some((w) => ROLE_WORDS.has(w) || INSTITUTION_HEADS.has(w) || MEDIA_WORDS.has(w) || ANONYMOUS_HEADS.has(w))) {
    return { kind: 'anaphor', name: '', key: '', role: lowers.slice(0, -1) };
  }
  // A phrase led by a title ("Kepala BNPB", "Juru bicara Kementerian Luar Negeri") names whoever
  // holds it, not the institution.
  const lead = words.find((t) => !QUANTIFIERS.has(t.lower));
  // "Seorang pejabat senior NATO", "sumber di Kremlin": someone unnamed, whatever institution follows.
  if ((lead && ANONYMOUS_HEADS.has(lead.lower)) || lowers[0] === 'seorang') return { kind: 'anonymous', name: '', key: '', role: lowers };
  if (lead && ROLE_WORDS.has(lead.lower) && !NAME_OR_ROLE.has(lead.lower)) {
    return { kind: 'role', name: '', key: '', role: lowers };
  }
  const firstCap = words.findIndex((t) => isTitle(t) || isAcronym(t));
  const institution = words.some((t) => (isTitle(t) || isAcronym(t)) && INSTITUTION_HEADS.has(t.lower));
  if (institution && !lowers.some((w) => MEDIA_WORDS.has(w) && !INSTITUTION_HEADS.has(w))) {
    const name = joinTokens(words.slice(Math.max(0, firstCap)));
    return { kind: 'institution', name, key: speakerKey(name), role: [] };
  }
  if (words.every((t) => isAcronym(t) || (isTitle(t) && !DERIVED.test(t.lower)))) {
    const name = joinTokens(words);
    const allPlaces = words.every((t) => PLACE_WORDS.has(t.lower) || DOMAIN_WORDS.has(t.lower));
    return { kind: allPlaces ? 'place' : 'institution', name, key: speakerKey(name), role: [] };
  }
  if (lowers.some((w) => ANONYMOUS_HEADS.has(w))) return { kind: 'anonymous', name: '', key: '', role: lowers };
  // A bare title ("kata Presiden", "ujar Menteri Luar Negeri") names whoever holds it in the text.
  if (lowers.some((w) => ROLE_WORDS.has(w))) return { kind: 'role', name: '', key: '', role: lowers };
  return NONE;
}

/**
 * Skips leading adverbials of a sentence ("Namun,", "Sementara itu,", "Dalam wawancara dengan
 * televisi,") and returns the first content token.
 */
export function sentenceSubjectStart(toks: readonly Tok[], start: number, limit: number): number {
  let k = start;
  for (let guard = 0; guard < 3 && k < limit; guard++) {
    const t = toks[k] as Tok;
    const next = toks[k + 1];
    if (t.kind === 'word' && FUNCTION_WORDS.has(t.lower) && next?.text === ',') k += 2;
    else if (t.kind === 'word' && FUNCTION_WORDS.has(t.lower) && next?.lower === 'itu' && toks[k + 2]?.text === ',') k += 3;
    else if (t.kind === 'word' && LEADING_PREPOSITIONS.has(t.lower)) {
      // "Dalam wawancara dengan televisi pemerintah, Putin …": the subject follows the comma.
      let c = k + 1;
      while (c < limit && c < k + 12 && toks[c]?.text !== ',' && toks[c]?.kind === 'word') c++;
      if (toks[c]?.text !== ',') break;
      k = c + 1;
    } else break;
  }
  return k;
}

/** Prepositions that open an adverbial phrase before the subject. */
const LEADING_PREPOSITIONS = new Set(['dalam', 'di', 'pada', 'saat', 'ketika', 'usai', 'setelah', 'sebelum', 'kepada', 'dari', 'sejak', 'selama', 'menjelang', 'berbicara', 'melalui', 'lewat', 'dengan']);
