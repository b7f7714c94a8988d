/**
 * The one suggestion and lookup engine behind `/quotes NAME`, `kilas quotes`, Discord's
 * autocomplete and `/speakers`: known speakers grouped into people (the operator's aliases and
 * lone first names that belong to one full name join), indexed by every word of every name
 * form, so a lookup costs a few map reads. A name is found by any of its words, the full name,
 * an alias or title + name ("menlu retno"), whatever the case or accents, with one or two typos;
 * several people answering one name make a list to pick from; two names make one answer each.
 */
import { foldText } from '../text/index.ts';
import type { SpeakerDirectory } from './speaker-directory.ts';
import { INSTITUTION_HEADS, ROLE_WORDS } from './name-lexicon.ts';
import { boundedEditDistance, identityTokens, typoBudget } from './speakers.ts';

/** One stored speaker key: the spellings it was reported under (most frequent first) and its quote count. */
export interface SpeakerEntry {
  readonly key: string;
  readonly names: readonly string[];
  readonly count: number;
}

/** A person: the stored keys that are one person, a display name, and the words people call them by. */
export interface Person {
  /** The main stored key (most quoted). */
  readonly key: string;
  /** Every stored key of this person, main key first. */
  readonly keys: readonly string[];
  readonly name: string;
  readonly count: number;
}

/** What a name typed by a user means. */
export type SpeakerLookup =
  | { readonly kind: 'person'; readonly query: string; readonly person: Person }
  | { readonly kind: 'choose'; readonly query: string; readonly people: readonly Person[] }
  | { readonly kind: 'none'; readonly query: string; readonly suggestions: readonly Person[] }
  | { readonly kind: 'each'; readonly query: string; readonly parts: readonly SpeakerLookup[] };

/** Longer queries are cut: no name is this long, and hostile input must stay cheap. */
export const MAX_QUERY = 120;
/** Most words of a query that are read. */
const MAX_WORDS = 6;
/** Words longer than this get no typo search (its deletion set grows with the square of the length). */
const MAX_TYPO_WORD = 24;
/** Most name words with one first letter compared one by one for a two-edit typo. */
const SCAN_LIMIT = 5000;
/** Most people a "which one?" list shows. */
export const MAX_CHOICES = 8;

interface MutablePerson {
  key: string;
  keys: string[];
  name: string;
  count: number;
  tokens: Set<string>;
}

const byCount = (a: Person, b: Person): number => b.count - a.count || a.key.localeCompare(b.key);

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** Every string made by deleting `depth` or fewer characters of `word` (the word itself included). */
function deletions(word: string, depth: number, into: Set<string> = new Set()): Set<string> {
  into.add(word);
  if (depth === 0 || word.length <= 1) return into;
  for (let i = 0; i < word.length; i++) {
    const shorter = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(shorter)) deletions(shorter, depth - 1, into);
  }
  return into;
}

/**
 * Query words: folded, titles dropped ("menlu retno" -> retno; "Kepala BMKG Dwikorita" ->
 * dwikorita) and initials too ("Retno LP Marsudi"), unless nothing else is left ("Kepala BPBD
 * Demak" keeps what names the office); at most {@link MAX_WORDS}.
 */
