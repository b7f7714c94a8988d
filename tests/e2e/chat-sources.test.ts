/**
 * Each chat its own digest, end to end: one kilas app (createApp over a real SQLite file) with the real
 * grammY and discord.js against the local fake Bot API and fake Discord, real feeds served over HTTP
 * from a local server in three outlets' styles. Everything is set up from the chats: outlets picked
 * with inline buttons and a select menu, feeds added by URL, OPML imported and exported as files,
 * topic filters and local times. The scheduler is driven with `tick(now)`.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTask } from 'node-cron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { App } from '../../src/app.ts';
import type { ChatRef } from '../../src/bot/ports.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/bot/retry.ts';
import { loadConfig } from '../../src/config.ts';
import { createBoundedFetch } from '../../src/sources/http-fetch.ts';
import { parseOpml } from '../../src/sources/opml.ts';
import { startFeedServer } from '../helpers/feed-server.ts';
import type { FeedServer } from '../helpers/feed-server.ts';
import { PERMISSIONS, autocompleteInteraction, commandInteraction, selectInteraction, snowflake, startFakeDiscord } from './fake-discord-server.ts';
import type { ChannelInfo, FakeDiscord, InteractionSpec, MessageBody } from './fake-discord-server.ts';
import { callbackQueryUpdate, commandUpdate, documentUpdate, startFakeTelegram } from './fake-telegram-server.ts';
import type { ChatInfo, FakeTelegram, SentMessage } from './fake-telegram-server.ts';
import { recordingLogger } from './telegram-harness.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => readFileSync(new URL(`../fixtures/chats/${name}`, import.meta.url), 'utf8');
const opmlFixture = (name: string) => readFileSync(new URL(`../fixtures/opml/${name}`, import.meta.url), 'utf8').replaceAll('{{BASE}}', feeds.baseUrl);

/** Headlines of the fixture feeds, by the outlet that carries them. */
const H = {
  bekasi: 'Banjir Rendam Ribuan Rumah di Bekasi',
  beras: 'Harga Beras Medium Naik Lagi',
  as: 'AS dan Tiongkok Sepakati',
  kpk: 'KPK Tahan Tersangka Korupsi',
  bukit: 'Warga di Atas Bukit Menoreh',
  koalisi: 'Partai Politik Mulai Bahas Koalisi',
  dprd: 'Banjir Jakarta Jadi Sorotan Politik',
  bi: 'BI Tahan Suku Bunga Acuan',
  timnas: 'Timnas Sepak Bola Menang Tipis',
  perahu: 'Lomba Perahu Naga',
} as const;
const WARTA = [H.bekasi, H.beras, H.as];
const KABAR = [H.kpk, H.bukit, H.koalisi];
const SUARA = [H.dprd, H.bi, H.timnas];

const P = PERMISSIONS;
const GUILD = '700000000000000009';
const MANAGER = P.viewChannel | P.sendMessages | P.manageChannels;
const BOT_OK = P.viewChannel | P.sendMessages | P.embedLinks;
const ADMIN_DC = { id: '600000000000000011', username: 'sari' };
const MEMBER_DC = { id: '600000000000000012', username: 'joko' };
const ALICE = { id: 5101 };
const BOB = { id: 5102 };

let feeds: FeedServer;
let tg: FakeTelegram;
let dc: FakeDiscord;
let dir: string;
let app: App | null = null;
let logger: ReturnType<typeof recordingLogger>;
let offsetMs = 0;
const movingClock = () => new Date(Date.now() + offsetMs);
const setNow = (iso: string) => {
  offsetMs = new Date(iso).getTime() - Date.now();
};

