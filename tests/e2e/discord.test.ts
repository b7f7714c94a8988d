/**
 * End to end: the real discord.js Client (through src/platforms/discord.ts), built by the real
 * composition root (src/app.ts) over a real SQLite file with the seed articles, against a local fake
 * Discord (REST + gateway) that is as strict as Discord about payload limits, rate limits,
 * permissions and deleted channels. The scheduler is driven with `tick(now)`: nothing waits for a clock.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTask } from 'node-cron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { App } from '../../src/app.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/bot/retry.ts';
import type { ChatRef } from '../../src/bot/ports.ts';
import { loadConfig } from '../../src/config.ts';
import * as errors from '../../src/errors.ts';
import { renderDiscord } from '../../src/format/discord-renderer.ts';
import type { Logger } from '../../src/logger.ts';
import {
  PERMISSIONS,
  autocompleteInteraction,
  commandInteraction,
  snowflake,
  startFakeDiscord,
  validateMessage,
} from './fake-discord-server.ts';
import type { ChannelInfo, FakeDiscord, InteractionSpec, MessageBody, RecordedMessage } from './fake-discord-server.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const GUILD = '700000000000000001';
const NEWS: ChannelInfo = { id: '710000000000000001', guildId: GUILD, name: 'berita' };
const OTHER: ChannelInfo = { id: '710000000000000002', guildId: GUILD, name: 'pengumuman' };
const ADMIN = { id: '600000000000000001', username: 'ani' };
const MEMBER = { id: '600000000000000002', username: 'budi' };
const P = PERMISSIONS;
const BOT_OK = P.viewChannel | P.sendMessages | P.embedLinks;
const MANAGER = P.viewChannel | P.sendMessages | P.manageChannels;

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
  fake.setPerChannelInterval(0);
  fake.failNextMessages(0, 500);
  for (const c of [NEWS, OTHER]) fake.addChannel(c);
});
afterEach(async () => {
  await app?.stop();
  app = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Builds and starts the real app against the fake; cron is never started (tests call `tick`). */
async function startApp(env: Record<string, string> = {}): Promise<App> {
  logger = recordingLogger();
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APP_ID: fake.appId,
    DISCORD_API_BASE: fake.apiBase,
    KILAS_DB: join(dir, 'kilas.db'),
    KILAS_TZ: 'Asia/Jakarta',
    ...env,
  });
  app = createApp(config, {
    cwd: REPO,
    logger,
    clock: () => now,
    cron: (expression, fn, options) => createTask(expression, fn, options),
    // Per-channel pacing is the fake's job in these tests: the adapter must cope with its 429s.
    limits: { discord: { global: null, chat: () => null } },
    delivery: { retry: { ...DEFAULT_RETRY_POLICY, backoffBaseMs: 20, backoffMaxMs: 200, sendTimeoutMs: 10_000 } },
  });
  await app.start();
  return app;
}

/** Sends an interaction and waits until the fake has its callback plus `followUps` more messages. */
async function interact(spec: Omit<InteractionSpec, 'appId'>, followUps = 0, kind: 'command' | 'autocomplete' = 'command') {
  const payload = (kind === 'command' ? commandInteraction : autocompleteInteraction)({ appId: fake.appId, ...spec });
  fake.interact(payload);
  await fake.waitFor(() => fake.callbacks.some((c) => c.interactionId === payload.id), 10_000, `callback of /${spec.name}`);
  await fake.waitFor(() => fake.responsesTo(payload.id).length >= 1 + followUps || kind === 'autocomplete', 10_000, `answers to /${spec.name}`);
  await app?.discord?.idle();
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
});
