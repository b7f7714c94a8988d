/**
 * Telegram by webhook (TELEGRAM_WEBHOOK_URL): the whole app (createApp, as `kilas start` runs it)
 * sets its webhook on the fake Bot API at start and never long polls; a real update JSON posted to
 * kilas's own HTTP server (KILAS_HTTP_PORT) with the secret token is answered through the real grammY
 * `webhookCallback`, the reply reaching the fake. A wrong or missing secret gets 401 and nothing is
 * processed; what is not an update is refused without harm. Also the configuration rules.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ConfigInvalidError } from '../../src/errors.ts';
import { commandUpdate, startFakeTelegram, type ChatInfo, type FakeTelegram } from './fake-telegram-server.ts';
import { startKilas } from './kilas-process.ts';
import { REPO, recordingLogger, tempDb, until } from './telegram-harness.ts';

/** The public address a TLS proxy forwards to kilas: Telegram only ever sees this one. */
const PUBLIC_URL = 'https://bot.kilas.example/telegram/9f3c';
const SECRET = 'rahasia_Webhook-2026';
const ALICE = { id: 4242, first_name: 'Alice' };
const PRIVATE: ChatInfo = { id: 4242, type: 'private' };

let fake: FakeTelegram;
let app: App | null = null;
let logger: ReturnType<typeof recordingLogger>;
const db = tempDb();
let nextUpdate = 900_000;

beforeAll(async () => {
  fake = await startFakeTelegram({ perChatIntervalMs: 50 });
});
afterEach(async () => {
  await app?.stop();
  app = null;
});
afterAll(async () => {
  await fake.close();
  db.cleanup();
});

async function startApp(env: Record<string, string> = {}): Promise<App> {
  logger = recordingLogger();
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: PUBLIC_URL,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    KILAS_HTTP_PORT: '0',
    KILAS_DB: db.path(`webhook-${nextUpdate}.db`),
    KILAS_FEEDS: '[]',
    ...env,
  });
  app = createApp(config, { cwd: REPO, logger, limits: { telegram: { global: null, chat: () => null } } });
  expect(await app.start()).toBe('started');
  return app;
}

/** POSTs `body` to kilas's webhook path, as Telegram (through the proxy) would. */
async function post(body: string, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET }, path = new URL(PUBLIC_URL).pathname) {
  const address = app?.httpAddress();
  if (!address) throw new Error('kilas has no HTTP address');
  const res = await fetch(`http://127.0.0.1:${address.port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text() };
}

const update = (text: string, chat = PRIVATE, from = ALICE) => JSON.stringify({ update_id: nextUpdate++, ...commandUpdate({ chat, from, text }) });

describe('Telegram updates by webhook', () => {
  test('start sets the webhook with the secret and never polls; a posted /subscribe is answered and stored', async () => {
    const callsBefore = fake.calls.length;
    const a = await startApp();
    expect(fake.webhook()).toEqual({ url: PUBLIC_URL, secretToken: SECRET, allowedUpdates: ['message', 'channel_post', 'my_chat_member', 'callback_query'] });

    const before = fake.messagesFor(PRIVATE.id).length;
    const first = await post(update("/subscribe 06:45"));
    expect(first.status).toBe(200);
    await fake.waitFor(() => fake.messagesFor(PRIVATE.id).length > before, 10_000, 'the reply to /subscribe');
    await a.telegram?.idle();
    expect(fake.messagesFor(PRIVATE.id).at(-1)?.text).toContain('06:45');
    expect(await a.store.subscriptions.get({ platform: 'telegram', chatId: String(PRIVATE.id), threadId: null })).toMatchObject({ active: true, time: '06:45' });

    const [help] = await Promise.all([
      fake.waitFor(() => fake.messagesFor(PRIVATE.id).length > before + 1, 10_000, 'the reply to /help'),
      post(update('/help')),
    ]);
    void help;
    expect(fake.messagesFor(PRIVATE.id).at(-1)?.parseMode).toBe('HTML');

    await a.stop();
    const methods = fake.calls.slice(callsBefore).map((c) => c.method);
    expect(methods).toContain('setWebhook');
    expect(methods).not.toContain('getUpdates');
    expect(methods).not.toContain('deleteWebhook');
    expect(logger.lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  test('a wrong or missing secret token gets 401 and nothing is processed', async () => {
    const a = await startApp();
    const chat: ChatInfo = { id: 5151, type: 'private' };
    const from = { id: 5151, first_name: 'Mallory' };
    expect(await post(update('/subscribe', chat, from), { 'x-telegram-bot-api-secret-token': 'tebakan' })).toMatchObject({ status: 401 });
    expect(await post(update('/subscribe', chat, from), {})).toMatchObject({ status: 401 });
    expect(await post(update('/subscribe', chat, from), { 'x-telegram-bot-api-secret-token': `${SECRET}x` })).toMatchObject({ status: 401 });
    await a.telegram?.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.messagesFor(chat.id)).toEqual([]);
    expect(await a.store.subscriptions.get({ platform: 'telegram', chatId: String(chat.id), threadId: null })).toBeNull();
  });

  test('what is not an update is refused without harm; the bot answers the next real one', async () => {
    const a = await startApp();
    expect((await post('{"update_id": 1, "message": ')).status).toBe(400);
    expect((await post('x'.repeat(2 << 20))).status).toBe(413);
    const get = await fetch(`http://127.0.0.1:${a.httpAddress()!.port}${new URL(PUBLIC_URL).pathname}`);
    expect(get.status).toBe(405);
    expect((await post(update('/help'), undefined, '/telegram/other')).status).toBe(405);
    const before = fake.messagesFor(PRIVATE.id).length;
    expect((await post(update('/start'))).status).toBe(200);
    await fake.waitFor(() => fake.messagesFor(PRIVATE.id).length > before, 10_000, 'the reply to /start');
    // Health and metrics still answer on the same server.
    expect((await fetch(`http://127.0.0.1:${a.httpAddress()!.port}/healthz`)).status).toBe(200);
  });

  test('without a webhook the app deletes any webhook left behind and long polls', async () => {
    const a = await startApp({ TELEGRAM_WEBHOOK_URL: '', TELEGRAM_WEBHOOK_SECRET: '' });
    expect(fake.webhook()).toBeNull();
    const before = fake.messagesFor(PRIVATE.id).length;
    fake.pushUpdate(commandUpdate({ chat: PRIVATE, from: ALICE, text: '/help' }));
    await fake.waitFor(() => fake.messagesFor(PRIVATE.id).length > before, 10_000, 'the polled /help answered');
    await a.telegram?.idle();
  });
});

