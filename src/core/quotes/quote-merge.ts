/**
 * Folding the stored rows of one speaker's quotes into `/quotes` hits: the same words reported by
 * several outlets (or a fragment of a longer quote) become one hit, in its fullest form, with every
 * source and the number of outlets that carried it. Pure: rows in, hits out.
 */
import type { QuoteHit } from '../model/index.ts';
import { wordRuns } from '../text/index.ts';

/** A stored quote joined with its article, as the quote store reads it. */
export interface QuoteRowView {
  readonly quoteId: number;
  readonly text: string;
  readonly speaker: string | null;
  readonly speakerKey: string | null;
  readonly sortMs: number | null;
  readonly articleId: string;
  readonly publishedAt: string | null;
  readonly date: string | null;
  readonly title: string | null;
  readonly url: string | null;
  readonly outlet: string | null;
}

/** A fragment shorter than this (folded characters) merges only when equal, never by containment. */
const MIN_CONTAINED = 12;

interface Group {
  norm: string;
  text: string;
  speaker: string | null;
  speakerKey: string | null;
  publishedAt: string | null;
  /** Each reporting article once, in the order met, with the outlet it counts for. */
  reports: Map<string, { outletKey: string; source: { title: string | null; url: string | null; outlet: string | null } }>;
}

/** The text two reports of one quote share: case, accents, punctuation and spacing removed. */
export function quoteKey(text: string): string {
  return wordRuns(text).join(' ');
}

function contains(longer: string, shorter: string): boolean {
  if (longer === shorter) return true;
  return shorter.length >= MIN_CONTAINED && ` ${longer} `.includes(` ${shorter} `);
}

function absorb(into: Group, from: Group): void {
  if (from.norm.length > into.norm.length) {
    into.norm = from.norm;
    into.text = from.text;
    into.speaker = from.speaker ?? into.speaker;
  }
  for (const [id, report] of from.reports) if (!into.reports.has(id)) into.reports.set(id, report);
}

/**
 * Merges rows (newest first) into hits, newest first. A hit takes the position of its newest report
 * and the text of its longest one; reports merge when they have the same speaker key and one's
 * folded text equals or contains (on word boundaries) the other's.
 *
 * Near-linear: every word's frequency over the rows is counted first, and each text is anchored on
 * its rarest word. A group that contains a row holds the row's anchor; a group a row contains is
 * anchored on one of the row's words. So only groups from two short lists are compared, and the
 * result is the one comparing every row with every group gives.
 */
export function mergeQuoteRows(rows: Iterable<QuoteRowView>): QuoteHit[] {
  const input = [...rows].map((row) => ({ row, norm: quoteKey(row.text) })).filter((r) => r.norm !== '');
  const frequency = new Map<string, number>();
  for (const { norm } of input) for (const w of new Set(norm.split(' '))) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const anchorOf = (norm: string): string => {
    let best = '';
    let bestCount = Infinity;
    for (const w of norm.split(' ')) {
      const n = frequency.get(w) ?? 0;
      if (n < bestCount || (n === bestCount && w < best)) [best, bestCount] = [w, n];
    }
    return best;
  };

  const groups: (Group & { seq: number; alive: boolean })[] = [];
  // Lists may hold stale entries (a group whose text grew, or was absorbed): every candidate is
  // checked exactly, so a stale entry costs a comparison, never a wrong merge.
  const byWord = new Map<string, number[]>();
  const byAnchor = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, seq: number) => {
    const list = map.get(key);
    if (list) {
      if (list[list.length - 1] !== seq) list.push(seq);
    } else map.set(key, [seq]);
  };
  const indexGroup = (g: { norm: string; seq: number }) => {
    for (const w of new Set(g.norm.split(' '))) push(byWord, w, g.seq);
    push(byAnchor, anchorOf(g.norm), g.seq);
  };

  for (const { row, norm } of input) {
    const single: Group = {
      norm,
      text: row.text,
      speaker: row.speaker,
      speakerKey: row.speakerKey,
      publishedAt: row.publishedAt ?? row.date,
      reports: new Map([
        [
          row.articleId,
          {
            outletKey: row.outlet?.trim() ? row.outlet.trim().toLowerCase() : `article:${row.articleId}`,
            source: { title: row.title, url: row.url, outlet: row.outlet },
          },
        ],
      ]),
    };
    const seen = new Set<number>([...(byWord.get(anchorOf(norm)) ?? [])]);
    for (const w of new Set(norm.split(' '))) for (const seq of byAnchor.get(w) ?? []) seen.add(seq);
    const matches = [...seen]
      .sort((a, b) => a - b)
      .map((seq) => groups[seq] as (typeof groups)[number])
      .filter((g) => g.alive && g.speakerKey === row.speakerKey && (contains(g.norm, norm) || contains(norm, g.norm)));
    const [first, ...rest] = matches;
    if (!first) {
      const group = { ...single, seq: groups.length, alive: true };
      groups.push(group);
      indexGroup(group);
      continue;
    }
    const before = first.norm;
    absorb(first, single);
    // A fuller report can bridge two fragments that were separate until now.
    for (const other of rest) {
      absorb(first, other);
      other.alive = false;
    }
    if (first.norm !== before) indexGroup(first);
  }
  return groups
    .filter((g) => g.alive)
    .map((g) => ({
      text: g.text,
      speaker: g.speaker,
      speakerKey: g.speakerKey,
      outlets: new Set([...g.reports.values()].map((r) => r.outletKey)).size,
      articleIds: [...g.reports.keys()],
      publishedAt: g.publishedAt,
      sources: [...g.reports.values()].map((r) => r.source),
    }));
}
