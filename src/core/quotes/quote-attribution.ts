/**
 * Who a quote is attributed to, read from the tokens around it: the speech verb after it
 * (`“…,” kata X`, `tambahnya`, `ia menambahkan`, `.” Demikian dikatakan X`) or before it in the
 * same sentence (`X mengatakan …: “`, `Menurut X, “`, `kata X, “` of a split quote, `X: “`), and
 * the speakers of reported speech that make a later pronoun point to them. Every scan stays
 * inside one sentence: linear time.
 */
import { DEMONSTRATIVES, ROLE_WORDS } from '../speakers/index.ts';
import { classifyNp, npBackward, npForward, sentenceSubjectStart } from './noun-phrases.ts';
import type { Entity } from './noun-phrases.ts';
import { isBoundary, isNameWord } from './quote-tokens.ts';
import type { Tok } from './quote-tokens.ts';
import { COMPLEMENTIZERS, MEDIA_VERBS, VERB_ADVERBS } from './speech-verbs.ts';

/** Index of the first token of the sentence holding token `i`. */
function sentenceStart(toks: readonly Tok[], i: number): number {
  let k = i - 1;
  while (k >= 0 && toks[k]?.kind !== 'quote' && !isBoundary(toks, k)) k--;
  return k + 1;
}

/** Index one past the last token of the sentence holding token `i`. */
function sentenceEnd(toks: readonly Tok[], i: number): number {
  let k = i + 1;
  while (k < toks.length && toks[k]?.kind !== 'quote' && !isBoundary(toks, k)) k++;
  return k;
}

/**
 * Entity named by the speech verb at `k`, looking no further than [from, to). With `mainClause`,
 * a verb in a relative clause ("menanggapi Blinken yang mengatakan …") names nobody: its speaker
 * is reported, not the one the text goes on quoting.
 */
function verbEntity(toks: readonly Tok[], k: number, from: number, to: number, mainClause = false): Entity | null {
  const t = toks[k] as Tok;
  const v = t.verb;
  if (!v || MEDIA_VERBS.has(t.lower)) return null;
  if (v.form === 'nya' || v.form === 'menurut-nya') return { kind: 'pronoun', name: '', key: '', role: [] };
  if (v.form === 'active') {
    let b = k - 1;
    while (b >= from && toks[b]?.kind === 'word' && VERB_ADVERBS.has((toks[b] as Tok).lower)) b--;
    // "… Presiden Zelenskyy, yang mengklaim …": the relative clause's head speaks.
    if (toks[b]?.lower === 'yang') {
      if (mainClause) return null;
      b -= toks[b - 1]?.text === ',' ? 2 : 1;
    }
    const back = classifyNp(npBackward(toks, b, from));
    if (back.kind !== 'none') return back;
    // "Konstantin Gavrilov, seorang diplomat Rusia …, mengatakan", "Hasan Nasbi saat diminta …
    // menyebut": the subject of the sentence speaks.
    const s = sentenceSubjectStart(toks, from, k);
    const subject = npForward(toks, s, k);
    const e = classifyNp(subject, 'start');
    const after = toks[s + subject.length];
    const subjectOfSentence = after?.text === ',' || (after?.kind === 'word' && !after.title && !after.acronym);
    // "Seorang pejabat AS yang tidak mau disebutkan namanya mengatakan": someone unnamed speaks.
    return subjectOfSentence && (e.kind === 'person' || e.kind === 'anonymous') ? e : null;
  }
  let start = k + 1;
  if (toks[start]?.lower === 'oleh') start++;
  // `kata keterangan resmi Polda Metro Jaya`: the statement's author speaks.
  if (STATEMENT_NOUNS.has(toks[start]?.lower ?? '')) return statementAuthor(toks, start, to);
  const np = npForward(toks, start, to);
  const fwd = classifyNp(np, 'start');
  if (fwd.kind === 'none') return describedAnaphor(toks, start, to);
  // "kata pelatih Persib itu": one capitalised word after a title and before a demonstrative names
  // a club or a body in a description, not a person.
  const closed = np[np.length - 1];
  if (fwd.kind === 'person' && fwd.role.length > 0 && !fwd.name.includes(' ') && closed && DEMONSTRATIVES.has(closed.lower)) {
    return describedAnaphor(toks, start, to) ?? fwd;
  }
  // "imbuh jenderal bintang satu itu", "ujar ibu dua anak itu": a title that opens a longer
  // description closed by a demonstrative points back to someone already in the text.
  if (fwd.kind === 'role' || fwd.kind === 'anonymous') return describedAnaphor(toks, start, to) ?? fwd;
  return fwd;
}

/** Verbs that give the name someone goes by ("yang akrab disapa Mas Tri itu"). */
const ALIAS_VERBS = new Set(['disapa', 'dipanggil', 'dikenal', 'disebut', 'dijuluki']);
/** Familiar honorifics before a nickname; not part of it. */
const FAMILIAR = new Set(['mas', 'mbak', 'bang', 'kak', 'kang', 'cak', 'pak', 'bu', 'gus', 'ning', 'uda', 'uni', 'daeng', 'om', 'bung', 'abah', 'teh', 'aa', 'koh', 'ci']);

