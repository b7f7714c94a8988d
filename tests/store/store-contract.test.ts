/**
 * The in-memory fakes must behave like the SQLite store on everything the delivery loop relies on;
 * the same script runs against both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { ChatRef, DeliveryStore, SubscriptionStore } from '../../src/bot/ports.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { createMemoryDeliveryStore, createMemorySubscriptionStore } from '../helpers/memory-stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'kilas-contract-'));
const opened: SqliteStore[] = [];
afterAll(() => {
  for (const s of opened) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const impls: { name: string; make: () => { subs: SubscriptionStore; deliveries: DeliveryStore } }[] = [
  { name: 'memory', make: () => ({ subs: createMemorySubscriptionStore(), deliveries: createMemoryDeliveryStore() }) },
  {
    name: 'sqlite',
    make: () => {
      const store = openSqliteStore(join(dir, `k${opened.length}.db`));
      opened.push(store);
      return { subs: store.subscriptions, deliveries: store.deliveries };
    },
  },
];

const chat = (id: string): ChatRef => ({ platform: 'telegram', chatId: id, threadId: null });

describe.each(impls)('$name store', ({ make }) => {
  test('begin records parts once; a second begin returns the first record unchanged', async () => {
    const { subs, deliveries } = make();
    const { subscription } = await subs.subscribe(chat('1'), '07:00', 'Asia/Jakarta');
    const payload = { text: '<b>Kilas</b> "kutipan" & ½', embeds: [{ title: 'x' }] };
    const a = await deliveries.begin(subscription.id, '2026-11-23', [
      { index: 0, payload },
      { index: 1, payload: 'dua' },
    ]);
    expect(a).toMatchObject({ subscriptionId: subscription.id, digestDate: '2026-11-23', state: 'pending', reason: null });
    expect(a.parts).toEqual([
      { index: 0, payload, state: 'pending', messageId: null },
      { index: 1, payload: 'dua', state: 'pending', messageId: null },
    ]);
    const b = await deliveries.begin(subscription.id, '2026-11-23', [{ index: 0, payload: 'other' }]);
    expect(b).toEqual(a);
    expect(await deliveries.find(subscription.id, '2026-11-24')).toBeNull();
  });

  test('marks, finish and unfinished behave as the delivery loop expects', async () => {
    const { subs, deliveries } = make();
    const s1 = (await subs.subscribe(chat('1'), '07:00', 'Asia/Jakarta')).subscription;
    const s2 = (await subs.subscribe(chat('2'), '07:00', 'Asia/Jakarta')).subscription;
    const r1 = await deliveries.begin(s1.id, '2026-11-23', [{ index: 0, payload: 'a' }, { index: 1, payload: 'b' }]);
    const r2 = await deliveries.begin(s2.id, '2026-11-23', [{ index: 0, payload: 'c' }]);
    await deliveries.markPartSent(r1.id, 0, '77');
    expect((await deliveries.find(s1.id, '2026-11-23'))?.parts.map((p) => [p.state, p.messageId])).toEqual([
      ['sent', '77'],
      ['pending', null],
    ]);
    expect((await deliveries.unfinished()).map((r) => r.id)).toEqual([r1.id, r2.id]);
    await deliveries.finish(r2.id, 'failed', 'chat unavailable: blocked');
    expect(await deliveries.find(s2.id, '2026-11-23')).toMatchObject({ state: 'failed', reason: 'chat unavailable: blocked' });
    expect((await deliveries.unfinished()).map((r) => r.id)).toEqual([r1.id]);
    await deliveries.markPartFailed?.(r1.id, 1, 'exhausted: 5xx');
    expect((await deliveries.find(s1.id, '2026-11-23'))?.parts.map((p) => p.state)).toEqual(['sent', 'failed']);
    await deliveries.markPartSent(r1.id, 1, '78');
    await deliveries.finish(r1.id, 'done', null);
    expect(await deliveries.unfinished()).toEqual([]);
  });

  test('unsubscribe deactivates with a reason and listActive drops the subscription', async () => {
    const { subs } = make();
    await subs.subscribe(chat('1'), '07:00', 'Asia/Jakarta');
    await subs.subscribe(chat('2'), '08:00', 'Asia/Makassar');
    expect(await subs.unsubscribe(chat('1'), 'Forbidden: bot was blocked by the user')).toBe(true);
    expect(await subs.unsubscribe(chat('1'), 'again')).toBe(false);
    expect(await subs.get(chat('1'))).toMatchObject({ active: false, inactiveReason: 'Forbidden: bot was blocked by the user' });
    expect((await subs.listActive()).map((s) => [s.chat.chatId, s.time, s.timeZone])).toEqual([['2', '08:00', 'Asia/Makassar']]);
    expect((await subs.subscribe(chat('1'), '06:00', 'UTC')).outcome).toBe('reactivated');
  });
});
