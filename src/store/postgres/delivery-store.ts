/**
 * The delivery log in PostgreSQL: one delivery per subscription and digest date (a UNIQUE
 * constraint, so two processes cannot both begin it), its rendered parts stored before anything is
 * sent, each part marked as it goes.
 */
import { StoreError } from '../../errors.ts';
import type { DeliveryRecord, DeliveryStore } from '../ports.ts';
import { pgGuard, withTransaction, type PgPool, type Queryable } from './pool.ts';
import type { DeliveryRow, PartRow as StoredPartRow } from '../stored-rows.ts';


/** A part row with the delivery it belongs to (parts of several deliveries are read at once). */
type PartRow = StoredPartRow & { delivery_id: number };

/** The deliveries of `sql` with their parts (two queries, whatever the number of deliveries). */
async function records(db: Queryable, sql: string, params: unknown[]): Promise<DeliveryRecord[]> {
  const { rows } = await db.query<DeliveryRow>(sql, params);
  if (rows.length === 0) return [];
  const parts = await db.query<PartRow>(
    'SELECT delivery_id, idx, payload, state, message_id FROM delivery_parts WHERE delivery_id = ANY($1::bigint[]) ORDER BY delivery_id, idx',
    [rows.map((r) => r.id)],
  );
  const byDelivery = new Map<number, DeliveryRecord['parts'][number][]>();
  for (const p of parts.rows) {
    let list = byDelivery.get(p.delivery_id);
    if (!list) byDelivery.set(p.delivery_id, (list = []));
    list.push({ index: p.idx, payload: JSON.parse(p.payload) as unknown, state: p.state, messageId: p.message_id });
  }
  return rows.map((row) => ({
    id: row.id,
    subscriptionId: row.subscription_id,
    digestDate: row.digest_date,
    state: row.state,
    reason: row.reason,
    parts: byDelivery.get(row.id) ?? [],
  }));
}

/** Creates the delivery port over a migrated database. */
export function createPgDeliveryStore(pool: PgPool, now: () => Date): Required<DeliveryStore> {
  const find = async (db: Queryable, subscriptionId: number, digestDate: string) =>
    (await records(db, 'SELECT * FROM deliveries WHERE subscription_id = $1 AND digest_date = $2', [subscriptionId, digestDate]))[0] ?? null;
  /** Updates one part; a missing part (not a state that forbids the change) is an error. */
  const markPart = async (what: string, sql: string, params: unknown[], deliveryId: number, index: number) =>
    pgGuard(what, async () => {
      if (((await pool.query(sql, params)).rowCount ?? 0) > 0) return;
      const exists = await pool.query('SELECT 1 FROM delivery_parts WHERE delivery_id = $1 AND idx = $2', [deliveryId, index]);
      if ((exists.rowCount ?? 0) === 0) throw new StoreError(`delivery ${deliveryId} has no part ${index}`);
    });

  return {
    begin(subscriptionId, digestDate, rendered) {
      return pgGuard('beginning a delivery', () =>
        withTransaction(pool, async (client) => {
          const stamp = now().toISOString();
          const payloads = rendered.map((part) => {
            const payload = JSON.stringify(part.payload);
            if (payload === undefined) throw new StoreError(`part ${part.index} has no JSON payload`);
            return payload;
          });
          const inserted = await client.query<{ id: number }>(
            `INSERT INTO deliveries (subscription_id, digest_date, state, created_at) VALUES ($1, $2, 'pending', $3)
             ON CONFLICT (subscription_id, digest_date) DO NOTHING RETURNING id`,
            [subscriptionId, digestDate, stamp],
          );
          const id = inserted.rows[0]?.id;
          if (id !== undefined && rendered.length > 0) {
            await client.query(
              `INSERT INTO delivery_parts (delivery_id, idx, payload, state, updated_at)
               SELECT $1, i, p, 'pending', $4 FROM unnest($2::int[], $3::text[]) AS u(i, p)`,
              [id, rendered.map((p) => p.index), payloads, stamp],
            );
          }
          const record = await find(client, subscriptionId, digestDate);
          if (!record) throw new StoreError(`delivery of subscription ${subscriptionId} on ${digestDate} vanished`);
          return record;
        }),
      );
    },
    markPartSent(deliveryId, index, messageId) {
      return markPart(
        'marking a part sent',
        `UPDATE delivery_parts SET state = 'sent', message_id = $3, error = NULL, updated_at = $4 WHERE delivery_id = $1 AND idx = $2`,
        [deliveryId, index, messageId, now().toISOString()],
        deliveryId,
        index,
      );
    },
    markPartFailed(deliveryId, index, error) {
      return markPart(
        'marking a part failed',
        `UPDATE delivery_parts SET state = 'failed', error = $3, updated_at = $4 WHERE delivery_id = $1 AND idx = $2 AND state <> 'sent'`,
        [deliveryId, index, error, now().toISOString()],
        deliveryId,
        index,
      );
    },
    finish(deliveryId, state, reason) {
      return pgGuard('finishing a delivery', async () => {
        const result = await pool.query('UPDATE deliveries SET state = $2, reason = $3, finished_at = $4 WHERE id = $1', [deliveryId, state, reason, now().toISOString()]);
        if ((result.rowCount ?? 0) === 0) throw new StoreError(`no delivery ${deliveryId}`);
      });
    },
    find(subscriptionId, digestDate) {
      return pgGuard('reading a delivery', () => find(pool, subscriptionId, digestDate));
    },
    unfinished() {
      return pgGuard('reading unfinished deliveries', () => records(pool, `SELECT * FROM deliveries WHERE state = 'pending' ORDER BY created_at, id`, []));
    },
    recent(limit) {
      return pgGuard('reading deliveries', () => records(pool, 'SELECT * FROM deliveries ORDER BY id DESC LIMIT $1', [Math.max(0, Math.floor(limit))]));
    },
  };
}
