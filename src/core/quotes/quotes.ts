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
 * nickname and sex before falling back to the pronoun's target.
 * Scare quotes ("mendenazifikasi", "dalam perangkap") are dropped. Linear in the text length.
 */
import {
  ANONYMOUS_HEADS,
  DOMAIN_WORDS,
  INSTITUTION_HEADS,
  ROLE_WORDS,
  expandRoles,
  speakerKey,
  EMPTY_DIRECTORY,
  type SpeakerDirectory,
  resolveArticleSpeakers,
} from '../speakers/index.ts';
import { asOffice, gluedWordsDropper, placeWords } from './speaker-forms.ts';
import { buildRegistry, display, withKnown } from './name-registry.ts';
import type { Registry } from './name-registry.ts';
import { attributionAfter, attributionBefore, reportedSpeakers, verbJustBefore } from './quote-attribution.ts';
import { findQuoteSpans } from './quote-marks.ts';
import type { QuoteSpan } from './quote-marks.ts';
import { classifyNp, npBackward } from './noun-phrases.ts';
import type { Entity } from './noun-phrases.ts';
import { tokenize } from './quote-tokens.ts';
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

/** The speaker a pronoun or a role anaphor points to. */
interface Salience {
  current: Entity | null;
  readonly people: Entity[];
  readonly registry: Registry;
  /** Registered holder of a title, by title words (null: nobody or several). */
  readonly byTitle: Map<string, Entity | null>;
  /** Order of the last update of `current`. */
  currentSeq: number;
  /** The last person who merely acted as a sentence subject, with where and when. */
  weak: { readonly entity: Entity; readonly paragraph: number; readonly seq: number } | null;
  seq: number;
}

/**
 * Who "ia", "dia" or a -nya verb in paragraph `pi` means: a person who just acted in this same
 * paragraph, else the last speaker, else anyone who acted before.
 */
function pronounTarget(state: Salience, pi: number): Entity | null {
  const w = state.weak;
  if (w && w.paragraph === pi && w.seq > state.currentSeq) return w.entity;
  if (state.current === UNNAMED) return null;
  return state.current ?? w?.entity ?? null;
}

/**
 * Who a description with no title to match means ("ujar pria kelahiran Medan itu"): someone
 * introduced in this or the previous paragraph after the last speaker spoke ("Wali Kota X, H. Y,
 * meninjau …" then the quote), else whoever a pronoun would mean.
 */
function describedTarget(state: Salience, pi: number): Entity | null {
  const w = state.weak;
  if (w && w.paragraph >= pi - 1 && w.seq > state.currentSeq && w.entity.name.includes(' ')) return w.entity;
  return pronounTarget(state, pi);
}

/** The last speaker was someone unnamed ("kata seorang warga"). */
const UNNAMED: Entity = { kind: 'anonymous', name: '', key: '', role: [] };

/** How many recent people a role anaphor looks back over; keeps the work per quote bounded. */
const PEOPLE_WINDOW = 64;

function remember(state: Salience, e: Entity): void {
  if (e.kind !== 'person' && e.kind !== 'institution') return;
  state.current = e;
  state.currentSeq = ++state.seq;
  addPerson(state, e);
}

function addPerson(state: Salience, e: Entity): void {
  if (e.kind !== 'person' || state.people[state.people.length - 1]?.name === e.name) return;
  state.people.push(e);
  if (state.people.length > 2 * PEOPLE_WINDOW) state.people.splice(0, PEOPLE_WINDOW);
}

const UNNAMED_SOURCES = new Set(['sumber', 'narasumber']);

/** The most recent person whose role holds every role word of `role` ("Presiden" -> "Presiden RI Prabowo Subianto"). */
function matchRole(state: Salience, role: readonly string[], named: readonly string[] = []): Entity | null {
  // Domain words narrow the title: "Menteri Luar Negeri" is not "Menteri Keuangan".
  const words = expandRoles(role);
  if (!words.some((w) => ROLE_WORDS.has(w) || ANONYMOUS_HEADS.has(w))) return null;
  // A party or a named institution narrows it too: "politikus PDI-P" is not a Golkar politician.
  const all = words.filter((w) => ROLE_WORDS.has(w) || ANONYMOUS_HEADS.has(w) || DOMAIN_WORDS.has(w) || isAffiliation(w));
  // "kata Pak Camat": the courtesy word is not part of the title held.
  const titled = all.filter((w) => !HONORIFICS.has(w));
  const heads = [...(titled.length > 0 ? titled : all), ...named.filter((w) => !all.includes(w))];
  for (let i = state.people.length - 1; i >= 0; i--) {
    const p = state.people[i] as Entity;
    const held = expandRoles(p.role);
    if (heads.every((h) => held.includes(h))) return p;
  }
  // Someone introduced with the title who has not spoken yet ("Presiden Joko Widodo meresmikan …").
  const id = heads.join(' ');
  const cached = state.byTitle.get(id);
  if (cached !== undefined) return cached;
  let found: Entity | null = null;
  for (const known of state.registry.names.values()) {
    const held = expandRoles(known.role);
    if (heads.every((h) => held.includes(h)) && known.name !== found?.name) {
      if (found) {
        found = null;
        break;
      }
      found = withKnown({ kind: 'person', name: known.name, key: '', role: [] }, known);
    }
  }
  state.byTitle.set(id, found);
  return found;
}

