/**
 * The delivery log: one delivery per subscription and digest date (a UNIQUE constraint, so two
 * processes cannot both begin it), its rendered parts stored before anything is sent, each part
 * marked as it goes, and the reason a delivery failed or was skipped for the operator.
 */
import type { DeliveryRecord, DeliveryStore, RenderedPart } from '../ports.ts';
import { StoreError } from '../../errors.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';
import type { Sync } from './sync-port.ts';
import type { DeliveryRow, PartRow } from '../stored-rows.ts';



/** Creates the delivery store over an open, migrated database. */
export function createDeliveryStore(db: SqliteDatabase, now: () => Date): Sync<DeliveryStore> {
  const { begin, record } = deliveryLog(db, now);
  const sent = db.prepare(`UPDATE delivery_parts SET state = 'sent', message_id = ?, error = NULL, updated_at = ?
    WHERE delivery_id = ? AND idx = ?`);
  const failed = db.prepare(`UPDATE delivery_parts SET state = 'failed', error = ?, updated_at = ?
    WHERE delivery_id = ? AND idx = ? AND state <> 'sent'`);
  const partExists = db.prepare('SELECT 1 FROM delivery_parts WHERE delivery_id = ? AND idx = ?').pluck();
  const finish = db.prepare('UPDATE deliveries SET state = ?, reason = ?, finished_at = ? WHERE id = ?');
  const byKey = db.prepare('SELECT * FROM deliveries WHERE subscription_id = ? AND digest_date = ?');
  const unfinished = db.prepare(`SELECT * FROM deliveries WHERE state = 'pending' ORDER BY created_at, id`);
  const recent = db.prepare('SELECT * FROM deliveries ORDER BY id DESC LIMIT ?');

  const mustHavePart = (deliveryId: number, index: number) => {
    if (partExists.get(deliveryId, index) === undefined) {
      throw new StoreError(`delivery ${deliveryId} has no part ${index}`);
    }
  };

  return {
    begin(subscriptionId, digestDate, rendered) {
      return guard('beginning a delivery', () => begin.immediate(subscriptionId, digestDate, rendered));
    },
    markPartSent(deliveryId, index, messageId) {
      guard('marking a part sent', () => {
        if (sent.run(messageId, now().toISOString(), deliveryId, index).changes === 0) mustHavePart(deliveryId, index);
      });
    },
    markPartFailed(deliveryId, index, error) {
      guard('marking a part failed', () => {
        if (failed.run(error, now().toISOString(), deliveryId, index).changes === 0) mustHavePart(deliveryId, index);
      });
    },
    finish(deliveryId, state, reason) {
      guard('finishing a delivery', () => {
        if (finish.run(state, reason, now().toISOString(), deliveryId).changes === 0) {
          throw new StoreError(`no delivery ${deliveryId}`);
        }
      });
    },
    find(subscriptionId, digestDate) {
      return guard('reading a delivery', () => {
        const row = byKey.get(subscriptionId, digestDate) as DeliveryRow | undefined;
        return row ? record(row) : null;
      });
    },
    unfinished() {
      return guard('reading unfinished deliveries', () => (unfinished.all() as DeliveryRow[]).map(record));
    },
    recent(limit) {
      return guard('reading deliveries', () => (recent.all(Math.max(0, Math.floor(limit))) as DeliveryRow[]).map(record));
    },
  };
}

/** Reading a delivery with its parts, and `begin`'s IMMEDIATE transaction (insert once, then read back). */
function deliveryLog(db: SqliteDatabase, now: () => Date) {
  const insert = db.prepare(`INSERT INTO deliveries (subscription_id, digest_date, state, created_at)
    VALUES (?, ?, 'pending', ?) ON CONFLICT (subscription_id, digest_date) DO NOTHING`);
  const insertPart = db.prepare(`INSERT INTO delivery_parts (delivery_id, idx, payload, state, updated_at)
    VALUES (?, ?, ?, 'pending', ?)`);
  const byKey = db.prepare('SELECT * FROM deliveries WHERE subscription_id = ? AND digest_date = ?');
  const parts = db.prepare('SELECT idx, payload, state, message_id FROM delivery_parts WHERE delivery_id = ? ORDER BY idx');
  const record = (row: DeliveryRow): DeliveryRecord => ({
    id: row.id,
    subscriptionId: row.subscription_id,
    digestDate: row.digest_date,
    state: row.state,
    reason: row.reason,
    parts: (parts.all(row.id) as PartRow[]).map((p) => ({
      index: p.idx,
      payload: JSON.parse(p.payload) as unknown,
      state: p.state,
      messageId: p.message_id,
    })),
  });

  const begin = db.transaction((subscriptionId: number, digestDate: string, rendered: readonly RenderedPart[]) => {
    const stamp = now().toISOString();
    const result = insert.run(subscriptionId, digestDate, stamp);
    if (result.changes > 0) {
      const id = Number(result.lastInsertRowid);
      for (const part of rendered) {
        const payload = JSON.stringify(part.payload);
        if (payload === undefined) throw new StoreError(`part ${part.index} has no JSON payload`);
        insertPart.run(id, part.index, payload, stamp);
      }
    }
    return record(byKey.get(subscriptionId, digestDate) as DeliveryRow);
  });

  return { begin, record };
}