/** Chat-added feeds use public-looking names (`https://lenterakota.example/rss.xml`) served by the local feed server. */
const chatFeedFetch = () =>
  createBoundedFetch({
    fetch: (input, init) => globalThis.fetch(input.replace(/^https?:\/\/([a-z-]+)\.example\//, (_m, name: string) => `${feeds.baseUrl}/${name}/`), init),
  });

beforeAll(async () => {
  feeds = await startFeedServer();
  const serve = (path: string, body: string, type = 'application/rss+xml; charset=utf-8') =>
    feeds.route(path, (_req, res) => void res.writeHead(200, { 'content-type': type }).end(body));
  serve('/warta.xml', fixture('warta-nusantara.xml'));
  serve('/kabar.xml', fixture('kabar-pagi.xml'));
  serve('/suara.xml', fixture('suara-timur.xml'), 'application/atom+xml');
  serve('/lenterakota/rss.xml', fixture('lentera-kota.xml'));
  serve('/lentera.xml', fixture('lentera-kota.xml'));
  serve('/halaman/index.html', '<!doctype html><html><head><title>Beranda</title></head><body><p>Bukan feed.</p></body></html>', 'text/html');
  tg = await startFakeTelegram({ perChatIntervalMs: 0 });
  dc = await startFakeDiscord();
});
afterAll(async () => {
  await tg.close();
  await dc.close();
  await feeds.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kilas-chats-'));
  mkdirSync(join(dir, 'seeds'));
  // Sunday 22 November 2026, 21:00 WIB: the day's news is in, tomorrow's digests are due in the morning.
  setNow('2026-11-22T14:00:00Z');
});
afterEach(async () => {
  await app?.stop();
  app = null;
  rmSync(dir, { recursive: true, force: true });
});

async function startApp(env: Record<string, string> = {}, opts: { defaultChatFetch?: boolean } = {}): Promise<App> {
  logger = recordingLogger();
  const list = join(dir, 'feeds.json');
  writeFileSync(
    list,
    JSON.stringify({
      feeds: [
        { url: `${feeds.baseUrl}/warta.xml`, name: 'Warta Nusantara' },
        { url: `${feeds.baseUrl}/kabar.xml`, name: 'Kabar Pagi' },
        { url: `${feeds.baseUrl}/suara.xml`, name: 'Suara Timur' },
      ],
    }),
  );
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    DISCORD_TOKEN: dc.token,
    DISCORD_APP_ID: dc.appId,
    DISCORD_API_BASE: dc.apiBase,
    KILAS_DB: join(dir, 'kilas.db'),
    KILAS_SEEDS: join(dir, 'seeds'),
    KILAS_FEEDS: list,
    KILAS_TZ: 'Asia/Jakarta',
    // The operator's own feeds are on this machine; chat-added feeds never get this allowance.
    KILAS_ALLOW_PRIVATE_FETCH: '1',
    ...env,
  });
  app = createApp(config, {
    cwd: REPO,
    logger,
    clock: movingClock,
    cron: (expression, fn, options) => createTask(expression, fn, options),
    limits: { telegram: { global: null, chat: () => null }, discord: { global: null, chat: () => null } },
    delivery: { retry: { ...DEFAULT_RETRY_POLICY, backoffBaseMs: 20, backoffMaxMs: 200, sendTimeoutMs: 10_000 } },
    telegramPollingTimeoutSeconds: 5,
    commandRateLimit: { capacity: 100 },
    // Article pages of the fixture links (*.example) cannot be read: no waiting between those retries.
    sleep: () => Promise.resolve(),
    ...(opts.defaultChatFetch ? {} : { chatFeedFetch: chatFeedFetch() }),
  });
  await app.start();
  return app;
}

const tgRef = (id: number): ChatRef => ({ platform: 'telegram', chatId: String(id), threadId: null });
const dcRef = (id: string): ChatRef => ({ platform: 'discord', chatId: id, threadId: null });

/** Sends a Telegram command and waits for `replies` messages (and documents) in that chat. */
async function tgSay(chat: ChatInfo, text: string, from = ALICE, replies = 1): Promise<SentMessage[]> {
  const before = tg.messagesFor(chat.id).length;
  tg.pushUpdate(commandUpdate({ chat, from, text }));
  await tg.waitFor(() => tg.messagesFor(chat.id).length >= before + replies, 15_000, `${replies} replies to ${text}`);
  await app?.telegram?.idle();
  return tg.messagesFor(chat.id).slice(before);
}

