/**
 * The storage seam: every interface kilas keeps data through, one small port per kind of thing
 * stored, all asynchronous. Each method is a whole unit of work (an implementation runs it in one
 * transaction of its own); nothing here hands a callback across the seam. `Store` bundles the ports
 * of one database; `sqlite/` implements it (the embedded default). This file imports only core and format types,
 * so the bot, the sources and the platforms may depend on it without reaching an implementation.
 */
import type { DigestLength } from '../format/digest-document.ts';
import type { SpeakerLookup } from '../core/speakers/index.ts';
import type { ArticleOrigin, ExtractedArticle, QuoteHit } from '../core/model/index.ts';

export type { QuoteHit } from '../core/model/index.ts';

// ---------------------------------------------------------------- chats and subscriptions

/**
 * A platform module's name ("telegram", "discord", "console"): any string here, checked against the
 * platform registry (src/platforms/registry.ts) where configuration and commands meet it.
 */
export type PlatformName = string;

/** A place messages go: a Telegram chat (optionally a forum topic) or a Discord channel (or thread). */
export interface ChatRef {
  readonly platform: PlatformName;
  /** Telegram chat id or Discord channel id, as a string. */
  readonly chatId: string;
  /** Telegram message_thread_id or Discord thread id, when digests go to a topic. */
  readonly threadId: string | null;
}

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

export type SubscribeOutcome = 'subscribed' | 'updated' | 'reactivated';

/** Subscriptions: one per chat (platform + chat + thread), deactivated, never deleted. */
export interface SubscriptionStore {
  /** Creates or updates (and reactivates) the subscription of a chat. */
  subscribe(chat: ChatRef, time: string, timeZone: string): Promise<{ outcome: SubscribeOutcome; subscription: Subscription }>;
  /** Deactivates a chat's subscription; false when there was none active. */
  unsubscribe(chat: ChatRef, reason: string): Promise<boolean>;
  /** Changes the daily time, and the time zone when one is given. */
  setTime(chat: ChatRef, time: string, timeZone?: string): Promise<Subscription | null>;
  setTopics(chat: ChatRef, topics: readonly string[]): Promise<Subscription | null>;
  setLength(chat: ChatRef, length: DigestLength): Promise<Subscription | null>;
  get(chat: ChatRef): Promise<Subscription | null>;
  /** Moves a subscription to a new chat id (Telegram group upgraded to a supergroup). */
  migrateChat(from: ChatRef, toChatId: string): Promise<void>;
  listActive(): Promise<Subscription[]>;
  /** Optional (operator tools): one subscription by id. */
  byId?(id: number): Promise<Subscription | null>;
  /** Optional (operator tools): every subscription, active or not, oldest first. */
  listAll?(): Promise<Subscription[]>;
}

// ---------------------------------------------------------------- deliveries