const FEMALE = new Set(['wanita', 'perempuan', 'ibu', 'bu', 'hj', 'nyonya', 'mbak', 'putri', 'ratu', 'mrs', 'ms', 'aktris', 'srikandi', 'janda', 'gadis', 'nenek']);
const MALE = new Set(['pria', 'lelaki', 'laki-laki', 'bapak', 'pak', 'mas', 'tuan', 'mr', 'putra', 'raja', 'pangeran', 'aktor', 'kakek', 'duda', 'bang', 'sultan', 'kiai', 'kyai']);

/** 'f' or 'm' when the role words say so ("ibu dua anak", "pria kelahiran Solo"), else null. */
function genderOf(role: readonly string[]): 'f' | 'm' | null {
  for (const w of role) {
    if (FEMALE.has(w)) return 'f';
    if (MALE.has(w)) return 'm';
  }
  return null;
}

/**
 * Who a description closed by "itu" means: the most recent person it describes by title ("jenderal
 * bintang satu itu" -> a Brigjen), by party or institution ("politikus Partai Golkar tersebut"),
 * by nickname ("yang akrab disapa Mas Tri itu"), else the pronoun's target, unless that one is of
 * the other sex than the description says ("ujar wanita itu"), then the latest person who is not.
 */
function resolveAnaphor(state: Salience, anaphor: Entity, pi: number): Entity | null {
  if (anaphor.alias) {
    const named = display({ kind: 'person', name: anaphor.alias, key: speakerKey(anaphor.alias), role: [] }, state.registry);
    if (named.name !== anaphor.alias) return named;
  }
  const role = anaphor.role;
  const recent = Math.max(0, state.people.length - PEOPLE_WINDOW);
  const stars = starRanks(role);
  if (stars) {
    for (let i = state.people.length - 1; i >= recent; i--) {
      const p = state.people[i] as Entity;
      if (stars(p.role)) return p;
    }
  }
  // "Ketua Dewan Pengurus Harian itu" is not whoever else chairs something: the institution's name narrows.
  const named = institutionName(role);
  const matched = matchRole(state, role, named);
  if (matched) return matched;
  // "pria yang juga Ketua Umum PSSI itu": the title, without the words for a man or a woman.
  const titled = role.filter((w) => !ANONYMOUS_HEADS.has(w) && !FEMALE.has(w) && !MALE.has(w));
  const byFullTitle = titled.length < role.length ? matchRole(state, titled, named) : null;
  if (byFullTitle) return byFullTitle;
  // "sumber itu" points back to an unnamed source; "pria kelahiran Solo itu" to the last speaker.
  if (role.some((w) => UNNAMED_SOURCES.has(w))) return null;
  const affiliation = role.filter(isAffiliation);
  if (affiliation.length > 0) {
    for (let i = state.people.length - 1; i >= recent; i--) {
      const p = state.people[i] as Entity;
      if (affiliation.every((w) => p.role.includes(w))) return p;
    }
  }
  // "jenderal polisi bintang tiga itu": the leading title alone, when nothing above matched.
  const title = role.find((w) => ROLE_WORDS.has(w) && !TITLE_MODIFIERS.has(w));
  const byTitle = title ? matchRole(state, [title], named) : null;
  if (byTitle) return byTitle;
  const target = describedTarget(state, pi);
  const gender = genderOf(role);
  if (!gender || !target || target.kind !== 'person') return target;
  const other = gender === 'f' ? 'm' : 'f';
  if (genderOfPerson(state, target, recent) !== other) return target;
  for (let i = state.people.length - 1; i >= recent; i--) {
    const p = state.people[i] as Entity;
    if (genderOf(p.role) === gender) return p;
  }
  return null;
}

/** The sex any recent mention of `person` gives ("kata Setiawati" after "Lurah … Ibu Setiawati mengatakan"). */
function genderOfPerson(state: Salience, person: Entity, recent: number): 'f' | 'm' | null {
  const own = genderOf(person.role);
  if (own) return own;
  for (let i = state.people.length - 1; i >= recent; i--) {
    const p = state.people[i] as Entity;
    if (p.key === person.key) {
      const g = genderOf(p.role);
      if (g) return g;
    }
  }
  return null;
}

