/**
 * The kilas store on one SQLite file: every port of `../ports.ts` over one better-sqlite3 connection.
 * `openSqliteStore` is the only way in; `close()` releases the file. The statements run synchronously
 * inside each port method (one transaction each), so a method's work is done when it is called.
 */
import { EMPTY_DIRECTORY, type SpeakerDirectory } from '../../core/speakers/index.ts';
import type {
  ArticleStore,
  DeliveryStore,
  FeedStateStore,
  PageAttemptStore,
  QuoteStore,
  SourceStore,
  Store,
  StoryStore,
  SubscriptionStore,
} from '../ports.ts';
import { createArticleStore } from './article-store.ts';
import { createDeliveryStore } from './delivery-store.ts';
import { createFeedStateStore } from './feed-state-store.ts';
import { createPageAttemptStore } from './page-attempt-store.ts';
import { createQuoteStore } from './quote-store.ts';
import { createSourceStore } from './source-store.ts';
import { openDatabase, type SqliteDatabase } from './sqlite-database.ts';
import { createStoryStore } from './story-store.ts';
import { createSubscriptionStore } from './subscription-store.ts';
import { asyncPort } from './sync-port.ts';

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
export interface SqliteStore extends Store {
  readonly path: string;
  /** The raw database, for tests, benchmarks and operator tools; prefer the ports. */
  readonly db: SqliteDatabase;
}

/**
 * Opens (creating and migrating when needed) the store at `path`. Its folder is created.
 * @throws StoreError when the file cannot be opened or migrated.
 * @example const store = openSqliteStore(resolve(io.cwd, config.dbPath), { timeZone: config.timeZone });
 */
export function openSqliteStore(path: string, options: StoreOptions = {}): SqliteStore {
  const settings = { ...DEFAULTS, ...options };
  const db = openDatabase(path, { busyTimeoutMs: settings.busyTimeoutMs, now: settings.now, readonly: settings.readonly });
  const quotes = createQuoteStore(db, { speakers: settings.speakers });
  const articles = createArticleStore(db, { timeZone: settings.timeZone, now: settings.now, onQuotesAdded: () => quotes.invalidateSpeakers() });
  const { invalidateSpeakers: _internal, ...quotePort } = quotes;
  return {
    path,
    db,
    articles: asyncPort<ArticleStore>(articles),
    quotes: asyncPort<QuoteStore>(quotePort),
    stories: asyncPort<StoryStore>(createStoryStore(db, settings.now)),
    subscriptions: asyncPort<SubscriptionStore>(createSubscriptionStore(db, settings.now)),
    deliveries: asyncPort<DeliveryStore>(createDeliveryStore(db, settings.now)),
    feedStates: asyncPort<FeedStateStore>(createFeedStateStore(db, settings.now)),
    pageAttempts: asyncPort<PageAttemptStore>(createPageAttemptStore(db, settings.now)),
    sources: asyncPort<SourceStore>(createSourceStore(db, { timeZone: settings.timeZone, now: settings.now })),
    close() {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}
