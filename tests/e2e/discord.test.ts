/**
 * End to end: the real discord.js Client (through src/platforms/discord/adapter.ts), built by the real
 * composition root (src/app.ts) over a real SQLite file with the seed articles, against a local fake
 * Discord (REST + gateway) that is as strict as Discord about payload limits, rate limits,
 * permissions and deleted channels. The scheduler is driven with `tick(now)`: nothing waits for a clock.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { createTask } from 'node-cron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { SpeakerDirectory } from '../../src/core/speakers/index.ts';
import { loadSpeakerAliases } from '../../src/speaker-aliases.ts';
import type { App } from '../../src/app.ts';
import { createCommandHandlers } from '../../src/bot/commands.ts';
import { createDeliveryService } from '../../src/bot/delivery.ts';
import { createPacer, realSleep } from '../../src/bot/pacer.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/bot/retry.ts';
import type { ChatRef } from '../../src/bot/ports.ts';
import { loadConfig } from '../../src/config.ts';
import * as errors from '../../src/errors.ts';
import { renderDiscord } from '../../src/platforms/discord/renderer.ts';
import { paragraph, simpleDocument } from '../../src/format/document.ts';
import type { Block, Document } from '../../src/format/document.ts';
import type { Logger } from '../../src/logger.ts';
import { createDiscordAdapter } from '../../src/platforms/discord/adapter.ts';
import type { DiscordAdapter } from '../../src/platforms/discord/adapter.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { newsOf } from '../../src/store/ports.ts';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import {
  PERMISSIONS,
  autocompleteInteraction,
  commandInteraction,
  snowflake,
  startFakeDiscord,
  validateMessage,
} from './fake-discord-server.ts';
import type { ChannelInfo, FakeDiscord, InteractionSpec, MessageBody } from './fake-discord-server.ts';
import { documentArb } from '../format/arbitraries.ts';
import { startKilas } from './kilas-process.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const GUILD = '700000000000000001';
/** The channel commands are typed in: a fresh id per test, since the fake keeps nonces per channel as Discord does. */
let NEWS: ChannelInfo = { id: snowflake(), guildId: GUILD, name: 'berita' };
const OTHER: ChannelInfo = { id: '710000000000000002', guildId: GUILD, name: 'pengumuman' };
const ADMIN = { id: '600000000000000001', username: 'ani' };
const MEMBER = { id: '600000000000000002', username: 'budi' };
const P = PERMISSIONS;
const BOT_OK = P.viewChannel | P.sendMessages | P.embedLinks;
const MANAGER = P.viewChannel | P.sendMessages | P.manageChannels;

/** Gold of the multi-outlet speaker fixtures: who said what, however each outlet named them. */
const speakerGold = JSON.parse(readFileSync(new URL('../fixtures/speakers/gold-dev.json', import.meta.url), 'utf8')) as {
  quotes: { speaker: string; text: string }[];
}[];
const lavrovGold = JSON.parse(readFileSync(new URL('../fixtures/bot/lavrov-quotes.json', import.meta.url), 'utf8')) as {
  quotes: string[];
  otherSpeakersQuotes: string[];
};
const sendFailures = JSON.parse(readFileSync(new URL('../fixtures/discord/send-failures.json', import.meta.url), 'utf8')) as {
  name: string;
  setup: { deleted?: boolean; deny?: 'access' | 'permissions'; fail?: { count: number; status: number }; payload?: unknown };
  expected: keyof typeof errors;
  code: number | null;
}[];

const recordingLogger = (): Logger & { lines: string[] } => {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${fields ? JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? v.message : v)) : ''}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
};

