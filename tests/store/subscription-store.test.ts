import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import type { ChatRef } from '../../src/bot/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { fixedClock, inOrder, tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();
const group: ChatRef = { platform: 'telegram', chatId: '-100', threadId: null };
const topic: ChatRef = { platform: 'telegram', chatId: '-100', threadId: '42' };
const channel: ChatRef = { platform: 'discord', chatId: '-100', threadId: null };

describe('subscription store', () => {
  test('lifecycle: subscribe, update, unsubscribe, reactivate', async () => {
    const clock = fixedClock();
    const store = openSqliteStore(temp.current.file(), { now: clock.now });
    const first = await store.subscriptions.subscribe(group, '07:00', 'Asia/Jakarta');
    expect(first.outcome).toBe('subscribed');
    expect(first.subscription).toMatchObject({
      chat: group,
      time: '07:00',
      timeZone: 'Asia/Jakarta',
      topics: [],
      active: true,
      inactiveReason: null,
      createdAt: clock.now().toISOString(),
    });

    clock.advance(60_000);
    const again = await store.subscriptions.subscribe(group, '08:30', 'Asia/Makassar');
    expect(again.outcome).toBe('updated');
    expect(again.subscription).toMatchObject({ id: first.subscription.id, time: '08:30', timeZone: 'Asia/Makassar' });
    expect(again.subscription.createdAt).toBe(first.subscription.createdAt);

    expect(await store.subscriptions.unsubscribe(group, 'unsubscribed')).toBe(true);
    expect(await store.subscriptions.unsubscribe(group, 'unsubscribed')).toBe(false);
    expect(await store.subscriptions.get(group)).toMatchObject({ active: false, inactiveReason: 'unsubscribed' });
    expect(await store.subscriptions.listActive()).toEqual([]);

    const back = await store.subscriptions.subscribe(group, '06:00', 'Asia/Jakarta');
    expect(back.outcome).toBe('reactivated');
    expect(back.subscription).toMatchObject({ id: first.subscription.id, active: true, inactiveReason: null, time: '06:00' });
    await store.close();
  });

  test('platform, chat and thread together identify a subscription', async () => {
    const store = openSqliteStore(temp.current.file());
    const ids = await inOrder([group, topic, channel], async (chat) => (await store.subscriptions.subscribe(chat, '07:00', 'Asia/Jakarta')).subscription.id);
    expect(new Set(ids).size).toBe(3);
    expect((await store.subscriptions.get(topic))?.chat).toEqual(topic);
    expect((await store.subscriptions.listActive()).map((s) => s.id)).toEqual(ids);
    await store.close();
  });

  test('unique per platform + chat + thread is enforced by the schema', async () => {
    const path = temp.current.file();
    const store = openSqliteStore(path);
    await store.subscriptions.subscribe(group, '07:00', 'Asia/Jakarta');
    await store.close();
    const raw = new Database(path);
    expect(() =>
      raw
        .prepare("INSERT INTO subscriptions (platform, chat_id, thread_id, time, time_zone, created_at, updated_at) VALUES ('telegram', '-100', '', '09:00', 'UTC', 'x', 'x')")
        .run(),
    ).toThrow(/UNIQUE/);
    raw.close();
  });

  test('setTime and setTopics change existing subscriptions only', async () => {
    const store = openSqliteStore(temp.current.file());
    expect(await store.subscriptions.setTime(group, '09:00')).toBeNull();
    expect(await store.subscriptions.setTopics(group, ['ukraina'])).toBeNull();
    await store.subscriptions.subscribe(group, '07:00', 'Asia/Jakarta');
    expect((await store.subscriptions.setTime(group, '09:15'))?.time).toBe('09:15');
    expect((await store.subscriptions.setTopics(group, [' Ukraina ', 'NATO', 'Ukraina', '']))?.topics).toEqual(['Ukraina', 'NATO']);
    expect((await store.subscriptions.get(group))?.topics).toEqual(['Ukraina', 'NATO']);
    expect((await store.subscriptions.setTopics(group, []))?.topics).toEqual([]);
    await store.close();
  });

  test('migrateChat moves every thread of a group to the supergroup id, keeping ids and deliveries', async () => {
    const store = openSqliteStore(temp.current.file());
    const a = (await store.subscriptions.subscribe(group, '07:00', 'Asia/Jakarta')).subscription;
    const b = (await store.subscriptions.subscribe(topic, '08:00', 'Asia/Jakarta')).subscription;
    const d = await store.deliveries.begin(a.id, '2026-11-23', [{ index: 0, payload: 'x' }]);
    await store.subscriptions.migrateChat(group, '-100999');
    expect(await store.subscriptions.get(group)).toBeNull();
    expect((await store.subscriptions.get({ ...group, chatId: '-100999' }))?.id).toBe(a.id);
    expect((await store.subscriptions.get({ ...topic, chatId: '-100999' }))?.id).toBe(b.id);
    expect((await store.deliveries.find(a.id, '2026-11-23'))?.id).toBe(d.id);
    // Other platforms with the same chat id are untouched.
    await store.subscriptions.subscribe(channel, '07:00', 'UTC');
    await store.subscriptions.migrateChat(group, '-1');
    expect(await store.subscriptions.get(channel)).not.toBeNull();
    await store.close();
  });

  test('migrateChat onto a chat that already subscribed keeps that one and retires the old', async () => {
    const store = openSqliteStore(temp.current.file());
    const old = (await store.subscriptions.subscribe(group, '07:00', 'Asia/Jakarta')).subscription;
    const existing = (await store.subscriptions.subscribe({ ...group, chatId: '-100999' }, '09:00', 'Asia/Jakarta')).subscription;
    await store.subscriptions.migrateChat(group, '-100999');
    expect(await store.subscriptions.get({ ...group, chatId: '-100999' })).toMatchObject({ id: existing.id, time: '09:00', active: true });
    expect(await store.subscriptions.byId(old.id)).toMatchObject({ active: false });
    expect((await store.subscriptions.byId(old.id))?.inactiveReason).toMatch(/migrated/);
    expect((await store.subscriptions.listActive()).map((s) => s.id)).toEqual([existing.id]);
    await store.close();
  });

  test('subscriptions survive re-opening', async () => {
    const path = temp.current.file();
    const first = openSqliteStore(path);
    await first.subscriptions.subscribe(topic, '07:00', 'Asia/Jakarta');
    await first.subscriptions.setTopics(topic, ['pemilu']);
    await first.close();
    const second = openSqliteStore(path);
    expect(await second.subscriptions.get(topic)).toMatchObject({ chat: topic, topics: ['pemilu'], active: true });
    expect(await second.subscriptions.listAll()).toHaveLength(1);
    await second.close();
  });
});
