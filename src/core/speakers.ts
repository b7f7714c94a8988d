/**
 * Speaker identity: the key one person keeps across spellings and outlets, and the forgiving
 * matcher behind `/quotes NAME`. Pure string work, no lists of people: spellings are folded by
 * general transliteration rules (accents, Slavic -skiy/-sky/-skyi endings, -yi/-iy).
 */
import { memoise } from './memo.ts';
import { INSTITUTION_HEADS, NAME_PARTICLES, ROLE_WORDS } from './name-lexicon.ts';

/** Lowercase, accent-free, apostrophes unified, whitespace collapsed. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

const SLAVIC_ADJ = /^(.{2,}?[sczt]k)(?:iy|yi|yy|ii|ij|yj|y|i)$/;
const SOFT_END = /^(.{3,}?[bcdfghjklmnpqrstvwxz])(?:iy|yi|yy|ij|yj)$/;

/**
 * Folds transliteration variants of one name token to one spelling: Zelensky, Zelenskiy,
 * Zelenskyi, Zelenski -> zelenskyy; Zaluzhnyi, Zaluzhniy -> zaluzhnyy. Tokens without such an
 * ending are returned as given (already folded by {@link foldText}).
 */
export function foldNameToken(token: string): string {
  const t = foldText(token);
  const slavic = SLAVIC_ADJ.exec(t);
  if (slavic) return `${slavic[1]}yy`;
  const soft = SOFT_END.exec(t);
  if (soft) return `${soft[1]}yy`;
  return t;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'-]*/gu;
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'mba', 'sh', 'se', 'mm', 'msi']);

function nameTokens(name: string): string[] {
  return foldText(name).match(TOKEN) ?? [];
}

/** True when the name is an institution ("Kementerian Luar Negeri Rusia"), not a person. */
export function isInstitutionName(name: string): boolean {
  // Only capitalised words count as heads: "bin" in "Mohammed bin Salman" is a particle, "BIN" an agency.
  const raw = name.match(TOKEN) ?? [];
  if (raw.length === 1 && /^\p{Lu}[\p{Lu}\p{N}]+$/u.test(raw[0] as string)) return true;
  return raw.some((t) => /^\p{Lu}/u.test(t) && INSTITUTION_HEADS.has(foldText(t)));
}

/**
 * The key `/quotes` matches: the folded surname (last name token, skipping suffixes such as Jr.)
 * or the single name; for an institution, its whole folded name. Equal for spelling variants of
 * one person (Sergey/Sergei Lavrov -> "lavrov"; Zelenskyy/Zelensky -> "zelenskyy").
 * Returns "" for a name with no letters.
 */
export const speakerKey: (name: string) => string = memoise((name) => computeKey(name), 20_000);

function computeKey(name: string): string {
  const toks = nameTokens(name);
  if (toks.length === 0) return '';
  if (isInstitutionName(name)) return toks.join(' ');
  for (let i = toks.length - 1; i >= 0; i--) {
    const t = toks[i] as string;
    if (SUFFIXES.has(t.replace(/\./g, '')) && i > 0) continue;
    if (NAME_PARTICLES.has(t) && i > 0) continue;
    return foldNameToken(t);
  }
  return foldNameToken(toks[toks.length - 1] as string);
}

/** True when two speaker names denote the same person by key (spelling variants included). */
export function sameSpeaker(a: string, b: string): boolean {
  const ka = speakerKey(a);
  return ka !== '' && ka === speakerKey(b);
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment: "lavorv" is one edit from
 * "lavrov"), or `max + 1` as soon as it is known to exceed `max`. O(len · max) time: only a band
 * of width 2·max+1 is computed, so long inputs stay cheap.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const inf = max + 1;
  let prev2 = new Array<number>(b.length + 1).fill(inf);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= max ? j : inf;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(b.length, i + max);
    cur.fill(inf);
    cur[0] = i <= max ? i : inf;
    let rowMin = cur[0] as number;
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j - 1] as number) + cost, (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      }
      cur[j] = v > inf ? inf : v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return inf;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  const d = prev[b.length] as number;
  return d > max ? inf : d;
}

/** A speaker known to the store or a digest: its key and display name. */
export interface SpeakerCandidate {
  readonly key: string;
  readonly name: string;
}

/** A candidate that matched a query; score in (0, 1], 1 for an exact key or full name. */
export interface SpeakerMatch {
  readonly key: string;
  readonly score: number;
}