/** Text a reader sees in a message: content plus every embed's text, Markdown escapes removed. */
function visibleText(body: MessageBody): string {
  const parts = [body.content ?? ''];
  for (const e of body.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '');
  }
  return parts.join('\n').replace(/\\([\\*_~`|[\]>#+\-.()])/g, '$1');
}

/** Quote text as compared: without the trailing comma or stop a quote carries before its speech verb. */
const core = (quote: string) => quote.replace(/[\s,.;:]+$/u, '');
const dc = (channelId: string): ChatRef => ({ platform: 'discord', chatId: channelId, threadId: null });

let fake: FakeDiscord;
let dir: string;
let app: App | null = null;
/** Resolves when the running adapter has answered every interaction. */
let idle: () => Promise<void> = async () => undefined;
let stopAdapter: (() => Promise<void>) | null = null;
let logger: ReturnType<typeof recordingLogger>;
// 2021-12-23 05:00 WIB: two hours before the default 07:00 digest, on the day of a seed article.
let now = new Date('2021-12-22T22:00:00Z');

beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kilas-dc-'));
  now = new Date('2021-12-22T22:00:00Z');
  NEWS = { id: snowflake(), guildId: GUILD, name: 'berita' };
  fake.setPerChannelInterval(0);
  fake.failNextMessages(0, 500);
  for (const c of [NEWS, OTHER]) fake.addChannel(c);
});
afterEach(async () => {
  await app?.stop();
  app = null;
  await stopAdapter?.();
  stopAdapter = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Builds and starts the real app against the fake; cron is never started (tests call `tick`). */
async function startApp(env: Record<string, string> = {}, speakers?: SpeakerDirectory): Promise<App> {
  logger = recordingLogger();
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APP_ID: fake.appId,
    DISCORD_API_BASE: fake.apiBase,
    KILAS_DB: join(dir, 'kilas.db'),
    KILAS_TZ: 'Asia/Jakarta',
    // No real outlets from the shipped data/feeds.json in a test.
    KILAS_FEEDS: '[]',
    ...env,
  });
  app = createApp(config, {
    cwd: REPO,
    logger,
    ...(speakers ? { speakers } : {}),
    clock: () => now,
    cron: (expression, fn, options) => createTask(expression, fn, options),
    // Per-channel pacing is the fake's job in these tests: the adapter must cope with its 429s.
    limits: { discord: { global: null, chat: () => null } },
    delivery: { retry: { ...DEFAULT_RETRY_POLICY, backoffBaseMs: 20, backoffMaxMs: 200, sendTimeoutMs: 10_000 } },
  });
  await app.start();
  const started = app;
  idle = () => started.discord?.idle() ?? Promise.resolve();
  return app;
}

/** A digest-like document long enough for several Discord messages: `stories` sections of about 1,500 characters. */
function longDigest(stories: number): Document {
  return {
    title: [{ text: 'Kilas Pagi' }],
    intro: [paragraph(`${stories} cerita hari ini.`)],
    sections: Array.from({ length: stories }, (_, i) => ({
      blocks: [
        { kind: 'heading', level: 2, content: [{ text: `Cerita ${i + 1}: @everyone <#1> *penting*`, href: `https://contoh.test/${i + 1}` }] } as Block,
        paragraph(`Ringkasan cerita nomor ${i + 1} dengan rincian yang panjang. `.repeat(25)),
        { kind: 'quote', content: [{ text: `Kutipan ${i + 1}` }], attribution: [{ text: 'Juru Bicara' }] } as Block,
      ],
    })),
    outro: [paragraph('Sumber: kilas.')],
  };
}

interface AdapterHarness {
  readonly adapter: DiscordAdapter;
  readonly store: SqliteStore;
  readonly delivery: ReturnType<typeof createDeliveryService>;
}

/** The adapter alone over the real handlers, store and delivery loop, with a fixed (long) digest. */
async function startAdapter(digest: Document): Promise<AdapterHarness> {
  logger = recordingLogger();
  const store = openSqliteStore(join(dir, 'adapter.db'), { now: () => now });
  const handlers = createCommandHandlers({
    subscriptions: store.subscriptions,
    news: newsOf(store),
    digestDocument: () => digest,
    storiesToday: () => digest.sections.length,
    quotesDocument: (query) => simpleDocument(paragraph(`Kutipan ${query}`)),
    clock: () => now,
    defaultTime: '07:00',
    timeZone: 'Asia/Jakarta',
    rateLimit: { capacity: 100 },
    logger,
  });
  const adapter = createDiscordAdapter({
    token: fake.token,
    appId: fake.appId,
    apiBase: fake.apiBase,
    handlers,
    subscriptions: store.subscriptions,
    speakers: store.quotes,
    render: (doc) => renderDiscord(doc),
    logger,
  });
  const delivery = createDeliveryService({
    platforms: new Map([['discord', adapter.platform]]),
    subscriptions: store.subscriptions,
    deliveries: store.deliveries,
    buildDigestDocument: async () => digest,
    clock: () => now,
    sleep: realSleep,
    logger,
    pacer: createPacer({ clock: () => new Date(), sleep: realSleep, limits: { discord: { global: null, chat: () => null } } }),
    options: { retry: { ...DEFAULT_RETRY_POLICY, backoffBaseMs: 20, backoffMaxMs: 200, sendTimeoutMs: 10_000 } },
  });
  await adapter.start();
  idle = () => adapter.idle();
  stopAdapter = async () => {
    await delivery.stop();
    await adapter.stop();
    await store.close();
  };
  return { adapter, store, delivery };
}

/** Sends an interaction and waits until the fake has its callback plus `followUps` more messages. */
async function interact(spec: Omit<InteractionSpec, 'appId'>, followUps = 0, kind: 'command' | 'autocomplete' = 'command') {
  const payload = (kind === 'command' ? commandInteraction : autocompleteInteraction)({ appId: fake.appId, ...spec });
  fake.interact(payload);
  await fake.waitFor(() => fake.callbacks.some((c) => c.interactionId === payload.id), 10_000, `callback of /${spec.name}`);
  try {
    await fake.waitFor(() => fake.responsesTo(payload.id).length >= 1 + followUps || kind === 'autocomplete', 10_000, `answers to /${spec.name}`);
  } catch (error) {
    console.error(logger.lines.join('\n'), fake.calls.slice(-5).map((c) => `${c.method} ${c.path} ${c.status} ${JSON.stringify(c.body).slice(0, 300)}`));
    throw error;
  }
  await idle();
  const callback = fake.callbacks.find((c) => c.interactionId === payload.id);
  return { id: payload.id, callback: callback!, messages: fake.responsesTo(payload.id) };
}

