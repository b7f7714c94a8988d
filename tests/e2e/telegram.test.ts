/**
 * End to end: the real grammY bot (through src/platforms/telegram/adapter.ts), the real command handlers,
 * the real SQLite store and the real delivery loop, against a local fake Bot API that is as strict
 * as Telegram about HTML, length, rate and blocked chats.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ingestSeeds } from '../../src/ingest/seed-ingest.ts';
import { assignStories } from '../../src/ingest/story-assignment.ts';
import { loadSpeakerAliases } from '../../src/speaker-aliases.ts';
import { createIngestService } from '../../src/ingest/ingest-service.ts';
import type { RawArticle } from '../../src/core/model/index.ts';
import { silentLogger } from '../../src/logger.ts';
import { join } from 'node:path';
import { GrammyError, HttpError } from 'grammy';
import { createTask } from 'node-cron';
import { createApp } from '../../src/app.ts';
import type { App } from '../../src/app.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/bot/retry.ts';
import { loadConfig } from '../../src/config.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { newsOf } from '../../src/store/ports.ts';
import {
  ChatUnavailableError,
  ConfigError,
  RateLimitedError,
  RejectedPayloadError,
  TransientPlatformError,
} from '../../src/errors.ts';
import { createTelegramAdapter } from '../../src/platforms/telegram/adapter.ts';
import { classifyTelegramError } from '../../src/platforms/telegram/errors.ts';
import { createCommandHandlers } from '../../src/bot/commands.ts';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ChatRef } from '../../src/bot/ports.ts';
import {
  commandUpdate,
  migrateUpdate,
  myChatMemberUpdate,
  parseTelegramHtml,
  startFakeTelegram,
} from './fake-telegram-server.ts';
import type { ChatInfo, FakeTelegram } from './fake-telegram-server.ts';
import { startKilas } from './kilas-process.ts';
import { REPO, longDocument, recordingLogger, rendered, startHarness, storedDigest, tempDb } from './telegram-harness.ts';
import { digestDocument } from '../../src/format/digest-document.ts';
import { renderTelegram } from '../../src/platforms/telegram/renderer.ts';
import type { Harness, HarnessOptions } from './telegram-harness.ts';

const ALICE = { id: 111, first_name: 'Alice' };
const BOB = { id: 222, first_name: 'Bob' };
const PRIVATE: ChatInfo = { id: 111, type: 'private' };
const GROUP: ChatInfo = { id: -100500, type: 'supergroup', title: 'Grup Berita' };
const CHANNEL: ChatInfo = { id: -100900, type: 'channel', title: 'Kanal Berita' };
const lavrovGold = JSON.parse(readFileSync(new URL('../fixtures/bot/lavrov-quotes.json', import.meta.url), 'utf8')) as {
  quotes: string[];
  otherSpeakersQuotes: string[];
};
/** Quote text as compared: without the trailing comma or stop a quote carries before its speech verb. */
/** Gold of the multi-outlet speaker fixtures: who said what, however each outlet named them. */
const speakerGold = JSON.parse(readFileSync(new URL('../fixtures/speakers/gold-dev.json', import.meta.url), 'utf8')) as {
  quotes: { speaker: string; text: string }[];
}[];
const core = (quote: string) => quote.replace(/[\s,.;:]+$/u, '');
const tg = (chatId: number | string, threadId: string | null = null): ChatRef => ({ platform: 'telegram', chatId: String(chatId), threadId });

let fake: FakeTelegram;
let db: ReturnType<typeof tempDb>;
let harness: Harness | null = null;
// 2026-11-23 05:00 WIB: before the default 07:00 digest.
let now = new Date('2026-11-22T22:00:00Z');
const clock = () => now;

