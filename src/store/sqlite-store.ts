/**
 * The kilas store: one SQLite file behind every port the app needs (news, quotes, stories,
 * subscriptions, deliveries, feed state). `openStore` is the only way in; `close()` releases the file.
 */
import type { DeliveryStore, NewsStore, SourceStore, SubscriptionStore } from '../bot/ports.ts';
import { matchSpeakers } from '../core/speakers.ts';
import type { FeedStateStore } from '../sources/feed-state.ts';
import type { PageAttemptStore } from '../sources/page-ledger.ts';
import { createArticleStore, type ArticleStore } from './article-store.ts';
import { createDeliveryStore, type SqliteDeliveryStore } from './delivery-store.ts';
import { createFeedStateStore, type SqliteFeedStateStore } from './feed-state-store.ts';
import { createPageAttemptStore } from './page-attempt-store.ts';
import { createQuoteStore, type QuoteStore } from './quote-store.ts';
import type { SpeakerMatcher } from './speaker-index.ts';
import { openDatabase, type SqliteDatabase } from './sqlite-database.ts';
import { createStoryStore, type StoryStore } from './story-store.ts';
import { createSourceStore } from './source-store.ts';
import { createSubscriptionStore, type SqliteSubscriptionStore } from './subscription-store.ts';

export interface StoreOptions {
  /** Time zone in which a date-only article's day starts (windows, newest first). Default Asia/Jakarta. */
  readonly timeZone?: string;
  /** Clock for created/fetched/updated stamps. Default: the system clock. */
  readonly now?: () => Date;
  /** How long a writer waits for another process's lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Open an existing database for reading only (read commands); writes then fail. Default false. */
  readonly readonly?: boolean;
  /**
   * Ranks the speakers the index pre-selected for a `/quotes` name. Default: `coreSpeakerMatcher`
   * (the core's `matchSpeakers`, so the bot, the CLI and extraction agree on names); null: the
   * index's own tiers (case, accents, spellings, a typo).
   */
  readonly matchSpeakers?: SpeakerMatcher | null;
}

/** Matches within this distance of the best score count as the same person being meant. */
const SCORE_SPREAD = 0.1;

/**
 * The core's name matcher over the candidates' spellings: the best-scoring keys (those within
 * `SCORE_SPREAD` of the best), best first.
 */
export const coreSpeakerMatcher: SpeakerMatcher = (query, candidates) => {
  const matches = matchSpeakers(
    query,
    candidates.flatMap((e) => e.names.map((name) => ({ key: e.key, name }))),
  );
  const best = matches[0]?.score ?? 0;
  return matches.filter((m) => m.score >= best - SCORE_SPREAD).map((m) => m.key);
};

const DEFAULTS = {
  timeZone: 'Asia/Jakarta',
  now: () => new Date(),
  busyTimeoutMs: 5000,
  matchSpeakers: coreSpeakerMatcher,
  readonly: false,
} satisfies Required<StoreOptions>;

/** Everything kilas keeps, in one SQLite file. */
export interface SqliteStore
  extends NewsStore,
    ArticleStore,
    QuoteStore,
    StoryStore,
    SqliteSubscriptionStore,
    FeedStateStore,
    PageAttemptStore,
    Pick<SqliteFeedStateStore, 'listFeedStates'> {
  readonly path: string;
  /** The delivery log (`DeliveryStore`); separate because its `find` differs from the subscriptions'. */
  readonly deliveries: SqliteDeliveryStore;
  /** The subscriptions alone, for code that wants the narrow port. */
  readonly subscriptions: SqliteSubscriptionStore;
  /** Stored feeds, chats' outlet choices and which feed brought which article. */
  readonly sources: SourceStore;
  /** The raw database, for tests and operator tools; prefer the methods. */
  readonly db: SqliteDatabase;
  /** Closes the database; later calls fail. Calling it twice is harmless. */
  close(): void;
}

/**
 * Opens (creating and migrating when needed) the store at `path`. Its folder is created.
 * @throws StoreError when the file cannot be opened or migrated.
 * @example const store = openStore(resolve(io.cwd, config.dbPath), { timeZone: config.timeZone });
 */
export function openStore(path: string, options: StoreOptions = {}): SqliteStore {
  const settings = { ...DEFAULTS, ...options };
  const db = openDatabase(path, { busyTimeoutMs: settings.busyTimeoutMs, now: settings.now, readonly: settings.readonly });
  const quotes = createQuoteStore(db, settings.matchSpeakers ? { matchSpeakers: settings.matchSpeakers } : {});
  const articles = createArticleStore(db, {
    timeZone: settings.timeZone,
    now: settings.now,
    onQuotesAdded: () => quotes.invalidateSpeakers(),
  });
  const subscriptions = createSubscriptionStore(db, settings.now);
  const deliveries = createDeliveryStore(db, settings.now);
  const feeds = createFeedStateStore(db, settings.now);
  const stories = createStoryStore(db, settings.now);
  const sources = createSourceStore(db, { timeZone: settings.timeZone, now: settings.now });
  const pages = createPageAttemptStore(db, settings.now);
  return {
    path,
    db,
    deliveries,
    subscriptions,
    sources,
    ...articles,
    ...quotes,
    ...subscriptions,
    ...feeds,
    ...stories,
    ...pages,
    close() {
      if (db.open) db.close();
    },
  };
}

/** The ports of `bot/` that one store implements, for composition roots that want them by name. */
export function storePorts(store: SqliteStore): {
  news: NewsStore;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  feedState: FeedStateStore;
} {
  return { news: store, subscriptions: store.subscriptions, deliveries: store.deliveries, feedState: store };
}
