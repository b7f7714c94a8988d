/**
 * Discord adapter figures against the local fake Discord (tests/e2e/fake-discord-server.ts): login
 * time, channel-message throughput and latency through discord.js (which holds itself to Discord's
 * 50 requests/s global limit), and interaction round trips (INTERACTION_CREATE -> reply).
 */
import { mapBounded } from '../src/core/pacing/index.ts';
import { renderDiscord } from '../src/platforms/discord/renderer.ts';
import { paragraph, simpleDocument } from '../src/format/document.ts';
import { silentLogger } from '../src/logger.ts';
import { createDiscordAdapter } from '../src/platforms/discord/adapter.ts';
import { PERMISSIONS, commandInteraction, snowflake, startFakeDiscord } from '../tests/e2e/fake-discord-server.ts';
import { benchCommandHandlers, ms, openBenchStore, percentile } from './adapter-bench-kit.ts';

const SENDS = 300;
const CHANNELS = 60;
const INTERACTIONS = 100;

const bench = openBenchStore('kilas-dc-bench-');
const { store } = bench;
const fake = await startFakeDiscord();
const handlers = benchCommandHandlers(store, 10_000);
const adapter = createDiscordAdapter({
  token: fake.token,
  appId: fake.appId,
  apiBase: fake.apiBase,
  handlers,
  subscriptions: store.subscriptions,
  speakers: store.quotes,
  render: (doc) => renderDiscord(doc),
  logger: silentLogger,
});

try {
  let t0 = performance.now();
  await adapter.start();
  console.log(`login + READY + command registration: ${ms(performance.now() - t0)}`);

  const channels = Array.from({ length: CHANNELS }, () => snowflake());
  const [part] = adapter.platform.render(simpleDocument(paragraph('Kilas Pagi: ringkasan berita hari ini.')));
  const latencies: number[] = [];
  t0 = performance.now();
  await mapBounded(
    Array.from({ length: SENDS }, (_, i) => i),
    64,
    async (i) => {
      const start = performance.now();
      await adapter.platform.send({ platform: 'discord', chatId: channels[i % CHANNELS] ?? '', threadId: null }, part!, {
        idempotencyKey: `bench:${i}`,
      });
      latencies.push(performance.now() - start);
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `channel sends: ${SENDS} to ${CHANNELS} channels in ${seconds.toFixed(2)} s = ${(SENDS / seconds).toFixed(1)} msg/s; ` +
      `latency p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}`,
  );

  const round: number[] = [];
  const channel = { id: snowflake(), guildId: '700000000000000001' };
  for (let i = 0; i < INTERACTIONS; i++) {
    const payload = commandInteraction({
      appId: fake.appId,
      name: 'help',
      channel,
      user: { id: `6000000000000${String(i).padStart(5, '0')}`, username: `u${i}` },
      memberPermissions: PERMISSIONS.viewChannel,
      appPermissions: PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.embedLinks,
    });
    const start = performance.now();
    fake.interact(payload);
    await fake.waitFor(() => fake.responsesTo(payload.id).length > 0, 10_000, 'reply');
    round.push(performance.now() - start);
  }
  console.log(`interaction round trips (/help, sequential): ${INTERACTIONS}; p50 ${ms(percentile(round, 50))}, p95 ${ms(percentile(round, 95))}`);
} finally {
  await adapter.stop();
  await bench.dispose();
  await fake.close();
}
