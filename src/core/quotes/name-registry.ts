/**
 * The people an article names in full, so a later short form reads as the same person:
 * "Lavrov" -> "Sergey Lavrov", "Sri Mulyani" -> "Sri Mulyani Indrawati", "Jokowi" -> "Joko
 * Widodo" (from "Joko Widodo (Jokowi)"), and "kata Presiden" -> whoever was introduced with that title.
 */
import { DOMAIN_WORDS, INSTITUTION_HEADS, NAME_PARTICLES, PLACE_WORDS, ROLE_WORDS, speakerKey } from '../speakers/index.ts';
import { NAMED_HEADS, npBackward } from './noun-phrases.ts';
import type { Entity } from './noun-phrases.ts';
import { isInitial, isNameWord, isTitle } from './quote-tokens.ts';
import type { Tok } from './quote-tokens.ts';

/** A full name seen in the article and the role words written before it. */
export interface Known {
  readonly name: string;
  readonly role: readonly string[];
}

/** An article's full names by key, and the lookups already answered. */
export interface Registry {
  readonly names: ReadonlyMap<string, Known>;
  readonly resolved: Map<string, Known | null>;
}

/**
 * Full names seen in the article, by key: "Lavrov" later reads as "Sergey Lavrov", and "kata
 * Presiden" finds the person introduced as "Presiden Joko Widodo (Jokowi)".
 */
