/**
 * Ports between the platform-neutral bot (commands, delivery) and what plugs into it:
 * the store and the chat platforms. Platform adapters implement `ChatPlatform`; the SQLite store
 * implements `SubscriptionStore`, `DeliveryStore` and `NewsStore`.
 */
import type { DigestLength } from '../format/digest-document.ts';
import type { ExtractedArticle, QuoteHit } from '../core/model/index.ts';
import type { Document } from '../format/document.ts';

export type PlatformName = 'telegram' | 'discord' | 'console';

/** A place messages go: a Telegram chat (optionally a forum topic) or a Discord channel (or thread). */
export interface ChatRef {
  readonly platform: PlatformName;
  /** Telegram chat id or Discord channel id, as a string. */
  readonly chatId: string;
  /** Telegram message_thread_id or Discord thread id, when digests go to a topic. */
  readonly threadId: string | null;
}

export type ChatKind = 'private' | 'group' | 'channel';

export interface Subscription {
  readonly id: number;
  readonly chat: ChatRef;
  /** Local time of day "HH:MM" at which the digest is sent. */
  readonly time: string;
  /** IANA time zone of `time`. */
  readonly timeZone: string;
  /** Plain keywords; when set only stories mentioning one of them are sent. */
  readonly topics: readonly string[];
  /** How much of each story the daily digest shows (`/format`). */
  readonly length: DigestLength;
  readonly active: boolean;
  /** Why it was deactivated ("blocked", "kicked", "unknown channel", "unsubscribed"), when inactive. */
  readonly inactiveReason: string | null;
  readonly createdAt: string;
}

/** One message part as a platform renderer produced it; stored verbatim so a restart resends the same. */
export interface RenderedPart {
  readonly index: number;
  /** JSON-serialisable payload: a Telegram HTML string or a Discord message body. */
  readonly payload: unknown;
}

/**
 * What a chat platform adapter gives the delivery loop. `send` throws the `PlatformError`
 * subclasses of `errors.ts` (RateLimitedError, ChatUnavailableError, TransientPlatformError,
 * RejectedPayloadError), classified from the library's own errors.
 */
export interface ChatPlatform {
  readonly name: PlatformName;
  /** Renders a document into the parts to send, in order, through the core formatter's renderer. */
  render(doc: Document): RenderedPart[];
  /**
   * Sends one part; resolves with the platform message id. `options.idempotencyKey` is stable for
   * one part of one delivery across restarts: an adapter whose platform can deduplicate with it
   * (Discord `nonce` + `enforce_nonce: true`) should pass it, so a part resent after a crash between
   * "platform accepted" and "marked sent" is not posted twice.
   */
  send(chat: ChatRef, part: RenderedPart, options?: SendOptions): Promise<string>;
  /**
   * True when `send` honours `options.idempotencyKey` (a resend with the same key never posts twice).
   * Absent/false: a part whose send was interrupted by a crash is resent (at-least-once), see delivery.ts.
   */
  readonly idempotentSends?: boolean;
}

/** Per-send options the delivery loop passes to `ChatPlatform.send`. */
export interface SendOptions {
  /** Stable key of (delivery, part), at most 25 characters (Discord's nonce limit). */
  readonly idempotencyKey?: string;
}

export type SubscribeOutcome = 'subscribed' | 'updated' | 'reactivated';

export interface SubscriptionStore {
  /** Creates or updates (and reactivates) the subscription of a chat. */
  subscribe(chat: ChatRef, time: string, timeZone: string): { outcome: SubscribeOutcome; subscription: Subscription };
  /** Deactivates a chat's subscription; false when there was none active. */
  unsubscribe(chat: ChatRef, reason: string): boolean;
  /** Changes the daily time, and the time zone when one is given. */
  setTime(chat: ChatRef, time: string, timeZone?: string): Subscription | null;
  setTopics(chat: ChatRef, topics: readonly string[]): Subscription | null;
  setLength(chat: ChatRef, length: DigestLength): Subscription | null;
  get(chat: ChatRef): Subscription | null;
  /** Moves a subscription to a new chat id (Telegram group upgraded to a supergroup). */
  migrateChat(from: ChatRef, toChatId: string): void;
  listActive(): Subscription[];
}

export type PartState = 'pending' | 'sent' | 'failed';

