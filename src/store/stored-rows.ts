/**
 * Rows as both stores (SQLite and PostgreSQL) read them, and what they become: one mapping per
 * table, so the two implementations cannot drift apart in what they return. SQLite answers booleans
 * as 0/1, PostgreSQL as booleans: the mappings take either.
 */
import type { Article } from '../core/model/index.ts';
import type { QuoteRowView } from '../core/quotes/index.ts';
import { boundMs } from '../core/time/index.ts';
import { StoreError } from '../errors.ts';
import type { ChatRef, DeliveryRecord, FeedState, PartState, StoredStory, Subscription } from './ports.ts';

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

/** The value when it has more than blanks, else null. */
export function nonEmpty(value: string | null): string | null {
  return value !== null && value.trim() !== '' ? value : null;
}

/** A window bound in ms, or null; a bound that is neither a date nor an instant is a `StoreError`. */
export function parseBound(bound: string | null, timeZone: string): number | null {
  const ms = boundMs(bound, timeZone);
  if (bound !== null && ms === null) throw new StoreError(`not a date or ISO instant: ${JSON.stringify(bound)}`);
  return ms;
}

/** A quote joined with its article, as `/quotes` reads it. */
export interface JoinedQuoteRow {
  quote_id: number;
  text: string;
  speaker: string | null;
  speaker_key: string | null;
  sort_ms: number | null;
  article_id: string;
  published_at: string | null;
  date: string | null;
  title: string | null;
  url: string | null;
  outlet: string | null;
}

export function toQuoteView(row: JoinedQuoteRow): QuoteRowView {
  return {
    quoteId: row.quote_id,
    text: row.text,
    speaker: row.speaker,
    speakerKey: row.speaker_key,
    sortMs: row.sort_ms,
    articleId: row.article_id,
    publishedAt: row.published_at,
    date: row.date,
    title: row.title,
    url: row.url,
    outlet: row.outlet,
  };
}

/** Newest first, undated last, then the later-stored quote first. */
export function newestFirst(a: QuoteRowView, b: QuoteRowView): number {
  return (b.sortMs ?? -Infinity) - (a.sortMs ?? -Infinity) || b.quoteId - a.quoteId;
}

/** A caller's limit as 0…1000 (a non-number is 0). */
export function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.min(1000, Math.floor(limit))) : 0;
}

export interface StoryRow {
  id: string;
  headline: string | null;
  first_seen_ms: number | null;
  last_seen_ms: number | null;
  article_count: number;
  updated_at: string;
}

export function toStory(row: StoryRow): StoredStory {
  return {
    id: row.id,
    headline: row.headline,
    firstSeenMs: row.first_seen_ms,
    lastSeenMs: row.last_seen_ms,
    articleCount: row.article_count,
    updatedAt: row.updated_at,
  };
}

export interface SubscriptionRow {
  id: number;
  platform: ChatRef['platform'];
  chat_id: string;
  thread_id: string;
  time: string;
  time_zone: string;
  topics: string;
  digest_length: string;
  active: number | boolean;
  inactive_reason: string | null;
  created_at: string;
}

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    chat: { platform: row.platform, chatId: row.chat_id, threadId: row.thread_id === '' ? null : row.thread_id },
    time: row.time,
    timeZone: row.time_zone,
    topics: JSON.parse(row.topics) as string[],
    length: row.digest_length === 'lengkap' ? 'lengkap' : 'ringkas',
    active: row.active === true || row.active === 1,
    inactiveReason: row.inactive_reason,
    createdAt: row.created_at,
  };
}

export interface FeedStateRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  failures: number;
  next_attempt_at: string | null;
  disabled: number | boolean;
  last_error: string | null;
  last_success_at: string | null;
}

export function toFeedState(row: FeedStateRow): FeedState {
  return {
    url: row.url,
    etag: row.etag,
    lastModified: row.last_modified,
    failures: row.failures,
    nextAttemptAt: row.next_attempt_at,
    disabled: row.disabled === true || row.disabled === 1,
    lastError: row.last_error,
    lastSuccessAt: row.last_success_at,
  };
}

/** A `deliveries` row. */
export interface DeliveryRow {
  id: number;
  subscription_id: number;
  digest_date: string;
  state: DeliveryRecord['state'];
  reason: string | null;
}

/** A `delivery_parts` row (the columns both stores read). */
export interface PartRow {
  idx: number;
  payload: string;
  state: PartState;
  message_id: string | null;
}
