import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import type { ChatRef } from '../../src/bot/ports.ts';
import { openStore } from '../../src/store/sqlite-store.ts';
import { fixedClock, tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();
const group: ChatRef = { platform: 'telegram', chatId: '-100', threadId: null };
const topic: ChatRef = { platform: 'telegram', chatId: '-100', threadId: '42' };
const channel: ChatRef = { platform: 'discord', chatId: '-100', threadId: null };

describe('subscription store', () => {
  test('lifecycle: subscribe, update, unsubscribe, reactivate', () => {
    const clock = fixedClock();
    const store = openStore(temp.current.file(), { now: clock.now });
    const first = store.subscribe(group, '07:00', 'Asia/Jakarta');
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
    const again = store.subscribe(group, '08:30', 'Asia/Makassar');
    expect(again.outcome).toBe('updated');
    expect(again.subscription).toMatchObject({ id: first.subscription.id, time: '08:30', timeZone: 'Asia/Makassar' });
    expect(again.subscription.createdAt).toBe(first.subscription.createdAt);

    expect(store.unsubscribe(group, 'unsubscribed')).toBe(true);
    expect(store.unsubscribe(group, 'unsubscribed')).toBe(false);
    expect(store.get(group)).toMatchObject({ active: false, inactiveReason: 'unsubscribed' });
    expect(store.listActive()).toEqual([]);

    const back = store.subscribe(group, '06:00', 'Asia/Jakarta');
    expect(back.outcome).toBe('reactivated');
    expect(back.subscription).toMatchObject({ id: first.subscription.id, active: true, inactiveReason: null, time: '06:00' });
    store.close();
  });

  test('platform, chat and thread together identify a subscription', () => {
    const store = openStore(temp.current.file());
    const ids = [group, topic, channel].map((chat) => store.subscribe(chat, '07:00', 'Asia/Jakarta').subscription.id);
    expect(new Set(ids).size).toBe(3);
    expect(store.get(topic)?.chat).toEqual(topic);
    expect(store.listActive().map((s) => s.id)).toEqual(ids);
    store.close();
  });

  test('unique per platform + chat + thread is enforced by the schema', () => {
    const path = temp.current.file();
    const store = openStore(path);
    store.subscribe(group, '07:00', 'Asia/Jakarta');
    store.close();
    const raw = new Database(path);
    expect(() =>
      raw
        .prepare("INSERT INTO subscriptions (platform, chat_id, thread_id, time, time_zone, created_at, updated_at) VALUES ('telegram', '-100', '', '09:00', 'UTC', 'x', 'x')")
        .run(),
    ).toThrow(/UNIQUE/);
    raw.close();
  });

  test('setTime and setTopics change existing subscriptions only', () => {
    const store = openStore(temp.current.file());
    expect(store.setTime(group, '09:00')).toBeNull();
    expect(store.setTopics(group, ['ukraina'])).toBeNull();
    store.subscribe(group, '07:00', 'Asia/Jakarta');
    expect(store.setTime(group, '09:15')?.time).toBe('09:15');
    expect(store.setTopics(group, [' Ukraina ', 'NATO', 'Ukraina', '']) ?.topics).toEqual(['Ukraina', 'NATO']);
    expect(store.get(group)?.topics).toEqual(['Ukraina', 'NATO']);
    expect(store.setTopics(group, [])?.topics).toEqual([]);
    store.close();
  });

  test('migrateChat moves every thread of a group to the supergroup id, keeping ids and deliveries', () => {
    const store = openStore(temp.current.file());
    const a = store.subscribe(group, '07:00', 'Asia/Jakarta').subscription;
    const b = store.subscribe(topic, '08:00', 'Asia/Jakarta').subscription;
    const d = store.deliveries.begin(a.id, '2026-11-23', [{ index: 0, payload: 'x' }]);
    store.migrateChat(group, '-100999');
    expect(store.get(group)).toBeNull();
    expect(store.get({ ...group, chatId: '-100999' })?.id).toBe(a.id);
    expect(store.get({ ...topic, chatId: '-100999' })?.id).toBe(b.id);
    expect(store.deliveries.find(a.id, '2026-11-23')?.id).toBe(d.id);
    // Other platforms with the same chat id are untouched.
    store.subscribe(channel, '07:00', 'UTC');
    store.migrateChat(group, '-1');
    expect(store.get(channel)).not.toBeNull();
    store.close();
  });

  test('migrateChat onto a chat that already subscribed keeps that one and retires the old', () => {
    const store = openStore(temp.current.file());
    const old = store.subscribe(group, '07:00', 'Asia/Jakarta').subscription;
    const existing = store.subscribe({ ...group, chatId: '-100999' }, '09:00', 'Asia/Jakarta').subscription;
    store.migrateChat(group, '-100999');
    expect(store.get({ ...group, chatId: '-100999' })).toMatchObject({ id: existing.id, time: '09:00', active: true });
    expect(store.byId(old.id)).toMatchObject({ active: false });
    expect(store.byId(old.id)?.inactiveReason).toMatch(/migrated/);
    expect(store.listActive().map((s) => s.id)).toEqual([existing.id]);
    store.close();
  });

  test('subscriptions survive re-opening', () => {
    const path = temp.current.file();
    const first = openStore(path);
    first.subscribe(topic, '07:00', 'Asia/Jakarta');
    first.setTopics(topic, ['pemilu']);
    first.close();
    const second = openStore(path);
    expect(second.get(topic)).toMatchObject({ chat: topic, topics: ['pemilu'], active: true });
    expect(second.listAll()).toHaveLength(1);
    second.close();
  });
});