const subscribeSpec = (over: Partial<Omit<InteractionSpec, 'appId'>> = {}): Omit<InteractionSpec, 'appId'> => ({
  name: 'subscribe',
  channel: NEWS,
  user: ADMIN,
  memberPermissions: MANAGER,
  appPermissions: BOT_OK,
  ...over,
});

describe('Discord bot end to end', () => {
  test('start logs in with the Guilds intent only and registers the slash commands in Indonesian', async () => {
    const before = fake.registrations.length;
    const identifiesBefore = fake.identifies.length;
    await startApp();
    expect(fake.identifies.length).toBe(identifiesBefore + 1);
    expect(fake.identifies.at(-1)?.['intents']).toBe(1);
    expect(fake.sessions()).toBe(1);
    const registration = fake.registrations[before];
    expect(registration?.scope).toBe('global');
    const commands = registration?.commands ?? [];
    expect(commands.map((c) => c['name'])).toEqual(
      expect.arrayContaining(['subscribe', 'unsubscribe', 'settime', 'digest', 'quotes', 'status', 'help']),
    );
    const byName = new Map(commands.map((c) => [c['name'], c]));
    expect(byName.get('subscribe')?.['description']).toMatch(/langganan/i);
    expect(byName.get('subscribe')?.['default_member_permissions']).toBe(P.manageChannels.toString());
    expect(byName.get('digest')?.['default_member_permissions']).toBeUndefined();
    const quotesName = (byName.get('quotes')?.['options'] as Record<string, unknown>[])[0];
    expect(quotesName).toMatchObject({ name: 'name', autocomplete: true, required: true });
    const subscribeOptions = (byName.get('subscribe')?.['options'] as Record<string, unknown>[]).map((o) => o['name']);
    expect(subscribeOptions).toEqual(['channel', 'time']);
    expect(logger.lines.some((l) => l.includes('discord bot started'))).toBe(true);
  });

  test('DISCORD_GUILD_ID registers the commands in that guild', async () => {
    const before = fake.registrations.length;
    await startApp({ DISCORD_GUILD_ID: GUILD });
    expect(fake.registrations[before]?.scope).toBe(GUILD);
  });
  test('/subscribe by a member with Manage Channels subscribes the channel; the answer is public and mentions nothing', async () => {
    const a = await startApp();
    const { callback, messages } = await interact(subscribeSpec());
    expect(callback.type).toBe(4);
    expect(messages[0]?.ephemeral).toBe(false);
    expect(visibleText(messages[0]!.body)).toMatch(/Berlangganan berhasil/);
    expect(messages[0]?.body.allowed_mentions).toEqual({ parse: [] });
    const sub = await a.store.subscriptions.get(dc(NEWS.id));
    expect(sub).toMatchObject({ active: true, time: '07:00', timeZone: 'Asia/Jakarta' });
  });

  test('/subscribe channel time subscribes another channel at that time', async () => {
    const a = await startApp();
    const { messages } = await interact(
      subscribeSpec({
        options: [
          { name: 'channel', type: 7, value: OTHER.id },
          { name: 'time', type: 3, value: '06:30' },
        ],
        resolvedChannels: [{ channel: OTHER, memberPermissions: MANAGER, appPermissions: BOT_OK }],
      }),
    );
    expect(visibleText(messages[0]!.body)).toMatch(/06:30/);
    expect(await a.store.subscriptions.get(dc(OTHER.id))).toMatchObject({ active: true, time: '06:30' });
    expect(await a.store.subscriptions.get(dc(NEWS.id))).toBeNull();
  });

  test.each([
    ['a member without Manage Channels', { user: MEMBER, memberPermissions: P.viewChannel | P.sendMessages }, /memerlukan izin \*\*Kelola Saluran \(Manage Channels\)\*\*/],
    [
      'a manager of this channel who cannot manage the target channel',
      {
        options: [{ name: 'channel', type: 7, value: OTHER.id }],
        resolvedChannels: [{ channel: OTHER, memberPermissions: P.viewChannel, appPermissions: BOT_OK }],
      },
      /memerlukan izin \*\*Kelola Saluran \(Manage Channels\)\*\*/,
    ],
  ] as const)('/subscribe by %s is refused politely and privately', async (_name, over, expected) => {
    const a = await startApp();
    const { messages } = await interact(subscribeSpec(over));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.ephemeral).toBe(true);
    expect(visibleText(messages[0]!.body)).toMatch(expected);
    expect(visibleText(messages[0]!.body)).not.toMatch(/admin grup/);
    expect(await a.store.subscriptions.listActive()).toHaveLength(0);
  });

  test.each([
    ['without Send Messages here', { appPermissions: P.viewChannel | P.embedLinks }, ['Kirim Pesan'], ['Sematkan Tautan']],
    ['without Embed Links here', { appPermissions: P.viewChannel | P.sendMessages }, ['Sematkan Tautan'], ['Kirim Pesan']],
    [
      'without any right in the target channel',
      {
        options: [{ name: 'channel', type: 7, value: OTHER.id }],
        resolvedChannels: [{ channel: OTHER, memberPermissions: MANAGER, appPermissions: 0n }],
      },
      ['Lihat Kanal', 'Kirim Pesan', 'Sematkan Tautan'],
      [],
    ],
  ] as const)('/subscribe where the bot cannot post (%s) is refused, naming what to grant', async (_name, over, named, notNamed) => {
    const a = await startApp();
    const { messages } = await interact(subscribeSpec(over));
    expect(messages[0]?.ephemeral).toBe(true);
    const text = visibleText(messages[0]!.body);
    expect(text).toMatch(/Langganan belum dibuat/);
    for (const n of named) expect(text).toContain(n);
    for (const n of notNamed) expect(text).not.toContain(n);
    expect(await a.store.subscriptions.listActive()).toHaveLength(0);
  });

  test.each([
    ['with Send Messages in Threads', true, P.viewChannel | P.embedLinks | (1n << 38n)],
    ['with Send Messages only', false, P.viewChannel | P.embedLinks | P.sendMessages],
  ] as const)('/subscribe in a thread %s: subscribed %s', async (_name, subscribed, appPermissions) => {
    const a = await startApp();
    const thread: ChannelInfo = { id: snowflake(), guildId: GUILD, type: 11, name: 'utas-berita' };
    const { messages } = await interact(subscribeSpec({ channel: thread, appPermissions }));
    expect((await a.store.subscriptions.get(dc(thread.id)))?.active ?? false).toBe(subscribed);
    expect(messages[0]?.ephemeral).toBe(!subscribed);
  });

  test('/subscribe to a channel the bot cannot see (no permissions in the interaction) checks it and refuses', async () => {
    const hidden: ChannelInfo = { id: snowflake(), guildId: GUILD, name: 'rahasia' };
    fake.addChannel(hidden);
    fake.denyChannel(hidden.id, 'access');
    const a = await startApp();
    const { messages } = await interact(
      subscribeSpec({
        options: [{ name: 'channel', type: 7, value: hidden.id }],
        resolvedChannels: [{ channel: hidden, memberPermissions: MANAGER }],
      }),
    );
    expect(messages[0]?.ephemeral).toBe(true);
    expect(visibleText(messages[0]!.body)).toMatch(/tidak dapat mengirim ringkasan ke kanal itu/);
    expect(fake.calls.some((c) => c.method === 'GET' && c.path.endsWith(`/channels/${hidden.id}`) && c.status === 403)).toBe(true);
    expect(await a.store.subscriptions.listActive()).toHaveLength(0);
  });

  test('/format stores the channel\'s digest length (Manage Channels only); a bad choice changes nothing', async () => {
    const a = await startApp();
    await interact(subscribeSpec());
    expect((await a.store.subscriptions.get(dc(NEWS.id)))?.length).toBe('ringkas');
    const refused = await interact({ name: 'format', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel, options: [{ name: 'length', type: 3, value: 'lengkap' }] });
    expect(refused.messages[0]?.ephemeral).toBe(true);
    expect((await a.store.subscriptions.get(dc(NEWS.id)))?.length).toBe('ringkas');
    const saved = await interact({ name: 'format', channel: NEWS, user: ADMIN, memberPermissions: MANAGER, options: [{ name: 'length', type: 3, value: 'lengkap' }] });
    expect(visibleText(saved.messages[0]!.body)).toMatch(/Format disimpan/);
    expect((await a.store.subscriptions.get(dc(NEWS.id)))?.length).toBe('lengkap');
    const shown = await interact({ name: 'format', channel: NEWS, user: ADMIN, memberPermissions: MANAGER });
    expect(visibleText(shown.messages[0]!.body)).toMatch(/lengkap/);
    const bad = await interact({ name: 'digest', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel, options: [{ name: 'length', type: 3, value: 'panjang' }] });
    expect(visibleText(bad.messages[0]!.body)).toMatch(/Format tidak dikenal/);
  });

  test('/settime and /unsubscribe change the channel subscription; /status reports it', async () => {
    const a = await startApp();
    await interact(subscribeSpec());
    const bad = await interact({ name: 'settime', channel: NEWS, user: ADMIN, memberPermissions: MANAGER, options: [{ name: 'time', type: 3, value: '25:00' }] });
    expect(bad.messages[0]?.ephemeral).toBe(true);
    expect(visibleText(bad.messages[0]!.body)).toMatch(/tidak valid/);
    await interact({ name: 'settime', channel: NEWS, user: ADMIN, memberPermissions: MANAGER, options: [{ name: 'time', type: 3, value: '6:15' }] });
    expect((await a.store.subscriptions.get(dc(NEWS.id)))?.time).toBe('06:15');
    const status = await interact({ name: 'status', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel });
    expect(status.messages.map((m) => visibleText(m.body)).join('\n')).toMatch(/aktif, setiap hari pukul 06:15 WIB/);
    const refused = await interact({ name: 'unsubscribe', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel });
    expect(refused.messages[0]?.ephemeral).toBe(true);
    expect((await a.store.subscriptions.get(dc(NEWS.id)))?.active).toBe(true);
    await interact({ name: 'unsubscribe', channel: NEWS, user: ADMIN, memberPermissions: MANAGER });
    expect(await a.store.subscriptions.get(dc(NEWS.id))).toMatchObject({ active: false, inactiveReason: 'unsubscribed' });
  });

  test('the scheduled digest of the seed articles arrives at its time as valid embeds, once', async () => {
    const a = await startApp();
    await interact(subscribeSpec());
    const sub = (await a.store.subscriptions.get(dc(NEWS.id)))!;
    const before = fake.messagesIn(NEWS.id).length;

    now = new Date('2021-12-22T23:59:00Z'); // 06:59 WIB: not yet
    await a.scheduler.tick(now);
    expect(fake.messagesIn(NEWS.id).length).toBe(before);

    now = new Date('2021-12-23T00:00:00Z'); // 07:00 WIB
    const report = await a.scheduler.tick(now);
    expect(report).toMatchObject({ done: 1, failed: 0 });
    const doc = await a.digests.dailyDocument(sub, '2021-12-23');
    expect(doc).not.toBeNull();
    const expected = renderDiscord(doc!);
    const sent = fake.messagesIn(NEWS.id).slice(before);
    expect(sent).toHaveLength(expected.length);
    expect(sent.some((m) => (m.body.embeds ?? []).length > 0)).toBe(true);
    sent.forEach((m, i) => {
      expect(validateMessage(m.body)).toBeNull();
      expect(m.body.allowed_mentions).toEqual({ parse: [] });
      expect(m.body.enforce_nonce).toBe(true);
      expect(String(m.body.nonce).length).toBeLessThanOrEqual(25);
      expect({ content: m.body.content, embeds: m.body.embeds }).toEqual({ content: expected[i]?.content, embeds: expected[i]?.embeds });
    });
    expect((await a.store.deliveries.find(sub.id, '2021-12-23'))?.state).toBe('done');
    expect(fake.calls.filter((c) => c.status === 400)).toEqual([]);

    now = new Date('2021-12-23T00:05:00Z');
    await a.scheduler.tick(now);
    expect(fake.messagesIn(NEWS.id).length).toBe(before + expected.length);
  });

  test('a channel answering 429 gets every part of a long digest once, in order, after the waits', async () => {
    const h = await startAdapter(longDigest(12));
    const parts = renderDiscord(longDigest(12));
    expect(parts.length).toBeGreaterThan(2);
    const sub = (await h.store.subscriptions.subscribe(dc(NEWS.id), '07:00', 'Asia/Jakarta')).subscription;
    fake.setPerChannelInterval(200);
    const before = fake.messagesIn(NEWS.id).length;
    now = new Date('2021-12-23T00:00:00Z');
    const report = await h.delivery.deliverDue(now);
    expect(report).toMatchObject({ done: 1, sentParts: parts.length });
    const record = (await h.store.deliveries.find(sub.id, '2021-12-23'))!;
    const sent = fake.messagesIn(NEWS.id).slice(before);
    expect(sent.map((m) => m.body.nonce)).toEqual(parts.map((_, i) => `kilas:${record.id}:${i}`));
    sent.forEach((m, i) => expect({ content: m.body.content, embeds: m.body.embeds }).toEqual({ content: parts[i]?.content, embeds: parts[i]?.embeds }));
    const limited = fake.calls.filter((c) => c.status === 429 && c.path.includes(`/channels/${NEWS.id}/messages`));
    expect(limited.length).toBeGreaterThan(0);
    expect(fake.calls.filter((c) => c.status === 400)).toEqual([]);
  });

  test.each([
    ['deleted', (id: string) => fake.deleteChannel(id), 10003],
    ['inaccessible', (id: string) => fake.denyChannel(id, 'access'), 50001],
    ['read-only', (id: string) => fake.denyChannel(id, 'permissions'), 50013],
  ] as const)('a %s channel deactivates its subscription at delivery, with the reason logged', async (_name, breakIt, code) => {
    const channel: ChannelInfo = { id: snowflake(), guildId: GUILD, name: 'sementara' };
    fake.addChannel(channel);
    const a = await startApp();
    await interact(subscribeSpec({ channel }));
    expect((await a.store.subscriptions.get(dc(channel.id)))?.active).toBe(true);
    breakIt(channel.id);
    now = new Date('2021-12-23T00:00:00Z');
    const report = await a.scheduler.tick(now);
    expect(report).toMatchObject({ failed: 1, done: 0 });
    const sub = await a.store.subscriptions.get(dc(channel.id));
    expect(sub?.active).toBe(false);
    expect(sub?.inactiveReason).toContain(String(code));
    const attempts = fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith(`/channels/${channel.id}/messages`));
    expect(attempts).toHaveLength(1);
    expect(logger.lines.some((l) => l.includes('subscription deactivated') && l.includes(channel.id))).toBe(true);
    expect((await a.store.deliveries.find(sub!.id, '2021-12-23'))?.state).toBe('failed');
  });

  test('a CHANNEL_DELETE from the gateway deactivates the subscription at once', async () => {
    const a = await startApp();
    await interact(subscribeSpec());
    fake.dispatch('CHANNEL_DELETE', { id: NEWS.id, type: 0, guild_id: GUILD, name: NEWS.name });
    await fake.waitFor(async () => (await a.store.subscriptions.get(dc(NEWS.id)))?.active === false, 5_000, 'deactivation');
    expect((await a.store.subscriptions.get(dc(NEWS.id)))?.inactiveReason).toBe('unknown channel');
  });

  test('removing the bot from a server (GUILD_DELETE) deactivates the subscriptions of its channels there', async () => {
    const a = await startApp();
    const guild = snowflake();
    const inGuild: ChannelInfo = { id: snowflake(), guildId: guild, name: 'berita' };
    const elsewhere: ChannelInfo = { id: snowflake(), guildId: GUILD, name: 'lain' };
    fake.dispatch('GUILD_CREATE', {
      id: guild,
      name: 'Server Berita',
      owner_id: ADMIN.id,
      unavailable: false,
      member_count: 2,
      features: [],
      roles: [{ id: guild, name: '@everyone', permissions: BOT_OK.toString(), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      channels: [{ id: inGuild.id, type: 0, name: 'berita', guild_id: guild, position: 0, permission_overwrites: [] }],
      threads: [],
      members: [],
      emojis: [],
      stickers: [],
      voice_states: [],
      presences: [],
    });
    await fake.waitFor(() => a.discord!.client.guilds.cache.has(guild), 5_000, 'the guild cached');
    await interact(subscribeSpec({ channel: inGuild }));
    await interact(subscribeSpec({ channel: elsewhere }));
    fake.dispatch('GUILD_DELETE', { id: guild });
    await fake.waitFor(async () => (await a.store.subscriptions.get(dc(inGuild.id)))?.active === false, 5_000, 'deactivation');
    expect((await a.store.subscriptions.get(dc(inGuild.id)))?.inactiveReason).toBe('kicked');
    expect((await a.store.subscriptions.get(dc(elsewhere.id)))?.active).toBe(true);
  });

  test('/quotes autocompletes speaker names and answers with Lavrov\'s quotes from the seeds', async () => {
    await startApp();
    const complete = await interact(
      { name: 'quotes', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel, options: [{ name: 'name', type: 3, value: 'lav', focused: true }] },
      0,
      'autocomplete',
    );
    expect(complete.callback.type).toBe(8);
    const choices = (complete.callback.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.value)).toContain('Sergey Lavrov');
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);

    const everything = await interact(
      { name: 'quotes', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel, options: [{ name: 'name', type: 3, value: '', focused: true }] },
      0,
      'autocomplete',
    );
    expect((everything.callback.data as { choices: unknown[] }).choices.length).toBeLessThanOrEqual(25);

    const { messages } = await interact({ name: 'quotes', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel, options: [{ name: 'name', type: 3, value: 'lavrov' }] });
    const text = messages.map((m) => visibleText(m.body)).join('\n');
    expect(lavrovGold.quotes.filter((q) => text.includes(core(q)))).toEqual(lavrovGold.quotes);
    for (const other of lavrovGold.otherSpeakersQuotes) expect(text).not.toContain(core(other));
    for (const m of messages) expect(validateMessage(m.body)).toBeNull();
  });

  test('/quotes by alias and typo, autocomplete by any word of the name, a list for a shared first name', async () => {
    await startApp({ KILAS_SEEDS: 'tests/fixtures/speakers/dev' }, loadSpeakerAliases({}, REPO));
    const said = (who: string) => speakerGold.flatMap((g) => g.quotes).filter((q) => q.speaker === who).map((q) => core(q.text));
    const ask = async (value: string) => {
      const { messages } = await interact({ name: 'quotes', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel, options: [{ name: 'name', type: 3, value }] });
      for (const m of messages) expect(validateMessage(m.body)).toBeNull();
      return messages.map((m) => visibleText(m.body)).join('\n');
    };
    const complete = async (value: string) => {
      const got = await interact(
        { name: 'quotes', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel, options: [{ name: 'name', type: 3, value, focused: true }] },
        0,
        'autocomplete',
      );
      return (got.callback.data as { choices: { name: string; value: string }[] }).choices;
    };

    expect((await complete('karna')).map((c) => c.value)).toEqual(['Dwikorita Karnawati']);
    expect((await complete('bud')).map((c) => c.name)).toEqual(expect.arrayContaining(['Budi Gunadi Sadikin', 'Budi Arie Setiadi', 'Budi Setyawan']));
    expect((await complete('munst')).map((c) => c.name)).toEqual(['Paul Munster']);

    const alias = await ask('Jokowi');
    for (const q of said('Joko Widodo')) expect(alias).toContain(q);
    const typo = await ask('zelenksy');
    for (const q of said('Volodymyr Zelenskyy')) expect(typo).toContain(q);
    const particle = await ask('nono');
    for (const q of said('Taher al-Nono')) expect(particle).toContain(q);
    const choose = await ask('budi');
    expect(choose).toContain('Budi Gunadi Sadikin');
    expect(choose).toContain('Budi Arie Setiadi');
  });

  test('/digest defers, then edits the answer and follows up with the rest of a long digest', async () => {
    await startAdapter(longDigest(12));
    const expected = renderDiscord(longDigest(12));
    expect(expected.length).toBeGreaterThan(2);
    const { callback, messages } = await interact({ name: 'digest', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel }, expected.length - 1);
    expect(callback.type).toBe(5);
    expect(messages.map((m) => m.kind)).toEqual(['edit', ...expected.slice(1).map(() => 'followup')]);
    messages.forEach((m, i) => {
      expect(validateMessage(m.body)).toBeNull();
      expect(m.body.allowed_mentions).toEqual({ parse: [] });
      expect({ content: m.body.content, embeds: m.body.embeds }).toEqual({ content: expected[i]?.content, embeds: expected[i]?.embeds });
    });
  });

  test('/digest over the seed articles answers with the latest story as an embed', async () => {
    const a = await startApp();
    const expected = renderDiscord(await a.digests.latestDocument(now)!);
    const { callback, messages } = await interact({ name: 'digest', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel }, expected.length - 1);
    expect(callback.type).toBe(5);
    expect(messages.map((m) => ({ content: m.body.content, embeds: m.body.embeds }))).toEqual(
      expected.map((m) => ({ content: m.content, embeds: m.embeds })),
    );
    expect(messages.some((m) => (m.body.embeds ?? []).length > 0)).toBe(true);
  });

  test('after the gateway connection drops, the bot reconnects and keeps answering', async () => {
    await startApp();
    const identifies = fake.identifies.length;
    fake.dropSessions();
    await fake.waitFor(() => fake.identifies.length > identifies && fake.sessions() === 1, 30_000, 'a new IDENTIFY');
    const { messages } = await interact({ name: 'help', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel });
    expect(messages.length).toBeGreaterThan(0);
  }, 40_000);

  test('a wrong token fails start with a clear reason instead of hanging', async () => {
    const failure = await startApp({ DISCORD_TOKEN: 'not-the-token' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(errors.ConfigError);
    expect((failure as Error).message).toMatch(/DISCORD_TOKEN/);
    expect(fake.calls.some((c) => c.path.endsWith('/gateway/bot') && c.status === 401)).toBe(true);
  });

  test('/help in a DM answers with every command', async () => {
    await startApp();
    const dm: ChannelInfo = { id: snowflake(), guildId: null, type: 1 };
    const { messages } = await interact({ name: 'help', channel: dm, user: MEMBER });
    const text = messages.map((m) => visibleText(m.body)).join('\n');
    for (const name of ['/subscribe', '/unsubscribe', '/settime', '/digest', '/quotes', '/status', '/help']) expect(text).toContain(name);
  });
});

