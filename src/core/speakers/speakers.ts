/**
 * Speaker identity, the one place that says who a name is: the key one person keeps across
 * spellings and outlets, the words of every name form, the operator's alias list (Jokowi ->
 * Joko Widodo), and which short or misspelt forms join a full name within an article or a story
 * (`speaker-resolution.ts`). The lookup behind `/quotes NAME` is `speaker-lookup.ts`, built on
 * these. Pure string work: spellings are folded by general transliteration rules (accents,
 * Slavic -skiy/-sky/-skyi endings, -yi/-iy), Arabic particles (al-Nono -> nono).
 */
import { foldText, memoise } from '../text/index.ts';
import { INSTITUTION_HEADS, NAME_PARTICLES, ROLE_WORDS } from './name-lexicon.ts';

const SLAVIC_ADJ = /^(.{2,}?[sczt]k)(?:iy|yi|yy|ii|ij|yj|y|i)$/;
const SOFT_END = /^(.{3,}?[bcdfghjklmnpqrstvwxz])(?:iy|yi|yy|ij|yj)$/;

/**
 * Folds transliteration variants of one name token to one spelling: Zelensky, Zelenskiy,
 * Zelenskyi, Zelenski -> zelenskyy; Zaluzhnyi, Zaluzhniy -> zaluzhnyy. Tokens without such an
 * ending are returned as given (already folded by {@link foldText}).
 */
function foldNameToken(token: string): string {
  const t = foldText(token);
  const slavic = SLAVIC_ADJ.exec(t);
  if (slavic) return `${slavic[1]}yy`;
  const soft = SOFT_END.exec(t);
  if (soft) return `${soft[1]}yy`;
  return t;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'-]*/gu;
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'mba', 'sh', 'se', 'mm', 'msi']);
/** Arabic article glued to a name by a hyphen: "al-Nono", "el-Sisi", "Al-Ansari". */
const GLUED_PARTICLE = /^(?:al|el|ad|ar|as|an|at|az|ash|ben|bin|abu)-(?=\p{L}{2})/u;

function nameTokens(name: string): string[] {
  return foldText(name).match(TOKEN) ?? [];
}

/** A name token without a glued Arabic article ("al-nono" -> "nono"). */
function stripParticle(token: string): string {
  return token.replace(GLUED_PARTICLE, '');
}

/**
 * The words that identify a person in a name form, folded: titles, ranks and courtesy words at
 * the front are roles, not the name ("Menlu Retno" -> retno; "Brigjen Pol Mukti Juharsa" ->
 * mukti juharsa), particles and suffixes carry nothing ("Taher al-Nono" -> taher nono), and
 * transliteration variants fold to one spelling (Zelensky -> zelenskyy). Never throws.
 */
export const identityTokens: (name: string) => readonly string[] = memoise((name) => computeIdentityTokens(name), 20_000);

function computeIdentityTokens(name: string): readonly string[] {
  const toks = nameTokens(name);
  let i = 0;
  while (i < toks.length - 1 && (ROLE_WORDS.has(toks[i] as string) || RANK_PARTS.has(toks[i] as string))) i++;
  const out: string[] = [];
  for (const t of toks.slice(i)) {
    const bare = t.replace(/\.$/, '');
    if (NAME_PARTICLES.has(bare) || SUFFIXES.has(bare.replace(/\./g, ''))) continue;
    const stripped = stripParticle(bare);
    if (stripped) out.push(foldNameToken(stripped));
  }
  return out.length > 0 ? out : toks.slice(-1).map(foldNameToken);
}

/** Words of ranks written after the rank proper ("Brigjen Pol", "Kombes Pol."): never a name. */
const RANK_PARTS = new Set(['pol', 'pol.', 'tni', 'purn', 'purn.', '(purn)', 'mar', 'psc']);

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
    return foldNameToken(stripParticle(t));
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


/**
 * Typing mistakes a name word of this length may carry and still be the same word: none up to
 * three letters (too many short names are one letter apart), one up to six, two beyond.
 */
export function typoBudget(length: number): number {
  return length <= 3 ? 0 : length <= 6 ? 1 : 2;
}

/**
 * True when two folded name words of a text are one word mistyped: within {@link typoBudget} of
 * the shorter one, which has five letters or more (Yani and Yadi, Hadi and Hani are different
 * people), and starting with the same letter (a first letter is rarely mistyped, and different
 * names often differ only there: Hadi/Yadi).
 */
export function nearWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.charAt(0) !== b.charAt(0) || Math.min(a.length, b.length) < 5) return false;
  const budget = typoBudget(Math.min(a.length, b.length));
  return budget > 0 && boundedEditDistance(a, b, budget) <= budget;
}