/** One message part as a platform renderer produced it; stored verbatim so a restart resends the same. */
export interface RenderedPart {
  readonly index: number;
  /** JSON-serialisable payload: a Telegram HTML string or a Discord message body. */
  readonly payload: unknown;
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

/** The delivery log: one delivery per subscription and digest date, its parts stored before sending. */
export interface DeliveryStore {
  /**
   * Records a delivery with its rendered parts before anything is sent. Returns the existing record
   * when one exists for (subscription, date): the digest is never rendered or recorded twice.
   */
  begin(subscriptionId: number, digestDate: string, parts: readonly RenderedPart[]): Promise<DeliveryRecord>;
  markPartSent(deliveryId: number, index: number, messageId: string): Promise<void>;
  /**
   * Optional: records why sending a part failed, for the operator's log (the delivery stays open
   * unless `finish` is called; a part not marked sent is sent again on resume).
   */
  markPartFailed?(deliveryId: number, index: number, error: string): Promise<void>;
  finish(deliveryId: number, state: 'done' | 'failed' | 'skipped', reason: string | null): Promise<void>;
  find(subscriptionId: number, digestDate: string): Promise<DeliveryRecord | null>;
  /** Deliveries begun but not finished (after a crash), oldest first. */
  unfinished(): Promise<DeliveryRecord[]>;
  /** Optional (operator tools): the latest deliveries, newest first. */
  recent?(limit: number): Promise<DeliveryRecord[]>;
}

// ---------------------------------------------------------------- articles and quotes

export type SaveOutcome = 'inserted' | 'duplicate';

/** One quote's new speaker, from the core's story-level resolution. */
export interface QuoteSpeakerChange {
  readonly articleId: string;
  readonly position: number;
  readonly speaker: string;
  readonly speakerKey: string;
}

/**
 * What is stored under a URL: nothing, a clean copy, or a copy whose text shows decoding damage
 * (`damage` characters) that a clean copy of the same URL may replace.
 */
export type StoredCopy = { readonly state: 'absent' } | { readonly state: 'clean' } | { readonly state: 'damaged'; readonly damage: number };

/**
 * An article to store, with where its text came from. A `feed` or `page` article replaces a stored
 * `snippet` article of the same URL (its page could not be read before); anything else under a
 * stored URL or content hash is a duplicate.
 */
export type ArticleInput = ExtractedArticle & { readonly origin?: ArticleOrigin };

/** A window of publication instants: ISO instants or YYYY-MM-DD dates, null = unbounded. */
export interface ArticleWindow {
  readonly from: string | null;
  readonly to: string | null;
}

/** Articles and their quotes. An article is stored once: by content hash and by canonical URL. */
export interface ArticleStore {
  /** Stores an article with its quotes unless it is already stored (same hash or canonical URL). */
  saveArticle(extracted: ArticleInput): Promise<SaveOutcome>;
  /** Saves many articles in one transaction; outcomes in input order. */
  saveArticles(items: readonly ArticleInput[]): Promise<SaveOutcome[]>;
  /** What is stored under this article URL (compared canonically): 'full' text, a 'snippet' only, or nothing (null). */
  storedBody(url: string): Promise<'full' | 'snippet' | null>;
  /** Whether an article with this URL (compared canonically) is stored: lets pollers skip known items. */
  hasUrl(url: string): Promise<boolean>;
  /**
   * What is stored under this URL (compared canonically): a poller fetches and extracts an item
   * again only when it is absent, or damaged and the new copy looks cleaner.
   */
  storedCopy(url: string): Promise<StoredCopy>;
  /**
   * Replaces the text and quotes of the article stored under `extracted`'s URL, keeping its id (so
   * its story stays), when the stored copy is damaged and the new one is less so. Returns whether it replaced.
   */
  replaceDamaged(extracted: ExtractedArticle): Promise<boolean>;
  /** Whether an article with this content hash is stored. */
  hasArticle(id: string): Promise<boolean>;
  /**
   * Stored articles of [from, to) with their quotes (all with null bounds), oldest first; with
   * `unassignedOnly`, only those that belong to no story yet (what a poll has to assign). Articles
   * without a known date count from when they were stored.
   */
  articlesIn(window: ArticleWindow & { readonly unassignedOnly?: boolean }): Promise<ExtractedArticle[]>;
  /** How many articles are stored. */
  articleCount(): Promise<number>;
  /**
   * Persists speakers renamed by the core's story-level resolution: quote `position` of article
   * `articleId` gets the new name and key; the speaker list is recounted for every key touched.
   * One transaction; returns the number of quotes changed.
   */
  renameQuoteSpeakers(changes: readonly QuoteSpeakerChange[]): Promise<number>;
}

/** A person as `/quotes` lists them: main key, display name, how many quotes. */
export interface SpeakerCount {
  readonly key: string;
  readonly name: string;
  readonly count: number;
}

/** `/quotes`: quotes by speaker (the core's speaker lookup over the stored speakers) and by words. */
export interface QuoteStore {
  /** Quotes by a speaker (forgiving match on key and name): one person's, or [] when the name is unknown or means several. */
  quotesBy(name: string, limit: number): Promise<QuoteHit[]>;
  /** What a typed name means (the core's speaker lookup): one person, a list to pick from, one per name, or suggestions. */
  lookupSpeakers(name: string): Promise<SpeakerLookup>;
  /** Quotes of one person's stored speaker keys, newest first, one per distinct quote. */
  quotesOf(keys: readonly string[], limit: number): Promise<QuoteHit[]>;
  /** Keys of the person `name` means, main key first ([] when unknown or several people). */
  resolveSpeakers(name: string): Promise<string[]>;
  /** People whose name words start with `prefix` (a typo allowed; all when empty), most quoted first. */
  speakers(prefix: string, limit: number): Promise<SpeakerCount[]>;
  /** Known people close to an unknown `name`, for "Maksud Anda: …?". */
  suggestSpeakers(name: string, limit: number): Promise<SpeakerCount[]>;
  /** The most quoted people since `since` (ISO instant), distinct quotes counted, most first. */
  topSpeakers(since: string, limit: number): Promise<SpeakerCount[]>;
  /** Full-text search over quote words (accents ignored; a near miss falls back to word prefixes). */
  searchQuotes(text: string, limit: number): Promise<QuoteHit[]>;
}

/** What the bot reads for commands and digests: quotes, speakers and the articles of a window. */
export type NewsStore = Pick<QuoteStore, 'quotesBy' | 'speakers' | 'lookupSpeakers' | 'quotesOf' | 'topSpeakers'> &
  Pick<ArticleStore, 'articlesIn' | 'articleCount'>;

// ---------------------------------------------------------------- stories

/** One cluster of a fresh clustering: `id` names a new story when none of its articles has one yet. */
export interface StoryCluster {
  readonly id: string;
  readonly articleIds: readonly string[];
}

/** A stored story with figures over all its articles (also those outside the clustered window). */
export interface StoredStory {
  readonly id: string;
  /** Title of its earliest article that has one; null when none has. */
  readonly headline: string | null;
  /** Publication instant (ms) of its earliest and latest article; null when unknown. */
  readonly firstSeenMs: number | null;
  readonly lastSeenMs: number | null;
  readonly articleCount: number;
  /** ISO instant of the last change of this row. */
  readonly updatedAt: string;
}

/** What one save of stories changed; all zero when it was already stored. */
export interface StorySaveResult {
  /** Stories created for clusters none of whose articles had a story. */
  readonly created: number;
  /** Stories that disappeared into an older one (their articles moved there). */
  readonly merged: number;
  /** Articles whose story changed (or that got their first story). */
  readonly moved: number;
  /** Stories whose headline, dates or count changed. */
  readonly updated: number;
}

/** Which stored articles report one event, under an id that survives re-clustering. */
export interface StoryStore {
  /**
   * Folds a clustering of stored articles into the stored stories, in one transaction. Each cluster
   * keeps the id of a story its articles already belong to (the oldest, when several), else gets a
   * new one; a story no cluster kept merges into the one that took most of its articles. Articles
   * not in any cluster keep their story. Saving the same clustering twice changes nothing.
   * @throws StoreError when an article id is not stored or the database fails.
   */
  saveStoryClusters(clusters: readonly StoryCluster[]): Promise<StorySaveResult>;
  /**
   * Records where new articles went (an incremental assignment), in one transaction: each article
   * joins the named story, created when it does not exist; a story left without articles is
   * deleted; the figures of every touched story are brought up to date.
   * @throws StoreError when an article id is not stored or the database fails.
   */
  saveAssignments(assignments: readonly { readonly articleId: string; readonly storyId: string }[]): Promise<StorySaveResult>;
  /** The story of every article of [from, to) (instants in ms) that has one. */
  storyIdsIn(window: { from: number | null; to: number | null }): Promise<Map<string, string>>;
  /** The story an article belongs to, or null when it has none (yet). */
  storyOf(articleId: string): Promise<string | null>;
  /** The ids of a story's articles, oldest first (empty for an unknown story). */
  storyArticles(storyId: string): Promise<string[]>;
  /** The most recently active stories (latest article first), at most `limit`. */
  recentStories(limit: number): Promise<StoredStory[]>;
  /**
   * Publication instants (ms) of dated articles that belong to no story, newest first, at most
   * `limit`: where a back-fill has to cluster.
   */
  unassignedInstants(limit: number): Promise<number[]>;
}

// ---------------------------------------------------------------- feeds, pages and chat sources

/** Per-feed polling state, persisted so backoff and conditional GET survive restarts. */
export interface FeedState {
  readonly url: string;
  /** ETag and Last-Modified of the last 200 answer, sent back for conditional GET. */
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** Consecutive failures; reset to 0 by a success. */
  readonly failures: number;
  /** ISO instant before which the feed is not polled again (backoff), null = now. */
  readonly nextAttemptAt: string | null;
  /** Disabled after too many failures; an operator re-enables it. */
  readonly disabled: boolean;
  readonly lastError: string | null;
  readonly lastSuccessAt: string | null;
}

export interface FeedStateStore {
  getFeedState(url: string): Promise<FeedState | null>;
  /** Replaces the whole state of `state.url`. */
  putFeedState(state: FeedState): Promise<void>;
  /** Optional (operator tools): every feed's state, by URL. */
  listFeedStates?(): Promise<FeedState[]>;
}

/** Failed fetches of one article page. */
export interface PageAttempt {
  /** Consecutive failures. */
  readonly failures: number;
  /** ISO instant before which the page is not fetched again; null = given up (the snippet stays). */
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
}

/** Failed article-page fetches per article URL (compared canonically), so retries survive restarts. */
export interface PageAttemptStore {
  pageAttempt(url: string): Promise<PageAttempt | null>;
  recordPageFailure(url: string, attempt: PageAttempt): Promise<void>;
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

/** Chat sources: stored feeds, per-chat outlet choices and which feed brought which article. */
export interface SourceStore {
  /** Every stored feed, operator ones first, then by name. */
  listFeeds(): Promise<StoredFeed[]>;
  /** Adds or updates a feed; a chat feed that becomes an operator feed stays operator. */
  putFeed(feed: StoredFeed): Promise<void>;
  /** Removes an operator's stored feed (not the configured list); false when there was none. */
  deleteFeed(url: string): Promise<boolean>;
  /**
   * The operator's import of a feed list, in one transaction: every feed stored (as `putFeed`); with
   * `replace`, the stored operator feeds not among them removed. Returns how many were removed.
   */
  importOperatorFeeds(feeds: readonly StoredFeed[], replace: boolean): Promise<number>;
  choiceOf(subscriptionId: number): Promise<SourceChoice>;
  /** Replaces a subscription's choice in one transaction. */
  setChoice(subscriptionId: number, choice: SourceChoice): Promise<void>;
  /** Feeds added by chats that at least one active subscription follows (polled once however many). */
  followedChatFeeds(): Promise<string[]>;
  /** Records that `feedUrl` brought the stored articles with these links (again is harmless). */
  linkArticles(feedUrl: string, articleUrls: readonly string[]): Promise<void>;
  /** The feeds each article published in the window came from. */
  articleFeeds(window: ArticleWindow): Promise<Map<string, string[]>>;
}

// ---------------------------------------------------------------- the aggregate

/** Every port of one database. `close()` releases it; later calls fail. Closing twice is harmless. */
export interface Store {
  readonly articles: ArticleStore;
  readonly quotes: QuoteStore;
  readonly stories: StoryStore;
  readonly subscriptions: Required<SubscriptionStore>;
  readonly deliveries: Required<DeliveryStore>;
  readonly feedStates: Required<FeedStateStore>;
  readonly pageAttempts: PageAttemptStore;
  readonly sources: SourceStore;
  close(): Promise<void>;
}

/** The read side the bot's commands and digests use, from one store. */
export function newsOf(store: Pick<Store, 'articles' | 'quotes'>): NewsStore {
  const { articles, quotes } = store;
  return {
    quotesBy: (name, limit) => quotes.quotesBy(name, limit),
    speakers: (prefix, limit) => quotes.speakers(prefix, limit),
    lookupSpeakers: (name) => quotes.lookupSpeakers(name),
    quotesOf: (keys, limit) => quotes.quotesOf(keys, limit),
    topSpeakers: (since, limit) => quotes.topSpeakers(since, limit),
    articlesIn: (window) => articles.articlesIn(window),
    articleCount: () => articles.articleCount(),
  };
}
