import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { COMMANDS, MAX_NAME_LENGTH, createCommandHandlers } from '../../src/bot/commands.ts';
import type { CommandDeps, CommandRequest } from '../../src/bot/commands.ts';
import { createCommandRateLimiter } from '../../src/bot/command-rate-limit.ts';
import { nextDailyAt, parseTimeOfDay } from '../../src/bot/local-time.ts';
import { EMPTY_DIRECTORY, SpeakerIndex } from '../../src/core/speakers/index.ts';

interface SpeakerCandidate {
  readonly key: string;
  readonly name: string;
  readonly count: number;
}
/** The one suggestion engine (core), as the bot reaches it through the store. */
const suggestSpeakers = (q: string, s: readonly SpeakerCandidate[]) =>
  new SpeakerIndex(s.map((c) => ({ key: c.key, names: [c.name], count: c.count })), EMPTY_DIRECTORY).suggest(q, 3).map((p) => p.key);
import type { ChatKind, ChatRef, QuoteHit } from '../../src/bot/ports.ts';
import { paragraph, simpleDocument } from '../../src/format/document.ts';
import type { Document } from '../../src/format/document.ts';
import { renderTelegram } from '../../src/platforms/telegram/renderer.ts';
import {
  botNotAdminDocument,
  forRemoteChat,
  notRemoteAdminDocument,
  remoteChatNotFoundDocument,
  subscribedDocument,
} from '../../src/format/answers-document.ts';
import { parseTelegramHtml } from '../e2e/fake-telegram-server.ts';
import { createMemoryDeliveryStore, createMemoryNews, createMemorySourceStore, createMemorySubscriptionStore } from '../helpers/memory-stores.ts';
import { createChatSources } from '../../src/bot/chat-sources.ts';
import { createSourceCommands } from '../../src/bot/source-commands.ts';
import { parseOpml, writeOpml } from '../../src/sources/opml.ts';
import { docText } from './doc-text.ts';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/bot/${name}`, import.meta.url), 'utf8')) as T;

const timeInputs = fixture<[string, string | null][]>('time-inputs.json');
const nextDaily = fixture<{ time: string; timeZone: string; now: string; next: string }[]>('next-daily.json');
const inactiveReasons = fixture<[string, string][]>('inactive-reasons.json');
const quoteNames = fixture<{ input: string; problem: string }[]>('quote-names.json');
const speakerFixture = fixture<{ speakers: SpeakerCandidate[]; cases: { query: string; expected: string | null }[] }>(
  'speakers.json',
);

const hit = (speaker: string, key: string, text: string): QuoteHit => ({
  text,
  speaker,
  speakerKey: key,
  outlets: 1,
  articleIds: ['a1'],
  publishedAt: '2021-12-23T00:46:00+07:00',
  sources: [{ title: 'Judul', url: 'https://example.com/a', outlet: 'example.com' }],
});

const HITS = [
  hit('Sergey Lavrov', 'lavrov', 'Kami tidak menginginkan perang'),
  hit('Dmitry Peskov', 'peskov', 'Situasinya sangat tegang'),
];

function setup(overrides: Partial<CommandDeps> = {}) {
  let now = new Date('2026-11-23T06:50:00Z');
  const clock = () => now;
  const subscriptions = createMemorySubscriptionStore(clock);
  const news = createMemoryNews(HITS, 12);
  const quotesDocument = vi.fn((query: string, hits: readonly QuoteHit[]): Document =>
    simpleDocument(...hits.map((h) => paragraph(`${h.speaker}: ${h.text} (${query})`))),
  );
  const logged: string[] = [];
  const sources = createChatSources({
    store: createMemorySourceStore(),
    configuredFeeds: () => [
      { url: 'https://example.com/rss', name: 'Contoh' },
      { url: 'https://contoh.id/feed', name: null },
    ],
    // No network in unit tests: every new feed is refused, as an unreachable one would be.
    checkFeed: () => Promise.reject(new Error('HTTP 404 Not Found')),
    chatFeedsEnabled: true,
    maxFeedsPerChat: 3,
  });
  const deps: CommandDeps = {
    subscriptions,
    news,
    digestDocument: () => simpleDocument(paragraph('DIGEST BODY')),
    storiesToday: () => 4,
    quotesDocument,
    clock,
    defaultTime: '07:00',
    timeZone: 'Asia/Jakarta',
    feeds: ['https://example.com/rss', 'https://contoh.id/feed'],
    seedCount: 5,
    sourceCommands: createSourceCommands({
      sources,
      opml: { parse: parseOpml, write: (title, outlets) => writeOpml(title, outlets, new Date(0)) },
      chatFeeds: { enabled: true, max: 3 },
      seedCount: () => 5,
      articleCount: async () => 12,
    }),
    rateLimit: { capacity: 1000 },
    logger: {
      debug() {},
      info() {},
      warn() {},
      error: (m) => void logged.push(m),
    },
    ...overrides,
  };
  const handlers = createCommandHandlers(deps);
  return {
    handlers,
    subscriptions,
    quotesDocument,
    logged,
    advance: (ms: number) => void (now = new Date(now.getTime() + ms)),
  };
}

const PRIVATE: ChatRef = { platform: 'telegram', chatId: '100', threadId: null };
const GROUP: ChatRef = { platform: 'telegram', chatId: '-200', threadId: null };

function req(name: string, args = '', opts: { chat?: ChatRef; kind?: ChatKind; user?: string; admin?: boolean } = {}) {
  const isAdmin = vi.fn(async () => opts.admin ?? false);
  const request: CommandRequest = {
    name,
    args,
    chat: opts.chat ?? PRIVATE,
    chatKind: opts.kind ?? 'private',
    userId: opts.user ?? '1',
    isAdmin,
  };
  return { request, isAdmin };
}

const textOf = (docs: readonly Document[]) => docs.map(docText).join('\n---\n');

describe('parseTimeOfDay', () => {
  test.each(timeInputs)('%j -> %j', (input, expected) => {
    expect(parseTimeOfDay(input)).toBe(expected);
  });

  test('every valid hour and minute is read back as HH:MM', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.boolean(), (h, m, dot) => {
        const input = `${h}${dot ? '.' : ':'}${String(m).padStart(2, '0')}`;
        expect(parseTimeOfDay(input)).toBe(`${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
      }),
    );
  });

  test('never throws and only ever returns a valid HH:MM', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (input) => {
        const out = parseTimeOfDay(input);
        if (out !== null) expect(out).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      }),
    );
  });
});

