/**
 * Telegram adapter figures against the local fake Bot API (tests/e2e/fake-telegram-server.ts):
 * command round trips through the real grammY long polling (update queued -> reply accepted),
 * commands across many chats at once (per-chat reply queues), and ChatPlatform.send throughput of
 * digest parts with every HTML message checked by the fake the way Telegram checks it.
 */
import { mapBounded } from '../src/core/pacing/index.ts';
import { paragraph } from '../src/format/document.ts';
import { silentLogger } from '../src/logger.ts';
import { createTelegramAdapter } from '../src/platforms/telegram/adapter.ts';
import { commandUpdate, startFakeTelegram } from '../tests/e2e/fake-telegram-server.ts';
import { benchCommandHandlers, ms, openBenchStore, percentile } from './adapter-bench-kit.ts';

const ROUND_TRIPS = 200;
const CHATS = 100;
const PER_CHAT = 3;
const SENDS = 1000;

const bench = openBenchStore('kilas-tg-bench-');
const { store } = bench;
// No per-chat pacing in the fake: this measures kilas and grammY, not Telegram's limits.
const fake = await startFakeTelegram({ perChatIntervalMs: 0 });
const handlers = benchCommandHandlers(store, 1_000_000);
const adapter = createTelegramAdapter({
  token: fake.token,
  apiRoot: fake.apiRoot,
  handlers,
  subscriptions: store.subscriptions,
  logger: silentLogger,
  pollingTimeoutSeconds: 5,
});

try {
  const t0 = performance.now();
  await adapter.start();
  process.stdout.write(`start (getMe, setMyCommands, deleteWebhook): ${ms(performance.now() - t0)}\n`);

  // One command at a time: the latency a user sees, minus the network.
  const latencies: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const chat = { id: 1_000 + (i % 10), type: 'private' as const };
    const before = fake.messagesFor(chat.id).length;
    const start = performance.now();
    fake.pushUpdate(commandUpdate({ chat, from: { id: chat.id }, text: i % 2 ? '/status' : '/subscribe 07:30' }));
    await fake.waitFor(() => fake.messagesFor(chat.id).length > before, 10_000, 'reply');
    latencies.push(performance.now() - start);
  }
  process.stdout.write(
    `command round trip (${ROUND_TRIPS}, one at a time): p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}\n`,
  );

  // Many chats at once: updates arrive in batches, replies go out of per-chat queues.
  const burstStart = performance.now();
  const expected = fake.messages.length + CHATS * PER_CHAT;
  for (let k = 0; k < PER_CHAT; k++) {
    for (let c = 0; c < CHATS; c++) {
      const chat = { id: 50_000 + c, type: 'private' as const };
      fake.pushUpdate(commandUpdate({ chat, from: { id: chat.id }, text: '/help' }));
    }
  }
  await fake.waitFor(() => fake.messages.length >= expected, 60_000, 'burst replies');
  const burstMs = performance.now() - burstStart;
  process.stdout.write(
    `burst: ${CHATS * PER_CHAT} commands from ${CHATS} chats answered in ${ms(burstMs)} (${((CHATS * PER_CHAT) / (burstMs / 1000)).toFixed(0)} commands/s)\n`,
  );

  // Digest parts through ChatPlatform.send, 8 in flight, every one parsed by the fake's strict HTML check.
  const parts = adapter.platform.render({
    title: [{ text: 'Kilas Berita' }],
    sections: Array.from({ length: 40 }, (_, i) => ({
      blocks: [paragraph({ text: `Cerita ${i + 1}`, bold: true }), paragraph(`Ringkasan <${i}> & kutipan. `.repeat(20))],
    })),
  });
  const sendStart = performance.now();
  await mapBounded(
    Array.from({ length: SENDS }, (_, i) => i),
    8,
    (i) => adapter.platform.send({ platform: 'telegram', chatId: String(70_000 + (i % 200)), threadId: null }, parts[i % parts.length]!),
  );
  const sendMs = performance.now() - sendStart;
  const errors = fake.errors('sendMessage').length;
  process.stdout.write(
    `send: ${SENDS} digest parts (${parts.length} distinct, avg ${Math.round(parts.reduce((n, p) => n + String(p.payload).length, 0) / parts.length)} chars) in ${ms(sendMs)} (${(SENDS / (sendMs / 1000)).toFixed(0)} messages/s), rejected by the fake: ${errors}\n`,
  );
} finally {
  await adapter.stop();
  await fake.close();
  await bench.dispose();
}