beforeAll(async () => {
  fake = await startFakeTelegram({ perChatIntervalMs: 100 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  db = tempDb();
  now = new Date('2026-11-22T22:00:00Z');
});
afterEach(async () => {
  await harness?.stop();
  harness = null;
  db.cleanup();
});

async function start(opts: Partial<HarnessOptions> = {}, file = 'kilas.db'): Promise<Harness> {
  harness = await startHarness({ fake, dbPath: db.path(file), clock, ...opts });
  return harness;
}

/** Sends a command and waits until the chat has received `replies` more messages. */
async function command(
  chat: ChatInfo,
  text: string,
  from: { id: number; first_name?: string } = ALICE,
  replies = 1,
  extra: { threadId?: number } = {},
  senderChat?: ChatInfo,
) {
  const before = fake.messagesFor(chat.id).length;
  fake.pushUpdate(commandUpdate({ chat, from, text, ...extra, ...(senderChat ? { senderChat } : {}) }));
  await fake.waitFor(() => fake.messagesFor(chat.id).length >= before + replies, 10_000, `${replies} replies to ${text}`);
  return fake.messagesFor(chat.id).slice(before);
}

/** Waits until the bot has confirmed every queued update and answered every command. */
async function settled() {
  await fake.waitFor(() => fake.pendingUpdates() === 0, 10_000, 'updates confirmed');
  await harness?.adapter.idle();
}

describe('fake Bot API HTML checks (the fake must be as strict as Telegram)', () => {
  test.each([
    ['<b>ok</b> &amp; &lt;x&gt; &#128512; &#x1F600;', true],
    ['<a href="https://x.id/?a=1&amp;b=2">l</a>', true],
    ['<pre><code class="language-ts">x</code></pre>', true],
    ['<blockquote expandable>q</blockquote>', true],
    ['<span class="tg-spoiler">s</span>', true],
    ['<b>unclosed', false],
    ['<b><i>crossed</b></i>', false],
    ['a < b', false],
    ['a > b', false],
    ['Tom & Jerry', false],
    ['&nbsp;', false],
    ['<script>x</script>', false],
    ['<b class="x">x</b>', false],
    ['<code><b>x</b></code>', false],
    ['<a>no href</a>', false],
    ['</b>', false],
  ])('%s parses: %s', (html, ok) => {
    expect(parseTelegramHtml(html).ok).toBe(ok);
  });
});

describe('fake Bot API protocol (what grammY relies on)', () => {
  const call = async (method: string, body: Record<string, unknown> = {}, token = fake.token) => {
    const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: { retry_after?: number } };
  };

  test('getUpdates holds until an update is queued, and a positive offset confirms what came before', async () => {
    const held = call('getUpdates', { timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const id = fake.pushUpdate({ message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'x' } });
    const first = await held;
    expect((first.result as { update_id: number }[]).map((u) => u.update_id)).toEqual([id]);
    const again = await call('getUpdates', { offset: id, timeout: 0 });
    expect((again.result as unknown[]).length).toBe(1);
    const confirmed = await call('getUpdates', { offset: id + 1, timeout: 0 });
    expect(confirmed.result).toEqual([]);
    expect(fake.pendingUpdates()).toBe(0);
  });

  test('errors come as JSON bodies: unknown token 401, unknown method 404, bad HTML 400, blocked 403, too fast 429', async () => {
    expect(await call('getMe', {}, '1:NOPE')).toMatchObject({ ok: false, error_code: 401 });
    expect(await call('frobnicate')).toMatchObject({ ok: false, error_code: 404 });
    expect(await call('sendMessage', { chat_id: 4242, text: '<b>x', parse_mode: 'HTML' })).toMatchObject({
      ok: false,
      error_code: 400,
      description: expect.stringContaining("can't parse entities"),
    });
    fake.block(4343);
    expect(await call('sendMessage', { chat_id: 4343, text: 'x' })).toMatchObject({ ok: false, error_code: 403 });
    fake.setChatInterval(4444, 5000);
    expect(await call('sendMessage', { chat_id: 4444, text: 'satu' })).toMatchObject({ ok: true });
    const limited = await call('sendMessage', { chat_id: 4444, text: 'dua' });
    expect(limited).toMatchObject({ ok: false, error_code: 429 });
    expect(limited.parameters?.retry_after).toBeGreaterThan(0);
  });
});

describe('Telegram bot end to end', () => {
  test('start registers the commands with Indonesian descriptions', async () => {
    const callsBefore = fake.calls.length;
    await start();
    const set = fake.calls.slice(callsBefore).find((c) => c.method === 'setMyCommands');
    const commands = (set?.body['commands'] ?? []) as { command: string; description: string }[];
    expect(commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(['start', 'help', 'subscribe', 'unsubscribe', 'settime', 'digest', 'quotes', 'status', 'sources']),
    );
    expect(commands.find((c) => c.command === 'subscribe')?.description).toMatch(/langganan/i);
  });

  test('/status counts the stories of today\'s digest; /sources names the feeds and the seeds', async () => {
    await start({ seeds: true });
    const [status] = await command(PRIVATE, '/status');
    expect(status?.text).toMatch(/Cerita hari ini: 4/);
    const [sources] = await command(PRIVATE, '/sources');
    expect(sources?.text).toContain('https://example.com/rss');
    expect(sources?.text).toMatch(/Artikel contoh: 5/);
  });

  test('/start and /help answer in HTML with link previews off', async () => {
    await start();
    const [welcome] = await command(PRIVATE, '/start');
    expect(welcome?.parseMode).toBe('HTML');
    expect(welcome?.linkPreviewDisabled).toBe(true);
    expect(welcome?.text).toContain('Kilas');
    const [help] = await command(PRIVATE, '/help');
    expect(help?.text).toContain('/quotes');
  });

  test('subscribe in a private chat, check the status, change the time, unsubscribe', async () => {
    const h = await start();
    const [sub] = await command(PRIVATE, '/subscribe');
    expect(sub?.text).toContain('07:00 WIB');
    expect(await h.store.subscriptions.get(tg(PRIVATE.id))).toMatchObject({ active: true, time: '07:00', timeZone: 'Asia/Jakarta' });

    const [status] = await command(PRIVATE, '/status');
    expect(status?.text).toContain('Senin, 23 November 2026 pukul 07:00 WIB');

    const [bad] = await command(PRIVATE, '/settime 25:99');
    expect(bad?.text).toContain('25:99');
    expect((await h.store.subscriptions.get(tg(PRIVATE.id)))?.time).toBe('07:00');

    await command(PRIVATE, '/settime 6.30');
    expect((await h.store.subscriptions.get(tg(PRIVATE.id)))?.time).toBe('06:30');

    const [bye] = await command(PRIVATE, '/unsubscribe');
    expect(bye?.text).toMatch(/dihentikan/);
    expect(await h.store.subscriptions.get(tg(PRIVATE.id))).toMatchObject({ active: false, inactiveReason: 'unsubscribed' });
  });

  test('/format stores the chat\'s digest length; /digest follows it, /digest lengkap|ringkas overrides it once', async () => {
    const h = await start({ seeds: true });
    await command(PRIVATE, '/subscribe');
    const [shown] = await command(PRIVATE, '/format');
    expect(shown?.text).toContain('ringkas');
    const [bad] = await command(PRIVATE, '/format panjang');
    expect(bad?.text).toContain('Format tidak dikenal');
    expect((await h.store.subscriptions.get(tg(PRIVATE.id)))?.length).toBe('ringkas');
    const quotesIn = (messages: { text?: string; raw?: string }[]) =>
      messages.map((m) => (m.raw ?? m.text ?? '').split('<blockquote').length - 1).reduce((a, b) => a + b, 0);
    const digest = async (text: string) => {
      await settled();
      const before = fake.messagesFor(PRIVATE.id).length;
      fake.pushUpdate(commandUpdate({ chat: PRIVATE, from: ALICE, text }));
      await fake.waitFor(() => fake.messagesFor(PRIVATE.id).length > before, 10_000, text);
      await settled();
      return fake.messagesFor(PRIVATE.id).slice(before);
    };
    const brief = await digest('/digest');
    const [saved] = await command(PRIVATE, '/format lengkap');
    expect(saved?.text).toContain('Format disimpan');
    expect((await h.store.subscriptions.get(tg(PRIVATE.id)))?.length).toBe('lengkap');
    const full = await digest('/digest');
    expect(quotesIn(full)).toBeGreaterThan(quotesIn(brief));
    const once = await digest('/digest ringkas');
    expect(quotesIn(once)).toBe(quotesIn(brief));
  });

  test('in a group only administrators may subscribe; /command@botname works', async () => {
    const h = await start();
    fake.setMemberStatus(GROUP.id, BOB.id, 'member');
    fake.setMemberStatus(GROUP.id, ALICE.id, 'administrator');
    const [refusal] = await command(GROUP, `/subscribe@${fake.username} 08:00`, BOB);
    expect(refusal?.text).toMatch(/hanya admin/);
    expect(await h.store.subscriptions.get(tg(GROUP.id))).toBeNull();
    expect(fake.calls.some((c) => c.method === 'getChatMember' && c.body['user_id'] === BOB.id)).toBe(true);

    const [ok] = await command(GROUP, `/subscribe@${fake.username} 08:00`, ALICE);
    expect(ok?.text).toContain('08:00 WIB');
    expect(ok?.replyTo).toEqual(expect.any(Number));
    expect(await h.store.subscriptions.get(tg(GROUP.id))).toMatchObject({ active: true, time: '08:00' });

    // A command addressed to another bot is not ours.
    fake.pushUpdate(commandUpdate({ chat: GROUP, from: ALICE, text: '/unsubscribe@other_bot' }));
    await settled();
    expect((await h.store.subscriptions.get(tg(GROUP.id)))?.active).toBe(true);

    // Anyone may read.
    const [status] = await command(GROUP, '/status', BOB);
    expect(status?.text).toContain('08:00 WIB');
  });

  test('a failing admin lookup counts as "not an admin", never as an error', async () => {
    const h = await start();
    const group: ChatInfo = { id: -100654, type: 'supergroup', title: 'Rusak' };
    fake.failNext('getChatMember', { error_code: 400, description: 'Bad Request: user not found' });
    const [reply] = await command(group, '/subscribe', BOB);
    expect(reply?.text).toMatch(/hanya admin/);
    expect(await h.store.subscriptions.get(tg(group.id))).toBeNull();
  });

  test('a channel the bot administers can subscribe with a channel post', async () => {
    const h = await start();
    const [reply] = await command(CHANNEL, '/subscribe 09:15');
    expect(reply?.text).toContain('09:15 WIB');
    expect(await h.store.subscriptions.get(tg(CHANNEL.id))).toMatchObject({ active: true, time: '09:15' });
  });

  test('a channel post copied into the discussion group is not answered twice', async () => {
    const h = await start();
    const discussion: ChatInfo = { id: -100778, type: 'supergroup', title: 'Diskusi' };
    const update = commandUpdate({ chat: discussion, from: { id: 777000 }, text: '/subscribe', senderChat: CHANNEL });
    (update['message'] as Record<string, unknown>)['is_automatic_forward'] = true;
    fake.pushUpdate(update);
    const [help] = await command(discussion, '/help', ALICE);
    expect(help?.text).toContain('/quotes');
    expect(fake.messagesFor(discussion.id)).toHaveLength(1);
    expect(await h.store.subscriptions.get(tg(discussion.id))).toBeNull();
  });

  test('an admin manages a channel\'s subscription from a private chat; the person and the bot are both checked', async () => {
    const h = await start();
    const me = Number(fake.token.split(':')[0]);
    const news: ChatInfo & { username: string } = { id: -1001234567, type: 'channel', title: 'Kanal Kabar', username: 'kanalkabar' };
    fake.addChat(news);
    fake.setMemberStatus(news.id, ALICE.id, 'creator');
    fake.setMemberStatus(news.id, BOB.id, 'member');
    const bobChat: ChatInfo = { id: BOB.id, type: 'private' };

    const [unknown] = await command(PRIVATE, '/subscribe @tidakada 07:00');
    expect(unknown?.text).toMatch(/tidak ditemukan/);

    const [botNotAdmin] = await command(PRIVATE, '/subscribe @kanalkabar 07:00');
    expect(botNotAdmin?.text).toMatch(/belum dapat mengirim pesan di Kanal Kabar/);
    expect(await h.store.subscriptions.get(tg(news.id))).toBeNull();

    fake.setMemberStatus(news.id, me, 'administrator');
    const [notAdmin] = await command(bobChat, '/subscribe @kanalkabar 07:00', BOB);
    expect(notAdmin?.text).toMatch(/hanya admin Kanal Kabar/);
    expect(await h.store.subscriptions.get(tg(news.id))).toBeNull();

    const [ok] = await command(PRIVATE, '/subscribe @kanalkabar 06:15');
    expect(ok?.text).toContain('Kanal Kabar');
    expect(ok?.text).toContain('06:15 WIB');
    expect(await h.store.subscriptions.get(tg(news.id))).toMatchObject({ active: true, time: '06:15' });
    // Nothing was posted in the channel itself, and the private chat got no subscription.
    expect(fake.messagesFor(news.id)).toHaveLength(0);
    expect(await h.store.subscriptions.get(tg(PRIVATE.id))).toBeNull();

    const [status] = await command(PRIVATE, `/status ${news.id}`);
    expect(status?.text).toContain('06:15 WIB');
    await command(PRIVATE, '/unsubscribe @kanalkabar');
    expect((await h.store.subscriptions.get(tg(news.id)))?.active).toBe(false);
  });

  test('a subscription made in a forum topic is answered there and keeps the topic', async () => {
    const h = await start({ seeds: true });
    fake.setMemberStatus(GROUP.id, ALICE.id, 'creator');
    const [reply] = await command(GROUP, '/subscribe', ALICE, 1, { threadId: 77 });
    expect(reply?.threadId).toBe(77);
    expect((await h.store.subscriptions.get(tg(GROUP.id, '77')))?.active).toBe(true);
    const before = fake.messagesFor(GROUP.id).length;
    const result = await h.delivery.deliver((await h.store.subscriptions.get(tg(GROUP.id, '77')))!, '2026-11-23');
    expect(result.state).toBe('done');
    const digest = fake.messagesFor(GROUP.id).slice(before);
    expect(digest.length).toBeGreaterThan(0);
    expect(digest.every((m) => m.threadId === 77)).toBe(true);
  });

  test('/digest sends a long digest as several valid messages, in order, through 429s', async () => {
    await start({ digestDocument: () => longDocument(14) });
    const expected = rendered(longDocument(14)).length;
    expect(expected).toBeGreaterThan(2);
    // This chat is slower than the pacer thinks (300 ms vs 120 ms): the Bot API answers 429.
    fake.setChatInterval(PRIVATE.id, 300);
    const errorsBefore = fake.errors('sendMessage').length;
    const parts = await command(PRIVATE, '/digest', ALICE, expected);
    expect(parts).toHaveLength(expected);
    const numbers = parts.flatMap((p) => [...p.text.matchAll(/Cerita (\d+) <&>/g)].map((m) => Number(m[1])));
    expect(numbers).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    // The fake refused the fast sends with 429 and the reply waited them out: none lost, none doubled.
    const rateLimited = fake.errors('sendMessage').slice(errorsBefore).filter((c) => c.error?.code === 429);
    expect(rateLimited.length).toBeGreaterThan(0);
    fake.setChatInterval(PRIVATE.id, 100);
  });

  test('/digest of the seed articles: split into several messages, stories in digest order', async () => {
    // Smaller messages than Telegram's 4096 make the four seed stories span several messages.
    const small = (doc: Parameters<typeof renderTelegram>[0]) => renderTelegram(doc, { maxLength: 900 });
    const h = await start({ seeds: true, render: small });
    const digest = await storedDigest(h.store);
    const expected = small(digestDocument(digest));
    expect(expected.length).toBeGreaterThan(2);
    const parts = await command(PRIVATE, '/digest', ALICE, expected.length);
    expect(parts.map((m) => m.raw)).toEqual(expected);
    const text = parts.map((m) => m.text).join('\n');
    const positions = digest.stories.map((s) => text.indexOf(s.headline));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test('a chat waiting out 429s does not hold up other chats', async () => {
    await start({ digestDocument: () => longDocument(14) });
    const slow: ChatInfo = { id: -100808, type: 'supergroup', title: 'Lambat' };
    fake.setChatInterval(slow.id, 1500);
    const parts = rendered(longDocument(14)).length;
    fake.pushUpdate(commandUpdate({ chat: slow, from: ALICE, text: '/digest' }));
    await fake.waitFor(() => fake.messagesFor(slow.id).length >= 1, 10_000, 'first digest part');
    const [help] = await command(PRIVATE, '/help');
    await fake.waitFor(() => fake.messagesFor(slow.id).length >= parts, 20_000, 'whole digest');
    expect(help!.at).toBeLessThan(fake.messagesFor(slow.id).at(-1)!.at);
  });

  test('/quotes lavrov returns Lavrov\'s quotes from the seed articles; a typo gets a suggestion', async () => {
    const h = await start();
    const seeded = await ingestSeeds({ store: h.store.articles, seedsDir: 'data/seeds', cwd: REPO, timeZone: 'Asia/Jakarta', logger: silentLogger });
    expect(seeded.files).toBe(5);
    expect(await h.store.articles.articleCount()).toBeGreaterThanOrEqual(5);
    const replies = await command(PRIVATE, '/quotes lavrov');
    const text = replies.map((m) => m.text).join('\n');
    const found = lavrovGold.quotes.filter((q) => text.includes(core(q)));
    expect(found).toEqual(lavrovGold.quotes);
    for (const other of lavrovGold.otherSpeakersQuotes) expect(text).not.toContain(core(other));
    expect(text).toContain('Lavrov');

    const [forgiving] = await command(PRIVATE, '/quotes Sergei Lavrov');
    expect(lavrovGold.quotes.filter((q) => forgiving!.text.includes(core(q))).length).toBeGreaterThan(0);

    // One typo still finds the quotes; a name too far off for the store gets a suggestion.
    const typo = await command(PRIVATE, '/quotes lavorv');
    expect(lavrovGold.quotes.filter((q) => typo.map((m) => m.text).join('\n').includes(core(q)))).toEqual(lavrovGold.quotes);
    const [suggestion] = await command(PRIVATE, '/quotes lawrow');
    expect(suggestion?.text).toContain('Maksud Anda: Sergey Lavrov?');
    const [unknown] = await command(PRIVATE, '/quotes putin');
    expect(unknown?.text).toContain('Tidak ada kutipan dari putin');
    expect(unknown?.text).not.toContain('Maksud Anda');
  });

  test('/quotes finds a person by an alias, a typo and title + name; a shared first name lists the people; /speakers counts them', async () => {
    const speakers = loadSpeakerAliases({}, REPO);
    // The fixtures' football story was published on 16 February 2025: /speakers counts the week before this clock.
    const h = await start({ speakers, clock: () => new Date('2025-02-18T00:00:00Z') });
    const seeded = await ingestSeeds({ store: h.store.articles, seedsDir: 'tests/fixtures/speakers/dev', cwd: REPO, timeZone: 'Asia/Jakarta', logger: silentLogger, speakers });
    expect(seeded.files).toBeGreaterThan(10);
    await assignStories(h.store, { now: () => new Date('2025-03-01T00:00:00Z'), backfill: true, speakers });
    const said = (who: string) => speakerGold.flatMap((g) => g.quotes).filter((q) => q.speaker === who).map((q) => core(q.text));
    const textOf = (ms: { text: string }[]) => ms.map((m) => m.text).join('\n');

    const alias = textOf(await command(PRIVATE, '/quotes jokowi'));
    for (const q of said('Joko Widodo')) expect(alias).toContain(q);
    expect(alias).toContain('Joko Widodo');
    const typo = textOf(await command(PRIVATE, '/quotes dwikorta'));
    for (const q of said('Dwikorita Karnawati')) expect(typo).toContain(q);
    const titled = textOf(await command(PRIVATE, '/quotes menlu retno'));
    for (const q of said('Retno Marsudi')) expect(titled).toContain(q);
    const both = textOf(await command(PRIVATE, '/quotes lavrov stoltenberg', undefined, 2));
    for (const q of [...said('Sergey Lavrov'), ...said('Jens Stoltenberg')]) expect(both).toContain(q);

    const [choose] = await command(PRIVATE, '/quotes budi');
    expect(choose?.text).toContain('/quotes Budi Gunadi Sadikin');
    expect(choose?.text).toContain('/quotes Budi Arie Setiadi');
    const [top] = await command(PRIVATE, '/speakers');
    expect(top?.text).toMatch(/Paul Munster(<\/b>)? — 2 kutipan/);
    expect(top?.text).toMatch(/Gilbert Agius(<\/b>)? — 2 kutipan/);
    expect(top?.text).not.toContain('Persebaya');
    expect(top?.text).not.toContain('Dwikorita');
  });

  test('a chat flooding commands while its replies wait gets a bounded backlog', async () => {
    const h = await start({ adapter: { maxQueuedCommandsPerChat: 3 } });
    const busy: ChatInfo = { id: -100999, type: 'supergroup', title: 'Ramai' };
    fake.setChatInterval(busy.id, 1000);
    for (let i = 0; i < 10; i++) fake.pushUpdate(commandUpdate({ chat: busy, from: { id: 7000 + i }, text: '/help' }));
    await settled();
    const replies = fake.messagesFor(busy.id).length;
    expect(replies).toBeGreaterThanOrEqual(3);
    expect(replies).toBeLessThanOrEqual(4);
    expect(h.logger.lines.some((l) => l.includes('backlog full'))).toBe(true);
  });

  test('/quotes with hostile input gets a clear refusal that Telegram accepts', async () => {
    await start();
    const [script] = await command(PRIVATE, '/quotes <script>alert(1)</script>');
    expect(script?.text).toMatch(/Nama hanya boleh berisi huruf/);
    const [long] = await command(PRIVATE, `/quotes ${'a'.repeat(500)}`);
    expect(long?.text).toMatch(/terlalu panjang/);
    const [empty] = await command(PRIVATE, '/quotes');
    expect(empty?.text).toContain('/quotes lavrov');
  });

  test('commands are rate limited per user with a single notice', async () => {
    await start({ rateLimit: { capacity: 2, refillMs: 60_000 } });
    const before = fake.messagesFor(PRIVATE.id).length;
    for (let i = 0; i < 5; i++) fake.pushUpdate(commandUpdate({ chat: PRIVATE, from: ALICE, text: '/help' }));
    await settled();
    await fake.waitFor(() => fake.messagesFor(PRIVATE.id).length >= before + 3);
    const replies = fake.messagesFor(PRIVATE.id).slice(before);
    expect(replies).toHaveLength(3);
    expect(replies[2]?.text).toMatch(/Terlalu banyak perintah/);
  });

  test('the scheduled digest of the seed articles arrives at its time, once (scheduler ticks, no waiting)', async () => {
    const h = await start({ seeds: true });
    await command(PRIVATE, '/subscribe 07:00');
    const before = fake.messagesFor(PRIVATE.id).length;
    now = new Date('2026-11-22T23:59:00Z'); // 06:59 WIB
    expect((await h.scheduler.tick(now))?.done).toBe(0);
    expect(fake.messagesFor(PRIVATE.id)).toHaveLength(before);
    now = new Date('2026-11-23T00:00:00Z'); // 07:00 WIB
    expect((await h.scheduler.tick(now))?.done).toBe(1);
    const got = fake.messagesFor(PRIVATE.id).slice(before);
    const digest = await storedDigest(h.store);
    expect(digest.stories.length).toBe(4);
    expect(got.map((m) => m.raw)).toEqual(rendered(digestDocument(digest)));
    for (const story of digest.stories) expect(got.map((m) => m.text).join('\n')).toContain(story.headline);
    now = new Date('2026-11-23T00:05:00Z');
    expect((await h.scheduler.tick(now))?.done).toBe(0);
    expect(fake.messagesFor(PRIVATE.id)).toHaveLength(before + got.length);
    expect((await h.store.deliveries.find((await h.store.subscriptions.get(tg(PRIVATE.id)))!.id, '2026-11-23'))?.state).toBe('done');
  });

  test('a chat that blocked the bot deactivates its subscription (403 on delivery)', async () => {
    const h = await start({ seeds: true });
    const chat: ChatInfo = { id: 333, type: 'private' };
    await command(chat, '/subscribe 07:00', { id: 333, first_name: 'Cici' });
    fake.block(chat.id);
    now = new Date('2026-11-23T00:00:00Z');
    await h.scheduler.tick(now);
    expect(await h.store.subscriptions.get(tg(chat.id))).toMatchObject({ active: false });
    expect(fake.errors('sendMessage').some((c) => String(c.body['chat_id']) === '333' && c.error?.code === 403)).toBe(true);
  });

  test('my_chat_member: blocked in private, kicked from a group -> deactivated', async () => {
    const h = await start();
    const me = Number(fake.token.split(':')[0]);
    const chat: ChatInfo = { id: 444, type: 'private' };
    await h.store.subscriptions.subscribe(tg(chat.id), '07:00', 'Asia/Jakarta');
    await h.store.subscriptions.subscribe(tg(GROUP.id), '07:00', 'Asia/Jakarta');
    await h.store.subscriptions.subscribe(tg(GROUP.id, '77'), '07:00', 'Asia/Jakarta');
    fake.pushUpdate(myChatMemberUpdate({ chat, from: { id: 444 }, oldStatus: 'member', newStatus: 'kicked', botId: me }));
    fake.pushUpdate(myChatMemberUpdate({ chat: GROUP, from: ALICE, oldStatus: 'member', newStatus: 'left', botId: me }));
    await settled();
    await fake.waitFor(async () => !(await h.store.subscriptions.get(tg(GROUP.id, '77')))?.active);
    expect(await h.store.subscriptions.get(tg(chat.id))).toMatchObject({ active: false, inactiveReason: 'blocked' });
    expect(await h.store.subscriptions.get(tg(GROUP.id))).toMatchObject({ active: false, inactiveReason: 'kicked' });
    expect((await h.store.subscriptions.get(tg(GROUP.id, '77')))?.active).toBe(false);
  });

  test('my_chat_member: muted in a group or demoted in a channel -> deactivated; promoted -> untouched', async () => {
    const h = await start();
    const me = Number(fake.token.split(':')[0]);
    const muted: ChatInfo = { id: -100111, type: 'supergroup', title: 'Bisu' };
    const promoted: ChatInfo = { id: -100222, type: 'supergroup', title: 'Naik' };
    for (const c of [muted, CHANNEL, promoted]) await h.store.subscriptions.subscribe(tg(c.id), '07:00', 'Asia/Jakarta');
    const restricted = myChatMemberUpdate({ chat: muted, from: ALICE, oldStatus: 'member', newStatus: 'restricted', botId: me });
    (restricted['my_chat_member'] as { new_chat_member: Record<string, unknown> }).new_chat_member['can_send_messages'] = false;
    fake.pushUpdate(restricted);
    fake.pushUpdate(myChatMemberUpdate({ chat: CHANNEL, from: ALICE, oldStatus: 'administrator', newStatus: 'member', botId: me }));
    fake.pushUpdate(myChatMemberUpdate({ chat: promoted, from: ALICE, oldStatus: 'member', newStatus: 'administrator', botId: me }));
    await settled();
    await fake.waitFor(async () => (await h.store.subscriptions.get(tg(CHANNEL.id)))?.active === false);
    expect(await h.store.subscriptions.get(tg(muted.id))).toMatchObject({ active: false, inactiveReason: 'restricted' });
    expect(await h.store.subscriptions.get(tg(CHANNEL.id))).toMatchObject({ active: false, inactiveReason: 'restricted' });
    expect((await h.store.subscriptions.get(tg(promoted.id)))?.active).toBe(true);
  });

  test('a group upgraded to a supergroup keeps its subscription', async () => {
    const h = await start({ seeds: true });
    const oldGroup: ChatInfo = { id: -4242, type: 'group', title: 'Grup Lama' };
    fake.setMemberStatus(oldGroup.id, ALICE.id, 'administrator');
    await command(oldGroup, '/subscribe 06:45');
    fake.pushUpdate(migrateUpdate({ fromChatId: oldGroup.id, toChatId: -1004242, from: ALICE }));
    await settled();
    await fake.waitFor(async () => (await h.store.subscriptions.get(tg(-1004242))) !== null);
    expect(await h.store.subscriptions.get(tg(-1004242))).toMatchObject({ active: true, time: '06:45' });
    expect(await h.store.subscriptions.get(tg(oldGroup.id))).toBeNull();
    now = new Date('2026-11-22T23:45:00Z'); // 06:45 WIB
    await h.scheduler.tick(now);
    expect(fake.messagesFor(-1004242).length).toBeGreaterThan(0);
  });

  test('unknown commands get a hint in private chats and silence in groups', async () => {
    await start();
    const [hint] = await command(PRIVATE, '/frobnicate now');
    expect(hint?.text).toContain('/frobnicate');
    expect(hint?.text).toContain('/help');
    const before = fake.messagesFor(GROUP.id).length;
    fake.pushUpdate(commandUpdate({ chat: GROUP, from: ALICE, text: '/frobnicate' }));
    await settled();
    expect(fake.messagesFor(GROUP.id)).toHaveLength(before);
  });

  test('an anonymous group admin (posting as the group) may subscribe without a member lookup', async () => {
    const h = await start();
    const group: ChatInfo = { id: -100321, type: 'supergroup', title: 'Anonim' };
    const lookups = fake.calls.filter((c) => c.method === 'getChatMember').length;
    await command(group, '/subscribe 10:00', { id: 1087968824, first_name: 'Group' }, 1, {}, group);
    expect(await h.store.subscriptions.get(tg(group.id))).toMatchObject({ active: true, time: '10:00' });
    expect(fake.calls.filter((c) => c.method === 'getChatMember').length).toBe(lookups);
  });

  test('a reply to a chat that blocked the bot deactivates its subscription', async () => {
    const h = await start();
    const chat: ChatInfo = { id: 666, type: 'private' };
    await command(chat, '/subscribe', { id: 666 });
    fake.block(chat.id);
    fake.pushUpdate(commandUpdate({ chat, from: { id: 666 }, text: '/status' }));
    await settled();
    await fake.waitFor(async () => (await h.store.subscriptions.get(tg(chat.id)))?.active === false);
    expect((await h.store.subscriptions.get(tg(chat.id)))?.inactiveReason).toBe('blocked');
  });

  test('a restart over the same SQLite file keeps subscriptions', async () => {
    const first = await start();
    await command(PRIVATE, '/subscribe 05:30');
    await first.stop();
    harness = null;
    const second = await start();
    expect(await second.store.subscriptions.get(tg(PRIVATE.id))).toMatchObject({ active: true, time: '05:30' });
    const [status] = await command(PRIVATE, '/status');
    expect(status?.text).toContain('05:30 WIB');
  });
});

const telegramErrors = JSON.parse(readFileSync(new URL('../fixtures/bot/telegram-errors.json', import.meta.url), 'utf8')) as {
  code: number;
  description: string;
  retry_after?: number;
  expected: string;
  retryAfterMs?: number;
}[];

describe('classifyTelegramError (Bot API answers -> kilas errors)', () => {
  test.each(telegramErrors)('$code $description -> $expected', (row) => {
    const raw = new GrammyError(
      `Call to 'sendMessage' failed! (${row.code}: ${row.description})`,
      {
        ok: false,
        error_code: row.code,
        description: row.description,
        ...(row.retry_after !== undefined ? { parameters: { retry_after: row.retry_after } } : {}),
      },
      'sendMessage',
      {},
    );
    const classified = classifyTelegramError(raw);
    expect(classified.name).toBe(row.expected);
    expect(classified.cause).toBe(raw);
    if (row.retryAfterMs !== undefined) expect((classified as RateLimitedError).retryAfterMs).toBe(row.retryAfterMs);
  });

  test('a network failure is transient; an unknown throwable too', () => {
    const http = new HttpError('Network request for sendMessage failed', new Error('ECONNRESET'));
    expect(classifyTelegramError(http)).toBeInstanceOf(TransientPlatformError);
    expect(classifyTelegramError('weird')).toBeInstanceOf(TransientPlatformError);
  });
});

describe('starting and stopping the adapter', () => {
  const adapterFor = (token: string, apiRoot: string, logger = recordingLogger(), startTimeoutMs = 10_000) => {
    const store = openSqliteStore(db.path('start.db'));
    const handlers = createCommandHandlers({
      subscriptions: store.subscriptions,
      news: newsOf(store),
      digestDocument: () => null,
      storiesToday: () => 0,
      quotesDocument: () => ({ sections: [] }),
      clock,
      defaultTime: '07:00',
      timeZone: 'Asia/Jakarta',
    });
    const adapter = createTelegramAdapter({ token, apiRoot, handlers, subscriptions: store.subscriptions, logger, pollingTimeoutSeconds: 5, startTimeoutMs });
    return { adapter, store, logger };
  };

  test('a token the Bot API refuses is a configuration error that names the variable', async () => {
    const { adapter, store } = adapterFor('999:WRONG', fake.apiRoot);
    try {
      const error = await adapter.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('TELEGRAM_BOT_TOKEN');
      expect((error as Error).message).not.toContain('999:WRONG');
    } finally {
      await adapter.stop();
      await store.close();
    }
  });

  test('an unreachable Bot API fails the start with a transient platform error', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { adapter, store } = adapterFor(fake.token, `http://127.0.0.1:${port}`, recordingLogger(), 1500);
    try {
      const error = await adapter.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransientPlatformError);
      expect((error as Error).message).toMatch(/telegram could not start/);
    } finally {
      await adapter.stop();
      await store.close();
    }
  });

  test('a normal stop confirms the last update and logs no error', async () => {
    const { adapter, store, logger } = adapterFor(fake.token, fake.apiRoot);
    try {
      await adapter.start();
      const callsBefore = fake.calls.length;
      await adapter.stop();
      const last = fake.calls.slice(callsBefore).filter((c) => c.method === 'getUpdates').at(-1);
      expect(last?.body['timeout']).toBeUndefined();
      expect(logger.lines.filter((l) => l.startsWith('error'))).toEqual([]);
      await adapter.stop();
    } finally {
      await store.close();
    }
  });
});

describe('ChatPlatform.send classifies Telegram failures', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await start();
  });

  test('a valid part is sent with HTML and without a link preview', async () => {
    const id = await h.adapter.platform.send(tg(555), { index: 0, payload: '<b>Halo</b> &amp; selamat pagi' });
    const sent = fake.messagesFor(555).at(-1);
    expect(sent?.messageId).toBe(Number(id));
    expect(sent?.text).toBe('Halo & selamat pagi');
    expect(sent?.linkPreviewDisabled).toBe(true);
  });

  test.each([
    ['invalid HTML', '<b>unclosed'],
    ['too long', 'x'.repeat(5000)],
    ['empty', '   '],
  ])('%s -> RejectedPayloadError', async (_what, payload) => {
    await expect(h.adapter.platform.send(tg(556), { index: 0, payload })).rejects.toBeInstanceOf(RejectedPayloadError);
  });

  test('too fast -> RateLimitedError with the retry_after', async () => {
    fake.setChatInterval(557, 5000);
    await h.adapter.platform.send(tg(557), { index: 0, payload: 'satu' });
    const error = await h.adapter.platform.send(tg(557), { index: 1, payload: 'dua' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(5000);
    expect(fake.messagesFor(557).map((m) => m.text)).toEqual(['satu']);
  });

  test('blocked -> ChatUnavailableError; 5xx -> TransientPlatformError', async () => {
    fake.block(558);
    await expect(h.adapter.platform.send(tg(558), { index: 0, payload: 'x' })).rejects.toBeInstanceOf(ChatUnavailableError);
    fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    await expect(h.adapter.platform.send(tg(559), { index: 0, payload: 'x' })).rejects.toBeInstanceOf(TransientPlatformError);
    fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    await expect(h.adapter.platform.send(tg(560), { index: 0, payload: 'x' })).rejects.toBeInstanceOf(ChatUnavailableError);
  });

  test('a group that was upgraded while we sent: the part goes to the supergroup and the subscription moves', async () => {
    await h.store.subscriptions.subscribe(tg(-777), '07:00', 'Asia/Jakarta');
    fake.failNext('sendMessage', {
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -100777 },
    });
    await h.adapter.platform.send(tg(-777), { index: 0, payload: 'pindah' });
    expect(fake.messagesFor(-100777).at(-1)?.text).toBe('pindah');
    expect((await h.store.subscriptions.get(tg(-100777)))?.active).toBe(true);
  });
});