describe('nextDailyAt', () => {
  test.each(nextDaily)('$time $timeZone after $now', ({ time, timeZone, now, next }) => {
    expect(nextDailyAt(time, timeZone, new Date(now)).toISOString()).toBe(next);
  });

  test('is always strictly later and within a day, and shows the asked time locally', () => {
    const zones = ['Asia/Jakarta', 'Asia/Makassar', 'America/New_York', 'Europe/London', 'Australia/Adelaide'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...zones),
        (ms, h, m, zone) => {
          const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const now = new Date(ms);
          const next = nextDailyAt(time, zone, now);
          expect(next.getTime()).toBeGreaterThan(now.getTime());
          // 25 h: a day that gains an hour at a DST change.
          expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(25 * 3600_000);
          const shown = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(next);
          // A time skipped by a spring-forward gap cannot be shown; everything else must be exact.
          if (shown !== time) {
            const before = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(
              new Date(next.getTime() - 3600_000),
            );
            expect(before < time || shown > time).toBe(true);
          }
        },
      ),
    );
  });
});

describe('suggestSpeakers', () => {
  test.each(speakerFixture.cases)('$query -> $expected', ({ query, expected }) => {
    const got = suggestSpeakers(query, speakerFixture.speakers);
    if (expected === null) expect(got).toEqual([]);
    else expect(got[0]).toBe(expected);
  });
});

