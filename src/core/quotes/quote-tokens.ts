/**
 * Tokens for quote attribution ({@link paragraphTokens}). A paragraph becomes words, punctuation and one opaque token per
 * quoted span, so attribution never reads inside a quote. Word features (capitalised, acronym,
 * can be part of a name, speech verb) are computed once per distinct word. Linear time.
 */
import { ABBREVIATIONS, DOMAIN_WORDS, INSTITUTION_HEADS, ROLE_WORDS, isNonNameWord } from '../speakers/index.ts';
import { isWordCode } from '../text/index.ts';
import type { QuoteSpan } from './quote-marks.ts';
import { speechVerb } from './speech-verbs.ts';
import type { SpeechVerb } from './speech-verbs.ts';

/**
 * A word, a punctuation mark, or a whole quoted span. Word and punctuation tokens carry no
 * position and are shared between occurrences of the same text (they are immutable), so
 * tokenising allocates almost nothing; positions are token indices.
 */
export interface Tok {
  readonly kind: 'word' | 'punct' | 'quote';
  readonly text: string;
  readonly lower: string;
  /** Index of the span for `quote` tokens, -1 otherwise. */
  readonly quote: number;
  /** Capitalised word with lowercase letters ("Lavrov", "Jenderal"; not "NATO"). */
  readonly title: boolean;
  /** All-capital word of two or more characters ("NATO", "BNPB"). */
  readonly acronym: boolean;
  /** Word that can be part of a person's name (not a role, place, month, function word). */
  readonly name: boolean;
  /** The word as a speech verb, or null. */
  readonly verb: SpeechVerb | null;
}

/**
 * Tokens depend on their text alone, and news reuses a small vocabulary, so they are memoised;
 * the memo is emptied when it grows past a bound so memory stays flat.
 */
const MEMO = new Map<string, Tok>();
const MEMO_MAX = 50_000;

function wordTok(text: string): Tok {
  const known = MEMO.get(text);
  if (known) return known;
  const lower = text.toLowerCase();
  const title = /^\p{Lu}/u.test(text) && /\p{Ll}/u.test(text);
  const acronym = /^\p{Lu}[\p{Lu}\p{N}]+$/u.test(text);
  const verb = speechVerb(lower);
  const t: Tok = { kind: 'word', text, lower, quote: -1, title, acronym, verb, name: nameCapable(text, lower, title, verb) };
  if (MEMO.size >= MEMO_MAX) MEMO.clear();
  MEMO.set(text, t);
  return t;
}

const PUNCT = new Map<string, Tok>();

function punctTok(text: string): Tok {
  let t = PUNCT.get(text);
  if (!t) {
    t = { kind: 'punct', text, lower: text, quote: -1, title: false, acronym: false, name: false, verb: null };
    if (PUNCT.size < 4096) PUNCT.set(text, t);
  }
  return t;
}

const SPACE = /^\s$/u;

function isSpaceCode(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(String.fromCodePoint(c));
}

/** Combining marks and apostrophes continue a word ("Asy'ari", "Erdog̃an"). */
const isWordTail = (c: number): boolean => isWordCode(c) || c === 39 || c === 0x2019 || (c >= 0x300 && c <= 0x36f);

/**
 * Words are letters and digits with inner apostrophes, and hyphens or dots between letters
 * ("Tae-yong", "1.000", "U.S"); every other non-space character is one punctuation token.
 * A hand-written scanner: this is the hottest loop of the pipeline.
 */
function pushSegment(out: Tok[], p: string, from: number, to: number): void {
  let i = from;
  while (i < to) {
    const c = p.codePointAt(i) as number;
    const width = c > 0xffff ? 2 : 1;
    if (isSpaceCode(c)) {
      i += width;
    } else if (isWordCode(c)) {
      let j = i + width;
      while (j < to) {
        const d = p.codePointAt(j) as number;
        if (isWordTail(d)) j += d > 0xffff ? 2 : 1;
        else if ((d === 45 || d === 46) && j + 1 < to && isWordCode(p.codePointAt(j + 1) as number)) j += 1;
        else break;
      }
      out.push(wordTok(p.slice(i, j)));
      i = j;
    } else {
      out.push(punctTok(p.slice(i, i + width)));
      i += width;
    }
  }
}

/** A paragraph as attribution reads it: words, punctuation, and one `quote` token per span in `spans`. */
export function paragraphTokens(p: string, spans: readonly QuoteSpan[] = []): Tok[] {
  const out: Tok[] = [];
  let pos = 0;
  spans.forEach((span, s) => {
    const start = Math.max(pos, span.open);
    if (start > pos) pushSegment(out, p, pos, start);
    const end = Math.max(start, Math.min(p.length, span.close + 1));
    out.push({ kind: 'quote', text: p.slice(start, end), lower: '', quote: s, title: false, acronym: false, name: false, verb: null });
    pos = end;
  });
  pushSegment(out, p, pos, p.length);
  return withoutDegrees(out);
}

/** An academic or professional degree written after a name: "M.Si", "Sp.PD", "S.H", "Ph.D", "MBA". */
const DEGREE = /^(?:\p{Lu}\p{Ll}{0,3}\.)+\p{Lu}[\p{L}]{0,3}$|^(?:MBA|MPH|MSc|PhD|LLM|SH|SE|MH|MM|MA|MT)$/u;

