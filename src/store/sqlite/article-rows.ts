/** Rows of the `articles` and `quotes` tables and what they become, shared by the article store's halves. */
// The table mappings both stores share.
export { nonEmpty, parseBound, toArticle, type ArticleRow } from '../stored-rows.ts';

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