describe('command rate limiter', () => {
  test('a burst up to capacity passes, then one refusal, then silence, then tokens come back', () => {
    let now = 0;
    const limiter = createCommandRateLimiter(() => new Date(now), { capacity: 3, refillMs: 1000, noticeWindowMs: 10_000 });
    expect([1, 2, 3].map(() => limiter.take('u'))).toEqual(['allow', 'allow', 'allow']);
    expect(limiter.take('u')).toBe('refuse');
    expect(limiter.take('u')).toBe('silent');
    expect(limiter.take('other')).toBe('allow');
    now += 1000;
    expect(limiter.take('u')).toBe('allow');
    expect(limiter.take('u')).toBe('silent');
    now += 10_000;
    expect(limiter.waitMs('u')).toBe(0);
  });

  test('never allows more than capacity + elapsed / refill commands', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 10, max: 5000 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 200 }),
        (capacity, refillMs, gaps) => {
          let now = 0;
          const limiter = createCommandRateLimiter(() => new Date(now), { capacity, refillMs });
          let allowed = 0;
          let refusals = 0;
          for (const gap of gaps) {
            now += gap;
            const d = limiter.take('u');
            if (d === 'allow') allowed++;
            if (d === 'refuse') refusals++;
          }
          expect(allowed).toBeLessThanOrEqual(capacity + Math.floor(now / refillMs));
          // One notice per window (default 10 s) at most.
          expect(refusals).toBeLessThanOrEqual(1 + Math.floor(now / 10_000));
        },
      ),
    );
  });

  test('a refused command gets a notice at most once per chat per 10 s, never a minute of silence', () => {
    let now = 0;
    const limiter = createCommandRateLimiter(() => new Date(now), { capacity: 1, refillMs: 60_000 });
    expect(limiter.take('u', 'chat')).toBe('allow');
    expect(limiter.take('u', 'chat')).toBe('refuse');
    now += 9_999;
    expect(limiter.take('u', 'chat')).toBe('silent');
    // Another user in the same chat: still the one notice of this window.
    expect(limiter.take('v', 'chat')).toBe('allow');
    expect(limiter.take('v', 'chat')).toBe('silent');
    now += 1;
    expect(limiter.take('u', 'chat')).toBe('refuse');
    // The same user in another chat (a private chat with the bot) is told there.
    expect(limiter.take('u', 'dm')).toBe('refuse');
  });

  test('memory stays bounded by maxUsers', () => {
    const limiter = createCommandRateLimiter(() => new Date(0), { capacity: 1, maxUsers: 10 });
    for (let i = 0; i < 1000; i++) limiter.take(`user${i}`);
    // The first user was forgotten, so it has a full bucket again.
    expect(limiter.take('user0')).toBe('allow');
    expect(limiter.take('user999')).toBe('refuse');
  });
});

