/**
 * A burst of commands through the real grammY adapter and the fake Bot API with Telegram's limits
 * on (1 message a second per chat, 30 a second overall, 429 with retry_after beyond): replies are
 * paced like deliveries and 429s are waited out, so every chat gets its answer — none dropped.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TELEGRAM_LIMITS } from '../../src/platforms/telegram/limits.ts';
import { paragraph } from '../../src/format/document.ts';
import { commandUpdate, startFakeTelegram, type FakeTelegram } from './fake-telegram-server.ts';
import { startHarness, tempDb, type Harness } from './telegram-harness.ts';

const CHATS = 500;
let fake: FakeTelegram;
let harness: Harness;
const db = tempDb();

beforeAll(async () => {
  fake = await startFakeTelegram({ perChatIntervalMs: 1000, globalPerSecond: 30, maxPollMs: 2000 });
  harness = await startHarness({
    fake,
    dbPath: db.path('flood.db'),
    clock: () => new Date(),
    digestDocument: () => ({ title: [{ text: 'Kilas Berita' }], sections: [{ blocks: [paragraph('Satu cerita hari ini.')] }] }),
    limits: TELEGRAM_LIMITS,
  });
});
afterAll(async () => {
  await harness.stop();
  await fake.close();
  db.cleanup();
});

describe('a flood of commands under Telegram limits', () => {
  test(`${CHATS} chats send /digest at once: every chat gets its answer, an unrelated /start too`, async () => {
    for (let i = 0; i < CHATS; i++) {
      fake.pushUpdate(commandUpdate({ chat: { id: 50_000 + i, type: 'private' }, from: { id: 50_000 + i }, text: '/digest' }));
    }
    const newcomer = { id: 99_999, type: 'private' as const };
    fake.pushUpdate(commandUpdate({ chat: newcomer, from: { id: 99_999 }, text: '/start' }));
    await fake.waitFor(() => fake.messages.length >= CHATS + 1, 90_000, 'every answer');
    await harness.adapter.idle();
    const answered = new Set(fake.messages.map((m) => m.chatId));
    expect(answered.size).toBe(CHATS + 1);
    for (let i = 0; i < CHATS; i++) expect(fake.messagesFor(50_000 + i)).toHaveLength(1);
    expect(fake.messagesFor(newcomer.id)[0]?.text).toMatch(/Kilas/);
    // Paced, not hammered: 429s (if a timer woke late) stay a small fraction of the sends.
    expect(fake.tooManyRequests()).toBeLessThan(CHATS / 10);
    expect(harness.logger.lines.filter((l) => /reply failed|command dropped/.test(l))).toEqual([]);
  }, 120_000);
});
