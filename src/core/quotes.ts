/**
 * Direct quotes and who said them. Marks are paired by position (quote-marks.ts); each quote is
 * attributed from the speech verb after it (`“…,” kata X`, `tambahnya`, `ia menambahkan`) or
 * before it (`X mengatakan …: “…”`, `Menurut X, “…”`, `kata X, “…”` for a split quote); quotes
 * without their own attribution continue the quote before them in the paragraph or the one left
 * open in the previous paragraph; pronouns and `-nya` verbs name the most recent speaker, which
 * is a person or an institution, never a place (`Moskow mengatakan` does not make Moskow "-nya").
 * Scare quotes ("mendenazifikasi", "dalam perangkap") are dropped. Linear in the text length.
 */
import { ANONYMOUS_HEADS, ROLE_WORDS } from './name-lexicon.ts';
import { findQuoteSpans } from './quote-marks.ts';
import type { QuoteSpan } from './quote-marks.ts';
import {
  classifyNp,
  isBoundary,
  isNameWord,
  npBackward,
  npForward,
  sentenceSubjectStart,
  tokenize,
} from './quote-tokens.ts';
import type { Entity, Tok } from './quote-tokens.ts';
import { speakerKey } from './speakers.ts';
import { COMPLEMENTIZERS, MEDIA_VERBS, VERB_ADVERBS } from './speech-verbs.ts';
import type { Quote } from './types.ts';

/** Options of {@link extractQuotes}. */
export interface ExtractQuotesOptions {
  /** Headline, read for full names only (a speaker called "Lavrov" in the body keeps "Sergey Lavrov"). */
  readonly title?: string | null;
}

/** A quote before speaker resolution. */
interface Candidate {
  readonly text: string;
  readonly paragraph: number;
  readonly span: QuoteSpan;
  readonly tokIndex: number;
  readonly explicit: Entity | null;
  /** Quote starts the paragraph. */
  readonly leads: boolean;
  speaker: Entity | null;
  byFallback: boolean;
}

