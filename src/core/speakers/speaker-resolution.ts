/**
 * Which name forms of one article or one story are one person. A full name is the person; a
 * short form ("Dwikorita", "Menlu Retno", "Budi Gunadi") or a misspelt one ("Karnawti") joins
 * the one full name it clearly refers to: every word of it is a word of that person's names, or
 * one word is within a small edit distance and the rest are the same, and no other person fits.
 * Two people who share a first name stay apart, and a lone "Budi" between them stays as written.
 * The operator's aliases (Jokowi -> Joko Widodo) apply first. Pure and deterministic.
 */
import type { SpeakerDirectory } from './speaker-directory.ts';
import { identityTokens, isInstitutionName, nearWord, speakerKey } from './speakers.ts';
import type { ExtractedArticle, Quote } from '../model/index.ts';

/** A name form met in a text, how often it was written, and when it was first met. */
interface NameMention {
  readonly name: string;
  /** How often the form was written (quotes carrying it, or mentions in the text). */
  readonly weight: number;
}

interface Form {
  readonly name: string;
  readonly tokens: readonly string[];
  weight: number;
  readonly order: number;
  /** The alias list names this form's person. */
  readonly listed: boolean;
}

/** Most distinct forms one pass compares pairwise; beyond it only aliases apply (bounded work). */
const MAX_FORMS = 400;

/**
 * The canonical display name of every mentioned form that is someone else's short, misspelt or
 * popular form; forms that stand for themselves are absent from the result.
 */
function resolveNames(mentions: readonly NameMention[], directory: SpeakerDirectory): Map<string, string> {
  const forms = new Map<string, Form>();
  const out = new Map<string, string>();
  /** Each mentioned name's form (its alias list name, or itself), looked up once. */
  const formOf = new Map<string, string>();
  for (const m of mentions) {
    if (!m.name || formOf.has(m.name) || isInstitutionName(m.name)) {
      const seen = forms.get(formOf.get(m.name) ?? '');
      if (seen) seen.weight += m.weight;
      continue;
    }
    const canonical = directory.canonical(m.name);
    formOf.set(m.name, canonical ?? m.name);
    if (canonical !== null && canonical !== m.name) out.set(m.name, canonical);
    const name = canonical ?? m.name;
    const seen = forms.get(name);
    if (seen) seen.weight += m.weight;
    else forms.set(name, { name, tokens: identityTokens(name), weight: m.weight, order: forms.size, listed: canonical !== null });
  }
  if (forms.size > MAX_FORMS || forms.size < 2) return out;
  const all = [...forms.values()];
  const full = all.filter((f) => f.tokens.length >= 2);
  // People: full forms joined when one is the other with words left out or one word mistyped.
  const parent = new Map<Form, Form>(full.map((f) => [f, f]));
  const root = (f: Form): Form => {
    let r = f;
    while (parent.get(r) !== r) r = parent.get(r) as Form;
    return r;
  };
  for (const f of full) {
    const fits = full.filter((g) => g !== f && (subset(f.tokens, g.tokens) || oneTypo(f.tokens, g.tokens)));
    const people = new Set(fits.map(root));
    if (people.size === 1) parent.set(root(f), root(fits[0] as Form));
  }
  const groups = new Map<Form, Form[]>();
  for (const f of full) {
    const r = root(f);
    groups.set(r, [...(groups.get(r) ?? []), f]);
  }
  const display = new Map<Form, string>();
  const words = new Map<Form, Set<string>>();
  for (const [r, members] of groups) {
    display.set(r, representative(members).name);
    words.set(r, new Set(members.flatMap((m) => m.tokens)));
  }
  for (const f of all) {
    let target: Form | null = null;
    if (f.tokens.length >= 2) target = root(f);
    else {
      const fits = [...words].filter(([, w]) => fitsPerson(f.tokens, w)).map(([r]) => r);
      if (fits.length === 1) target = fits[0] as Form;
    }
    const name = target ? (display.get(target) as string) : f.name;
    if (name === f.name) continue;
    for (const [mentioned, form] of formOf) if (form === f.name) out.set(mentioned, name);
  }
  return out;
}

/** The display form of a person: a listed canonical name, else the most written, else the first met. */
function representative(members: readonly Form[]): Form {
  return [...members].sort(
    (a, b) => Number(b.listed) - Number(a.listed) || b.weight - a.weight || a.order - b.order,
  )[0] as Form;
}

function subset(small: readonly string[], big: readonly string[]): boolean {
  return small.length < big.length && small.every((t) => big.includes(t));
}

/** Same number of words, all equal but one, and that one mistyped. */
function oneTypo(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (++diff > 1 || !nearWord(a[i] as string, b[i] as string)) return false;
  }
  return diff === 1;
}

/** Every word is one of the person's words, one of them possibly mistyped. */
function fitsPerson(tokens: readonly string[], person: ReadonlySet<string>): boolean {
  let typos = 0;
  for (const t of tokens) {
    if (person.has(t)) continue;
    if (t.length < 4 || ![...person].some((w) => nearWord(t, w)) || ++typos > 1) return false;
  }
  return true;
}

/** Quotes with each speaker renamed to the person it denotes (display name and key). */
function renameSpeakers(quotes: readonly Quote[], names: ReadonlyMap<string, string>): Quote[] {
  if (names.size === 0) return [...quotes];
  return quotes.map((q) => {
    const name = q.speaker ? names.get(q.speaker) : undefined;
    return name ? { ...q, speaker: name, speakerKey: speakerKey(name) || null } : q;
  });
}

/**
 * An article's quotes with every speaker named as the person: `known` are the full names written
 * anywhere in the article (so "kata Dwikorita Karnawti" joins the "Dwikorita Karnawati" of the
 * lead), each counted once per mention; quote speakers count as written too.
 */
export function resolveArticleSpeakers(quotes: readonly Quote[], known: readonly string[], directory: SpeakerDirectory): Quote[] {
  if (!quotes.some((q) => q.speaker)) return [...quotes];
  const mentions: NameMention[] = known.map((name) => ({ name, weight: 1 }));
  for (const q of quotes) if (q.speaker) mentions.push({ name: q.speaker, weight: 0 });
  return renameSpeakers(quotes, resolveNames(mentions, directory));
}

/**
 * The articles of one story with their quote speakers named as the people they denote across the
 * story: a first name or a misspelling in one outlet joins the full name another outlet wrote,
 * when only one person of the story fits. Articles without changes are returned as given.
 */
export function resolveStorySpeakers(items: readonly ExtractedArticle[], directory: SpeakerDirectory): ExtractedArticle[] {
  const weights = new Map<string, number>();
  for (const item of items) for (const q of item.quotes) if (q.speaker) weights.set(q.speaker, (weights.get(q.speaker) ?? 0) + 1);
  const names = resolveNames([...weights].map(([name, weight]) => ({ name, weight })), directory);
  if (names.size === 0) return [...items];
  return items.map((item) =>
    item.quotes.some((q) => q.speaker && names.has(q.speaker)) ? { ...item, quotes: renameSpeakers(item.quotes, names) } : item,
  );
}
