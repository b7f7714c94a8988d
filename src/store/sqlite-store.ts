/**
 * The kilas store: one SQLite file behind every port the app needs (news, quotes, stories,
 * subscriptions, deliveries, feed state). `openStore` is the only way in; `close()` releases the file.
 */
import type { DeliveryStore, NewsStore, SourceStore, SubscriptionStore } from '../bot/ports.ts';
import { EMPTY_DIRECTORY, type SpeakerDirectory } from '../core/speakers/index.ts';
import type { FeedStateStore } from '../sources/feed-state.ts';
import type { PageAttemptStore } from '../sources/page-ledger.ts';
import { createArticleStore, type ArticleStore } from './article-store.ts';
import { createDeliveryStore, type SqliteDeliveryStore } from './delivery-store.ts';
import { createFeedStateStore, type SqliteFeedStateStore } from './feed-state-store.ts';
import { createPageAttemptStore } from './page-attempt-store.ts';
import { createQuoteStore, type QuoteStore } from './quote-store.ts';
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
  /** The operator's speaker aliases (data/speakers.json), for `/quotes` lookups. Default: none. */
  readonly speakers?: SpeakerDirectory;
}

const DEFAULTS = {
  timeZone: 'Asia/Jakarta',
  now: () => new Date(),
  busyTimeoutMs: 5000,
  readonly: false,
  speakers: EMPTY_DIRECTORY,
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
  const quotes = createQuoteStore(db, { speakers: settings.speakers });
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
