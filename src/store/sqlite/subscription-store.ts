/**
 * Subscriptions in SQLite: one per platform + chat + thread, deactivated (never deleted) so the
 * delivery log keeps pointing at them and a returning chat is reactivated with its history.
 */
import type { ChatRef, SubscribeOutcome, Subscription, SubscriptionStore } from '../ports.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';
import type { Sync } from './sync-port.ts';

interface SubscriptionRow {
  id: number;
  platform: ChatRef['platform'];
  chat_id: string;
  thread_id: string;
  time: string;
  time_zone: string;
  topics: string;
  digest_length: string;
  active: number;
  inactive_reason: string | null;
  created_at: string;
}

/** The thread column: '' stands for "no thread" so the UNIQUE constraint also holds without one. */
const threadOf = (chat: ChatRef): string => chat.threadId ?? '';
const WHERE_CHAT = 'platform = @platform AND chat_id = @chatId AND thread_id = @threadId';
const keyOf = (chat: ChatRef) => ({ platform: chat.platform, chatId: chat.chatId, threadId: threadOf(chat) });

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    chat: { platform: row.platform, chatId: row.chat_id, threadId: row.thread_id === '' ? null : row.thread_id },
    time: row.time,
    timeZone: row.time_zone,
    topics: JSON.parse(row.topics) as string[],
    length: row.digest_length === 'lengkap' ? 'lengkap' : 'ringkas',
    active: row.active === 1,
    inactiveReason: row.inactive_reason,
    createdAt: row.created_at,
  };
}

/** Creates the subscription store over an open, migrated database. */
export function createSubscriptionStore(db: SqliteDatabase, now: () => Date): Sync<SubscriptionStore> {
  const where = WHERE_CHAT;
  const select = db.prepare(`SELECT * FROM subscriptions WHERE ${where}`);
  const selectId = db.prepare('SELECT * FROM subscriptions WHERE id = ?');
  const deactivate = db.prepare(`UPDATE subscriptions SET active = 0, inactive_reason = @reason, updated_at = @now
    WHERE ${where} AND active = 1`);
  const updateTime = db.prepare(`UPDATE subscriptions SET time = @time, time_zone = COALESCE(@timeZone, time_zone), updated_at = @now WHERE ${where}`);
  const updateTopics = db.prepare(`UPDATE subscriptions SET topics = @topics, updated_at = @now WHERE ${where}`);
  const updateLength = db.prepare(`UPDATE subscriptions SET digest_length = @length, updated_at = @now WHERE ${where}`);
  const active = db.prepare('SELECT * FROM subscriptions WHERE active = 1 ORDER BY id');
  const all = db.prepare('SELECT * FROM subscriptions ORDER BY id');

  const key = keyOf;
  const get = (chat: ChatRef): Subscription | null => {
    const row = select.get(key(chat)) as SubscriptionRow | undefined;
    return row ? toSubscription(row) : null;
  };
  const { subscribe, migrate } = chatTransactions(db, now);

  return {
    subscribe(chat, time, timeZone) {
      return guard('subscribing', () => subscribe.immediate(chat, time, timeZone));
    },
    unsubscribe(chat, reason) {
      return guard('unsubscribing', () => deactivate.run({ ...key(chat), reason, now: now().toISOString() }).changes > 0);
    },
    setTime(chat, time, timeZone) {
      return guard('setting the time', () =>
        updateTime.run({ ...key(chat), time, timeZone: timeZone ?? null, now: now().toISOString() }).changes > 0 ? get(chat) : null,
      );
    },
    setTopics(chat, topics) {
      const clean = [...new Set(topics.map((t) => t.trim()).filter(Boolean))];
      return guard('setting topics', () =>
        updateTopics.run({ ...key(chat), topics: JSON.stringify(clean), now: now().toISOString() }).changes > 0
          ? get(chat)
          : null,
      );
    },
    setLength(chat, length) {
      return guard('setting the digest length', () =>
        updateLength.run({ ...key(chat), length, now: now().toISOString() }).changes > 0 ? get(chat) : null,
      );
    },
    get(chat) {
      return guard('reading a subscription', () => get(chat));
    },
    migrateChat(from, toChatId) {
      if (from.chatId === toChatId) return;
      guard('migrating a chat', () => migrate.immediate(from, toChatId));
    },
    listActive() {
      return guard('listing subscriptions', () => (active.all() as SubscriptionRow[]).map(toSubscription));
    },
    byId(id) {
      return guard('reading a subscription', () => {
        const row = selectId.get(id) as SubscriptionRow | undefined;
        return row ? toSubscription(row) : null;
      });
    },
    listAll() {
      return guard('listing subscriptions', () => (all.all() as SubscriptionRow[]).map(toSubscription));
    },
  };
}

/** The two writes that read before they write, each one IMMEDIATE transaction. */
function chatTransactions(db: SqliteDatabase, now: () => Date) {
  const select = db.prepare(`SELECT * FROM subscriptions WHERE ${WHERE_CHAT}`);
  const insert = db.prepare(`INSERT INTO subscriptions
      (platform, chat_id, thread_id, time, time_zone, topics, active, inactive_reason, created_at, updated_at)
    VALUES (@platform, @chatId, @threadId, @time, @timeZone, '[]', 1, NULL, @now, @now)`);
  const resubscribe = db.prepare(`UPDATE subscriptions
    SET time = @time, time_zone = @timeZone, active = 1, inactive_reason = NULL, updated_at = @now WHERE id = @id`);
  const rowsOfChat = db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND chat_id = ?');
  const moveChat = db.prepare('UPDATE subscriptions SET chat_id = ?, updated_at = ? WHERE id = ?');
  const retire = db.prepare(`UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ? WHERE id = ?`);
  const key = keyOf;
  const mustGet = (chat: ChatRef): Subscription => {
    const row = select.get(key(chat)) as SubscriptionRow | undefined;
    if (!row) throw new Error(`subscription of ${chat.platform}:${chat.chatId} vanished`);
    return toSubscription(row);
  };

  const subscribe = db.transaction((chat: ChatRef, time: string, timeZone: string) => {
    const stamp = now().toISOString();
    const existing = select.get(key(chat)) as SubscriptionRow | undefined;
    if (!existing) {
      insert.run({ ...key(chat), time, timeZone, now: stamp });
      return { outcome: 'subscribed' as SubscribeOutcome, subscription: mustGet(chat) };
    }
    resubscribe.run({ id: existing.id, time, timeZone, now: stamp });
    const outcome: SubscribeOutcome = existing.active === 1 ? 'updated' : 'reactivated';
    return { outcome, subscription: mustGet(chat) };
  });

  const migrate = db.transaction((from: ChatRef, toChatId: string) => {
    const stamp = now().toISOString();
    for (const row of rowsOfChat.all(from.platform, from.chatId) as SubscriptionRow[]) {
      const target = select.get({ platform: row.platform, chatId: toChatId, threadId: row.thread_id }) as
        | SubscriptionRow
        | undefined;
      // The new chat already subscribed on its own: keep that one, retire the old.
      if (target) retire.run(`migrated to ${toChatId}`, stamp, row.id);
      else moveChat.run(toChatId, stamp, row.id);
    }
  });

  return { subscribe, migrate };
}
