/**
 * Subscriptions in PostgreSQL: one per platform + chat + thread, deactivated (never deleted) so the
 * delivery log keeps pointing at them and a returning chat is reactivated with its history.
 */
import type { ChatRef, SubscribeOutcome, Subscription, SubscriptionStore } from '../ports.ts';
import { toSubscription, type SubscriptionRow } from '../stored-rows.ts';
import { pgGuard, withTransaction, type PgPool, type Queryable } from './pool.ts';

/** The chat's key columns; '' stands for "no thread" so the UNIQUE constraint also holds without one. */
const keyOf = (chat: ChatRef): [string, string, string] => [chat.platform, chat.chatId, chat.threadId ?? ''];
const WHERE_CHAT = 'platform = $1 AND chat_id = $2 AND thread_id = $3';

/** Creates the subscription port over a migrated database. */
export function createPgSubscriptionStore(pool: PgPool, now: () => Date): Required<SubscriptionStore> {
  const one = async (db: Queryable, sql: string, params: unknown[]): Promise<Subscription | null> => {
    const row = (await db.query<SubscriptionRow>(sql, params)).rows[0];
    return row ? toSubscription(row) : null;
  };
  const list = async (sql: string) => (await pool.query<SubscriptionRow>(sql)).rows.map(toSubscription);
  /** Runs an UPDATE of one chat's row (params after the key start at $4); the row after it, or null. */
  const update = (what: string, chat: ChatRef, set: string, params: unknown[]) =>
    pgGuard(what, () => one(pool, `UPDATE subscriptions SET ${set}, updated_at = $4 WHERE ${WHERE_CHAT} RETURNING *`, [...keyOf(chat), now().toISOString(), ...params]));

  return {
    subscribe(chat, time, timeZone) {
      return pgGuard('subscribing', () =>
        withTransaction(pool, async (client) => {
          const stamp = now().toISOString();
          // Insert or reactivate in one statement; xmax = 0 tells a fresh row from an updated one.
          const { rows } = await client.query<SubscriptionRow & { fresh: boolean; was_active: boolean | null }>(
            `WITH before AS (SELECT active FROM subscriptions WHERE ${WHERE_CHAT})
             INSERT INTO subscriptions (platform, chat_id, thread_id, time, time_zone, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (platform, chat_id, thread_id) DO UPDATE
               SET time = excluded.time, time_zone = excluded.time_zone, active = TRUE, inactive_reason = NULL, updated_at = excluded.updated_at
             RETURNING *, (xmax = 0) AS fresh, (SELECT active FROM before) AS was_active`,
            [...keyOf(chat), time, timeZone, stamp],
          );
          const row = rows[0]!;
          const outcome: SubscribeOutcome = row.fresh ? 'subscribed' : row.was_active ? 'updated' : 'reactivated';
          return { outcome, subscription: toSubscription(row) };
        }),
      );
    },
    unsubscribe(chat, reason) {
      return pgGuard('unsubscribing', async () => {
        const result = await pool.query(
          `UPDATE subscriptions SET active = FALSE, inactive_reason = $4, updated_at = $5 WHERE ${WHERE_CHAT} AND active`,
          [...keyOf(chat), reason, now().toISOString()],
        );
        return (result.rowCount ?? 0) > 0;
      });
    },
    setTime(chat, time, timeZone) {
      return update('setting the time', chat, 'time = $5, time_zone = COALESCE($6, time_zone)', [time, timeZone ?? null]);
    },
    setTopics(chat, topics) {
      const clean = [...new Set(topics.map((t) => t.trim()).filter(Boolean))];
      return update('setting topics', chat, 'topics = $5', [JSON.stringify(clean)]);
    },
    setLength(chat, length) {
      return update('setting the digest length', chat, 'digest_length = $5', [length]);
    },
    get(chat) {
      return pgGuard('reading a subscription', () => one(pool, `SELECT * FROM subscriptions WHERE ${WHERE_CHAT}`, keyOf(chat)));
    },
    migrateChat(from, toChatId) {
      if (from.chatId === toChatId) return Promise.resolve();
      return pgGuard('migrating a chat', () =>
        withTransaction(pool, async (client) => {
          const stamp = now().toISOString();
          const { rows } = await client.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = $1 AND chat_id = $2 FOR UPDATE', [from.platform, from.chatId]);
          for (const row of rows) {
            const target = await client.query('SELECT 1 FROM subscriptions WHERE platform = $1 AND chat_id = $2 AND thread_id = $3', [row.platform, toChatId, row.thread_id]);
            // The new chat already subscribed on its own: keep that one, retire the old.
            if ((target.rowCount ?? 0) > 0) {
              await client.query('UPDATE subscriptions SET active = FALSE, inactive_reason = $1, updated_at = $2 WHERE id = $3', [`migrated to ${toChatId}`, stamp, row.id]);
            } else {
              await client.query('UPDATE subscriptions SET chat_id = $1, updated_at = $2 WHERE id = $3', [toChatId, stamp, row.id]);
            }
          }
        }),
      );
    },
    listActive() {
      return pgGuard('listing subscriptions', () => list('SELECT * FROM subscriptions WHERE active ORDER BY id'));
    },
    byId(id) {
      return pgGuard('reading a subscription', () => one(pool, 'SELECT * FROM subscriptions WHERE id = $1', [id]));
    },
    listAll() {
      return pgGuard('listing subscriptions', () => list('SELECT * FROM subscriptions ORDER BY id'));
    },
  };
}
