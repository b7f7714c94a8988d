/**
 * Migration 8 drops the SQL CHECK on subscriptions.platform (platforms are modules now, any name the
 * registry knows): a database made by the previous version keeps every subscription, delivery, part,
 * source choice and feed, with the same ids, and its foreign keys still hold and cascade.
 */
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { MIGRATIONS, migrate } from '../../src/store/sqlite/migrations.ts';
import { openDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import { tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();
const PREVIOUS = 7;

/** A file at schema version 7, as kilas 0.1 left it, with rows in every table that points at a subscription. */
function previousVersionFile(path: string): void {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  expect(migrate(db, MIGRATIONS.filter((m) => m.version <= PREVIOUS))).toHaveLength(PREVIOUS);
  const at = '2026-11-20T00:00:00.000Z';
  const sub = db.prepare(
    `INSERT INTO subscriptions (id, platform, chat_id, thread_id, time, time_zone, topics, active, inactive_reason, created_at, updated_at, digest_length)
     VALUES (?, ?, ?, ?, ?, 'Asia/Jakarta', ?, ?, ?, ?, ?, ?)`,
  );
  sub.run(3, 'telegram', '-100123', '', '07:00', '["banjir"]', 1, null, at, at, 'lengkap');
  sub.run(7, 'discord', '998877', '5544', '06:30', '[]', 0, 'kicked', at, at, 'ringkas');
  sub.run(9, 'telegram', '42', '', '21:15', '[]', 1, null, at, at, 'ringkas');
  expect(() => sub.run(10, 'matrix', '!room', '', '07:00', '[]', 1, null, at, at, 'ringkas')).toThrow(/CHECK/);
  db.prepare(`INSERT INTO deliveries (id, subscription_id, digest_date, state, created_at) VALUES (11, 3, '2026-11-20', 'done', ?), (12, 9, '2026-11-20', 'pending', ?)`).run(at, at);
  db.prepare(`INSERT INTO delivery_parts (delivery_id, idx, payload, state, message_id, updated_at) VALUES (11, 0, '"<b>a</b>"', 'sent', '501', ?), (12, 0, '"b"', 'pending', NULL, ?)`).run(at, at);
  db.prepare(`INSERT INTO feeds (url, name, origin, added_at) VALUES ('https://warta.example/rss', 'Warta', 'chat', ?)`).run(at);
  db.prepare(`INSERT INTO source_choices (subscription_id, updated_at) VALUES (3, ?)`).run(at);
  db.prepare(`INSERT INTO subscription_feeds (subscription_id, feed_url, added) VALUES (3, 'https://warta.example/rss', 1), (9, 'https://warta.example/rss', 0)`).run();
  db.close();
}

const dump = (db: Database.Database) => ({
  subscriptions: db.prepare('SELECT * FROM subscriptions ORDER BY id').all(),
  deliveries: db.prepare('SELECT * FROM deliveries ORDER BY id').all(),
  parts: db.prepare('SELECT * FROM delivery_parts ORDER BY delivery_id, idx').all(),
  choices: db.prepare('SELECT * FROM source_choices ORDER BY subscription_id').all(),
  feeds: db.prepare('SELECT * FROM subscription_feeds ORDER BY subscription_id, feed_url').all(),
});

describe('migration 8: any platform name', () => {
  test('a file of the previous version keeps every row and id; the CHECK is gone, keys hold and cascade', () => {
    const path = temp.current.file();
    previousVersionFile(path);
    const before = dump(new Database(path, { readonly: true }));
    expect(before.subscriptions).toHaveLength(3);

    const db = openDatabase(path);
    try {
      expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.at(-1)?.version);
      expect(dump(db)).toEqual(before);
      const schema = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'subscriptions'").pluck().get() as string;
      expect(schema).not.toMatch(/CHECK \(platform/);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'subscriptions'").pluck().all()).toContain('subscriptions_active');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

      // A platform the registry may add later is a row like any other; uniqueness still holds.
      const at = '2026-11-21T00:00:00.000Z';
      const add = db.prepare(`INSERT INTO subscriptions (platform, chat_id, time, time_zone, created_at, updated_at) VALUES (?, ?, '07:00', 'UTC', ?, ?)`);
      add.run('console', 'terminal', at, at);
      expect(() => add.run('console', 'terminal', at, at)).toThrow(/UNIQUE/);
      // Children still point at the rebuilt table: a delivery for a missing subscription is refused, a delete cascades.
      expect(() => db.prepare(`INSERT INTO deliveries (subscription_id, digest_date, created_at) VALUES (999, '2026-11-21', ?)`).run(at)).toThrow(/FOREIGN KEY/);
      db.prepare('DELETE FROM subscriptions WHERE id = 3').run();
      expect(db.prepare('SELECT COUNT(*) FROM deliveries WHERE subscription_id = 3').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM delivery_parts WHERE delivery_id = 11').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM subscription_feeds WHERE subscription_id = 3').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM deliveries WHERE subscription_id = 9').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  test('a rebuild that would orphan rows is rolled back whole, and foreign keys are enforced again after', () => {
    const path = temp.current.file();
    previousVersionFile(path);
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    // A broken rebuild that loses subscription 9: its delivery and feed would point nowhere.
    const broken = MIGRATIONS.map((m) => (m.version === 8 ? { ...m, sql: m.sql.replace('FROM subscriptions;', 'FROM subscriptions WHERE id <> 9;') } : m));
    try {
      expect(() => migrate(db, broken)).toThrow(/migration 8 .*lost their parent/);
      expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(PREVIOUS);
      expect(db.prepare('SELECT COUNT(*) FROM subscriptions').pluck().get()).toBe(3);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});
