/**
 * What the SQLite and PostgreSQL quote stores share once their queries have run: the speaker
 * index's entries from the `speakers` rows, and the most quoted people of a period.
 */
import type { Person, SpeakerEntry } from '../core/speakers/index.ts';
import type { SpeakerCount } from './ports.ts';

/**
 * Adds up the counts of every key that names one person (a person may have several keys) and keeps
 * the `n` most quoted, ties by name.
 */
export function rankSpeakers(rows: Iterable<{ readonly key: string; readonly n: number }>, personOf: (key: string) => Person | null | undefined, n: number): SpeakerCount[] {
  const counts = new Map<Person, number>();
  for (const row of rows) {
    const person = personOf(row.key);
    if (person) counts.set(person, (counts.get(person) ?? 0) + row.n);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].name.localeCompare(b[0].name))
    .slice(0, n)
    .map(([p, count]) => ({ key: p.key, name: p.name, count }));
}

/** The speaker index's entries from `speakers` rows: every name a key was written with, counts added. */
export function speakerEntries(rows: Iterable<{ readonly key: string; readonly name: string; readonly count: number }>): SpeakerEntry[] {
  const grouped = new Map<string, { names: string[]; count: number }>();
  for (const row of rows) {
    let g = grouped.get(row.key);
    if (!g) grouped.set(row.key, (g = { names: [], count: 0 }));
    g.names.push(row.name);
    g.count += row.count;
  }
  return [...grouped].map(([key, g]) => ({ key, names: g.names, count: g.count }));
}