describe('Discord channel sends (ChatPlatform over discord.js)', () => {
  const payloadOf = (spec: unknown): unknown => {
    if (typeof spec !== 'object' || spec === null) return spec;
    const p = spec as { content?: string; embeds?: string };
    if (p.embeds !== undefined) return { embeds: Array.from({ length: Number(p.embeds) }, (_, i) => ({ description: `e${i}` })), allowed_mentions: { parse: [] } };
    const m = /^x(\d+)$/.exec(p.content ?? '');
    return { content: m ? 'x'.repeat(Number(m[1])) : (p.content ?? ''), allowed_mentions: { parse: [] } };
  };

  test.each(sendFailures)('$name -> $expected', async ({ setup, expected, code }) => {
    const a = await startApp();
    const channel: ChannelInfo = { id: snowflake(), guildId: GUILD };
    fake.addChannel(channel);
    if (setup.deleted) fake.deleteChannel(channel.id);
    if (setup.deny) fake.denyChannel(channel.id, setup.deny);
    if (setup.fail) fake.failNextMessages(setup.fail.count, setup.fail.status);
    const payload = setup.payload ? payloadOf(setup.payload) : { content: 'halo', allowed_mentions: { parse: [] } };
    const error = await a.discord!.platform.send(dc(channel.id), { index: 0, payload }).then(
      () => null,
      (e: unknown) => e,
    );
    const Expected = errors[expected] as unknown as new (...args: never[]) => Error;
    expect(error).toBeInstanceOf(Expected);
    if (code !== null) expect((error as Error).message).toContain(String(code));
    expect(fake.messagesIn(channel.id)).toHaveLength(0);
  });

  test('a burst above discord.js\'s 50 requests/s global bucket is paced inside discord.js, never refused', async () => {
    const h = await startAdapter(longDigest(1));
    const channels = Array.from({ length: 20 }, () => snowflake());
    const part = { index: 0, payload: { content: 'Kilas', allowed_mentions: { parse: [] } } };
    const results = await Promise.allSettled(
      Array.from({ length: 70 }, (_, i) => h.adapter.platform.send(dc(channels[i % channels.length]!), part)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(new Set(results.map((r) => (r.status === 'fulfilled' ? r.value : ''))).size).toBe(70);
  });

  test('Discord failing for a while (5xx) delays the digest but delivers every part once', async () => {
    const h = await startAdapter(longDigest(12));
    const channel = snowflake();
    const parts = renderDiscord(longDigest(12));
    await h.store.subscriptions.subscribe(dc(channel), '07:00', 'Asia/Jakarta');
    fake.failNextMessages(3, 503);
    now = new Date('2021-12-23T00:00:00Z');
    const report = await h.delivery.deliverDue(now);
    expect(report).toMatchObject({ done: 1, sentParts: parts.length });
    expect(fake.messagesIn(channel)).toHaveLength(parts.length);
    expect(fake.calls.filter((c) => c.status === 503 && c.path.includes(channel))).toHaveLength(3);
  });

  test('any document the core formatter renders is accepted by the fake Discord (property)', async () => {
    const h = await startAdapter(longDigest(1));
    const channel = snowflake();
    let key = 0;
    await fc.assert(
      fc.asyncProperty(documentArb, async (doc) => {
        for (const part of h.adapter.platform.render(doc)) {
          await h.adapter.platform.send(dc(channel), part, { idempotencyKey: `prop:${key++}` });
        }
      }),
      { numRuns: 25, seed: 20261123 },
    );
    expect(fake.calls.filter((c) => c.status === 400 && c.path.includes(channel))).toEqual([]);
  }, 60_000);

  test('a resend with the same idempotency key returns the first message and posts nothing new', async () => {
    const a = await startApp();
    const part = { index: 0, payload: { content: 'Kilas Pagi', allowed_mentions: { parse: [] } } };
    const first = await a.discord!.platform.send(dc(OTHER.id), part, { idempotencyKey: 'kilas:42:0' });
    const again = await a.discord!.platform.send(dc(OTHER.id), part, { idempotencyKey: 'kilas:42:0' });
    const other = await a.discord!.platform.send(dc(OTHER.id), part, { idempotencyKey: 'kilas:42:1' });
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(fake.messagesIn(OTHER.id).filter((m) => String(m.body.nonce).startsWith('kilas:42:'))).toHaveLength(2);
  });

  test('a long 429 fails the send at once with the wait, instead of holding it inside discord.js', async () => {
    const a = await startApp();
    const channel: ChannelInfo = { id: snowflake(), guildId: GUILD };
    fake.addChannel(channel);
    fake.setPerChannelInterval(60_000);
    const part = { index: 0, payload: { content: 'satu', allowed_mentions: { parse: [] } } };
    await a.discord!.platform.send(dc(channel.id), part);
    const error = await a.discord!.platform.send(dc(channel.id), { ...part, payload: { content: 'dua', allowed_mentions: { parse: [] } } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(errors.RateLimitedError);
    expect((error as errors.RateLimitedError).retryAfterMs).toBeGreaterThan(50_000);
    expect(fake.messagesIn(channel.id)).toHaveLength(1);
  });
});


describe('kilas start (the CLI, spawned)', () => {
  test('logs in to the fake Discord, answers /help, and stops cleanly on SIGTERM', async () => {
    const kilas = startKilas(
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_APP_ID: fake.appId,
        DISCORD_API_BASE: fake.apiBase,
        KILAS_DB: join(dir, 'cli.db'),
        KILAS_LOG_LEVEL: 'debug',
      },
      dir,
    );
    try {
      await fake.waitFor(() => /kilas started/.test(kilas.stderr()) || kilas.exited(), 60_000, 'kilas started');
      expect(kilas.stderr()).toMatch(/discord bot started/);
      idle = async () => undefined;
      const { messages } = await interact({ name: 'help', channel: NEWS, user: MEMBER, memberPermissions: P.viewChannel });
      const text = messages.map((m) => visibleText(m.body)).join('\n');
      expect(text).toContain('/subscribe');
      expect(kilas.stderr()).toMatch(/discord command .*"help"/);
    } finally {
      kilas.terminate();
    }
    const code = await kilas.exitCode(20_000);
    expect(code, kilas.stderr()).toBe(0);
    expect(kilas.stderr()).toMatch(/stopped/);
  }, 90_000);
});
