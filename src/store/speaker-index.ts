/**
 * The in-memory list of known speakers that `/quotes` matches names against: small (one entry per
 * person), rebuilt from the `speakers` table when quotes are added, so a lookup never scans quotes.
 */
import { boundedEditDistance, foldText } from '../core/speakers.ts';

/** One known speaker: its key, the spellings it was reported under, and how many quotes it has. */
export interface SpeakerEntry {
  readonly key: string;
  /** Most frequent spelling first. */
  readonly names: readonly string[];
  readonly count: number;
}

/**
 * Resolves what a user typed to speaker keys, best first; [] when nothing is close enough.
 * The default is `matchSpeakerKeys`; the core's name matcher can be plugged in instead.
 */
export type SpeakerMatcher = (query: string, candidates: readonly SpeakerEntry[]) => string[];

/** Lower case, accents removed (the core's `foldText`), anything but letters and digits as single spaces. */
export function foldName(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** How many typing mistakes a word of this length may carry and still match. */
function typoBudget(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

const tokenCache = new WeakMap<SpeakerEntry, { key: string; tokens: Set<string>; names: string[] }>();

/** Folded words and spellings of an entry, computed once per entry object. */
function folded(entry: SpeakerEntry): { key: string; tokens: Set<string>; names: string[] } {
  let cached = tokenCache.get(entry);
  if (!cached) {
    const names = entry.names.map(foldName);
    const key = foldName(entry.key);
    const tokens = new Set<string>(key ? [key] : []);
    for (const name of names) for (const t of name.split(' ')) if (t) tokens.add(t);
    cached = { key, tokens, names };
    tokenCache.set(entry, cached);
  }
  return cached;
}

/**
 * The default forgiving matcher, in tiers (the first tier with a match wins):
 * 1. the query is the key or one of the spellings, ignoring case and accents;
 * 2. the key is one of the query's words, or every query word is a word of one spelling
 *    ("Sergei Lavrov", "joe" → biden when only one Joe is known … and every Joe otherwise);
 * 3. one query word is within a small edit distance of the key or of a name word (a typo).
 * Within a tier, keys with more quotes come first.
 */
export function matchSpeakerKeys(query: string, candidates: readonly SpeakerEntry[]): string[] {
  query = foldName(query);
  if (query === '') return [];
  const words = query.split(' ');
  const tier1: SpeakerEntry[] = [];
  const tier2: SpeakerEntry[] = [];
  const tier3: { entry: SpeakerEntry; distance: number }[] = [];
  for (const entry of candidates) {
    const { key, tokens, names } = folded(entry);
    if (key === query || names.includes(query)) {
      tier1.push(entry);
      continue;
    }
    if (tier1.length > 0) continue;
    if (words.includes(key) || words.every((w) => tokens.has(w))) {
      tier2.push(entry);
      continue;
    }
    if (tier2.length > 0) continue;
    let best = Infinity;
    for (const w of words) {
      const budget = typoBudget(w.length);
      if (budget === 0) continue;
      for (const t of tokens) {
        if (t.length < 4) continue;
        const d = boundedEditDistance(w, t, budget);
        if (d <= budget && d < best) best = d;
      }
    }
    if (best !== Infinity) tier3.push({ entry, distance: best });
  }
  const byCount = (a: SpeakerEntry, b: SpeakerEntry) => b.count - a.count || a.key.localeCompare(b.key);
  if (tier1.length > 0) return tier1.sort(byCount).map((e) => e.key);
  if (tier2.length > 0) return tier2.sort(byCount).map((e) => e.key);
  return tier3.sort((a, b) => a.distance - b.distance || byCount(a.entry, b.entry)).map((t) => t.entry.key);
}

/**
 * Known speakers that look like `query` without matching it: the suggestions behind "Maksud Anda: …?".
 * Nearest first (edit distance up to 3 on any word, or a shared 3-letter start).
 */
export function suggestSpeakerEntries(query: string, candidates: readonly SpeakerEntry[], limit: number): SpeakerEntry[] {
  const words = foldName(query).split(' ').filter((w) => w.length >= 2);
  if (words.length === 0) return [];
  const scored: { entry: SpeakerEntry; score: number }[] = [];
  for (const entry of candidates) {
    let best = Infinity;
    for (const t of folded(entry).tokens) {
      for (const w of words) {
        const d = boundedEditDistance(w, t, 3);
        const prefix = w.length >= 3 && t.startsWith(w.slice(0, 3)) ? 2.5 : Infinity;
        best = Math.min(best, d <= 3 ? d : Infinity, prefix);
      }
    }
    if (best !== Infinity) scored.push({ entry, score: best });
  }
  return scored
    .sort((a, b) => a.score - b.score || b.entry.count - a.entry.count || a.entry.key.localeCompare(b.entry.key))
    .slice(0, Math.max(0, limit))
    .map((s) => s.entry);
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

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** Longer queries are cut: no name is this long, and hostile input must stay cheap. */
export const MAX_QUERY = 120;
/** Words longer than this get no typo search (its deletion set grows with the square of the length). */
const MAX_TYPO_WORD = 24;

const byCountThenKey = (a: SpeakerEntry, b: SpeakerEntry) => b.count - a.count || a.key.localeCompare(b.key);

/**
 * The known speakers, indexed so a lookup costs a few map reads instead of a scan: folded keys,
 * full names and name words, a deletion index (one deleted letter per word) for typos, and a
 * sorted word list for prefixes. Matches the tiers of `matchSpeakerKeys`; typos of two letters in
 * long words are found when one of the two is a deletion or insertion.
 */
export class SpeakerIndex {
  readonly entries: readonly SpeakerEntry[];
  private readonly byKey = new Map<string, Set<SpeakerEntry>>();
  private readonly byName = new Map<string, Set<SpeakerEntry>>();
  private readonly byToken = new Map<string, Set<SpeakerEntry>>();
  /** Built on the first typo search: most lookups never need it. */
  private deletionIndex: Map<string, string[]> | null = null;
  private readonly sortedTokens: string[];

  constructor(entries: readonly SpeakerEntry[]) {
    this.entries = [...entries].sort(byCountThenKey);
    for (const entry of this.entries) {
      const { key, tokens, names } = folded(entry);
      add(this.byKey, key, entry);
      for (const name of names) add(this.byName, name, entry);
      for (const token of tokens) {
        add(this.byToken, token, entry);
      }
    }
    this.sortedTokens = [...this.byToken.keys()].sort();
  }

  /** Every one-letter deletion of every name word of 4+ letters -> the words. */
  private get byDeletion(): Map<string, string[]> {
    if (this.deletionIndex) return this.deletionIndex;
    const index = new Map<string, string[]>();
    for (const token of this.byToken.keys()) {
      if (token.length < 4) continue;
      // Tokens are distinct and a deletion set has no repeats, so each list holds a token once.
      for (const d of deletions(token, 1)) {
        const list = index.get(d);
        if (list) list.push(token);
        else index.set(d, [token]);
      }
    }
    this.deletionIndex = index;
    return index;
  }

  /** The entry of a stored key. */
  get(key: string): SpeakerEntry | undefined {
    for (const e of this.byKey.get(foldName(key)) ?? []) if (e.key === key) return e;
    return undefined;
  }

  /** Keys `query` names, best tier first, most quoted first within a tier; [] when none. */
  match(query: string): string[] {
    return this.matchTier(query).keys;
  }

  /**
   * Like `match`, telling which tier matched: 1 exact key or spelling, 2 key or every word among a
   * speaker's words, 3 typo, 0 nothing.
   */
  matchTier(query: string): { tier: 0 | 1 | 2 | 3; keys: string[] } {
    const q = foldName(query.slice(0, MAX_QUERY));
    if (q === '') return { tier: 0, keys: [] };
    const tier1 = new Set([...(this.byKey.get(q) ?? []), ...(this.byName.get(q) ?? [])]);
    if (tier1.size > 0) return { tier: 1, keys: [...tier1].sort(byCountThenKey).map((e) => e.key) };

    const words = q.split(' ');
    const tier2 = new Set<SpeakerEntry>();
    for (const w of words) for (const e of this.byKey.get(w) ?? []) tier2.add(e);
    const postings = words.map((w) => this.byToken.get(w) ?? new Set<SpeakerEntry>()).sort((a, b) => a.size - b.size);
    const [smallest, ...others] = postings;
    for (const e of smallest ?? []) if (others.every((p) => p.has(e))) tier2.add(e);
    if (tier2.size > 0) return { tier: 2, keys: [...tier2].sort(byCountThenKey).map((e) => e.key) };

    const best = new Map<SpeakerEntry, number>();
    for (const w of words) {
      const budget = w.length > MAX_TYPO_WORD ? 0 : typoBudget(w.length);
      if (budget === 0) continue;
      const tokens = new Set<string>();
      for (const d of deletions(w, budget)) for (const t of this.byDeletion.get(d) ?? []) tokens.add(t);
      for (const t of tokens) {
        const distance = boundedEditDistance(w, t, budget);
        if (distance > budget) continue;
        for (const e of this.byToken.get(t) ?? []) best.set(e, Math.min(best.get(e) ?? Infinity, distance));
      }
    }
    const keys = [...best].sort((a, b) => a[1] - b[1] || byCountThenKey(a[0], b[0])).map(([e]) => e.key);
    return { tier: keys.length > 0 ? 3 : 0, keys };
  }

  /** Speakers whose key or a name word starts with `prefix` (all when empty), most quoted first. */
  withPrefix(prefix: string, limit: number): SpeakerEntry[] {
    const p = foldName(prefix);
    if (p === '') return this.entries.slice(0, Math.max(0, limit));
    let lo = 0;
    let hi = this.sortedTokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sortedTokens[mid] ?? '') < p) lo = mid + 1;
      else hi = mid;
    }
    const found = new Set<SpeakerEntry>();
    for (let i = lo; i < this.sortedTokens.length; i++) {
      const token = this.sortedTokens[i] ?? '';
      if (!token.startsWith(p)) break;
      for (const e of this.byToken.get(token) ?? []) found.add(e);
    }
    return [...found].sort(byCountThenKey).slice(0, Math.max(0, limit));
  }

  /** Known speakers close to an unknown `query`: "Maksud Anda: …?". */
  suggest(query: string, limit: number): SpeakerEntry[] {
    return suggestSpeakerEntries(query.slice(0, MAX_QUERY), this.entries, limit);
  }
}
