/**
 * Direct quotes and who said them. Marks are paired by position (quote-marks.ts); each quote is
 * attributed from the speech verb after it (`“…,” kata X`, `tambahnya`, `ia menambahkan`) or
 * before it (`X mengatakan …: “…”`, `Menurut X, “…”`, `kata X, “…”` for a split quote); quotes
 * without their own attribution continue the quote before them in the paragraph or the one left
 * open in the previous paragraph; pronouns and `-nya` verbs name the most recent speaker, which
 * is a person or an institution, never a place (`Moskow mengatakan` does not make Moskow "-nya");
 * an institution reporting in plain text ("Kemenhub menyatakan …") takes them only while no one
 * has spoken yet. A person reporting in a paragraph without quotes ("Rifqi memastikan …. Ia juga
 * menjanjikan …") becomes the speaker they mean; a description closed by "itu" ("jenderal bintang
 * satu itu", "ibu dua anak itu", "yang akrab disapa Mas Tri itu") is resolved by title, party,
 * nickname and sex before falling back to the pronoun's target (salience.ts).
 * Scare quotes ("mendenazifikasi", "dalam perangkap") are dropped. Linear in the text length.
 */
import { ROLE_WORDS, speakerKey, EMPTY_DIRECTORY, type SpeakerDirectory, resolveArticleSpeakers } from '../speakers/index.ts';
import { asOffice, gluedWordsDropper, placeWords } from './speaker-forms.ts';
import { buildRegistry, display } from './name-registry.ts';
import type { Registry } from './name-registry.ts';
import { addPerson, matchRole, newSalience, pronounTarget, remember, rememberUnnamed, resolveAnaphor, type Salience } from './salience.ts';
import { attributionAfter, attributionBefore, reportedSpeakers, verbJustBefore } from './quote-attribution.ts';
import { findQuoteSpans } from './quote-marks.ts';
import type { QuoteSpan } from './quote-marks.ts';
import { classifyNp, npBackward } from './noun-phrases.ts';
import type { Entity } from './noun-phrases.ts';
import { paragraphTokens } from './quote-tokens.ts';
import type { Tok } from './quote-tokens.ts';
import { speechVerb } from './speech-verbs.ts';
import type { Quote } from '../model/index.ts';

