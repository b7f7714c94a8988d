/** Rows of the `articles` and `quotes` tables and what they become, shared by the article store's halves. */
import type { Article } from '../../core/model/index.ts';
import { StoreError } from '../../errors.ts';
import { boundMs } from '../../core/time/index.ts';

export interface ArticleRow {
  id: string;
  url: string | null;
  title: string | null;
  date: string | null;
  published_at: string | null;
  dateline: string | null;
  paragraphs: string;
  outlet: string | null;
  file: string | null;
  credit: string | null;
}

export interface QuoteRow {
  article_id: string;
  paragraph: number;
  text: string;
  speaker: string | null;
  speaker_key: string | null;
}

/** Clock, zone and the speaker cache's refresh, which every half of the article store shares. */
export interface ArticleStoreOptions {
  /** Time zone in which a date-only article's day starts. */
  readonly timeZone: string;
  /** Clock for `fetched_at`. */
  readonly now: () => Date;
  /** Called after a transaction that inserted or renamed quotes (the speaker cache refreshes). */
  readonly onQuotesAdded: () => void;
}

/** A window bound in ms, or null; a bound that is neither a date nor an instant is a `StoreError`. */
export function parseBound(bound: string | null, timeZone: string): number | null {
  const ms = boundMs(bound, timeZone);
  if (bound !== null && ms === null) throw new StoreError(`not a date or ISO instant: ${JSON.stringify(bound)}`);
  return ms;
}

/** The value when it has more than blanks, else null. */
export function nonEmpty(value: string | null): string | null {
  return value !== null && value.trim() !== '' ? value : null;
}

export function toArticle(row: ArticleRow): Article {
  return {
    id: row.id,
    title: row.title,
    date: row.date,
    publishedAt: row.published_at,
    dateline: row.dateline,
    paragraphs: JSON.parse(row.paragraphs) as string[],
    source: { url: row.url, outlet: row.outlet, file: row.file, credit: row.credit },
  };
}
