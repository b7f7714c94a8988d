/** What SQLite's schema itself enforces about subscriptions (the store's behaviour is in contract/subscriptions.ts). */
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import type { ChatRef } from '../../src/bot/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();
const group: ChatRef = { platform: 'telegram', chatId: '-100', threadId: null };

describe('subscription store (SQLite schema)', () => {
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
});
