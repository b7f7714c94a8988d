import { describe, expect, test } from 'vitest';
import type { RenderedPart } from '../../src/bot/ports.ts';
import { StoreError } from '../../src/errors.ts';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.ts';
import { fixedClock, tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();
const parts: RenderedPart[] = [
  { index: 0, payload: '<b>Kilas</b> 23 November' },
  { index: 1, payload: { content: 'bagian dua', embeds: [{ title: 'x', fields: [] }], allowed_mentions: { parse: [] } } },
];

function withSubscription(store: SqliteStore): number {
  return store.subscribe({ platform: 'telegram', chatId: '7', threadId: null }, '07:00', 'Asia/Jakarta').subscription.id;
}

describe('delivery store', () => {
  test('begin records the parts verbatim, pending', () => {
    const store = openStore(temp.current.file());
    const sub = withSubscription(store);
    const record = store.deliveries.begin(sub, '2026-11-23', parts);
    expect(record).toMatchObject({ subscriptionId: sub, digestDate: '2026-11-23', state: 'pending', reason: null });
    expect(record.parts).toEqual(parts.map((p) => ({ ...p, state: 'pending', messageId: null })));
    store.close();
  });

  test('begin is idempotent: a second call returns the first record, ignoring new parts', () => {
    const store = openStore(temp.current.file());
    const sub = withSubscription(store);
    const first = store.deliveries.begin(sub, '2026-11-23', parts);
    store.deliveries.markPartSent(first.id, 0, 'm-1');
    const second = store.deliveries.begin(sub, '2026-11-23', [{ index: 0, payload: 'different' }]);
    expect(second.id).toBe(first.id);
    expect(second.parts.map((p) => p.payload)).toEqual(parts.map((p) => p.payload));
    expect(second.parts[0]).toMatchObject({ state: 'sent', messageId: 'm-1' });
    // Another date is another delivery.
    expect(store.deliveries.begin(sub, '2026-11-24', parts).id).not.toBe(first.id);
    store.close();
  });

  test('two processes beginning the same delivery get the same record', () => {
    const path = temp.current.file();
    const a = openStore(path);
    const b = openStore(path);
    const sub = withSubscription(a);
    const fromA = a.deliveries.begin(sub, '2026-11-23', parts);
    const fromB = b.deliveries.begin(sub, '2026-11-23', [{ index: 0, payload: 'other' }]);
    expect(fromB).toEqual(fromA);
    a.close();
    b.close();
  });

  test('parts are marked as they go; finish closes the delivery with its reason', () => {
    const clock = fixedClock();
    const store = openStore(temp.current.file(), { now: clock.now });
    const sub = withSubscription(store);
    const d = store.deliveries.begin(sub, '2026-11-23', parts);
    store.deliveries.markPartSent(d.id, 0, '101');
    store.deliveries.markPartFailed(d.id, 1, '400 Bad Request: message is too long');
    expect(store.deliveries.find(sub, '2026-11-23')?.parts.map((p) => [p.state, p.messageId])).toEqual([
      ['sent', '101'],
      ['failed', null],
    ]);
    // A sent part stays sent even when a late failure is reported for it.
    store.deliveries.markPartFailed(d.id, 0, 'late');
    expect(store.deliveries.find(sub, '2026-11-23')?.parts[0]?.state).toBe('sent');
    store.deliveries.markPartSent(d.id, 1, '102');
    store.deliveries.finish(d.id, 'done', null);
    expect(store.deliveries.find(sub, '2026-11-23')).toMatchObject({ state: 'done', reason: null });
    store.close();
  });

  test('unfinished lists pending deliveries oldest first, and survives a restart', () => {
    const clock = fixedClock();
    const path = temp.current.file();
    const store = openStore(path, { now: clock.now });
    const subs = ['1', '2', '3'].map(
      (chatId) => store.subscribe({ platform: 'discord', chatId, threadId: null }, '07:00', 'UTC').subscription.id,
    );
    const ids = subs.map((sub) => {
      clock.advance(1000);
      return store.deliveries.begin(sub, '2026-11-23', parts).id;
    });
    store.deliveries.finish(ids[1]!, 'skipped', 'no stories today');
    store.close();

    const reopened = openStore(path);
    expect(reopened.deliveries.unfinished().map((d) => d.id)).toEqual([ids[0], ids[2]]);
    expect(reopened.deliveries.find(subs[1]!, '2026-11-23')).toMatchObject({ state: 'skipped', reason: 'no stories today' });
    expect(reopened.deliveries.recent(2).map((d) => d.id)).toEqual([ids[2], ids[1]]);
    reopened.close();
  });

  test('unknown deliveries, parts and subscriptions are StoreErrors', () => {
    const store = openStore(temp.current.file());
    const sub = withSubscription(store);
    const d = store.deliveries.begin(sub, '2026-11-23', parts);
    expect(() => store.deliveries.markPartSent(d.id, 9, 'x')).toThrow(StoreError);
    expect(() => store.deliveries.markPartSent(d.id + 100, 0, 'x')).toThrow(StoreError);
    expect(() => store.deliveries.finish(d.id + 100, 'done', null)).toThrow(StoreError);
    expect(() => store.deliveries.begin(sub + 100, '2026-11-23', parts)).toThrow(StoreError);
    expect(store.deliveries.find(sub, '1999-01-01')).toBeNull();
    store.close();
  });
});