function queryWords(query: string): string[] {
  const cut = foldText(query.slice(0, MAX_QUERY)).replace(/[^\p{L}\p{N}'-]+/gu, ' ').trim();
  const words = cut === '' ? [] : identityTokens(cut).slice(0, MAX_WORDS).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const named = words.filter((w) => w.length > 2 && !ROLE_WORDS.has(w) && !INSTITUTION_HEADS.has(w));
  return named.length > 0 ? named : words;
}

/** Separators of two names in one query ("lavrov dan stoltenberg", "lavrov, stoltenberg"). */
const NAME_SEPARATORS = /\s*(?:,|;|&|\/|\+|\bdan\b|\band\b|\bvs\.?\b)\s*/iu;

/** Known speakers as people, indexed for lookups; see the module comment. Immutable once built. */
export class SpeakerIndex {
  readonly people: readonly Person[];
  private readonly byKey = new Map<string, Person>();
  private readonly byToken = new Map<string, Set<Person>>();
  private readonly byForm = new Map<string, Set<Person>>();
  private readonly sortedTokens: string[];
  /** Built on the first typo search: most lookups never need it. */
  private deletionIndex: Map<string, string[]> | null = null;

  constructor(entries: readonly SpeakerEntry[], private readonly directory: SpeakerDirectory) {
    // Name words of each spelling, once per build (the shared memo is smaller than a big store's list).
    const wordsCache = new Map<string, readonly string[]>();
    const wordsOf = (name: string): readonly string[] => {
      let w = wordsCache.get(name);
      if (w === undefined) wordsCache.set(name, (w = identityTokens(name)));
      return w;
    };
    const people = new Map<string, MutablePerson>();
    const sorted = [...entries].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    for (const e of sorted) {
      let canonical: string | null = null;
      for (const n of e.names) if ((canonical = directory.canonicalOfWords(wordsOf(n))) !== null) break;
      canonical ??= directory.canonicalOfWords(wordsOf(e.key));
      const id = canonical ? `=${canonical}` : e.key;
      const tokens = new Set<string>();
      for (const n of [...e.names, e.key, ...(canonical ? directory.formsOf(canonical) : [])]) for (const t of wordsOf(n)) tokens.add(t);
      const seen = people.get(id);
      if (seen) {
        seen.keys.push(e.key);
        seen.count += e.count;
        for (const t of tokens) seen.tokens.add(t);
      } else {
        const name = canonical ?? e.names.find((n) => wordsOf(n).length >= 2) ?? e.names[0] ?? e.key;
        people.set(id, { key: e.key, keys: [e.key], name, count: e.count, tokens });
      }
    }
    // A lone first name ("Retno") whose word belongs to exactly one full name is that person here.
    const multi = new Map<string, MutablePerson[]>();
    for (const p of people.values()) {
      if (wordsOf(p.name).length < 2) continue;
      for (const t of p.tokens) {
        const owners = multi.get(t);
        if (owners) owners.push(p);
        else multi.set(t, [p]);
      }
    }
    for (const [id, p] of people) {
      const words = wordsOf(p.name);
      const owners = words.length === 1 ? multi.get(words[0] as string) : undefined;
      if (owners?.length !== 1) continue;
      const owner = owners[0] as MutablePerson;
      owner.keys.push(...p.keys);
      owner.count += p.count;
      people.delete(id);
    }
    const list: Person[] = [];
    for (const p of people.values()) {
      const person: Person = { key: p.key, keys: p.keys, name: p.name, count: p.count };
      list.push(person);
      for (const k of p.keys) this.byKey.set(k, person);
      for (const t of p.tokens) add(this.byToken, t, person);
      add(this.byForm, wordsOf(p.name).join(' '), person);
    }
    this.people = list.sort(byCount);
    this.sortedTokens = [...this.byToken.keys()].sort();
  }

  /** The person a stored key belongs to. */
  personOf(key: string): Person | undefined {
    return this.byKey.get(key);
  }

  /** Every one-letter deletion of every name word of 4+ letters -> the words. */
  private get byDeletion(): Map<string, string[]> {
    if (this.deletionIndex) return this.deletionIndex;
    const index = new Map<string, string[]>();
    for (const token of this.byToken.keys()) {
      if (token.length < 4) continue;
      for (const d of deletions(token, 1)) {
        const list = index.get(d);
        if (list) list.push(token);
        else index.set(d, [token]);
      }
    }
    this.deletionIndex = index;
    return index;
  }

  /** Name words within `max` edits of `word` (found through the deletion index), with their distance. */
  private near(word: string, max: number): Map<string, number> {
    const out = new Map<string, number>();
    if (max === 0 || word.length > MAX_TYPO_WORD) return out;
    for (const d of deletions(word, max)) {
      for (const t of this.byDeletion.get(d) ?? []) {
        if (out.has(t)) continue;
        const distance = boundedEditDistance(word, t, max);
        if (distance <= max) out.set(t, distance);
      }
    }
    // Two edits that are not both on one side (a swap, or two dropped letters) escape the one-deletion
    // index: the words sharing the first letter are few enough to compare one by one.
    if (out.size === 0 && max >= 2) {
      for (const t of this.prefixed(word.charAt(0), SCAN_LIMIT)) {
        const distance = boundedEditDistance(word, t, max);
        if (distance <= max) out.set(t, distance);
      }
    }
    return out;
  }

  /** Name words starting with `prefix`, at most `limit`. */
  private prefixed(prefix: string, limit: number): string[] {
    let lo = 0;
    let hi = this.sortedTokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sortedTokens[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sortedTokens.length && out.length < limit; i++) {
      const t = this.sortedTokens[i] ?? '';
      if (!t.startsWith(prefix)) break;
      out.push(t);
    }
    return out;
  }

  /** People one query word may mean, scored: the word itself 1, a longer word it starts 0.8, a typo 0.7 or 0.6. */
  private wordMatches(word: string): Map<Person, number> {
    const scores = new Map<Person, number>();
    const put = (t: string, score: number) => {
      for (const p of this.byToken.get(t) ?? []) if ((scores.get(p) ?? 0) < score) scores.set(p, score);
    };
    put(word, 1);
    if (scores.size > 0) return scores;
    if (word.length >= 3) for (const t of this.prefixed(word, 200)) put(t, 0.8);
    for (const [t, d] of this.near(word, typoBudget(word.length))) put(t, 0.75 - 0.1 * d);
    return scores;
  }

  /** People every word of `words` names, best first, with their score (the weakest word's). */
  private matchWords(words: readonly string[]): { person: Person; score: number }[] {
    let acc: Map<Person, number> | null = null;
    for (const w of words) {
      const got = this.wordMatches(w);
      const next = new Map<Person, number>();
      for (const [p, s] of got) {
        const before = acc === null ? 1 : acc.get(p);
        if (before !== undefined) next.set(p, Math.min(before, s));
      }
      acc = next;
      if (acc.size === 0) break;
    }
    const full = this.byForm.get(words.join(' '));
    return [...(acc ?? [])]
      .map(([person, score]) => ({ person, score: full?.has(person) || person.key === words.at(-1) ? score + 0.05 : score }))
      .sort((a, b) => b.score - a.score || byCount(a.person, b.person));
  }

  /** What `query` means: one person, a list to pick from, one answer per name, or nobody (with suggestions). */
  lookup(query: string): SpeakerLookup {
    const q = query.slice(0, MAX_QUERY).trim();
    const words = this.aliasWords(q);
    if (words.length > 0) {
      const ranked = this.matchWords(words);
      const best = ranked[0];
      if (best) {
        const top = ranked.filter((r) => r.score >= best.score - 0.02).map((r) => r.person);
        if (top.length === 1) return { kind: 'person', query: q, person: best.person };
        return { kind: 'choose', query: q, people: top.sort(byCount).slice(0, MAX_CHOICES) };
      }
      const parts = this.splitNames(q, words);
      if (parts) return { kind: 'each', query: q, parts };
    }
    return { kind: 'none', query: q, suggestions: this.suggest(q, 3) };
  }

  /** The query's words, or the alias list's canonical name's words when the query is a listed form. */
  private aliasWords(query: string): string[] {
    const canonical = this.directory.canonical(query);
    return canonical ? queryWords(canonical) : queryWords(query);
  }

  /** "lavrov stoltenberg", "retno dan lavrov": one answer per name, when each part names someone. */
  private splitNames(query: string, words: readonly string[]): SpeakerLookup[] | null {
    const pieces = query.split(NAME_SEPARATORS).filter((p) => p.trim() !== '');
    const names = pieces.length >= 2 ? pieces : words.length >= 2 ? [...words] : [];
    if (names.length < 2) return null;
    const parts: SpeakerLookup[] = [];
    for (const name of names.slice(0, 4)) {
      const w = this.aliasWords(name);
      const ranked = w.length > 0 ? this.matchWords(w) : [];
      const best = ranked[0];
      if (!best) return null;
      const top = ranked.filter((r) => r.score >= best.score - 0.02).map((r) => r.person);
      parts.push(top.length === 1 ? { kind: 'person', query: name, person: best.person } : { kind: 'choose', query: name, people: top.sort(byCount).slice(0, MAX_CHOICES) });
    }
    return parts;
  }

  /**
   * Known people close to a name that matched nobody: "Maksud Anda: …?". Words of two or three
   * letters suggest by their start only ("la" -> Lavrov), longer ones also by their first four
   * letters and by a few typos (about two letters in five). Nearest first, then most quoted.
   */
  suggest(query: string, limit: number): Person[] {
    const scores = new Map<Person, number>();
    const put = (t: string, s: number) => {
      for (const p of this.byToken.get(t) ?? []) if (s < (scores.get(p) ?? Infinity)) scores.set(p, s);
    };
    for (const w of queryWords(query)) {
      if (w.length < 2) continue;
      for (const t of this.prefixed(w, 50)) put(t, 0.5);
      if (w.length < 4) continue;
      // A name run on too long ("lavrovski") still shares its first four letters with the name.
      for (const t of this.prefixed(w.slice(0, 4), 50)) put(t, 2.5);
      const max = Math.min(3, Math.max(1, Math.round(w.length * 0.4)));
      for (const [t, d] of this.near(w, Math.min(2, max))) put(t, d);
    }
    return [...scores]
      .sort((a, b) => a[1] - b[1] || byCount(a[0], b[0]))
      .slice(0, Math.max(0, limit))
      .map(([p]) => p);
  }

  /** Discord's autocomplete: people whose words start with what was typed so far (a typo allowed), most quoted first. */
  complete(prefix: string, limit: number): Person[] {
    const words = queryWords(prefix);
    if (words.length === 0) return this.people.slice(0, Math.max(0, limit));
    const found = new Set<Person>();
    if (words.length === 1) {
      for (const t of this.prefixed(words[0] as string, 500)) for (const p of this.byToken.get(t) ?? []) found.add(p);
    }
    const sorted = [...found].sort(byCount);
    if (sorted.length === 0) sorted.push(...this.matchWords(words).map((r) => r.person));
    return [...new Set(sorted)].slice(0, Math.max(0, limit));
  }
}