/** Typos tolerated for a query token of this length. */
function typoBudget(len: number): number {
  return len <= 3 ? 0 : len <= 6 ? 1 : 2;
}

function tokenScore(q: string, target: string): number {
  if (q === target) return 1;
  const fq = foldNameToken(q);
  if (fq === foldNameToken(target)) return 0.97;
  if (q.length >= 3 && target.startsWith(q)) return 0.8 + 0.1 * (q.length / target.length);
  const budget = typoBudget(q.length);
  if (budget > 0) {
    const d = boundedEditDistance(fq, foldNameToken(target), budget);
    if (d <= budget) return 0.75 - 0.1 * d;
  }
  return 0;
}

function scoreCandidate(query: string, c: SpeakerCandidate): number {
  const q = foldText(query);
  if (!q) return 0;
  const key = foldText(c.key);
  const full = foldText(c.name);
  if (q === key || q === full) return 1;
  if (speakerKey(query) !== '' && speakerKey(query) === key && nameTokens(query).length > 1) return 0.98;
  // "Presiden Jokowi", "menlu lavrov": titles in the query are not part of the name.
  const allToks = nameTokens(query);
  const named = allToks.filter((t) => !ROLE_WORDS.has(t));
  const qToks = named.length > 0 ? named : allToks;
  const targets = [...new Set([...nameTokens(c.name), ...nameTokens(c.key)])];
  if (qToks.length === 0 || targets.length === 0) return 0;
  // Every query token must match some name token; the weakest match bounds the score.
  let worst = 1;
  for (const t of qToks) {
    let best = 0;
    for (const target of targets) best = Math.max(best, tokenScore(t, target));
    if (best === 0) return 0;
    worst = Math.min(worst, best);
  }
  // A lone first name ("sergey") is weaker evidence than the surname.
  const surnameHit = qToks.some((t) => tokenScore(t, key) > 0 || key.split(' ').some((k) => tokenScore(t, k) > 0));
  return surnameHit ? worst * 0.95 : worst * 0.85;
}

/**
 * Candidates that `query` plausibly names, best first: exact key or full name (1.0), other
 * spellings of the key, first or full names, prefixes of at least three letters, and one typo
 * (two for long tokens). Case and accents never matter. Each key appears once.
 */
export function matchSpeakers(query: string, candidates: readonly SpeakerCandidate[]): SpeakerMatch[] {
  const best = new Map<string, number>();
  for (const c of candidates) {
    const s = scoreCandidate(query, c);
    if (s > 0 && s > (best.get(c.key) ?? 0)) best.set(c.key, s);
  }
  return [...best.entries()]
    .map(([key, score]) => ({ key, score: Math.round(score * 1000) / 1000 }))
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}

/** A "did you mean" suggestion. */
export interface SpeakerSuggestion {
  readonly key: string;
  readonly name: string;
  /** Edit distance between the query and the closest name token. */
  readonly distance: number;
}

/**
 * Suggestions for a query that matched nothing ("Maksud Anda: lavrov?"): the candidates whose
 * key or a name token is within a looser edit distance (about 40 % of the query length, at
 * most 3), closest first, at most `limit`.
 */
export function suggestSpeakers(
  query: string,
  candidates: readonly SpeakerCandidate[],
  limit = 3,
): SpeakerSuggestion[] {
  const qToks = nameTokens(query).map(foldNameToken);
  if (qToks.length === 0) return [];
  const byKey = new Map<string, SpeakerSuggestion>();
  for (const c of candidates) {
    const targets = [...nameTokens(c.name), ...nameTokens(c.key)].map(foldNameToken);
    let best = Infinity;
    for (const q of qToks) {
      const max = Math.min(3, Math.max(1, Math.round(q.length * 0.4)));
      for (const t of targets) {
        const d = t.startsWith(q) && q.length >= 2 ? 0 : boundedEditDistance(q, t, max);
        if (d <= max && d < best) best = d;
      }
    }
    const prev = byKey.get(c.key);
    if (best !== Infinity && (!prev || best < prev.distance)) byKey.set(c.key, { key: c.key, name: c.name, distance: best });
  }
  return [...byKey.values()]
    .sort((a, b) => a.distance - b.distance || a.key.localeCompare(b.key))
    .slice(0, Math.max(0, limit));
}