/** Options of {@link extractQuotes}. */
export interface ExtractQuotesOptions {
  /** Headline, read for full names only (a speaker called "Lavrov" in the body keeps "Sergey Lavrov"). */
  readonly title?: string | null;
  /** The operator's aliases (Jokowi -> Joko Widodo). Default: none, only the general name rules. */
  readonly speakers?: SpeakerDirectory;
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
const WORD_TEST = /[\p{L}\p{N}]/u;
/** Number of words (runs of letters or digits) in `s`. */
function countWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const w = c < 0x80 ? (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : WORD_TEST.test(s.charAt(i));
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

/** True when every word of `s` starts with a capital letter. */
function allCapitalised(s: string): boolean {
  let start = true;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    const c = s.charCodeAt(i);
    const letter = c < 0x80 ? (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : WORD_TEST.test(ch);
    if (letter && start && ch !== ch.toUpperCase()) return false;
    start = !letter && !(c >= 48 && c <= 57) && c !== 39 && c !== 0x2019;
  }
  return true;
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
  // A run of capitalised words ("Jalan Panjang Menuju Demokrasi") is a title unless someone says it.
  const titleLike = words >= 2 && allCapitalised(text);
  if (startsSentence && endsSentence) return attributed || (words >= 2 && !titleLike);
  if (titleLike) return false;
  // A partial quote inside reported speech: long enough, or the object of a speech verb.
  return (words >= 5 && attributed) || (words >= 3 && verbJustBefore(toks, qi));
}

const TAIL_ATTRIBUTION = /,\s+(\p{L}+)(?=(\s*[.,]|\s*$)?)/gu;

/**
 * A quote whose closing mark is missing but whose attribution is plain (`“Kami siap, kata dia.`)
 * ends at the comma before the speech verb, so the verb attributes it and is not quoted.
 */
function closeAtAttribution(p: string, span: QuoteSpan): QuoteSpan {
  const from = Math.max(span.open + 1, p.length - 120);
  TAIL_ATTRIBUTION.lastIndex = from;
  for (let m = TAIL_ATTRIBUTION.exec(p); m !== null; m = TAIL_ATTRIBUTION.exec(p)) {
    const v = speechVerb((m[1] as string).toLowerCase());
    // Only unambiguous attributions: "kata"/"ujar"/… with a speaker, or a -nya verb ending the clause
    // ("…, tambahnya."); "…, tegas dan terukur" stays inside the quote.
    const ends = m[2] !== undefined;
    if (v && ((v.form === 'bare' && v.reporting && !ends) || (v.form === 'nya' && ends))) {
      return { open: span.open, close: m.index + 1, closed: true };
    }
  }
  return span;
}

/** The person a headline of the form "Name: …" gives the floor to, or null. */
function headlineSpeaker(toks: readonly Tok[]): Entity | null {
  const colon = toks.findIndex((t) => t.text === ':');
  if (colon < 1 || colon > 8) return null;
  // The whole text before the colon must name the person ("Jokowi Soal Pemilu:" does not).
  const np = npBackward(toks, colon - 1, 0);
  if (np.length !== colon) return null;
  const e = classifyNp(np);
  return e.kind === 'person' ? e : null;
}


const salient = (e: Entity): boolean =>
  e.kind === 'person' || (e.kind === 'institution' && e.name.includes(' '));

/**
 * The quote spans of every paragraph. A quote left open at a paragraph's end stays open into the
 * next paragraph when that one opens with a mark; otherwise it closes at a plain attribution.
 */
function spansOfParagraphs(paragraphs: readonly string[]): QuoteSpan[][] {
  const spansOf: QuoteSpan[][] = [];
  let open = false;
  paragraphs.forEach((p, i) => {
    const spans = findQuoteSpans(p, { continuing: open });
    const last = spans[spans.length - 1];
    const next = paragraphs[i + 1]?.trimStart() ?? '';
    if (last && !last.closed && !ANY_MARK.test(next.charAt(0))) spans[spans.length - 1] = closeAtAttribution(p, last);
    const tail = spans[spans.length - 1];
    open = tail !== undefined && !tail.closed;
    spansOf.push(spans);
  });
  return spansOf;
}

/** What happens in a paragraph, in token order: someone reports or acts, or a quote is spoken. */
interface ParagraphEvent {
  readonly pos: number;
  readonly entity?: Entity;
  readonly weak?: boolean;
  readonly candidate?: Candidate;
}

/** The quotes of paragraph `pi` that are speech, with their explicit attribution, and its events. */
function readParagraph(p: string, spans: readonly QuoteSpan[], toks: readonly Tok[], pi: number): { local: Candidate[]; events: ParagraphEvent[] } {
  const events: ParagraphEvent[] = reportedSpeakers(toks);
  const local: Candidate[] = [];
  for (let qi = 0; qi < toks.length; qi++) {
    const tok = toks[qi] as Tok;
    if (tok.kind !== 'quote') continue;
    const span = spans[tok.quote] as QuoteSpan;
    const text = p.slice(span.open + 1, span.close).trim();
    if (!WORD_TEST.test(text)) continue;
    const explicit = (span.closed ? attributionAfter(toks, qi, text) : null) ?? attributionBefore(toks, qi);
    if (!isSpeech(toks, qi, span, text, explicit !== null)) continue;
    const c: Candidate = { text, paragraph: pi, span, tokIndex: qi, explicit, leads: qi === 0, speaker: null, byFallback: false };
    local.push(c);
    events.push({ pos: qi, candidate: c });
  }
  events.sort((a, b) => a.pos - b.pos);
  return { local, events };
}

/** The article-wide state attribution reads and updates, paragraph after paragraph. */
interface Reading {
  readonly state: Salience;
  readonly registry: Registry;
  /** Place words of the article, read on first need. */
  readonly places: () => ReadonlySet<string>;
}

/** Someone reports or acts outside a quote: who pronouns, titles and descriptions may now mean. */
function noteActor(r: Reading, ev: ParagraphEvent & { entity: Entity }, pi: number): void {
  const { state } = r;
  if (ev.entity.kind === 'pronoun') {
    // "Rifqi memastikan …. Ia juga menjanjikan …": the one who goes on reporting is the speaker now.
    const target = ev.weak ? null : pronounTarget(state, pi);
    if (target) remember(state, target);
    return;
  }
  const e = display(asOffice(ev.entity, r.places), r.registry);
  if (!ev.weak && e.kind === 'anonymous' && e.role.some((w) => w === 'seorang' || w === 'salah')) {
    // "Seorang pejabat … mengatakan …": a following "tambahnya" means that unnamed official.
    rememberUnnamed(state);
    return;
  }
  if (!salient(e)) return;
  if (ev.weak) {
    // A lone capitalised word opening a sentence ("Serangan itu …") is not taken for a person.
    if (!e.name.includes(' ') && !e.role.some((w) => ROLE_WORDS.has(w))) return;
    state.weak = { entity: e, paragraph: pi, seq: ++state.seq };
    addPerson(state, e);
  } else if (e.kind === 'person' || state.current === null || e.role.length > 0) remember(state, e);
}

/** Where an unattributed quote's speaker comes from when the paragraph says nothing. */
interface Context {
  readonly pi: number;
  readonly lastInParagraph: Candidate | null;
  readonly lastInParagraphSeq: number;
  readonly previousOpen: Candidate | null;
}

/** The speaker of quote `c`: its own attribution resolved, else the one the context gives. */
function attribute(r: Reading, c: Candidate, at: Context): void {
  const { state } = r;
  const e = c.explicit;
  if (e && (e.kind === 'person' || e.kind === 'institution' || e.kind === 'place')) c.speaker = display(asOffice(e, r.places), r.registry);
  else if (e?.kind === 'pronoun') c.speaker = pronounTarget(state, at.pi);
  else if (e?.kind === 'anaphor') c.speaker = resolveAnaphor(state, e, at.pi);
  else if (e?.kind === 'role') c.speaker = matchRole(state, e.role);
  else if (e) {
    // `kata seorang pejabat`, `kata mereka`: said by someone unnamed, and so is a following "tambahnya".
    c.speaker = null;
    rememberUnnamed(state);
  } else {
    c.byFallback = true;
    // `“A,” kata Budi. Sementara itu, Ani menilai …. “B.”`: someone reporting in between takes B.
    if (at.lastInParagraph && state.currentSeq <= at.lastInParagraphSeq) c.speaker = at.lastInParagraph.speaker;
    else if (c.leads && at.previousOpen) c.speaker = at.previousOpen.speaker;
    else c.speaker = pronounTarget(state, at.pi);
  }
  if (c.speaker) remember(state, c.speaker);
}

/**
 * Speakers a paragraph's quotes share: an unattributed quote right before an attributed one
 * (`“A.” “B,” kata X.`), and a quote group spanning paragraphs, whose attribution found anywhere
 * in it holds for the whole group.
 */
function shareSpeakers(local: readonly Candidate[], before: readonly Candidate[], previousOpen: Candidate | null): void {
  for (let i = local.length - 2; i >= 0; i--) {
    const c = local[i] as Candidate;
    const n = local[i + 1] as Candidate;
    if (c.byFallback && !n.byFallback && n.speaker && n.tokIndex === c.tokIndex + 1) c.speaker = n.speaker;
  }
  const head = local[0];
  if (!head || !previousOpen || !head.leads || head.byFallback || !head.speaker) return;
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i] as Candidate;
    if (!prev.byFallback || prev.span.closed) break;
    prev.speaker = head.speaker;
    if (i === 0 || !prev.leads) break;
  }
}