const ANY_MARK = /["“”„‟«»〝〞＂]/;
const WORD_RE = /[\p{L}\p{N}]+/gu;
const countWords = (s: string): number => s.match(WORD_RE)?.length ?? 0;

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

/** Entity named by the speech verb at `k`, looking no further than [from, to). */
function verbEntity(toks: readonly Tok[], k: number, from: number, to: number): Entity | null {
  const t = toks[k] as Tok;
  const v = t.verb;
  if (!v || MEDIA_VERBS.has(t.lower)) return null;
  if (v.form === 'nya' || v.form === 'menurut-nya') return { kind: 'pronoun', name: '', key: '', role: [] };
  if (v.form === 'active') {
    let b = k - 1;
    while (b >= from && toks[b]?.kind === 'word' && VERB_ADVERBS.has((toks[b] as Tok).lower)) b--;
    // "… Presiden Zelenskyy, yang mengklaim …": the relative clause's head speaks.
    if (toks[b]?.lower === 'yang') b -= toks[b - 1]?.text === ',' ? 2 : 1;
    const back = classifyNp(npBackward(toks, b, from));
    if (back.kind !== 'none') return back;
    // "Konstantin Gavrilov, seorang diplomat Rusia …, mengatakan", "Hasan Nasbi saat diminta …
    // menyebut": the subject of the sentence speaks.
    const s = sentenceSubjectStart(toks, from, k);
    const subject = npForward(toks, s, k);
    const e = classifyNp(subject, 'start');
    const after = toks[s + subject.length];
    return e.kind === 'person' && (after?.text === ',' || (after?.kind === 'word' && !after.title && !after.acronym)) ? e : null;
  }
  let start = k + 1;
  if (toks[start]?.lower === 'oleh') start++;
  const fwd = classifyNp(npForward(toks, start, to), 'start');
  return fwd.kind === 'none' ? describedAnaphor(toks, start, to) : fwd;
}

/** `ujar pria kelahiran Kuningan itu`: a description closed by a demonstrative points back. */
function describedAnaphor(toks: readonly Tok[], start: number, to: number): Entity | null {
  for (let k = start; k < Math.min(to, start + 8); k++) {
    const t = toks[k] as Tok;
    if (t.kind !== 'word' || t.verb) return null;
    if (k > start && (t.lower === 'itu' || t.lower === 'tersebut')) {
      return { kind: 'anaphor', name: '', key: '', role: toks.slice(start, k).map((x) => x.lower) };
    }
  }
  return null;
}

/** Attribution after a closed quote: `,” kata X`, `,” tambahnya`, `,” ia menambahkan`, `.” Demikian dikatakan X`. */
function attributionAfter(toks: readonly Tok[], qi: number, text: string): Entity | null {
  let k = qi + 1;
  const end = sentenceEnd(toks, qi);
  if (toks[k]?.text === ',') k++;
  // `,” demikian kata X`, `,” begitu ujarnya`
  if (toks[k]?.verb === null && (toks[k]?.lower === 'demikian' || toks[k]?.lower === 'begitu') && toks[k + 1]?.verb) k++;
  const first = toks[k];
  if (!first || first.kind !== 'word') return null;
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
function attributionBefore(toks: readonly Tok[], qi: number): Entity | null {
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
    if (e.kind === 'person' || e.kind === 'institution') return e;
  }
  return null;
}

/** True when a speech verb stands right before the quote (`memperingatkan “…”`, `menegaskan kembali bahwa “…`). */
function verbJustBefore(toks: readonly Tok[], qi: number): boolean {
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

const STANDALONE_BEFORE = new Set(['.', '!', '?', '…', ':', ';', '(', '—', '–', '-']);
const STANDALONE_AFTER = new Set(['.', ',', '!', '?', '…', ';', ':', ')', '—', '–', '-']);

/** Whether the quoted words are speech rather than a scare quote or a title. */
function isSpeech(toks: readonly Tok[], qi: number, span: QuoteSpan, text: string, attributed: boolean): boolean {
  const words = countWords(text);
  if (words === 0) return false;
  const prev = toks[qi - 1];
  const next = toks[qi + 1];
  const startsSentence =
    !prev || prev.kind === 'quote' || STANDALONE_BEFORE.has(prev.text) || (prev.text === ',' && attributed);
  const endsSentence =
    !span.closed ||
    /[.,!?…;:\u2014-]$/u.test(text) ||
    !next ||
    next.kind === 'quote' ||
    STANDALONE_AFTER.has(next.text) ||
    (next.kind === 'word' && next.verb !== null);
  if (startsSentence && endsSentence) return words >= 2 || attributed;
  // A partial quote inside reported speech: long enough, or the object of a speech verb.
  const titleLike = (text.match(/[\p{L}]+/gu) ?? []).every((w) => /^\p{Lu}/u.test(w));
  if (titleLike) return false;
  return (words >= 6 && attributed) || (words >= 3 && verbJustBefore(toks, qi));
}

/** The speaker a pronoun or a role anaphor points to. */
interface Salience {
  current: Entity | null;
  readonly people: Entity[];
  readonly registry: ReadonlyMap<string, Known>;
}

function remember(state: Salience, e: Entity): void {
  if (e.kind !== 'person' && e.kind !== 'institution') return;
  state.current = e;
  if (e.kind === 'person') state.people.push(e);
}

const UNNAMED_SOURCES = new Set(['sumber', 'narasumber']);

/** The most recent person whose role holds every role word of `role` ("Presiden" -> "Presiden RI Prabowo Subianto"). */
function matchRole(state: Salience, role: readonly string[]): Entity | null {
  const heads = role.filter((w) => ROLE_WORDS.has(w) || ANONYMOUS_HEADS.has(w));
  if (heads.length === 0) return null;
  for (let i = state.people.length - 1; i >= 0; i--) {
    const p = state.people[i] as Entity;
    if (heads.every((h) => p.role.includes(h))) return p;
  }
  // Someone introduced with the title who has not spoken yet ("Presiden Joko Widodo meresmikan …").
  let found: Entity | null = null;
  for (const known of state.registry.values()) {
    if (heads.every((h) => known.role.includes(h)) && known.name !== found?.name) {
      if (found) return null;
      found = withKnown({ kind: 'person', name: known.name, key: '', role: [] }, known);
    }
  }
  return found;
}

function resolveAnaphor(state: Salience, role: readonly string[]): Entity | null {
  const matched = matchRole(state, role);
  if (matched) return matched;
  // "sumber itu" points back to an unnamed source; "pria kelahiran Solo itu" to the last speaker.
  if (role.some((w) => UNNAMED_SOURCES.has(w))) return null;
  return state.current;
}

/** A full name seen in the article and the role words written before it. */
interface Known {
  readonly name: string;
  readonly role: readonly string[];
}

/**
 * Full names seen in the article, by key: "Lavrov" later reads as "Sergey Lavrov", and "kata
 * Presiden" finds the person introduced as "Presiden Joko Widodo (Jokowi)".
 */
function buildRegistry(tokenized: ReadonlyArray<readonly Tok[]>): Map<string, Known> {
  const names = new Map<string, Known>();
  for (const toks of tokenized) {
    for (let i = 0; i < toks.length; ) {
      if (!isNameWord(toks[i])) {
        i++;
        continue;
      }
      let j = i;
      while (j < toks.length && isNameWord(toks[j])) j++;
      if (j - i >= 2 && j - i <= 4) {
        const name = toks.slice(i, j).map((t) => t.text).join(' ');
        const key = speakerKey(name);
        const known = names.get(key);
        const role = npBackward(toks, i - 1, Math.max(0, i - 8)).filter((t) => t.kind === 'word').map((t) => t.lower);
        if (key && (!known || known.name.split(' ').length < j - i)) names.set(key, { name, role: [...role, ...(known?.role ?? [])] });
        else if (known && role.length > 0) names.set(key, { name: known.name, role: [...known.role, ...role] });
        // "Joko Widodo (Jokowi)": the alias names the same person.
        const alias = toks[j + 1];
        if (toks[j]?.text === '(' && toks[j + 2]?.text === ')' && alias && (isNameWord(alias) || alias.acronym)) {
          const aliasKey = speakerKey(alias.text);
          if (aliasKey && !names.has(aliasKey)) names.set(aliasKey, { name, role });
        }
      }
      i = j;
    }
  }
  return names;
}

function withKnown(e: Entity, known: Known): Entity {
  const role = [...new Set([...e.role, ...known.role])];
  return { kind: 'person', name: known.name, key: speakerKey(known.name), role };
}

/**
 * The fullest form of a person's name in the article: by key ("Lavrov" -> "Sergey Lavrov"), else
 * the one full name that holds every word of it ("Sri Mulyani" -> "Sri Mulyani Indrawati",
 * "Hasyim" -> "Hasyim Asy'ari"), which then also gives the key.
 */
function display(e: Entity, registry: ReadonlyMap<string, Known>): Entity {
  // "Susilo Bambang Yudhoyono (SBY)" makes a later "ujar SBY" a person, not an agency.
  if (e.kind === 'institution' && !e.name.includes(' ')) {
    const known = registry.get(e.key);
    if (known) return withKnown(e, known);
  }
  if (e.kind !== 'person') return e;
  const words = e.name.split(' ');
  const byKey = registry.get(e.key);
  if (byKey) return byKey.name.split(' ').length >= words.length ? withKnown(e, byKey) : e;
  let found: Known | null = null;
  for (const known of registry.values()) {
    const parts = known.name.split(' ');
    if (parts.length <= words.length || !words.every((w) => parts.includes(w))) continue;
    if (found !== null && found.name !== known.name) return e;
    found = known;
  }
  return found ? withKnown(e, found) : e;
}

/** Subjects of reported speech in the non-quoted text of a paragraph, with their positions. */
function reportedSpeakers(toks: readonly Tok[]): Array<{ pos: number; entity: Entity }> {
  const out: Array<{ pos: number; entity: Entity }> = [];
  let s = 0;
  for (let i = 0; i <= toks.length; i++) {
    if (i < toks.length && toks[i]?.kind !== 'quote' && !isBoundary(toks, i)) continue;
    // Sentence [s, i): its subject when it is a person ("Lavrov tiba …"), then its speech verbs.
    const subjStart = sentenceSubjectStart(toks, s, i);
    const subject = npForward(toks, subjStart, i);
    const after = toks[subjStart + subject.length];
    const e = classifyNp(subject, 'start');
    if (e.kind === 'person' && ((after?.kind === 'word' && !after.title && !after.acronym) || after?.text === '(')) out.push({ pos: toks[subjStart]?.start ?? 0, entity: e });
    for (let k = s; k < i; k++) {
      const t = toks[k] as Tok;
      if (t.kind !== 'word') continue;
      const v = t.verb;
      if (!v || !v.reporting) continue;
      const ve = verbEntity(toks, k, s, i);
      if (ve) out.push({ pos: t.start, entity: ve });
    }
    s = i + 1;
  }
  return out;
}

const salient = (e: Entity): boolean =>
  e.kind === 'person' || (e.kind === 'institution' && e.name.includes(' '));

/**
 * Direct quotes of an article's cleaned body paragraphs, in text order, each with its speaker.
 * Quote text is the words inside the marks, without the marks (a trailing comma stays). A quote
 * left open at the end of a paragraph ends there; a following paragraph that opens with a mark
 * continues the same speaker. Never throws; every quote text is a substring of its paragraph.
 */
export function extractQuotes(paragraphs: readonly string[], options: ExtractQuotesOptions = {}): Quote[] {
  if (!paragraphs.some((p) => ANY_MARK.test(p))) return [];
  const spansOf: QuoteSpan[][] = [];
  for (const p of paragraphs) {
    const before = spansOf[spansOf.length - 1];
    const last = before?.[before.length - 1];
    spansOf.push(findQuoteSpans(p, { continuing: last !== undefined && !last.closed }));
  }
  const toksOf = paragraphs.map((p, i) => tokenize(p, spansOf[i]));
  const registry = buildRegistry(options.title ? [tokenize(options.title), ...toksOf] : toksOf);
  const state: Salience = { current: null, people: [], registry };
  const all: Candidate[] = [];
  let previousOpen: Candidate | null = null;
  for (let pi = 0; pi < paragraphs.length; pi++) {
    const p = paragraphs[pi] as string;
    const spans = spansOf[pi] as QuoteSpan[];
    const toks = toksOf[pi] as Tok[];
    const events: Array<{ pos: number; entity?: Entity; candidate?: Candidate }> = reportedSpeakers(toks);
    const local: Candidate[] = [];
    for (let qi = 0; qi < toks.length; qi++) {
      const tok = toks[qi] as Tok;
      if (tok.kind !== 'quote') continue;
      const span = spans[tok.quote] as QuoteSpan;
      const text = p.slice(span.open + 1, span.close).trim();
      const explicit = (span.closed ? attributionAfter(toks, qi, text) : null) ?? attributionBefore(toks, qi);
      if (!isSpeech(toks, qi, span, text, explicit !== null)) continue;
      const c: Candidate = { text, paragraph: pi, span, tokIndex: qi, explicit, leads: qi === 0, speaker: null, byFallback: false };
      local.push(c);
      events.push({ pos: span.open, candidate: c });
    }
    events.sort((a, b) => a.pos - b.pos);
    let lastInParagraph: Candidate | null = null;
    for (const ev of events) {
      if (ev.entity) {
        const e = display(ev.entity, registry);
        if (salient(e)) remember(state, e);
        continue;
      }
      const c = ev.candidate as Candidate;
      const e = c.explicit;
      if (e && (e.kind === 'person' || e.kind === 'institution' || e.kind === 'place')) c.speaker = display(e, registry);
      else if (e?.kind === 'pronoun') c.speaker = state.current;
      else if (e?.kind === 'anaphor') c.speaker = resolveAnaphor(state, e.role);
      else if (e?.kind === 'role') c.speaker = matchRole(state, e.role);
      else if (e) c.speaker = null; // `kata seorang pejabat`, `kata mereka`: said by someone unnamed
      else {
        c.byFallback = true;
        if (lastInParagraph) c.speaker = lastInParagraph.speaker;
        else if (c.leads && previousOpen) c.speaker = previousOpen.speaker;
        else c.speaker = state.current;
      }
      if (c.speaker) remember(state, c.speaker);
      lastInParagraph = c;
    }
    // `“A.” “B,” kata X.`: an unattributed quote right before an attributed one shares its speaker.
    for (let i = local.length - 2; i >= 0; i--) {
      const c = local[i] as Candidate;
      const n = local[i + 1] as Candidate;
      if (c.byFallback && !n.byFallback && n.speaker && n.tokIndex === c.tokIndex + 1) c.speaker = n.speaker;
    }
    // A quote group spanning paragraphs takes the attribution found anywhere in it.
    const head = local[0];
    if (head && previousOpen && head.leads && !head.byFallback && head.speaker) {
      for (let i = all.length - 1; i >= 0; i--) {
        const prev = all[i] as Candidate;
        if (!prev.byFallback || prev.span.closed) break;
        prev.speaker = head.speaker;
        if (i === 0 || !(all[i] as Candidate).leads) break;
      }
    }
    all.push(...local);
    const last = local[local.length - 1];
    previousOpen = last && !last.span.closed ? last : null;
  }
  const seen = new Set<string>();
  const out: Quote[] = [];
  for (const c of all) {
    const speaker = c.speaker;
    const id = `${c.text}\u0000${speaker?.key ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      text: c.text,
      speaker: speaker ? speaker.name : null,
      speakerKey: speaker ? speaker.key || null : null,
      paragraph: c.paragraph,
    });
  }
  return out;
}