/**
 * "Wahyu Santosa, M.Si., menilai …" -> "Wahyu Santosa, menilai …": degrees after a name stand
 * between the name and its verb, so they are taken out of the token stream (never out of quotes).
 */
function withoutDegrees(toks: Tok[]): Tok[] {
  if (!toks.some((t) => t.kind === 'word' && t.text.includes('.') && DEGREE.test(t.text))) return toks;
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    const prev = out[out.length - 1];
    if (t.text === ',' && prev?.kind === 'word' && prev.title) {
      let j = i + 1;
      let degrees = 0;
      while (toks[j]?.kind === 'word' && DEGREE.test(toks[j]?.text ?? '')) {
        degrees++;
        j++;
        if (toks[j]?.text === '.') j++;
        if (toks[j]?.text === ',' && toks[j + 1]?.kind === 'word' && DEGREE.test(toks[j + 1]?.text ?? '')) j++;
      }
      const next = toks[j];
      // Degrees close with a comma, the paragraph's end or a lowercase word (the verb); "Sleman,
      // D.I. Yogyakarta" goes on with a name and is a place.
      const closes = next === undefined || next.text === ',' || next.kind === 'quote' || (next.kind === 'word' && !next.title && !next.acronym);
      if (degrees > 0 && closes) {
        // Keep the comma that closes the degrees ("…, M.Si., menilai"), or the sentence's end.
        if (next?.text !== ',' && toks[j - 1]?.text === '.') j--;
        i = j - 1;
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

const ENDERS = new Set(['.', '!', '?', '…']);

/** True when token `i` ends a sentence (not the period of "Dr." or of an initial "W."). */
export function isBoundary(toks: readonly Tok[], i: number): boolean {
  const t = toks[i];
  if (!t || t.kind !== 'punct') return false;
  if (t.text === ';') return true;
  if (!ENDERS.has(t.text)) return false;
  const next = toks[i + 1];
  if (next && next.kind === 'word' && !/^[\p{Lu}\p{N}]/u.test(next.text)) return false;
  if (next && next.kind === 'punct' && !ENDERS.has(next.text) && next.text !== '(') return false;
  const prev = toks[i - 1];
  if (t.text === '.' && prev?.kind === 'word' && (ABBREVIATIONS.has(prev.lower) || /^\p{Lu}$/u.test(prev.text))) {
    return false;
  }
  return true;
}

/** Capitalised word with lowercase letters. */
export const isTitle = (t: Tok | undefined): boolean => t?.title === true;
/** All-capital word ("NATO"). */
export const isAcronym = (t: Tok | undefined): boolean => t?.acronym === true;
/** A single capital letter ("W" of "George W. Bush"). */
export const isInitial = (t: Tok | undefined): boolean => t?.kind === 'word' && t.text.length === 1 && t.acronym === false && /^\p{Lu}$/u.test(t.text);
/** An initial ("W") or a title abbreviation ("Dr", "Prof", "H") whose period does not end the phrase. */
export const isShortened = (t: Tok | undefined): boolean => isInitial(t) || (t?.kind === 'word' && ABBREVIATIONS.has(t.lower));
const PREFIXED_NAME = /^(?:al|el|ad|ar|as|ash|at|az|an|ibn|bin|van|von|de|di|da|du|d'|o'|mc|mac)[-']\p{Lu}/u;

/**
 * Words that are a role next to another role word (`Perdana Menteri`, `Jaksa Agung`, `Putra
 * Mahkota`) and common name parts otherwise (`Aditya Perdana`, `Agung Laksono`).
 */
export const NAME_OR_ROLE: ReadonlySet<string> = new Set(['perdana', 'utama', 'agung', 'putra', 'putri', 'raja', 'ratu', 'muda', 'jaya', 'mulia', 'hakim']);
/** A role, institution or domain word that makes a neighbouring NAME_OR_ROLE word a title. */
export const isRoleish = (t: Tok | undefined): boolean =>
  t?.kind === 'word' && !NAME_OR_ROLE.has(t.lower) && (ROLE_WORDS.has(t.lower) || INSTITUTION_HEADS.has(t.lower) || DOMAIN_WORDS.has(t.lower));

/**
 * Derived Indonesian words (pe-…-an, ke-…-an, me-…-kan, -nya) that start sentences capitalised
 * ("Pernyataan Susilo Bambang Yudhoyono …", "Kebijakan Presiden …") and are never names.
 */
export const DERIVED = /^(?:(?:pe[nmr]?|peng|peny|ke)\p{L}{3,}an|(?:me[nmr]?|meng|meny|ber|ter|di)\p{L}{3,}(?:kan|an)|\p{L}{3,}nya)$/u;

function nameCapable(text: string, lower: string, title: boolean, verb: SpeechVerb | null): boolean {
  if (PREFIXED_NAME.test(text)) return true;
  if (!title) return false;
  if (NAME_OR_ROLE.has(lower)) return true;
  // Degrees and abbreviations ("M.Si", "S.H", "Ph.D") carry dots; names never do.
  if (DERIVED.test(lower) || lower.includes('.')) return false;
  if (isNonNameWord(lower) || verb) return false;
  const base = lower.split('-')[0] ?? lower;
  return !isNonNameWord(base);
}

/** True for a word that can be part of a person's name (not a role, place, month, …). */
export function isNameWord(t: Tok | undefined): boolean {
  return t?.name === true;
}

