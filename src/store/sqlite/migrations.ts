/**
 * Numbered schema migrations. A migration is never edited once released: a schema change is a new
 * entry at the end. `migrate` applies the missing ones, each in its own transaction, and records them
 * in `schema_migrations`, so opening a database twice (or from two processes) is harmless.
 */
import type Database from 'better-sqlite3';
import { StoreError, messageOf } from '../../errors.ts';

export interface Migration {
  /** 1, 2, 3 … in order, without gaps. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /**
   * Runs with foreign key enforcement off (a table rebuild: dropping the old parent table must not
   * cascade into its children); the keys are checked before the migration commits.
   */
  readonly foreignKeysOff?: boolean;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles and quotes',
    sql: `
      CREATE TABLE articles (
        id            TEXT PRIMARY KEY,          -- content hash (Article.id)
        canonical_url TEXT UNIQUE,               -- NULL when the article has no URL
        url           TEXT,
        title         TEXT,
        date          TEXT,
        published_at  TEXT,
        sort_ms       INTEGER,                   -- publication instant (ms) used for windows and order
        dateline      TEXT,
        paragraphs    TEXT NOT NULL,             -- JSON array of strings
        outlet        TEXT,
        file          TEXT,
        credit        TEXT,
        fetched_at    TEXT NOT NULL
      );
      CREATE INDEX articles_sort ON articles(sort_ms);

      CREATE TABLE quotes (
        id          INTEGER PRIMARY KEY,
        article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        paragraph   INTEGER NOT NULL,
        text        TEXT NOT NULL,
        speaker     TEXT,
        speaker_key TEXT,
        sort_ms     INTEGER,                     -- copy of the article's, so /quotes reads one index
        UNIQUE (article_id, position)
      );
      CREATE INDEX quotes_by_speaker ON quotes(speaker_key, sort_ms DESC, id DESC);

      CREATE TABLE speakers (
        key   TEXT NOT NULL,
        name  TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (key, name)
      ) WITHOUT ROWID;

      CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, speaker,
        content = 'quotes', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
      END;
      CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.id, old.text, old.speaker);
      END;
      CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.id, old.text, old.speaker);
        INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
      END;
    `,
  },
  {
    version: 2,
    name: 'subscriptions and deliveries',
    sql: `
      CREATE TABLE subscriptions (
        id              INTEGER PRIMARY KEY,
        platform        TEXT NOT NULL CHECK (platform IN ('telegram', 'discord', 'console')),
        chat_id         TEXT NOT NULL,
        thread_id       TEXT NOT NULL DEFAULT '',  -- '' = no thread (NULLs would not be unique)
        time            TEXT NOT NULL,
        time_zone       TEXT NOT NULL,
        topics          TEXT NOT NULL DEFAULT '[]',
        active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        inactive_reason TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        UNIQUE (platform, chat_id, thread_id)
      );
      CREATE INDEX subscriptions_active ON subscriptions(active);

      CREATE TABLE deliveries (
        id              INTEGER PRIMARY KEY,
        subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        digest_date     TEXT NOT NULL,
        state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed', 'skipped')),
        reason          TEXT,
        created_at      TEXT NOT NULL,
        finished_at     TEXT,
        UNIQUE (subscription_id, digest_date)
      );
      CREATE INDEX deliveries_state ON deliveries(state);

      CREATE TABLE delivery_parts (
        delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        idx         INTEGER NOT NULL,
        payload     TEXT NOT NULL,               -- JSON of RenderedPart.payload
        state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
        message_id  TEXT,
        error       TEXT,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (delivery_id, idx)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'feed state',
    sql: `
      CREATE TABLE feed_state (
        url             TEXT PRIMARY KEY,
        etag            TEXT,
        last_modified   TEXT,
        failures        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        last_error      TEXT,
        last_success_at TEXT,
        updated_at      TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'stories',
    sql: `
      CREATE TABLE stories (
        id            TEXT PRIMARY KEY,          -- stable across polls: the first cluster's id
        headline      TEXT,
        first_seen_ms INTEGER,                   -- earliest sort_ms of its articles
        last_seen_ms  INTEGER,                   -- latest sort_ms of its articles
        article_count INTEGER NOT NULL DEFAULT 0,
        updated_at    TEXT NOT NULL
      );
      CREATE INDEX stories_recent ON stories(last_seen_ms DESC, id);

      CREATE TABLE article_stories (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id   TEXT NOT NULL REFERENCES stories(id)
      ) WITHOUT ROWID;
      CREATE INDEX article_stories_story ON article_stories(story_id);
    `,
  },
  {
    version: 5,
    name: 'article pages',
    sql: `
      -- Where a feed article's text came from: 'feed' (content:encoded), 'page' (its HTML page) or
      -- 'snippet' (the teaser only, the page could not be read yet); NULL for seeds and files.
      ALTER TABLE articles ADD COLUMN body_source TEXT;
      -- The article page's own canonical URL (<link rel=canonical>), when the page was read.
      ALTER TABLE articles ADD COLUMN page_url TEXT;

      -- Failed page fetches per article URL (canonical form), so a snippet's page is tried again
      -- later, less and less often, and never hammered.
      CREATE TABLE page_attempts (
        canonical_url   TEXT PRIMARY KEY,
        failures        INTEGER NOT NULL,
        next_attempt_at TEXT,                    -- NULL: given up
        last_error      TEXT,
        updated_at      TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    name: 'chat sources',
    sql: `
      CREATE TABLE feeds (
        url      TEXT PRIMARY KEY,
        name     TEXT NOT NULL,
        origin   TEXT NOT NULL CHECK (origin IN ('operator', 'chat')),
        site_url TEXT,
        added_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- A row here: the subscription chose its outlets (no row: it follows every operator outlet).
      CREATE TABLE source_choices (
        subscription_id INTEGER PRIMARY KEY REFERENCES subscriptions(id) ON DELETE CASCADE,
        updated_at      TEXT NOT NULL
      );
      CREATE TABLE subscription_feeds (
        subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        feed_url        TEXT NOT NULL,
        added           INTEGER NOT NULL DEFAULT 0 CHECK (added IN (0, 1)),  -- 1: the chat added it
        PRIMARY KEY (subscription_id, feed_url)
      ) WITHOUT ROWID;
      CREATE INDEX subscription_feeds_feed ON subscription_feeds(feed_url);

      CREATE TABLE article_feeds (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        feed_url   TEXT NOT NULL,
        PRIMARY KEY (article_id, feed_url)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'digest length',
    sql: `ALTER TABLE subscriptions ADD COLUMN digest_length TEXT NOT NULL DEFAULT 'ringkas';`,
  },
  {
    version: 8,
    name: 'any platform',
    foreignKeysOff: true,
    // SQLite cannot drop a CHECK in place: the table is rebuilt (sqlite.org/lang_altertable.html,
    // "other kinds of table schema changes"), with every row and id kept, so the deliveries, source
    // choices and feeds that point at a subscription still do.
    sql: `
      CREATE TABLE subscriptions_new (
        id              INTEGER PRIMARY KEY,
        platform        TEXT NOT NULL,             -- a platform module's name (src/platforms/registry.ts)
        chat_id         TEXT NOT NULL,
        thread_id       TEXT NOT NULL DEFAULT '',  -- '' = no thread (NULLs would not be unique)
        time            TEXT NOT NULL,
        time_zone       TEXT NOT NULL,
        topics          TEXT NOT NULL DEFAULT '[]',
        active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        inactive_reason TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        digest_length   TEXT NOT NULL DEFAULT 'ringkas',
        UNIQUE (platform, chat_id, thread_id)
      );
      INSERT INTO subscriptions_new (id, platform, chat_id, thread_id, time, time_zone, topics, active, inactive_reason, created_at, updated_at, digest_length)
        SELECT id, platform, chat_id, thread_id, time, time_zone, topics, active, inactive_reason, created_at, updated_at, digest_length
        FROM subscriptions;
      DROP TABLE subscriptions;
      ALTER TABLE subscriptions_new RENAME TO subscriptions;
      CREATE INDEX subscriptions_active ON subscriptions(active);
    `,
  },
];

/**
 * Brings the schema up to the newest migration. Each migration runs in an IMMEDIATE transaction that
 * re-checks the recorded version, so two processes opening the same new file do not both apply it.
 * @returns the versions applied by this call (empty when the schema was already current).
 * @throws StoreError when the file was written by a newer kilas (unknown versions recorded).
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => Date = () => new Date(),
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = (): number =>
    (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  const latest = migrations.at(-1)?.version ?? 0;
  const found = current();
  if (found > latest) {
    throw new StoreError(`database schema version ${found} is newer than this kilas knows (${latest})`);
  }
  const record = db.prepare('INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (current() >= migration.version) continue;
    const apply = db.transaction(() => {
      if (current() >= migration.version) return false;
      db.exec(migration.sql);
      if (migration.foreignKeysOff) assertForeignKeys(db);
      record.run(migration.version, migration.name, now().toISOString());
      return true;
    });
    // The pragma is a no-op inside a transaction: it is switched around it, and back in any case.
    const enforced = migration.foreignKeysOff ? (db.pragma('foreign_keys', { simple: true }) as number) : 0;
    if (enforced) db.pragma('foreign_keys = OFF');
    try {
      if (apply.immediate()) applied.push(migration.version);
    } catch (error) {
      throw new StoreError(`migration ${migration.version} (${migration.name}) failed: ${messageOf(error)}`, {
        cause: error,
      });
    } finally {
      if (enforced) db.pragma('foreign_keys = ON');
    }
  }
  return applied;
}

/** Throws (rolling the migration back) when a row points at a parent that is not there. */
function assertForeignKeys(db: Database.Database): void {
  const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (broken.length > 0) {
    throw new Error(`${broken.length} rows lost their parent (first: ${broken[0]!.table} -> ${broken[0]!.parent})`);
  }
}
