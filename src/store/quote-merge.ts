/**
 * Folding the stored rows of one speaker's quotes into `/quotes` hits: the same words reported by
 * several outlets (or a fragment of a longer quote) become one hit, in its fullest form, with every
 * source and the number of outlets that carried it. Pure: rows in, hits out.
 */
import type { QuoteHit } from '../bot/ports.ts';
import { foldText } from '../core/speakers.ts';

/** Lower case, accents removed, anything but letters and digits as single spaces. */
export function foldName(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

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
  return foldName(text);
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
 */
export function mergeQuoteRows(rows: Iterable<QuoteRowView>): QuoteHit[] {
  const groups: Group[] = [];
  for (const row of rows) {
    const norm = quoteKey(row.text);
    if (norm === '') continue;
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
    const matches = groups.filter(
      (g) => g.speakerKey === row.speakerKey && (contains(g.norm, norm) || contains(norm, g.norm)),
    );
    const [first, ...rest] = matches;
    if (!first) {
      groups.push(single);
      continue;
    }
    absorb(first, single);
    // A fuller report can bridge two fragments that were separate until now.
    for (const other of rest) {
      absorb(first, other);
      groups.splice(groups.indexOf(other), 1);
    }
  }
  return groups.map((g) => ({
    text: g.text,
    speaker: g.speaker,
    speakerKey: g.speakerKey,
    outlets: new Set([...g.reports.values()].map((r) => r.outletKey)).size,
    articleIds: [...g.reports.keys()],
    publishedAt: g.publishedAt,
    sources: [...g.reports.values()].map((r) => r.source),
  }));
}