/** Longest description read after a speech verb, in tokens. */
const MAX_DESCRIPTION = 10;

/**
 * `ujar pria kelahiran Kuningan itu`: a description closed by a demonstrative points back. A
 * nickname in it (`pria yang akrab disapa Mas Tri itu`) is kept as the anaphor's alias.
 */
function describedAnaphor(toks: readonly Tok[], start: number, to: number): Entity | null {
  let alias: string[] | null = null;
  let relative = false;
  for (let k = start; k < Math.min(to, start + MAX_DESCRIPTION); k++) {
    const t = toks[k] as Tok;
    // "pria yang mengaku sudah 20 tahun berjualan itu": verbs inside the relative clause describe.
    if (t.kind !== 'word' || (t.verb && !relative)) return null;
    if (k > start && t.lower === 'yang') relative = true;
    if (k > start && (t.lower === 'itu' || t.lower === 'tersebut')) {
      const role = toks.slice(start, k).map((x) => x.lower);
      const name = alias?.join(' ') ?? '';
      return name ? { kind: 'anaphor', name: '', key: '', role, alias: name } : { kind: 'anaphor', name: '', key: '', role };
    }
    if (alias !== null && /^\p{Lu}/u.test(t.text) && (alias.length > 0 || !FAMILIAR.has(t.lower))) alias.push(t.text);
    else if (alias === null && ALIAS_VERBS.has(t.lower)) alias = [];
  }
  return null;
}

/** Nouns of an issued statement: `“…,” demikian pernyataan resmi Divisi Humas Polri`. */
const STATEMENT_NOUNS = new Set(['pernyataan', 'keterangan', 'siaran', 'rilis', 'pengumuman', 'unggahan', 'cuitan', 'surat']);
/** Words between a statement noun and its author. */
const STATEMENT_MODIFIERS = new Set(['resmi', 'tertulis', 'pers', 'bersama', 'tertulisnya', 'dari', 'akun', 'resminya']);

/**
 * The author of a statement named after a quote: `demikian pernyataan resmi X`, `bunyi
 * keterangan tertulis X`, `isi siaran pers X`. Null when none is named.
 */
function statementAuthor(toks: readonly Tok[], k: number, end: number): Entity | null {
  let j = k;
  if (toks[j]?.lower === 'demikian' || toks[j]?.lower === 'begitu') j++;
  if (toks[j]?.lower === 'bunyi' || toks[j]?.lower === 'isi' || toks[j]?.lower === 'kutipan') j++;
  if (!STATEMENT_NOUNS.has(toks[j]?.lower ?? '')) return null;
  j++;
  while (j < end && STATEMENT_MODIFIERS.has(toks[j]?.lower ?? '')) j++;
  const e = classifyNp(npForward(toks, j, end), 'start');
  return e.kind === 'institution' || e.kind === 'person' ? e : null;
}

/** Attribution after a closed quote: `,” kata X`, `,” tambahnya`, `,” ia menambahkan`, `.” Demikian dikatakan X`. */
export function attributionAfter(toks: readonly Tok[], qi: number, text: string): Entity | null {
  let k = qi + 1;
  let end = sentenceEnd(toks, qi);
  if (toks[k]?.text === ',') k++;
  // `”. Demikian kata X.`: a closing sentence that only attributes.
  if (toks[k]?.text === '.' && (toks[k + 1]?.lower === 'demikian' || toks[k + 1]?.lower === 'begitu')) {
    k++;
    end = sentenceEnd(toks, k);
  }
  // `,” demikian kata X`, `,” begitu ujarnya`
  if (toks[k]?.verb === null && (toks[k]?.lower === 'demikian' || toks[k]?.lower === 'begitu') && toks[k + 1]?.verb) k++;
  const first = toks[k];
  if (!first || first.kind !== 'word') return null;
  const statement = first.verb ? null : statementAuthor(toks, k, end);
  if (statement) return statement;
  const stopped = /[.!?…]$/u.test(text);
  for (let j = k; j < Math.min(end, k + 8); j++) {
    const t = toks[j] as Tok;
    if (t.kind === 'quote') return null;
    if (t.kind !== 'word') {
      if (t.text === ',' && j > k) continue;
      return null;
    }
    const v = t.verb;
    if (v && !MEDIA_VERBS.has(t.lower)) {
      if (j === k) return verbEntity(toks, j, k, end) ?? { kind: 'none', name: '', key: '', role: [] };
      if (v.form === 'passive' && ['demikian', 'hal', 'itu', 'ini', 'pernyataan'].includes(first.lower)) {
        return verbEntity(toks, j, j, end);
      }
      // A capitalised subject after a quote that ended its sentence starts a new sentence.
      if (stopped && /^\p{Lu}/u.test(first.text)) return null;
      if (v.form !== 'active' && v.form !== 'bare' && v.form !== 'nya') return null;
      const subject = classifyNp(npBackward(toks, j - 1, k));
      return subject.kind === 'none' ? null : subject;
    }
    const npLike = isNameWord(t) || /^\p{Lu}/u.test(t.text) || VERB_ADVERBS.has(t.lower) || ROLE_WORDS.has(t.lower) || ['ia', 'dia', 'beliau', 'itu', 'tersebut', 'demikian', 'hal'].includes(t.lower);
    if (!npLike) return null;
  }
  return null;
}

