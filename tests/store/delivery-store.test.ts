import { describe, expect, test } from 'vitest';
import type { RenderedPart } from '../../src/bot/ports.ts';
import { StoreError } from '../../src/errors.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { fixedClock, inOrder, tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();
const parts: RenderedPart[] = [
  { index: 0, payload: '<b>Kilas</b> 23 November' },
  { index: 1, payload: { content: 'bagian dua', embeds: [{ title: 'x', fields: [] }], allowed_mentions: { parse: [] } } },
];

async function withSubscription(store: SqliteStore): Promise<number> {
  return (await store.subscriptions.subscribe({ platform: 'telegram', chatId: '7', threadId: null }, '07:00', 'Asia/Jakarta')).subscription.id;
}

describe('delivery store', () => {
  test('begin records the parts verbatim, pending', async () => {
    const store = openSqliteStore(temp.current.file());
    const sub = await withSubscription(store);
    const record = await store.deliveries.begin(sub, '2026-11-23', parts);
    expect(record).toMatchObject({ subscriptionId: sub, digestDate: '2026-11-23', state: 'pending', reason: null });
    expect(record.parts).toEqual(parts.map((p) => ({ ...p, state: 'pending', messageId: null })));
    await store.close();
  });

  test('begin is idempotent: a second call returns the first record, ignoring new parts', async () => {
    const store = openSqliteStore(temp.current.file());
    const sub = await withSubscription(store);
    const first = await store.deliveries.begin(sub, '2026-11-23', parts);
    await store.deliveries.markPartSent(first.id, 0, 'm-1');
    const second = await store.deliveries.begin(sub, '2026-11-23', [{ index: 0, payload: 'different' }]);
    expect(second.id).toBe(first.id);
    expect(second.parts.map((p) => p.payload)).toEqual(parts.map((p) => p.payload));
    expect(second.parts[0]).toMatchObject({ state: 'sent', messageId: 'm-1' });
    // Another date is another delivery.
    expect((await store.deliveries.begin(sub, '2026-11-24', parts)).id).not.toBe(first.id);
    await store.close();
  });

  test('two processes beginning the same delivery get the same record', async () => {
    const path = temp.current.file();
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    const sub = await withSubscription(a);
    const fromA = await a.deliveries.begin(sub, '2026-11-23', parts);
    const fromB = await b.deliveries.begin(sub, '2026-11-23', [{ index: 0, payload: 'other' }]);
    expect(fromB).toEqual(fromA);
    await a.close();
    await b.close();
  });

  test('parts are marked as they go; finish closes the delivery with its reason', async () => {
    const clock = fixedClock();
    const store = openSqliteStore(temp.current.file(), { now: clock.now });
    const sub = await withSubscription(store);
    const d = await store.deliveries.begin(sub, '2026-11-23', parts);
    await store.deliveries.markPartSent(d.id, 0, '101');
    await store.deliveries.markPartFailed(d.id, 1, '400 Bad Request: message is too long');
    expect((await store.deliveries.find(sub, '2026-11-23'))?.parts.map((p) => [p.state, p.messageId])).toEqual([
      ['sent', '101'],
      ['failed', null],
    ]);
    // A sent part stays sent even when a late failure is reported for it.
    await store.deliveries.markPartFailed(d.id, 0, 'late');
    expect((await store.deliveries.find(sub, '2026-11-23'))?.parts[0]?.state).toBe('sent');
    await store.deliveries.markPartSent(d.id, 1, '102');
    await store.deliveries.finish(d.id, 'done', null);
    expect(await store.deliveries.find(sub, '2026-11-23')).toMatchObject({ state: 'done', reason: null });
    await store.close();
  });

  test('unfinished lists pending deliveries oldest first, and survives a restart', async () => {
    const clock = fixedClock();
    const path = temp.current.file();
    const store = openSqliteStore(path, { now: clock.now });
    const subs = await inOrder(
      ['1', '2', '3'],
      async (chatId) => (await store.subscriptions.subscribe({ platform: 'discord', chatId, threadId: null }, '07:00', 'UTC')).subscription.id,
    );
    const ids = await inOrder(subs, async (sub) => {
      clock.advance(1000);
      return (await store.deliveries.begin(sub, '2026-11-23', parts)).id;
    });
    await store.deliveries.finish(ids[1]!, 'skipped', 'no stories today');
    await store.close();

    const reopened = openSqliteStore(path);
    expect((await reopened.deliveries.unfinished()).map((d) => d.id)).toEqual([ids[0], ids[2]]);
    expect(await reopened.deliveries.find(subs[1]!, '2026-11-23')).toMatchObject({ state: 'skipped', reason: 'no stories today' });
    expect((await reopened.deliveries.recent(2)).map((d) => d.id)).toEqual([ids[2], ids[1]]);
    await reopened.close();
  });

  test('unknown deliveries, parts and subscriptions are StoreErrors', async () => {
    const store = openSqliteStore(temp.current.file());
    const sub = await withSubscription(store);
    const d = await store.deliveries.begin(sub, '2026-11-23', parts);
    await expect(store.deliveries.markPartSent(d.id, 9, 'x')).rejects.toThrow(StoreError);
    await expect(store.deliveries.markPartSent(d.id + 100, 0, 'x')).rejects.toThrow(StoreError);
    await expect(store.deliveries.finish(d.id + 100, 'done', null)).rejects.toThrow(StoreError);
    await expect(store.deliveries.begin(sub + 100, '2026-11-23', parts)).rejects.toThrow(StoreError);
    expect(await store.deliveries.find(sub, '1999-01-01')).toBeNull();
    await store.close();
  });
});