/** Ranks by number of stars ("jenderal bintang dua itu" is an Irjen, a Mayjen, a Laksda or a Marsda). */
const STAR_RANKS: ReadonlyMap<string, readonly string[]> = new Map([
  ['satu', ['brigjen', 'laksma', 'marsma']],
  ['dua', ['irjen', 'mayjen', 'laksda', 'marsda']],
  ['tiga', ['komjen', 'letjen', 'laksdya', 'marsdya']],
]);
const ALL_STAR_RANKS = new Set([...STAR_RANKS.values()].flat());

/** For "bintang N" in a description, a test of whether a person's roles hold an N-star rank; else null. */
function starRanks(role: readonly string[]): ((held: readonly string[]) => boolean) | null {
  const at = role.indexOf('bintang');
  const n = at >= 0 ? role[at + 1] : undefined;
  if (n === undefined) return null;
  const ranks = STAR_RANKS.get(n);
  if (ranks) return (held) => held.some((w) => ranks.includes(w));
  // Four stars: a full general or admiral, with no lower rank.
  if (n === 'empat') return (held) => held.some((w) => w === 'jenderal' || w === 'laksamana' || w === 'marsekal') && !held.some((w) => ALL_STAR_RANKS.has(w));
  return null;
}

/** Words that end an institution's name inside a description, or join its parts. */
const NAME_BREAKS = new Set(['yang', 'itu', 'tersebut', 'ini', 'di', 'dari', 'untuk', 'pada', 'sejak']);

/**
 * The words naming the institution in a description ("dosen fakultas ekonomi dan bisnis" ->
 * ekonomi, bisnis): those after its first generic institution head, without joiners; [] when none.
 */
function institutionName(role: readonly string[]): string[] {
  const at = role.findIndex((w) => GENERIC_HEADS.has(w));
  if (at < 0) return [];
  const out: string[] = [];
  for (let i = at + 1; i < role.length; i++) {
    const w = role[i] as string;
    if (NAME_BREAKS.has(w)) break;
    if (w !== 'dan' && w !== '&' && !GENERIC_HEADS.has(w)) out.push(w);
  }
  return out;
}

/** Courtesy words before a title ("Pak Camat", "Bu Menteri"). */
const HONORIFICS = new Set(['pak', 'bu', 'bapak', 'ibu', 'mas', 'mbak', 'bang', 'sang', 'tuan', 'nyonya']);

/** Words before a title that do not say which title ("mantan menteri", "sang jenderal"). */
const TITLE_MODIFIERS = new Set(['mantan', 'eks', 'sang', 'senior', 'calon', 'bakal', 'pak', 'bu', 'bapak', 'ibu']);

/** A party or a particular institution ("golkar", "bnpb"), not a generic head ("partai"). */
const isAffiliation = (w: string): boolean => AFFILIATIONS.has(w) || (INSTITUTION_HEADS.has(w) && !GENERIC_HEADS.has(w));

