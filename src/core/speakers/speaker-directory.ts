/**
 * The operator's alias list as the core uses it: popular names and transliterations that name
 * one person (Jokowi -> Joko Widodo, Zelenskiy -> Volodymyr Zelenskyy). Built from plain data
 * (data/speakers.json is read and validated outside the core); pure lookups.
 */
import { identityTokens } from './speakers.ts';

/** One person of the alias list: the canonical display name and the other forms people use. */
export interface SpeakerAliasEntry {
  /** Canonical display name ("Joko Widodo"). */
  readonly name: string;
  /** Other name forms ("Jokowi", "Pak Jokowi", "Joko Widodo (Jokowi)" is two forms). */
  readonly aliases: readonly string[];
}

/** Name forms to canonical names; see {@link createSpeakerDirectory}. */
export interface SpeakerDirectory {
  readonly entries: readonly SpeakerAliasEntry[];
  /** The canonical name a name form stands for (titles ignored: "Presiden Jokowi"), or null. */
  canonical(name: string): string | null;
  /** {@link SpeakerDirectory.canonical} for a form's words already computed (`identityTokens`). */
  canonicalOfWords(words: readonly string[]): string | null;
  /** Every form of the person a name form stands for, canonical first ([] when not listed). */
  formsOf(name: string): readonly string[];
}

/** The words of a name form as one lookup string. */
function formKey(name: string): string {
  return identityTokens(name).join(' ');
}

/**
 * Indexes an alias list. A form listed under two people belongs to neither (ambiguous forms are
 * rejected by the loader; this keeps the core total on any data).
 */
export function createSpeakerDirectory(entries: readonly SpeakerAliasEntry[]): SpeakerDirectory {
  const byForm = new Map<string, SpeakerAliasEntry | null>();
  for (const entry of entries) {
    for (const form of [entry.name, ...entry.aliases]) {
      const key = formKey(form);
      if (key === '') continue;
      const seen = byForm.get(key);
      byForm.set(key, seen === undefined || seen === entry ? entry : null);
    }
  }
  const find = (name: string): SpeakerAliasEntry | null => (name && byForm.size > 0 ? (byForm.get(formKey(name)) ?? null) : null);
  return {
    entries,
    canonical: (name) => find(name)?.name ?? null,
    canonicalOfWords: (words) => (byForm.size === 0 || words.length === 0 ? null : (byForm.get(words.join(' ')) ?? null)?.name ?? null),
    formsOf: (name) => {
      const e = find(name);
      return e ? [e.name, ...e.aliases] : [];
    },
  };
}

/** A directory with no aliases: names are only joined by the general rules. */
export const EMPTY_DIRECTORY: SpeakerDirectory = createSpeakerDirectory([]);