describe('the whole app (createApp, as `kilas start` runs it) against the fake Bot API', () => {
  let app: App | null = null;
  // The app's pacer measures waits on its clock, so this clock moves like a real one, shifted to the test's date.
  let offsetMs = 0;
  const movingClock = () => new Date(Date.now() + offsetMs);
  const setNow = (iso: string) => {
    offsetMs = new Date(iso).getTime() - Date.now();
  };
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  async function startApp(): Promise<App> {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      KILAS_DB: join(db.path('app').replace(/app$/, ''), 'app.db'),
      KILAS_TZ: 'Asia/Jakarta',
      KILAS_DIGEST_TIME: '07:00',
      // No real outlets from the shipped data/feeds.json in a test.
      KILAS_FEEDS: '[]',
    });
    app = createApp(config, {
      cwd: REPO,
      logger: recordingLogger(),
      clock: movingClock,
      cron: (expression, fn, options) => createTask(expression, fn, options),
      limits: { telegram: { global: null, chat: () => ({ count: 1, perMs: 120, burst: 1 }) } },
      delivery: { retry: { ...DEFAULT_RETRY_POLICY, backoffBaseMs: 20, backoffMaxMs: 200, sendTimeoutMs: 10_000 } },
      telegramPollingTimeoutSeconds: 5,
    });
    await app.start();
    return app;
  }

  async function appCommand(chat: ChatInfo, text: string, from: { id: number } = ALICE, replies = 1) {
    const before = fake.messagesFor(chat.id).length;
    fake.pushUpdate(commandUpdate({ chat, from, text }));
    await fake.waitFor(() => fake.messagesFor(chat.id).length >= before + replies, 10_000, `${replies} replies to ${text}`);
    await app?.telegram?.idle();
    return fake.messagesFor(chat.id).slice(before);
  }

  test('subscribe, /quotes lavrov, /digest, the scheduled digest, a restart that keeps the subscription', async () => {
    setNow('2026-11-22T22:00:00Z'); // 05:00 WIB
    const chat: ChatInfo = { id: 9001, type: 'private' };
    const user = { id: 9001 };
    const first = await startApp();
    expect(await first.store.articles.articleCount()).toBeGreaterThanOrEqual(5);

    const [sub] = await appCommand(chat, '/subscribe', user);
    expect(sub?.text).toContain('07:00 WIB');

    const quotes = await appCommand(chat, '/quotes lavrov', user);
    const quoteText = quotes.map((m) => m.text).join('\n');
    expect(lavrovGold.quotes.filter((q) => quoteText.includes(core(q))).length).toBeGreaterThanOrEqual(3);

    const digestParts = await appCommand(chat, '/digest', user);
    expect(digestParts[0]?.parseMode).toBe('HTML');
    expect(digestParts[0]?.text).toMatch(/Kilas Berita/);

    // The seeds are years old: a scheduled digest only carries news of its last 24 hours. One arrives.
    const fresh = JSON.parse(readFileSync(new URL('../fixtures/bot/fresh-article.json', import.meta.url), 'utf8')) as RawArticle & {
      title: string;
    };
    expect((await createIngestService({ store: first.store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger }).ingest([fresh])).inserted).toBe(1);
    const before = fake.messagesFor(chat.id).length;
    setNow('2026-11-22T23:59:00Z'); // 06:59 WIB
    expect((await first.scheduler.tick())?.done).toBe(0);
    setNow('2026-11-23T00:00:00Z'); // 07:00 WIB
    const report = await first.scheduler.tick();
    expect(report?.done).toBe(1);
    const scheduled = fake.messagesFor(chat.id).slice(before);
    expect(scheduled.length).toBeGreaterThan(0);
    const scheduledText = scheduled.map((m) => m.text).join('\n');
    expect(scheduledText).toContain(fresh.title);
    expect(scheduledText).toContain('Budi Santoso');
    expect(scheduled.every((m) => m.parseMode === 'HTML' && m.linkPreviewDisabled)).toBe(true);
    await first.stop();
    app = null;

    const second = await startApp();
    expect(await second.store.subscriptions.get(tg(chat.id))).toMatchObject({ active: true, time: '07:00' });
    const [status] = await appCommand(chat, '/status', user);
    expect(status?.text).toContain('07:00 WIB');
    // Today's digest was delivered before the restart: the catch-up tick at start sent nothing again.
    const afterRestart = fake.messagesFor(chat.id).length;
    setNow('2026-11-23T00:10:00Z');
    expect((await second.scheduler.tick())?.done).toBe(0);
    expect(fake.messagesFor(chat.id)).toHaveLength(afterRestart);
  });
});