/** Attribution before a quote within its sentence: `X mengatakan: “`, `Menurut X, “`, `kata X, “`, `X: “`. */
export function attributionBefore(toks: readonly Tok[], qi: number): Entity | null {
  const from = sentenceStart(toks, qi);
  let firstWord = from;
  while (firstWord < qi && toks[firstWord]?.kind !== 'word') firstWord++;
  for (let k = qi - 1; k >= from; k--) {
    const t = toks[k] as Tok;
    if (t.kind !== 'word') continue;
    const v = t.verb;
    if (!v) continue;
    if (v.form === 'bare' && !v.reporting && k !== firstWord) continue;
    const e = verbEntity(toks, k, from, qi);
    if (e) return e;
  }
  if (toks[qi - 1]?.text === ':') {
    const e = classifyNp(npBackward(toks, qi - 2, from));
    if (e.kind === 'person') return e;
  }
  return null;
}

/** True when a speech verb stands right before the quote (`memperingatkan “…”`, `menegaskan kembali bahwa “…`). */
export function verbJustBefore(toks: readonly Tok[], qi: number): boolean {
  for (let k = qi - 1, n = 0; k >= 0 && n < 4; k--, n++) {
    const t = toks[k] as Tok;
    if (t.kind === 'punct' && (t.text === ':' || t.text === ',')) continue;
    if (t.kind !== 'word') return false;
    if (COMPLEMENTIZERS.has(t.lower) || VERB_ADVERBS.has(t.lower)) continue;
    const v = t.verb;
    return v !== null && v.form !== 'nya' && !MEDIA_VERBS.has(t.lower);
  }
  return false;
}

/**
 * Subjects of reported speech in the non-quoted text of a paragraph, with their token indices; a
 * sentence subject that only acts ("Lavrov tiba di Jakarta") is `weak`: it is what a following
 * "katanya" in the same paragraph means, but it does not displace the article's last speaker.
 */
export function reportedSpeakers(toks: readonly Tok[]): Array<{ pos: number; entity: Entity; weak: boolean }> {
  const out: Array<{ pos: number; entity: Entity; weak: boolean }> = [];
  let s = 0;
  for (let i = 0; i <= toks.length; i++) {
    if (i < toks.length && toks[i]?.kind !== 'quote' && !isBoundary(toks, i)) continue;
    // Sentence [s, i): its subject when it is a person ("Lavrov tiba …"), then its speech verbs.
    const subjStart = sentenceSubjectStart(toks, s, i);
    const subject = npForward(toks, subjStart, i);
    const after = toks[subjStart + subject.length];
    const e = classifyNp(subject, 'start');
    // "Pelatih Persib, Carlos Mendieta, memuji …": a name set off by commas after its title acts too.
    const appositive = after?.text === ',' && subject.some((t) => t.text === ',') && toks[subjStart + subject.length + 1]?.kind === 'word';
    if (e.kind === 'person' && ((after?.kind === 'word' && !after.title && !after.acronym) || after?.text === '(' || appositive)) out.push({ pos: subjStart, entity: e, weak: true });
    else if (e.kind === 'role') {
      const named = appositiveAfterRole(toks, subjStart + subject.length, i);
      if (named) out.push({ pos: subjStart, entity: { ...named, role: [...e.role, ...named.role] }, weak: true });
    }
    for (let k = s; k < i; k++) {
      const t = toks[k] as Tok;
      if (t.kind !== 'word') continue;
      const v = t.verb;
      if (!v || !v.reporting) continue;
      const ve = verbEntity(toks, k, s, i, true);
      if (ve) out.push({ pos: k, entity: ve, weak: false });
    }
    s = i + 1;
  }
  return out;
}

/** Lowercase words a title may carry before its comma ("Manajer tim lawan, X, …"). */
const MAX_TITLE_MODIFIERS = 3;

/**
 * "Manajer tim lawan, Kevin Sutrisno, menolak …": the person named between commas after a title
 * and a few lowercase modifiers, when a word follows the second comma; else null.
 */
function appositiveAfterRole(toks: readonly Tok[], from: number, end: number): Entity | null {
  let c = from;
  while (c < from + MAX_TITLE_MODIFIERS && toks[c]?.kind === 'word' && !(toks[c] as Tok).verb && /^\p{Ll}+$/u.test((toks[c] as Tok).text)) c++;
  if (toks[c]?.text !== ',') return null;
  const np = npForward(toks, c + 1, end);
  const e = classifyNp(np, 'start');
  const next = c + 1 + np.length;
  return e.kind === 'person' && np.length > 0 && toks[next]?.text === ',' && toks[next + 1]?.kind === 'word' ? e : null;
}