describe('command handlers', () => {
  test('/start explains the bot and names the default time', async () => {
    const { handlers } = setup();
    const out = await handlers.handle(req('start').request);
    expect(out.outcome).toBe('ok');
    const t = textOf(out.documents);
    expect(t).toContain('Kilas');
    expect(t).toContain('07:00 WIB');
    expect(t).toContain('/subscribe');
  });

  test('/help lists every command', async () => {
    const { handlers } = setup();
    const t = textOf((await handlers.handle(req('help').request)).documents);
    for (const c of COMMANDS) expect(t).toContain(`/${c.name}`);
  });

  test('/help in a private Telegram chat says how to manage a channel from there; elsewhere it does not', async () => {
    const { handlers } = setup();
    expect(textOf((await handlers.handle(req('help').request)).documents)).toContain('/subscribe @namakanal');
    const group = await handlers.handle(req('help', '', { chat: GROUP, kind: 'group' }).request);
    expect(textOf(group.documents)).not.toContain('@namakanal');
    const discord = await handlers.handle(req('help', '', { chat: { platform: 'discord', chatId: '5', threadId: null } }).request);
    expect(textOf(discord.documents)).not.toContain('@namakanal');
  });

  test('command descriptions fit both Telegram (256) and Discord (100) limits', () => {
    for (const c of COMMANDS) {
      expect(c.name).toMatch(/^[a-z]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(2);
      expect(c.description.length).toBeLessThanOrEqual(100);
    }
  });

  test('/subscribe without a time subscribes at the default time', async () => {
    const { handlers, subscriptions } = setup();
    const out = await handlers.handle(req('subscribe').request);
    expect(out.outcome).toBe('ok');
    expect(await subscriptions.get(PRIVATE)).toMatchObject({ time: '07:00', timeZone: 'Asia/Jakarta', active: true });
    expect(textOf(out.documents)).toContain('07:00 WIB');
  });

  test.each([
    ['7', '07:00'],
    ['06.30', '06:30'],
    ['18:05', '18:05'],
  ])('/subscribe %s subscribes at %s', async (arg, time) => {
    const { handlers, subscriptions } = setup();
    const out = await handlers.handle(req('subscribe', arg).request);
    expect(out.outcome).toBe('ok');
    expect((await subscriptions.get(PRIVATE))?.time).toBe(time);
    expect(textOf(out.documents)).toContain(time);
  });

  test.each(['25:99', '<b>lol</b>', '7 pagi', 'x'.repeat(500)])('/subscribe %s is refused and changes nothing', async (arg) => {
    const { handlers, subscriptions } = setup();
    const out = await handlers.handle(req('subscribe', arg).request);
    expect(out.outcome).toBe('invalid');
    expect(await subscriptions.get(PRIVATE)).toBeNull();
    const t = textOf(out.documents);
    expect(t).toContain('HH:MM');
    // Hostile input is echoed only in a short, clipped form.
    expect(t.length).toBeLessThan(300);
  });

  test('/subscribe again without a time keeps the chosen time', async () => {
    const { handlers, subscriptions } = setup();
    await handlers.handle(req('subscribe', '06:30').request);
    const out = await handlers.handle(req('subscribe').request);
    expect(out.outcome).toBe('ok');
    expect((await subscriptions.get(PRIVATE))?.time).toBe('06:30');
    expect(textOf(out.documents)).toContain('06:30');
  });

  test('/unsubscribe deactivates, and a second one says there is nothing to stop', async () => {
    const { handlers, subscriptions } = setup();
    await handlers.handle(req('subscribe').request);
    const first = await handlers.handle(req('unsubscribe').request);
    expect(await subscriptions.get(PRIVATE)).toMatchObject({ active: false, inactiveReason: 'unsubscribed' });
    const second = await handlers.handle(req('unsubscribe').request);
    expect(textOf(first.documents)).not.toBe(textOf(second.documents));
    expect(textOf(second.documents)).toContain('/subscribe');
    const again = await handlers.handle(req('subscribe').request);
    expect(textOf(again.documents)).toMatch(/diaktifkan kembali/);
  });

  test('/settime needs a time, a valid one, and an active subscription', async () => {
    const { handlers, subscriptions } = setup();
    expect((await handlers.handle(req('settime', '08:00').request)).outcome).toBe('invalid');
    await handlers.handle(req('subscribe').request);
    const missing = await handlers.handle(req('settime').request);
    expect(missing.outcome).toBe('invalid');
    expect(textOf(missing.documents)).toContain('/settime');
    expect((await handlers.handle(req('settime', '24:00').request)).outcome).toBe('invalid');
    const ok = await handlers.handle(req('settime', '5.45').request);
    expect(ok.outcome).toBe('ok');
    expect((await subscriptions.get(PRIVATE))?.time).toBe('05:45');
    expect(textOf(ok.documents)).toContain('05:45 WIB');
  });

  test('/topics shows, sets and clears plain keyword filters of a subscription', async () => {
    const { handlers, subscriptions } = setup();
    expect((await handlers.handle(req('topics', 'banjir').request)).outcome).toBe('invalid');
    await handlers.handle(req('subscribe').request);
    expect(textOf((await handlers.handle(req('topics').request)).documents)).toContain('semua berita');
    const set = await handlers.handle(req('topics', 'Banjir,  harga   beras ; banjir').request);
    expect(set.outcome).toBe('ok');
    expect((await subscriptions.get(PRIVATE))?.topics).toEqual(['banjir', '"harga beras"']);
    expect(textOf(set.documents)).toContain('banjir, "harga beras"');
    expect((await handlers.handle(req('topics', 'hapus').request)).outcome).toBe('ok');
    expect((await subscriptions.get(PRIVATE))?.topics).toEqual([]);
  });

  test.each([
    ['a pattern', '.*'],
    ['markup', '<b>banjir</b>'],
    ['a mention', '@everyone'],
    ['too many', Array.from({ length: 16 }, (_, i) => `kata${i}`).join(', ')],
    ['an open quote', '"harga beras'],
    ['a bare prefix only', '- , ~'],
    ['one letter', 'x'],
    ['too long', 'a'.repeat(41)],
  ])('/topics refuses %s', async (_kind, input) => {
    const { handlers, subscriptions } = setup();
    await handlers.handle(req('subscribe').request);
    const answer = await handlers.handle(req('topics', input).request);
    expect(answer.outcome).toBe('invalid');
    expect((await subscriptions.get(PRIVATE))?.topics).toEqual([]);
  });

  test.each(['subscribe', 'unsubscribe', 'settime', 'topics'])('in a group only admins may /%s', async (name) => {
    const { handlers, subscriptions } = setup();
    await subscriptions.subscribe(GROUP, '07:00', 'Asia/Jakarta');
    const before = await subscriptions.get(GROUP);
    const arg = name === 'topics' ? 'banjir' : '09:00';
    const member = req(name, arg, { chat: GROUP, kind: 'group', admin: false });
    const refused = await handlers.handle(member.request);
    expect(refused.outcome).toBe('refused');
    expect(member.isAdmin).toHaveBeenCalledOnce();
    expect(textOf(refused.documents)).toMatch(/admin/);
    expect(await subscriptions.get(GROUP)).toEqual(before);
    const admin = req(name, arg, { chat: GROUP, kind: 'group', admin: true });
    expect((await handlers.handle(admin.request)).outcome).toBe('ok');
    expect(await subscriptions.get(GROUP)).not.toEqual(before);
  });

  test('read-only commands in a group and everything in private chats or channels skip the admin check', async () => {
    const { handlers } = setup();
    for (const name of ['status', 'quotes', 'help', 'sources']) {
      const r = req(name, 'lavrov', { chat: GROUP, kind: 'group' });
      expect((await handlers.handle(r.request)).outcome).not.toBe('refused');
      expect(r.isAdmin).not.toHaveBeenCalled();
    }
    const p = req('subscribe');
    expect((await handlers.handle(p.request)).outcome).toBe('ok');
    expect(p.isAdmin).not.toHaveBeenCalled();
    const c = req('subscribe', '', { chat: { platform: 'telegram', chatId: '-1009', threadId: null }, kind: 'channel' });
    expect((await handlers.handle(c.request)).outcome).toBe('ok');
    expect(c.isAdmin).not.toHaveBeenCalled();
  });

  test('/quotes NAME renders the hits through the quotes document', async () => {
    const { handlers, quotesDocument } = setup();
    const out = await handlers.handle(req('quotes', '  lavrov ').request);
    expect(out.outcome).toBe('ok');
    expect(quotesDocument).toHaveBeenCalledWith(HITS[0]?.speaker, [HITS[0]]);
    expect(textOf(out.documents)).toContain('Kami tidak menginginkan perang');
  });

  test('/quotes with a typo finds the person; two letters suggest by their start, never nonsense', async () => {
    const { handlers } = setup();
    const typo = await handlers.handle(req('quotes', 'lavorv').request);
    expect(typo.outcome).toBe('ok');
    expect(textOf(typo.documents)).toContain('Kami tidak menginginkan perang');
    const short = await handlers.handle(req('quotes', 'la').request);
    expect(short.outcome).toBe('not-found');
    expect(textOf(short.documents)).toContain(`Maksud Anda: ${HITS[0]?.speaker}?`);
  });

  test('/quotes with an unknown name and nothing close suggests nothing', async () => {
    const { handlers } = setup();
    const out = await handlers.handle(req('quotes', 'Bambang').request);
    expect(out.outcome).toBe('not-found');
    expect(textOf(out.documents)).not.toContain('Maksud Anda');
  });

  test.each(quoteNames)('/quotes $input -> $problem', async ({ input, problem }) => {
    const { handlers, quotesDocument } = setup();
    const arg = input === 'REPEAT500' ? 'a'.repeat(500) : input;
    const out = await handlers.handle(req('quotes', arg).request);
    expect(out.outcome).toBe('invalid');
    expect(quotesDocument).not.toHaveBeenCalled();
    const t = textOf(out.documents);
    expect(t).toContain('/quotes lavrov');
    if (problem === 'name-too-long') expect(t).toContain(String(MAX_NAME_LENGTH));
    expect(t).not.toContain('<script>');
  });

  test('/digest answers with the digest document, or says there is nothing yet', async () => {
    const { handlers } = setup();
    expect(textOf((await handlers.handle(req('digest').request)).documents)).toBe('DIGEST BODY');
    const empty = setup({ digestDocument: () => null });
    const out = await empty.handlers.handle(req('digest').request);
    expect(out.outcome).toBe('ok');
    expect(textOf(out.documents)).toMatch(/Belum ada berita/);
  });

  test('/status shows the subscription, the next digest and today\'s stories', async () => {
    const { handlers } = setup();
    const none = textOf((await handlers.handle(req('status').request)).documents);
    expect(none).toMatch(/tidak ada/);
    await handlers.handle(req('subscribe', '07:00').request);
    const t = textOf((await handlers.handle(req('status').request)).documents);
    expect(t).toContain('07:00 WIB');
    // 2026-11-23 06:50 UTC is 13:50 WIB on Monday: today's 07:00 digest has not gone out, so it leaves at the next tick.
    expect(t).toMatch(/Ringkasan berikutnya: hari ini, segera/);
    expect(t).toMatch(/Cerita hari ini: 4/);
    expect(t).toMatch(/Artikel tersimpan: 12/);
  });

  test('/sources lists outlets with a picker; picks by admins only; a menu pick keeps outlets it did not show', async () => {
    const { handlers, subscriptions } = setup();
    await subscriptions.subscribe(GROUP, '07:00', 'Asia/Jakarta');
    const listed = await handlers.handle(req('sources', '', { chat: GROUP, kind: 'group' }).request);
    expect(listed.picker?.options.map((o) => [o.label, o.selected])).toEqual([['Contoh', true], ['contoh.id', true]]);
    const [first, second] = listed.picker!.options;
    const pick = (admin: boolean, values: string[], shown: string[]) =>
      handlers.choose({ picker: 'sources', values, shown, chat: GROUP, chatKind: 'group', userId: '1', isAdmin: async () => admin });
    expect((await pick(false, [], [first!.value, second!.value])).outcome).toBe('refused');
    const after = await pick(true, [], [first!.value]);
    expect(after.picker?.options.map((o) => o.selected)).toEqual([false, true]);
    expect(textOf(after.documents)).toMatch(/mengikuti 1 dari 2 media: contoh\.id/);
    const toggled = await handlers.choose({ picker: 'sources', toggle: 'all', chat: GROUP, chatKind: 'group', userId: '1', isAdmin: async () => true });
    expect(toggled.picker?.options.every((o) => o.selected)).toBe(true);
  });

  test('/status after today\'s digest went out names tomorrow; before the time, today', async () => {
    const deliveries = createMemoryDeliveryStore();
    const { handlers, subscriptions } = setup({ deliveries });
    await handlers.handle(req('subscribe', '07:00').request);
    const sub = (await subscriptions.get(PRIVATE))!;
    await deliveries.begin(sub.id, '2026-11-23', []);
    expect(textOf((await handlers.handle(req('status').request)).documents)).toContain('Selasa, 24 November 2026 pukul 07:00 WIB');
    await handlers.handle(req('settime', '20:00').request);
    expect(textOf((await handlers.handle(req('status').request)).documents)).toContain('Selasa, 24 November 2026 pukul 20:00 WIB');
    await handlers.handle(req('settime', '18:00 WITA').request);
    // 13:50 WIB is 14:50 WITA, and the WITA date 2026-11-23 already has its delivery.
    expect(textOf((await handlers.handle(req('status').request)).documents)).toContain('Selasa, 24 November 2026 pukul 18:00 WITA');
  });

  test.each([
    ['07:00 WITA', '07:00', 'Asia/Makassar'],
    ['pukul 6 WIT', '06:00', 'Asia/Jayapura'],
    ['06.30 asia/makassar', '06:30', 'Asia/Makassar'],
    ['WITA', '07:00', 'Asia/Makassar'],
    ['08:15 Europe/Berlin', '08:15', 'Europe/Berlin'],
    ['09:00 wib', '09:00', 'Asia/Jakarta'],
  ])('/settime %s -> %s %s', async (input, time, zone) => {
    const { handlers, subscriptions } = setup();
    await handlers.handle(req('subscribe', '07:00').request);
    const answer = await handlers.handle(req('settime', input).request);
    expect(answer.outcome).toBe('ok');
    expect(await subscriptions.get(PRIVATE)).toMatchObject({ time, timeZone: zone });
  });

  test.each([
    ['07:00 XYZ', /Zona waktu/],
    ['07:00 Mars/Olympus', /Zona waktu/],
    ['Asia/Atlantis', /Zona waktu/],
    ['25:00 WITA', /HH:MM/],
    ['WITA WIT', /HH:MM/],
  ])('/settime %s is refused and changes nothing', async (input, reason) => {
    const { handlers, subscriptions } = setup();
    await handlers.handle(req('subscribe', '07:00').request);
    const answer = await handlers.handle(req('settime', input).request);
    expect(answer.outcome).toBe('invalid');
    expect(textOf(answer.documents)).toMatch(reason);
    expect(await subscriptions.get(PRIVATE)).toMatchObject({ time: '07:00', timeZone: 'Asia/Jakarta' });
  });

  test('/subscribe 06:00 WITA subscribes in that zone', async () => {
    const { handlers, subscriptions } = setup();
    const answer = await handlers.handle(req('subscribe', '06:00 WITA').request);
    expect(textOf(answer.documents)).toContain('06:00 WITA');
    expect(await subscriptions.get(PRIVATE)).toMatchObject({ time: '06:00', timeZone: 'Asia/Makassar' });
  });

  test.each(inactiveReasons)('/status explains an inactive subscription: %s -> %s', async (reason, label) => {
    const { handlers, subscriptions } = setup();
    await subscriptions.subscribe(PRIVATE, '07:00', 'Asia/Jakarta');
    await subscriptions.unsubscribe(PRIVATE, reason);
    const t = textOf((await handlers.handle(req('status').request)).documents);
    expect(t).toContain(`tidak aktif (${label})`);
    expect(t).not.toContain(reason.length > 20 ? reason : '\u0000');
  });

  test('/sources lists the configured feeds and the seed count', async () => {
    const { handlers } = setup();
    const t = textOf((await handlers.handle(req('sources').request)).documents);
    expect(t).toContain('https://example.com/rss');
    expect(t).toContain('https://contoh.id/feed');
    expect(t).toMatch(/Artikel contoh: 5/);
  });

  test('commands are rate limited per user, with one notice per window', async () => {
    const { handlers, advance } = setup({ rateLimit: { capacity: 2, refillMs: 5000 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) outcomes.push((await handlers.handle(req('help').request)).outcome);
    expect(outcomes).toEqual(['ok', 'ok', 'rate-limited', 'silent', 'silent']);
    // Silenced commands send nothing, but carry the notice for platforms that must answer privately.
    const silenced = await handlers.handle(req('help').request);
    expect(silenced.documents).toEqual([]);
    expect(textOf(silenced.privateNotice ? [silenced.privateNotice] : [])).toMatch(/Coba lagi dalam \d+ detik/);
    expect((await handlers.handle(req('help', '', { user: '2' }).request)).outcome).toBe('ok');
    advance(5000);
    expect((await handlers.handle(req('help').request)).outcome).toBe('ok');
  });

  test('a rate-limit refusal says how long to wait', async () => {
    const { handlers } = setup({ rateLimit: { capacity: 1, refillMs: 8000 } });
    await handlers.handle(req('help').request);
    const out = await handlers.handle(req('help').request);
    expect(textOf(out.documents)).toContain('8 detik');
  });

  test('a failing dependency becomes an error answer and a log line, never a throw', async () => {
    const { handlers, logged } = setup({
      digestDocument: () => {
        throw new Error('boom');
      },
    });
    const out = await handlers.handle(req('digest').request);
    expect(out.outcome).toBe('error');
    expect(textOf(out.documents)).toMatch(/kesalahan/);
    expect(logged).toEqual(['command failed']);
  });

  test('unknown commands get a hint in private chats and silence in groups', async () => {
    const { handlers } = setup();
    const p = await handlers.handle(req('frobnicate').request);
    expect(p.outcome).toBe('unknown');
    expect(textOf(p.documents)).toContain('/help');
    const g = await handlers.handle(req('frobnicate', '', { chat: GROUP, kind: 'group' }).request);
    expect(g).toEqual({ outcome: 'unknown', documents: [] });
  });

  test('command names match case-insensitively', async () => {
    const { handlers, subscriptions } = setup();
    expect((await handlers.handle(req('SUBSCRIBE', '8').request)).outcome).toBe('ok');
    expect((await subscriptions.get(PRIVATE))?.time).toBe('08:00');
  });
});

describe('every answer to any input renders to messages Telegram accepts', () => {
  test('answers about another chat, whatever its title', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (title) => {
        const docs = [
          forRemoteChat(title, subscribedDocument({ outcome: 'subscribed', time: '07:00', timeZone: 'Asia/Jakarta' })),
          remoteChatNotFoundDocument(title),
          notRemoteAdminDocument(title),
          botNotAdminDocument(title),
        ];
        for (const doc of docs) {
          for (const html of renderTelegram(doc)) {
            const parsed = parseTelegramHtml(html);
            expect(parsed).toMatchObject({ ok: true });
            // Titles are clipped: a hostile title cannot blow up the answer.
            if (parsed.ok) expect(parsed.text.length).toBeLessThan(400);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  const names = [...COMMANDS.map((c) => c.name), 'unknown', 'x'];
  const hostile = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 600 }),
    fc.constantFrom('<script>alert(1)</script>', '&amp;&', '25:99', '7', '@everyone', '<b>', '</i>', '\u0000', '😀'.repeat(300)),
  );
  test('handle -> renderTelegram -> strict Telegram HTML parse, 1..4096 characters', async () => {
    const { handlers } = setup({ rateLimit: { capacity: 1_000_000 } });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        hostile,
        fc.constantFrom<ChatKind>('private', 'group', 'channel'),
        fc.boolean(),
        async (name, args, kind, admin) => {
          const out = await handlers.handle(req(name, args, { kind, chat: kind === 'private' ? PRIVATE : GROUP, admin }).request);
          expect(out.outcome).not.toBe('error');
          for (const doc of out.documents) {
            const parts = renderTelegram(doc);
            expect(parts.length).toBeGreaterThan(0);
            for (const html of parts) {
              const parsed = parseTelegramHtml(html);
              expect(parsed).toMatchObject({ ok: true });
              if (parsed.ok) {
                expect(parsed.text.trim().length).toBeGreaterThan(0);
                expect(parsed.text.length).toBeLessThanOrEqual(4096);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