export function buildRegistry(tokenized: ReadonlyArray<readonly Tok[]>): Registry {
  const names = new Map<string, Known>();
  const teams = placedNames(tokenized);
  for (const toks of tokenized) {
    for (let i = 0; i < toks.length; ) {
      if (!isNameWord(toks[i])) {
        i++;
        continue;
      }
      let j = i;
      // "Bambang S. Wiratmaja", "Rosita br Ginting": an initial or a particle inside the name keeps the run going.
      while (j < toks.length) {
        if (isNameWord(toks[j])) j++;
        else if (j > i && isInitial(toks[j]) && toks[j + 1]?.text === '.' && isNameWord(toks[j + 2])) j += 2;
        else if (j > i && NAME_PARTICLES.has(toks[j]?.lower ?? '') && !isTitle(toks[j]) && isNameWord(toks[j + 1])) j++;
        else break;
      }
      // "Universitas Airlangga Iman Santoso": the word after a generic head names the institution.
      const head = toks[i - 1];
      if (j - i >= 3 && head?.title && NAMED_HEADS.has(head.lower)) i++;
      // "Kejaksaan Agung Harli Siregar": a domain or place word after an institution's head is its name.
      else if (j - i >= 3 && head?.title && INSTITUTION_HEADS.has(head.lower) && (DOMAIN_WORDS.has(toks[i]?.lower ?? '') || PLACE_WORDS.has(toks[i]?.lower ?? ''))) i++;
      // "pelatih Persija Markus Hoffmann" when the article also writes "Persija Jakarta": a club or a
      // firm named by its city stands between the title and the person.
      const before = toks[i - 1];
      if (j - i >= 3 && before?.kind === 'word' && ROLE_WORDS.has(before.lower) && teams.has(toks[i]?.lower ?? '')) i++;
      const words = toks.slice(i, j).filter((t) => t.text !== '.').length;
      if (words >= 2 && words <= 4) {
        const name = toks.slice(i, j).map((t) => t.text).join(' ').replace(/ \./g, '.');
        const key = speakerKey(name);
        const known = names.get(key);
        const role = npBackward(toks, i - 1, Math.max(0, i - 8)).filter((t) => t.kind === 'word').map((t) => t.lower);
        if (key && (!known || known.name.split(' ').length < words)) names.set(key, { name, role: mergeRoles(known?.role ?? [], role) });
        else if (known && role.length > 0) names.set(key, { name: known.name, role: mergeRoles(known.role, role) });
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
  foldShortForms(names);
  return { names, resolved: new Map() };
}

/** Capitalised words the article writes right before a city ("Persija Jakarta", "Arema Malang"). */
function placedNames(tokenized: ReadonlyArray<readonly Tok[]>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const toks of tokenized) {
    for (let k = 0; k + 1 < toks.length; k++) {
      const t = toks[k] as Tok;
      const next = toks[k + 1] as Tok;
      if (isNameWord(t) && next.kind === 'word' && next.title && PLACE_WORDS.has(next.lower)) out.add(t.lower);
    }
  }
  return out;
}

/** Above this many names an article is not worth the pairwise pass of {@link foldShortForms}. */
const MAX_FOLDED = 200;

/**
 * "Sri Mulyani" registered beside "Sri Mulyani Indrawati" is the same person: a name whose words
 * all stand in exactly one longer registered name reads as that one.
 */
function foldShortForms(names: Map<string, Known>): void {
  if (names.size > MAX_FOLDED) return;
  const all = [...names.entries()];
  for (const [key, short] of all) {
    const words = short.name.split(' ');
    let longer: Known | null = null;
    let ambiguous = false;
    for (const [, other] of all) {
      const parts = other.name.split(' ');
      if (parts.length <= words.length || !words.every((w) => parts.includes(w))) continue;
      if (longer && longer.name !== other.name) ambiguous = true;
      longer = other;
    }
    if (longer && !ambiguous) names.set(key, { name: longer.name, role: mergeRoles(longer.role, short.role) });
  }
}

/** Role words of several mentions, each once, at most {@link MAX_ROLE_WORDS}: bounded work per mention. */
function mergeRoles(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0 || a.length >= MAX_ROLE_WORDS) return a;
  return [...new Set([...a, ...b])].slice(0, MAX_ROLE_WORDS);
}

const MAX_ROLE_WORDS = 16;

/** `e` as the registered person `known`: the registered name and key, the roles of both. */
export function withKnown(e: Entity, known: Known): Entity {
  const role = mergeRoles(e.role, known.role);
  return { kind: 'person', name: known.name, key: speakerKey(known.name), role };
}

/** The registered person a name refers to, or null; see {@link display}. */
function findKnown(e: Entity, registry: Registry): Known | null {
  if (e.kind === 'institution') return e.name.includes(' ') ? null : (registry.names.get(e.key) ?? null);
  if (e.kind !== 'person') return null;
  const words = e.name.split(' ');
  const byKey = registry.names.get(e.key);
  if (byKey) {
    // "Lavrov" and "Sergei Lavrov" read as the registered "Sergey Lavrov"; "Hunter Biden" never as "Joe Biden".
    const parts = byKey.name.split(' ');
    const compatible = words.length === 1 || (parts.length >= words.length && parts[0]?.[0] === words[0]?.[0]);
    return compatible ? byKey : null;
  }
  let found: Known | null = null;
  for (const known of registry.names.values()) {
    const parts = known.name.split(' ');
    if (parts.length <= words.length || !words.every((w) => parts.includes(w))) continue;
    if (found !== null && found.name !== known.name) return null;
    found = known;
  }
  return found;
}

/**
 * The fullest form of a person's name in the article: by key ("Lavrov" -> "Sergey Lavrov"), else
 * the one full name that holds every word of it ("Sri Mulyani" -> "Sri Mulyani Indrawati",
 * "Hasyim" -> "Hasyim Asy'ari"), which then also gives the key. "Susilo Bambang Yudhoyono (SBY)"
 * makes a later "ujar SBY" a person, not an agency. Looked up once per name and article.
 */
export function display(e: Entity, registry: Registry): Entity {
  if (e.kind !== 'person' && e.kind !== 'institution') return e;
  const id = `${e.kind}\u0000${e.name}`;
  let known = registry.resolved.get(id);
  if (known === undefined) {
    known = findKnown(e, registry);
    registry.resolved.set(id, known);
  }
  return known ? withKnown(e, known) : e;
}