/** Institution heads too general to tell one person from another ("partai", "kementerian"). */
const GENERIC_HEADS = new Set(['partai', 'kementerian', 'badan', 'komisi', 'dewan', 'lembaga', 'dinas', 'pemerintah', 'pemerintahan', 'pusat', 'kantor', 'gedung', 'tim', 'organisasi', 'perusahaan', 'universitas', 'bank', 'majelis', 'mahkamah', 'institut', 'satuan', 'angkatan', 'markas', 'liga', 'klub', 'federasi', 'asosiasi', 'yayasan', 'koalisi', 'aliansi', 'biro', 'direktorat', 'balai', 'sekretariat', 'fakultas']);
/** Party names and similar affiliations a description may give ("politikus PDI-P itu"). */
const AFFILIATIONS = new Set(['gerindra', 'golkar', 'demokrat', 'nasdem', 'perindo', 'hanura', 'gelora', 'ummat', 'pdip', 'pdi-p', 'pkb', 'pks', 'ppp', 'pan', 'psi']);

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
  // Paragraphs after the last quote cannot change any attribution: they are not read.
  let end = spansOf.length;
  while (end > 0 && (spansOf[end - 1] as QuoteSpan[]).length === 0) end--;
  const toksOf = paragraphs.slice(0, end).map((p, i) => tokenize(p, spansOf[i]));
  const titleToks = options.title ? tokenize(options.title) : null;
  // A Title Case headline reads like a run of names ("Prabowo Resmikan Bendungan"): only the speaker
  // of a "Name: quote" headline joins the article's names.
  const colon = titleToks ? titleToks.findIndex((t) => t.text === ':') : -1;
  const registry = buildRegistry(titleToks && colon > 0 ? [titleToks.slice(0, colon), ...toksOf] : toksOf);
  // Read only when a one-word name follows an agency ("Kepala BPBD Demak"): most articles never need it.
  let placeSet: Set<string> | null = null;
  const places = () => (placeSet ??= placeWords(paragraphs));
  const state: Salience = { current: null, people: [], registry, byTitle: new Map(), currentSeq: 0, weak: null, seq: 0 };
  // A headline "Lavrov: Rusia Tak Inginkan Perang" names who the body's first "katanya" means.
  const headliner = titleToks ? headlineSpeaker(titleToks) : null;
  if (headliner) remember(state, display(headliner, registry));
  const all: Candidate[] = [];
  let previousOpen: Candidate | null = null;
  for (let pi = 0; pi < end; pi++) {
    const p = paragraphs[pi] as string;
    const spans = spansOf[pi] as QuoteSpan[];
    const toks = toksOf[pi] as Tok[];
    const events: Array<{ pos: number; entity?: Entity; weak?: boolean; candidate?: Candidate }> = reportedSpeakers(toks);
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
    let lastInParagraph: Candidate | null = null;
    let lastInParagraphSeq = 0;
    for (const ev of events) {
      if (ev.entity) {
        if (ev.entity.kind === 'pronoun') {
          // "Rifqi memastikan …. Ia juga menjanjikan …": the one who goes on reporting is the speaker now.
          const target = ev.weak ? null : pronounTarget(state, pi);
          if (target) remember(state, target);
          continue;
        }
        const e = display(asOffice(ev.entity, places), registry);
        if (!ev.weak && e.kind === 'anonymous' && e.role.some((w) => w === 'seorang' || w === 'salah')) {
          // "Seorang pejabat … mengatakan …": a following "tambahnya" means that unnamed official.
          state.current = UNNAMED;
          state.currentSeq = ++state.seq;
          continue;
        }
        if (!salient(e)) continue;
        if (ev.weak) {
          // A lone capitalised word opening a sentence ("Serangan itu …") is not taken for a person.
          if (!e.name.includes(' ') && !e.role.some((w) => ROLE_WORDS.has(w))) continue;
          state.weak = { entity: e, paragraph: pi, seq: ++state.seq };
          addPerson(state, e);
        } else if (e.kind === 'person' || state.current === null || e.role.length > 0) remember(state, e);
        continue;
      }
      const c = ev.candidate as Candidate;
      const e = c.explicit;
      if (e && (e.kind === 'person' || e.kind === 'institution' || e.kind === 'place')) c.speaker = display(asOffice(e, places), registry);
      else if (e?.kind === 'pronoun') c.speaker = pronounTarget(state, pi);
      else if (e?.kind === 'anaphor') c.speaker = resolveAnaphor(state, e, pi);
      else if (e?.kind === 'role') c.speaker = matchRole(state, e.role);
      else if (e) {
        // `kata seorang pejabat`, `kata mereka`: said by someone unnamed, and so is a following "tambahnya".
        c.speaker = null;
        state.current = UNNAMED;
        state.currentSeq = ++state.seq;
      }
      else {
        c.byFallback = true;
        // `“A,” kata Budi. Sementara itu, Ani menilai …. “B.”`: someone reporting in between takes B.
        if (lastInParagraph && state.currentSeq <= lastInParagraphSeq) c.speaker = lastInParagraph.speaker;
        else if (c.leads && previousOpen) c.speaker = previousOpen.speaker;
        else c.speaker = pronounTarget(state, pi);
      }
      if (c.speaker) remember(state, c.speaker);
      lastInParagraph = c;
      lastInParagraphSeq = state.currentSeq;
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
  const found: Quote[] = all.map((c) => ({
    text: c.text,
    speaker: c.speaker ? c.speaker.name : null,
    speakerKey: c.speaker ? c.speaker.key || null : null,
    paragraph: c.paragraph,
  }));
  // Short, misspelt and popular forms become the person's full name before duplicates are dropped.
  const drop = gluedWordsDropper(paragraphs, options.title ?? '');
  const known = [...registry.names.values()].map((k) => drop(k.name));
  const unglued = found.map((q) => (q.speaker && drop(q.speaker) !== q.speaker ? { ...q, speaker: drop(q.speaker), speakerKey: speakerKey(drop(q.speaker)) || null } : q));
  const seen = new Set<string>();
  return resolveArticleSpeakers(unglued, known, options.speakers ?? EMPTY_DIRECTORY).filter((q) => {
    const id = `${q.text}\u0000${q.speakerKey ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