/** Presses an inline button (by the start of its label) under `message`; resolves with the callback answer. */
async function tgPress(chat: ChatInfo, from: { id: number }, message: SentMessage, label: string) {
  const current = tg.messagesFor(chat.id).find((m) => m.messageId === message.messageId) ?? message;
  const button = current.replyMarkup?.inline_keyboard.flat().find((b) => b.text.replace(/^[✅⬜] /u, '').startsWith(label));
  if (!button?.callback_data) throw new Error(`no button ${label} in ${JSON.stringify(current.replyMarkup)}`);
  const before = tg.callbackAnswers.length;
  tg.pushUpdate(callbackQueryUpdate({ chat, from, message: current, data: button.callback_data }));
  await tg.waitFor(() => tg.callbackAnswers.length > before, 10_000, `answer to ${label}`);
  await app?.telegram?.idle();
  return tg.callbackAnswers[before]!;
}

/** Sends an OPML document with `/import …` as its caption; waits for the answer. */
async function tgImport(chat: ChatInfo, name: string, content: string, caption = '/import', from = ALICE): Promise<string> {
  const before = tg.messagesFor(chat.id).length;
  tg.pushUpdate(documentUpdate({ chat, from, document: tg.addFile(name, content), caption }));
  await tg.waitFor(() => tg.messagesFor(chat.id).length > before, 15_000, `answer to ${caption}`);
  await app?.telegram?.idle();
  return tg.messagesFor(chat.id).slice(before).map((m) => m.text).join('\n');
}