describe('kilas start (the CLI, spawned) by webhook', () => {
  test('answers a posted update, refuses a wrong secret, never logs the secret, stops within 10 s on SIGTERM', async () => {
    const kilas = startKilas(
      {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: PUBLIC_URL,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        KILAS_HTTP_PORT: '0',
        KILAS_DB: db.path('cli-webhook.db'),
        KILAS_FEEDS: '[]',
        KILAS_LOG_LEVEL: 'debug',
      },
      db.path(''),
    );
    const chat: ChatInfo = { id: 7373, type: 'private' };
    try {
      await until(() => /kilas started/.test(kilas.stderr()) || kilas.exited(), 'kilas started', 60_000);
      const port = /listening address="http:\/\/127\.0\.0\.1:(\d+)\//.exec(kilas.stderr())?.[1];
      expect(port).toBeDefined();
      const postTo = (secret: string) =>
        fetch(`http://127.0.0.1:${port}${new URL(PUBLIC_URL).pathname}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
          body: update('/help', chat, { id: 7373, first_name: 'Cli' }),
        });
      expect((await postTo('salah')).status).toBe(401);
      expect((await postTo(SECRET)).status).toBe(200);
      await fake.waitFor(() => fake.messagesFor(chat.id).length === 1, 10_000, 'the reply to /help');
      expect(fake.messagesFor(chat.id)[0]?.text).toContain('/subscribe');
    } finally {
      kilas.terminate();
    }
    const stoppedAt = Date.now();
    expect(await kilas.exitCode(15_000)).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(kilas.stderr()).toMatch(/telegram bot started .*webhook/);
    expect(kilas.stderr()).not.toContain(SECRET);
    expect(kilas.stderr()).not.toContain(fake.token);
  }, 90_000);
});

describe('webhook configuration', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: '1:x', KILAS_HTTP_PORT: '8080', ...env });
      return [];
    } catch (error) {
      if (error instanceof ConfigInvalidError) return [...error.problems];
      throw error;
    }
  };

  test.each([
    ['http:// without the test allowance', { TELEGRAM_WEBHOOK_URL: 'http://bot.example/tg' }, /^TELEGRAM_WEBHOOK_URL: .*https/],
    ['a port Telegram does not post to', { TELEGRAM_WEBHOOK_URL: 'https://bot.example:9443/tg' }, /^TELEGRAM_WEBHOOK_URL: .*ports 443, 80, 88 or 8443/],
    ['not a URL', { TELEGRAM_WEBHOOK_URL: 'bot.example/tg' }, /^TELEGRAM_WEBHOOK_URL: /],
    ["kilas's own path", { TELEGRAM_WEBHOOK_URL: 'https://bot.example/metrics' }, /^TELEGRAM_WEBHOOK_URL: .*\/metrics/],
    ['no HTTP port to serve it on', { TELEGRAM_WEBHOOK_URL: 'https://bot.example/tg', KILAS_HTTP_PORT: '' }, /^KILAS_HTTP_PORT: required with TELEGRAM_WEBHOOK_URL/],
    ['no bot token', { TELEGRAM_WEBHOOK_URL: 'https://bot.example/tg', TELEGRAM_BOT_TOKEN: '' }, /^TELEGRAM_WEBHOOK_URL: needs TELEGRAM_BOT_TOKEN/],
    ['a secret Telegram refuses', { TELEGRAM_WEBHOOK_URL: 'https://bot.example/tg', TELEGRAM_WEBHOOK_SECRET: 'with space' }, /^TELEGRAM_WEBHOOK_SECRET: /],
    ['a secret without a webhook', { TELEGRAM_WEBHOOK_SECRET: 'abc' }, /^TELEGRAM_WEBHOOK_SECRET: only used with TELEGRAM_WEBHOOK_URL/],
  ])('%s is refused by name', (_what, env, problem) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
    // The secret is never echoed back.
    expect(problems[0]).not.toContain('with space');
  });

  test('https on a default port, and http with TELEGRAM_WEBHOOK_ALLOW_HTTP=1 (a local Bot API server), pass', () => {
    expect(problemsOf({ TELEGRAM_WEBHOOK_URL: 'https://bot.example/tg', TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-1' })).toEqual([]);
    expect(problemsOf({ TELEGRAM_WEBHOOK_URL: 'http://127.0.0.1:8081/tg', TELEGRAM_WEBHOOK_ALLOW_HTTP: '1' })).toEqual([]);
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: '1:x', KILAS_HTTP_PORT: '8080', TELEGRAM_WEBHOOK_URL: 'https://bot.example/tg/hook', TELEGRAM_WEBHOOK_SECRET: 's3cret' });
    expect(config.platforms['telegram']).toMatchObject({ webhook: { url: 'https://bot.example/tg/hook', path: '/tg/hook', secretToken: 's3cret' } });
    expect(config.secrets).toEqual(expect.arrayContaining(['1:x', 's3cret']));
  });
});