export interface DeliveryRecord {
  readonly id: number;
  readonly subscriptionId: number;
  /** Digest date YYYY-MM-DD in the subscription's time zone. */
  readonly digestDate: string;
  readonly state: 'pending' | 'done' | 'failed' | 'skipped';
  readonly reason: string | null;
  readonly parts: readonly (RenderedPart & { readonly state: PartState; readonly messageId: string | null })[];
}

export interface DeliveryStore {
  /**
   * Records a delivery with its rendered parts before anything is sent. Returns the existing record
   * when one exists for (subscription, date): the digest is never rendered or recorded twice.
   */
  begin(subscriptionId: number, digestDate: string, parts: readonly RenderedPart[]): DeliveryRecord;
  markPartSent(deliveryId: number, index: number, messageId: string): void;
  /**
   * Optional: records why sending a part failed, for the operator's log (the delivery stays open
   * unless `finish` is called; a part not marked sent is sent again on resume).
   */
  markPartFailed?(deliveryId: number, index: number, error: string): void;
  finish(deliveryId: number, state: 'done' | 'failed' | 'skipped', reason: string | null): void;
  find(subscriptionId: number, digestDate: string): DeliveryRecord | null;
  /** Deliveries begun but not finished (after a crash), oldest first. */
  unfinished(): DeliveryRecord[];
}

import type { SpeakerLookup } from '../core/speakers/index.ts';

/** A quote found by `/quotes` (plain data, defined in core so the formatter can use it). */
export type { QuoteHit } from '../core/model/index.ts';

export interface NewsStore {
  /** Quotes by a speaker (forgiving match on key and name), newest first, one per distinct quote. */
  quotesBy(name: string, limit: number): QuoteHit[];
  /** People whose name words start with `prefix` (all when empty), for autocomplete: main key, display name, count. */
  speakers(prefix: string, limit: number): { key: string; name: string; count: number }[];
  /** What a typed name means (the core's speaker lookup): one person, a list to pick from, one per name, or suggestions. */
  lookupSpeakers(name: string): SpeakerLookup;
  /** Quotes of one person's stored speaker keys, newest first, one per distinct quote. */
  quotesOf(keys: readonly string[], limit: number): QuoteHit[];
  /** The most quoted people since `since` (ISO instant), distinct quotes counted, most first. */
  topSpeakers(since: string, limit: number): { key: string; name: string; count: number }[];
  /**
   * Stored articles with their quotes published in [from, to) (null bounds: unbounded), for the
   * digest builder. Articles without a known date count as inside every window only when both bounds are null.
   */
  articlesIn(window: { from: string | null; to: string | null; unassignedOnly?: boolean }): ExtractedArticle[];
  /** How many articles are stored. */
  articleCount(): number;
}

/** A feed kilas knows beyond the configured list: imported by the operator, or added by a chat. */
export interface StoredFeed {
  /** Absolute http(s) URL, the feed's identity. */
  readonly url: string;
  /** Outlet name shown to chats (the feed's title when nobody named it). */
  readonly name: string;
  /** `operator`: every chat may follow it; `chat`: only the chats that added it get its stories. */
  readonly origin: 'operator' | 'chat';
  /** The outlet's web site (OPML htmlUrl), when known. */
  readonly siteUrl: string | null;
}

/** A chat's own choice of outlets. */
export interface SourceChoice {
  /** False: the chat follows every operator outlet (new ones included); true: only `feeds`. */
  readonly chosen: boolean;
  /** Operator outlets chosen (when `chosen`) and feeds the chat added itself (`added`, always followed). */
  readonly feeds: readonly { readonly url: string; readonly added: boolean }[];
}

/** Feeds, per-chat outlet choices and which feed brought which article. */
export interface SourceStore {
  /** Every stored feed, operator ones first, then by name. */
  listFeeds(): StoredFeed[];
  /** Adds or updates a feed; a chat feed that becomes an operator feed stays operator. */
  putFeed(feed: StoredFeed): void;
  /** Removes an operator's stored feed (not the configured list); false when there was none. */
  deleteFeed(url: string): boolean;
  choiceOf(subscriptionId: number): SourceChoice;
  /** Replaces a subscription's choice in one transaction. */
  setChoice(subscriptionId: number, choice: SourceChoice): void;
  /** Feeds added by chats that at least one active subscription follows (polled once however many). */
  followedChatFeeds(): string[];
  /** Records that `feedUrl` brought the stored articles with these links (again is harmless). */
  linkArticles(feedUrl: string, articleUrls: readonly string[]): void;
  /** The feeds each article published in the window came from. */
  articleFeeds(window: { from: string | null; to: string | null }): Map<string, string[]>;
}