/** Text a Discord reader sees (content and embeds, Markdown escapes removed). */
function dcText(body: MessageBody): string {
  const parts = [body.content ?? ''];
  for (const e of body.embeds ?? []) parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '');
  return parts.join('\n').replace(/\\([\\*_~`|[\]>#+\-.()])/g, '$1');
}

async function dcInteract(spec: Omit<InteractionSpec, 'appId'>) {
  const payload = commandInteraction({ appId: dc.appId, ...spec });
  dc.interact(payload);
  await dc.waitFor(() => dc.responsesTo(payload.id).length >= 1, 15_000, `answer to /${spec.name}`);
  await app?.discord?.idle();
  return dc.responsesTo(payload.id);
}

const digestText = (messages: readonly { text: string }[]) => messages.map((m) => m.text).join('\n');
const has = (text: string, headlines: readonly string[]) => headlines.filter((h) => text.includes(h));

describe('each chat its own digest', () => {
  test('a Telegram group and a Discord channel on one instance get different outlets and filters at their own local times, all set up from the chats', async () => {
    const a = await startApp();
    await a.pollFeeds();
    const group: ChatInfo = { id: -1009001, type: 'supergroup', title: 'Warga Makassar' };
    tg.setMemberStatus(group.id, ALICE.id, 'administrator');
    tg.setMemberStatus(group.id, BOB.id, 'member');
    const channel: ChannelInfo = { id: snowflake(), guildId: GUILD, name: 'berita-jakarta' };
    dc.addChannel(channel);

    // Telegram: the admin subscribes for 07:00 WITA and keeps only Warta Nusantara with buttons.
    expect((await tgSay(group, '/subscribe 07:00 WITA'))[0]?.text).toContain('07:00 WITA');
    const [list] = await tgSay(group, '/sources');
    expect(list?.text).toMatch(/Media \(3 dari 3 diikuti\)/);
    expect(list?.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual(
      expect.arrayContaining(['✅ Warta Nusantara', '✅ Kabar Pagi', '✅ Suara Timur', 'Semua media']),
    );
    // A member's press is refused with an alert, and changes nothing.
    const refused = await tgPress(group, BOB, list!, 'Kabar Pagi');
    expect(refused.showAlert).toBe(true);
    expect(refused.text).toMatch(/hanya admin/);
    expect((await a.sources.outlets(await a.store.subscriptions.get(tgRef(group.id)))).every((o) => o.following)).toBe(true);
    await tgPress(group, ALICE, list!, 'Kabar Pagi');
    await tgPress(group, ALICE, list!, 'Suara Timur');
    const edited = tg.messagesFor(group.id).find((m) => m.messageId === list!.messageId)!;
    expect(edited.edits.length).toBe(2);
    expect(edited.text).toMatch(/mengikuti 1 dari 3 media: Warta Nusantara/);
    expect(edited.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual(expect.arrayContaining(['✅ Warta Nusantara', '⬜ Kabar Pagi', '⬜ Suara Timur']));
    await tgSay(group, '/topics banjir, "harga beras", -politik');

    // Discord: a manager subscribes at 06:30 WIB, picks Kabar Pagi and Suara Timur in the menu,
    // adds a community feed by URL and filters on a substring, a short word and a word.
    await dcInteract({ name: 'subscribe', channel, user: ADMIN_DC, memberPermissions: MANAGER, appPermissions: BOT_OK, options: [{ name: 'time', type: 3, value: '06:30' }] });
    const [menuMessage] = await dcInteract({ name: 'sources', channel, user: ADMIN_DC, memberPermissions: MANAGER });
    const menu = menuMessage?.body.components?.[0]?.components[0] as { custom_id: string; options: { label: string; value: string; default: boolean }[] };
    expect(menu.options.map((o) => [o.label, o.default])).toEqual([['Warta Nusantara', true], ['Kabar Pagi', true], ['Suara Timur', true]]);
    const pick = (user: typeof ADMIN_DC, permissions: bigint) => {
      const values = menu.options.filter((o) => o.label !== 'Warta Nusantara').map((o) => o.value);
      const payload = selectInteraction({
        appId: dc.appId,
        channel,
        user,
        memberPermissions: permissions,
        customId: menu.custom_id,
        values,
        messageId: menuMessage!.id,
        components: menuMessage!.body.components ?? [],
      });
      dc.interact(payload);
      return payload.id;
    };
    const memberPick = pick(MEMBER_DC, P.viewChannel | P.sendMessages);
    await dc.waitFor(() => dc.responsesTo(memberPick).length > 0, 10_000, 'refusal of a member pick');
    expect(dc.responsesTo(memberPick)[0]).toMatchObject({ kind: 'reply', ephemeral: true });
    expect(dcText(dc.responsesTo(memberPick)[0]!.body)).toMatch(/Manage Channels/);
    expect((await a.store.sources.choiceOf((await a.store.subscriptions.get(dcRef(channel.id)))!.id)).chosen).toBe(false);
    const adminPick = pick(ADMIN_DC, MANAGER);
    await dc.waitFor(() => dc.responsesTo(adminPick).length > 0, 10_000, 'update after the admin pick');
    await app?.discord?.idle();
    expect(dc.responsesTo(adminPick)[0]?.kind).toBe('update');
    expect(dcText(dc.responsesTo(adminPick)[0]!.body)).toMatch(/mengikuti 2 dari 3 media/);
    const added = await dcInteract({
      name: 'sources',
      channel,
      user: ADMIN_DC,
      memberPermissions: MANAGER,
      options: [{ name: 'tambah', type: 3, value: 'https://lenterakota.example/rss.xml' }],
    });
    expect(dcText(added.at(-1)!.body)).toMatch(/Feed ditambahkan: Lentera Kota/);
    await dcInteract({ name: 'topics', channel, user: ADMIN_DC, memberPermissions: MANAGER, options: [{ name: 'keywords', type: 3, value: '~korup BI perahu' }] });

    const tgBefore = tg.messagesFor(group.id).length;
    const dcBefore = dc.messagesIn(channel.id).length;
    // 23:00 UTC: 07:00 WITA in Makassar, 06:00 WIB in Jakarta: the group's digest only.
    expect((await a.scheduler.tick(new Date('2026-11-22T23:00:00Z')))?.done).toBe(1);
    const tgDigest = digestText(tg.messagesFor(group.id).slice(tgBefore));
    expect(has(tgDigest, [...WARTA, ...KABAR, ...SUARA, H.perahu])).toEqual([H.bekasi, H.beras]);
    expect(tgDigest).toMatch(/Saringan aktif: topik banjir, "harga beras", -politik; media Warta Nusantara/);
    expect(dc.messagesIn(channel.id)).toHaveLength(dcBefore);
    const tgAfterFirst = tg.messagesFor(group.id).length;

    // 23:30 UTC: 06:30 WIB: the channel's digest, from its own outlets and filter.
    expect((await a.scheduler.tick(new Date('2026-11-22T23:30:00Z')))?.done).toBe(1);
    const dcDigest = dc.messagesIn(channel.id).slice(dcBefore).map((m) => dcText(m.body)).join('\n');
    expect(has(dcDigest, [...WARTA, ...KABAR, ...SUARA, H.perahu])).toEqual([H.kpk, H.bi, H.perahu]);
    expect(dcDigest).toMatch(/Saringan aktif: topik ~korup, bi, perahu; media Kabar Pagi, Suara Timur, Lentera Kota/);
    expect(tg.messagesFor(group.id)).toHaveLength(tgAfterFirst);
    // The community feed is polled once however many chats follow it.
    expect((await a.sources.pollList()).filter((f) => f.url === 'https://lenterakota.example/rss.xml')).toHaveLength(1);
  });

  test('every topic form on the fixture digest, one chat per form, one tick', async () => {
    const a = await startApp();
    await a.pollFeeds();
    const forms: [string, string[]][] = [
      ['banjir', [H.bekasi, H.dprd]],
      ['AS', [H.as]],
      ['BI', [H.bi]],
      ['~korup', [H.kpk]],
      ['banjir, -politik', [H.bekasi]],
      ['banjir !politik', [H.bekasi]],
      ['"harga beras"', [H.beras]],
      // "perahu karet" in the Bekasi flood story: a whole word is a whole word wherever it stands.
      ['"sepak bola", perahu', [H.bekasi, H.timnas]],
      ['-"sepak bola" -politik -banjir -korupsi -bunga -beras -tiongkok', [H.bukit]],
    ];
    const chats = forms.map((_, i): ChatInfo => ({ id: 7200 + i, type: 'private' }));
    for (const [i, [topics]] of forms.entries()) {
      await tgSay(chats[i]!, '/subscribe 07:00', { id: chats[i]!.id });
      await tgSay(chats[i]!, `/topics ${topics}`, { id: chats[i]!.id });
    }
    const before = chats.map((c) => tg.messagesFor(c.id).length);
    expect((await a.scheduler.tick(new Date('2026-11-23T00:00:00Z')))?.done).toBe(forms.length);
    for (const [i, [topics, expected]] of forms.entries()) {
      const text = digestText(tg.messagesFor(chats[i]!.id).slice(before[i]));
      expect(has(text, [...WARTA, ...KABAR, ...SUARA, H.perahu]), `/topics ${topics}: ${text}`).toEqual(expected);
      expect(text).toContain('Saringan aktif: topik');
      // Totals count what the chat gets: each fixture story comes from one outlet.
      expect(text).toMatch(new RegExp(`${expected.length} berita dari ${new Set(expected.map((h) => [WARTA, KABAR, SUARA].findIndex((o) => (o as readonly string[]).includes(h)))).size} media`));
    }
  });

  test.each([
    ['Feedly', 'feedly.opml', ['Warta Nusantara', 'Suara Timur']],
    ['Inoreader', 'inoreader.xml', ['Kabar Pagi', 'Warta Nusantara']],
    ['Miniflux', 'miniflux.opml', ['Suara Timur']],
    ['FreshRSS', 'freshrss.opml.xml', ['Warta Nusantara']],
  ])('/import ganti of a %s export, then /export round-trips into another chat', async (_reader, file, operators) => {
    const a = await startApp();
    const chat: ChatInfo = { id: 7301, type: 'private' };
    const other: ChatInfo = { id: 7302, type: 'private' };
    await tgSay(chat, '/subscribe', { id: chat.id });
    const answer = await tgImport(chat, file, opmlFixture(file), '/import ganti', { id: chat.id });
    expect(answer).toMatch(/Daftar media diganti/);
    expect(answer).toMatch(/Feed tambahan \(1\): Lentera Kota/);
    const following = () => async (c: ChatInfo) => (await a.sources.outlets(await a.store.subscriptions.get(tgRef(c.id)))).filter((o) => o.following).map((o) => o.name).sort();
    expect(await following()(chat)).toEqual([...operators, 'Lentera Kota'].sort());

    const docsBefore = tg.documents.length;
    await tgSay(chat, '/export', { id: chat.id });
    await tg.waitFor(() => tg.documents.length > docsBefore, 10_000, 'the exported file').catch((e: unknown) => {
      console.error(logger.lines.join('\n'), tg.calls.slice(-3));
      throw e;
    });
    const exported = tg.documents.at(-1)!;
    expect(exported).toMatchObject({ chatId: String(chat.id), fileName: 'kilas-sumber.opml' });
    const parsed = await parseOpml(exported.content.toString('utf8'));
    expect('feeds' in parsed && parsed.feeds.map((f) => f.title).sort()).toEqual([...operators, 'Lentera Kota'].sort());

    await tgSay(other, '/subscribe', { id: other.id });
    expect(await tgImport(other, 'kilas-sumber.opml', exported.content.toString('utf8'), '/import ganti', { id: other.id })).toMatch(/Daftar media diganti/);
    expect(following()(other)).toEqual(following()(chat));
  });

  test.each([
    ['not XML', 'ini bukan xml <<<', /tidak dapat dibaca: bukan XML/],
    ['HTML, not OPML', '<html><body><p>hai</p></body></html>', /bukan dokumen OPML/],
    ['no outlines', '<?xml version="1.0"?><opml version="2.0"><head/><body></body></opml>', /tanpa outline/],
    ['outlines without feeds', '<opml version="2.0"><body><outline text="Kosong"/></body></opml>', /tidak berisi feed/],
    [
      '10,000 outlines',
      `<opml version="2.0"><body>${Array.from({ length: 10_000 }, (_, i) => `<outline xmlUrl="https://f${i}.id/"/>`).join('')}</body></opml>`,
      /terlalu banyak outline/,
    ],
    ['a huge file', `<opml version="2.0"><body><outline text="${'x'.repeat(600_000)}" xmlUrl="https://a.example/rss"/></body></opml>`, /terlalu besar/],
    [
      'an entity bomb',
      '<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><opml version="2.0"><body><outline text="&c;" xmlUrl="https://a.example/rss"/></body></opml>',
      /bukan XML/,
    ],
    [
      'an external entity (XXE)',
      '<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example/rss"/></body></opml>',
      /bukan XML/,
    ],
    [
      'more feeds than the per-chat cap',
      `<opml version="2.0"><body>${Array.from({ length: 12 }, (_, i) => `<outline type="rss" xmlUrl="https://f${i}.example/rss"/>`).join('')}</body></opml>`,
      /batasnya 10 per chat/,
    ],
  ])('/import of %s gets a clear answer and changes nothing', async (_name, content, reason) => {
    const a = await startApp();
    const chat: ChatInfo = { id: 7401, type: 'private' };
    await tgSay(chat, '/subscribe', { id: chat.id });
    await tgPress(chat, { id: chat.id }, (await tgSay(chat, '/sources', { id: chat.id }))[0]!, 'Kabar Pagi');
    const sub = (await a.store.subscriptions.get(tgRef(chat.id)))!;
    const before = await a.store.sources.choiceOf(sub.id);
    const feedsBefore = await a.store.sources.listFeeds();
    const answer = await tgImport(chat, 'daftar.opml', content, '/import ganti', { id: chat.id });
    expect(answer).toMatch(reason);
    expect(answer).toMatch(/Tidak ada yang diubah/);
    expect(await a.store.sources.choiceOf(sub.id)).toEqual(before);
    expect(await a.store.sources.listFeeds()).toEqual(feedsBefore);
  });

  test('/sources tambah checks the feed: a page that is not a feed is refused; hapus removes; the cap and KILAS_CHAT_FEEDS=off hold', async () => {
    const a = await startApp({ KILAS_CHAT_FEEDS_MAX: '1' });
    const chat: ChatInfo = { id: 7501, type: 'private' };
    const from = { id: chat.id };
    await tgSay(chat, '/subscribe', from);
    expect((await tgSay(chat, '/sources tambah https://halaman.example/index.html', from))[0]?.text).toMatch(/Feed tidak dapat ditambahkan: .*not a readable feed/);
    expect((await tgSay(chat, '/sources tambah ftp://lenterakota.example/rss.xml', from))[0]?.text).toMatch(/bukan alamat http\(s\)/);
    expect((await tgSay(chat, '/sources tambah https://lenterakota.example/rss.xml', from))[0]?.text).toMatch(/Feed ditambahkan: Lentera Kota/);
    expect((await tgSay(chat, '/sources tambah https://kabarpagi.example/lain.xml', from))[0]?.text).toMatch(/sudah memiliki 1 feed tambahan/);
    // The feed's current items are stored at once and linked to it.
    expect(await a.store.sources.followedChatFeeds()).toEqual(['https://lenterakota.example/rss.xml']);
    expect((await tgSay(chat, '/sources', from))[0]?.text).toMatch(/Feed tambahan chat ini \(1\/1\)/);
    expect((await tgSay(chat, '/sources hapus lentera kota', from))[0]?.text).toMatch(/Feed dihapus: Lentera Kota/);
    expect(await a.store.sources.followedChatFeeds()).toEqual([]);
    expect((await tgSay(chat, '/sources hapus Kabar Pagi', from))[0]?.text).toMatch(/Tidak diikuti lagi: Kabar Pagi/);
    await a.stop();
    app = null;

    const off = await startApp({ KILAS_CHAT_FEEDS: 'off' });
    expect((await tgSay(chat, '/sources tambah https://lenterakota.example/rss.xml', from))[0]?.text).toMatch(/menonaktifkan feed tambahan/);
    expect((await off.sources.pollList()).every((f) => f.origin === 'operator')).toBe(true);
  });

  test('in a group a member can list the sources but not add, remove or import', async () => {
    const a = await startApp();
    const group: ChatInfo = { id: -1009002, type: 'supergroup', title: 'Grup' };
    tg.setMemberStatus(group.id, ALICE.id, 'administrator');
    tg.setMemberStatus(group.id, BOB.id, 'member');
    await tgSay(group, '/subscribe');
    expect((await tgSay(group, '/sources', BOB))[0]?.text).toMatch(/Media \(3 dari 3 diikuti\)/);
    expect((await tgSay(group, '/sources tambah https://lenterakota.example/rss.xml', BOB))[0]?.text).toMatch(/hanya admin/);
    expect((await tgSay(group, '/sources hapus Kabar Pagi', BOB))[0]?.text).toMatch(/hanya admin/);
    expect(await tgImport(group, 'f.opml', opmlFixture('feedly.opml'), '/import', BOB)).toMatch(/hanya admin/);
    const sub = (await a.store.subscriptions.get(tgRef(group.id)))!;
    expect(await a.store.sources.choiceOf(sub.id)).toEqual({ chosen: false, feeds: [] });
  });

  test('Discord: /import with an attachment and /export with a file', async () => {
    const a = await startApp();
    const channel: ChannelInfo = { id: snowflake(), guildId: GUILD, name: 'impor' };
    dc.addChannel(channel);
    await dcInteract({ name: 'subscribe', channel, user: ADMIN_DC, memberPermissions: MANAGER, appPermissions: BOT_OK });
    const attachment = dc.addAttachment('inoreader.xml', opmlFixture('inoreader.xml'));
    const imported = await dcInteract({
      name: 'import',
      channel,
      user: ADMIN_DC,
      memberPermissions: MANAGER,
      options: [
        { name: 'berkas', type: 11, value: attachment.id },
        { name: 'mode', type: 3, value: 'ganti' },
      ],
      resolvedAttachments: [attachment],
    });
    expect(dcText(imported.at(-1)!.body)).toMatch(/Daftar media diganti/);
    const names = (await a.sources.outlets(await a.store.subscriptions.get(dcRef(channel.id)))).filter((o) => o.following).map((o) => o.name).sort();
    expect(names).toEqual(['Kabar Pagi', 'Lentera Kota', 'Warta Nusantara']);
    const exported = await dcInteract({ name: 'export', channel, user: MEMBER_DC, memberPermissions: P.viewChannel });
    const file = exported.flatMap((m) => m.files)[0];
    expect(file?.name).toBe('kilas-sumber.opml');
    const parsed = await parseOpml(file!.content.toString('utf8'));
    expect('feeds' in parsed && parsed.feeds.map((f) => f.title).sort()).toEqual(names);
  });
});

describe('the other ways in', () => {
  test('Telegram: /import replying to an OPML document; Discord: a zone in the time option and /sources hapus suggestions', async () => {
    const a = await startApp();
    const chat: ChatInfo = { id: 7701, type: 'private' };
    const from = { id: chat.id };
    await tgSay(chat, '/subscribe', from);
    const document = tg.addFile('inoreader.xml', opmlFixture('inoreader.xml'));
    // The document alone (no caption) is not a command; "/import ganti" answering it is.
    const shared = tg.pushUpdate(documentUpdate({ chat, from, document }));
    expect(shared).toBeGreaterThan(0);
    const message = { message_id: 990001, date: Math.floor(Date.now() / 1000), chat, from: { ...from, is_bot: false, first_name: 'U' }, document };
    const before = tg.messagesFor(chat.id).length;
    tg.pushUpdate({
      message: {
        message_id: 990002,
        date: Math.floor(Date.now() / 1000),
        chat,
        from: { ...from, is_bot: false, first_name: 'U' },
        text: '/import ganti',
        entities: [{ type: 'bot_command', offset: 0, length: 7 }],
        reply_to_message: message,
      },
    });
    await tg.waitFor(() => tg.messagesFor(chat.id).length > before, 15_000, 'answer to the reply');
    await app?.telegram?.idle();
    expect(tg.messagesFor(chat.id).slice(before).map((m) => m.text).join('\n')).toMatch(/Daftar media diganti/);
    expect((await a.sources.outlets(await a.store.subscriptions.get(tgRef(chat.id)))).filter((o) => o.following).map((o) => o.name).sort()).toEqual([
      'Kabar Pagi',
      'Lentera Kota',
      'Warta Nusantara',
    ]);

    const channel: ChannelInfo = { id: snowflake(), guildId: GUILD, name: 'jayapura' };
    dc.addChannel(channel);
    const [subscribed] = await dcInteract({ name: 'subscribe', channel, user: ADMIN_DC, memberPermissions: MANAGER, appPermissions: BOT_OK, options: [{ name: 'time', type: 3, value: '06:00 WIT' }] });
    expect(dcText(subscribed!.body)).toMatch(/06:00 WIT\b/);
    expect(await a.store.subscriptions.get(dcRef(channel.id))).toMatchObject({ time: '06:00', timeZone: 'Asia/Jayapura' });
    const suggest = autocompleteInteraction({
      appId: dc.appId,
      name: 'sources',
      channel,
      user: ADMIN_DC,
      memberPermissions: MANAGER,
      options: [{ name: 'hapus', type: 3, value: 'pa', focused: true }],
    });
    dc.interact(suggest);
    await dc.waitFor(() => dc.callbacks.some((c) => c.interactionId === suggest.id), 10_000, 'autocomplete');
    const choices = (dc.callbacks.find((c) => c.interactionId === suggest.id)?.data as { choices: { name: string }[] }).choices;
    expect(choices.map((c) => c.name)).toEqual(['Kabar Pagi']);
  });
});

describe('feeds that chats add follow the third-party link policy', () => {
  // This app uses the default fetch for chat feeds (no test rewrite). Until the private-address policy
  // of the bounded fetch lands (issue of the `pages` engineer), a loopback feed is accepted and this fails.
  test('/sources tambah of a feed on a private address is refused and nothing is stored', async () => {
    const a = await startApp({}, { defaultChatFetch: true });
    const chat: ChatInfo = { id: 7601, type: 'private' };
    await tgSay(chat, '/subscribe', { id: chat.id });
    const [answer] = await tgSay(chat, `/sources tambah ${feeds.baseUrl}/lentera.xml`, { id: chat.id });
    expect(answer?.text).toMatch(/Feed tidak dapat ditambahkan/);
    expect(await a.store.sources.listFeeds()).toEqual([]);
    expect(feeds.hits('/lentera.xml')).toBe(0);
  });
});