describe('kilas start (the CLI, spawned) against the fake Bot API', () => {
  test('registers commands, answers /help and /subscribe, and stops cleanly on SIGTERM', async () => {
    const chat: ChatInfo = { id: 9100, type: 'private' };
    const callsBefore = fake.calls.length;
    const kilas = startKilas(
      {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        KILAS_DB: db.path('cli.db'),
        KILAS_LOG_LEVEL: 'debug',
      },
      db.path(''),
    );
    try {
      await fake.waitFor(() => /kilas started/.test(kilas.stderr()) || kilas.exited(), 60_000, 'kilas started');
      expect(kilas.stderr()).toMatch(/telegram bot started/);
      expect(fake.calls.slice(callsBefore).some((c) => c.method === 'setMyCommands')).toBe(true);
      const [help] = await command(chat, '/help', { id: 9100 });
      expect(help?.text).toContain('/subscribe');
      const [sub] = await command(chat, '/subscribe 06:00', { id: 9100 });
      expect(sub?.text).toContain('06:00 WIB');
    } finally {
      kilas.terminate();
    }
    expect(await kilas.exitCode(20_000)).toBe(0);
    expect(kilas.stderr()).toMatch(/stopped/);
    // The subscription outlived the process.
    const store = openSqliteStore(db.path('cli.db'));
    try {
      expect(await store.subscriptions.get(tg(chat.id))).toMatchObject({ active: true, time: '06:00' });
    } finally {
      await store.close();
    }
  }, 90_000);
});