/**
 * The quotes as returned: short, misspelt, glued and popular forms become the person's full name
 * before duplicates (same text, same speaker) are dropped.
 */
function finalQuotes(all: readonly Candidate[], paragraphs: readonly string[], registry: Registry, options: ExtractQuotesOptions): Quote[] {
  const drop = gluedWordsDropper(paragraphs, options.title ?? '');
  const known = [...registry.names.values()].map((k) => drop(k.name));
  const found: Quote[] = all.map((c) => ({
    text: c.text,
    speaker: c.speaker ? c.speaker.name : null,
    speakerKey: c.speaker ? c.speaker.key || null : null,
    paragraph: c.paragraph,
  }));
  const unglued = found.map((q) => (q.speaker && drop(q.speaker) !== q.speaker ? { ...q, speaker: drop(q.speaker), speakerKey: speakerKey(drop(q.speaker)) || null } : q));
  const seen = new Set<string>();
  return resolveArticleSpeakers(unglued, known, options.speakers ?? EMPTY_DIRECTORY).filter((q) => {
    const id = `${q.text}\u0000${q.speakerKey ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Direct quotes of an article's cleaned body paragraphs, in text order, each with its speaker.
 * Quote text is the words inside the marks, without the marks (a trailing comma stays). A quote
 * left open at the end of a paragraph ends there; a following paragraph that opens with a mark
 * continues the same speaker. Never throws; every quote text is a substring of its paragraph.
 */
export function extractQuotes(paragraphs: readonly string[], options: ExtractQuotesOptions = {}): Quote[] {
  if (!paragraphs.some((p) => ANY_MARK.test(p))) return [];
  const spansOf = spansOfParagraphs(paragraphs);
  // Paragraphs after the last quote cannot change any attribution: they are not read.
  let end = spansOf.length;
  while (end > 0 && (spansOf[end - 1] as QuoteSpan[]).length === 0) end--;
  const toksOf = paragraphs.slice(0, end).map((p, i) => paragraphTokens(p, spansOf[i]));
  const titleToks = options.title ? paragraphTokens(options.title) : null;
  // A Title Case headline reads like a run of names ("Prabowo Resmikan Bendungan"): only the speaker
  // of a "Name: quote" headline joins the article's names.
  const colon = titleToks ? titleToks.findIndex((t) => t.text === ':') : -1;
  const registry = buildRegistry(titleToks && colon > 0 ? [titleToks.slice(0, colon), ...toksOf] : toksOf);
  // Read only when a one-word name follows an agency ("Kepala BPBD Demak"): most articles never need it.
  let placeSet: Set<string> | null = null;
  const r: Reading = { state: newSalience(registry), registry, places: () => (placeSet ??= placeWords(paragraphs)) };
  // A headline "Lavrov: Rusia Tak Inginkan Perang" names who the body's first "katanya" means.
  const headliner = titleToks ? headlineSpeaker(titleToks) : null;
  if (headliner) remember(r.state, display(headliner, registry));
  const all: Candidate[] = [];
  let previousOpen: Candidate | null = null;
  for (let pi = 0; pi < end; pi++) {
    const { local, events } = readParagraph(paragraphs[pi] as string, spansOf[pi] as QuoteSpan[], toksOf[pi] as Tok[], pi);
    let at: Context = { pi, lastInParagraph: null, lastInParagraphSeq: 0, previousOpen };
    for (const ev of events) {
      if (ev.entity) noteActor(r, { ...ev, entity: ev.entity }, pi);
      else if (ev.candidate) {
        attribute(r, ev.candidate, at);
        at = { ...at, lastInParagraph: ev.candidate, lastInParagraphSeq: r.state.currentSeq };
      }
    }
    shareSpeakers(local, all, previousOpen);
    all.push(...local);
    const last = local[local.length - 1];
    previousOpen = last && !last.span.closed ? last : null;
  }
  return finalQuotes(all, paragraphs, registry, options);
}
