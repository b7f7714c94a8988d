/**
 * `kilas start --role …` as real processes on one database (KILAS_DB: a SQLite file or a postgres://
 * URL; run by roles.test.ts and roles.pg.test.ts): the compose topology (one poller, one bot, two
 * delivery workers) against the fake Telegram and a local feed server, and two pollers on the same feeds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.ts';
import { commandUpdate, startFakeTelegram } from '../fake-telegram-server.ts';
import { startKilas, type KilasProcess } from '../kilas-process.ts';
import { openByKilasDb, type Backend } from './backends.ts';

const FEEDS = 3;
const ITEMS = 4;
const CHATS = 24;

/** A paragraph of plain Indonesian-looking text, different per item. */
const paragraph = (feed: number, item: number, k: number) =>
  `Paragraf ${k + 1} berita ${feed}-${item}: pemerintah daerah menyampaikan perkembangan terbaru soal banjir di kawasan pesisir, ` +
  `warga diminta tetap waspada karena curah hujan diperkirakan masih tinggi hingga akhir pekan menurut petugas setempat.`;

/** An RSS feed of ITEMS items published just now; each carries a snippet, its page the full text. */
function rss(feed: number, base: string): string {
  const now = new Date();
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const at = new Date(now.getTime() - (i + 1) * 60_000).toUTCString();
    return `<item><title>Berita ${feed}-${i} banjir pesisir</title><link>${base}/halaman/${feed}-${i}.html</link>
      <guid>${base}/halaman/${feed}-${i}.html</guid><pubDate>${at}</pubDate><description>Ringkasan ${feed}-${i}.</description></item>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kabar ${feed}</title><link>${base}/</link>${items}</channel></rss>`;
}

function page(feed: number, item: number): string {
  const body = Array.from({ length: 5 }, (_, k) => `<p>${paragraph(feed, item, k)}</p>`).join('\n');
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Berita ${feed}-${item} banjir pesisir</title></head>
    <body><header><nav><a href="/">Beranda</a></nav></header><main><article><h1>Berita ${feed}-${item} banjir pesisir</h1>${body}</article></main>
    <footer>Hak cipta</footer></body></html>`;
}

/** The scenarios with their processes on `backend`. */
export function rolesScenario(backend: Backend): void {
  let feeds: FeedServer;
  let dir = '';
  const running: KilasProcess[] = [];

  beforeAll(async () => {
    feeds = await startFeedServer();
    for (let f = 0; f < FEEDS; f++) {
      feeds.route(`/feed${f}.xml`, (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss(f, feeds.baseUrl)));
      for (let i = 0; i < ITEMS; i++) {
        feeds.route(`/halaman/${f}-${i}.html`, (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(f, i)));
      }
    }
  });
  afterAll(async () => {
    await feeds.close();
  });
  afterEach(async () => {
    for (const p of running.splice(0)) {
      p.terminate('SIGKILL');
      await p.exitCode(5000);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function environment(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    dir = mkdtempSync(join(tmpdir(), 'kilas-roles-'));
    const database = await backend.database(dir);
    const list = join(dir, 'feeds.json');
    writeFileSync(list, JSON.stringify({ feeds: Array.from({ length: FEEDS }, (_, f) => ({ url: `${feeds.baseUrl}/feed${f}.xml`, name: `Kabar ${f}` })) }));
    return {
      KILAS_DB: database,
      KILAS_FEEDS: list,
      KILAS_SEEDS: join(dir, 'no-seeds'),
      KILAS_ALLOW_PRIVATE_FETCH: '1',
      KILAS_LOG_LEVEL: 'info',
      KILAS_TZ: 'Asia/Jakarta',
      KILAS_LEASE_SECONDS: '5',
      ...extra,
    };
  }

  const start = (env: Record<string, string>, role: string) => {
    const p = startKilas(env, dir, ['start', '--role', role]);
    running.push(p);
    return p;
  };

  async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** "HH:MM" in Jakarta a few minutes ago: a subscription at that time is due now. */
  function jakartaTimeAgo(minutes: number): string {
    return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(Date.now() - minutes * 60_000));
  }

  describe(`kilas start --role on one ${backend.name}`, () => {
    test('an unknown role stops with exit 2 and says which roles exist', async () => {
      const p = start(await environment({ TELEGRAM_BOT_TOKEN: '1:x' }), 'worker');
      expect(await p.exitCode(30_000)).toBe(2);
      expect(p.stderr()).toMatch(/--role "worker" is not a role: use bot, poller, delivery/);
    });

    test('two pollers on the same feeds: every item stored once, no feed or page fetched twice', async () => {
      const env = await environment();
      const before = (path: string) => feeds.hits(path);
      const feedHits = Array.from({ length: FEEDS }, (_, f) => before(`/feed${f}.xml`));
      const pageHits = new Map<string, number>();
      for (let f = 0; f < FEEDS; f++) for (let i = 0; i < ITEMS; i++) pageHits.set(`/halaman/${f}-${i}.html`, before(`/halaman/${f}-${i}.html`));
      const pollers = [start(env, 'poller'), start(env, 'poller')];
      await until('both pollers started', () => pollers.every((p) => p.stderr().includes('kilas started')));
      for (let f = 0; f < FEEDS; f++) expect(feeds.hits(`/feed${f}.xml`) - (feedHits[f] as number)).toBe(1);
      for (const [path, n] of pageHits) expect(feeds.hits(path) - n, path).toBe(1);
      const store = await openByKilasDb(env['KILAS_DB'] as string, { readonly: true });
      try {
        const articles = await store.articles.articleCount();
        expect(articles).toBe(FEEDS * ITEMS);
        const fetched = (paths: Iterable<[string, number]>) => [...paths].reduce((n, [path, was]) => n + feeds.hits(path) - was, 0);
        process.stdout.write(
          `two pollers on ${backend.name}: ${articles} articles stored, ${fetched(feedHits.map((n, f) => [`/feed${f}.xml`, n]))} feed fetches for ${FEEDS} feeds, ` +
            `${fetched(pageHits)} page fetches for ${pageHits.size} pages\n`,
        );
      } finally {
        await store.close();
      }
      for (const p of pollers) p.terminate();
      for (const p of pollers) expect(await p.exitCode(15_000)).toBe(0);
    }, 120_000);

    test('the compose topology: one poller, one bot, two delivery workers; each chat gets its digest once, commands are answered', async () => {
      const tg = await startFakeTelegram({ perChatIntervalMs: 1000, globalPerSecond: 30, maxPollMs: 1000 });
      try {
        const env = await environment({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot });
        // The chats subscribed a few minutes before now: their digest is due as the workers start.
        const seeded = await openByKilasDb(env['KILAS_DB'] as string);
        const time = jakartaTimeAgo(2);
        for (let i = 0; i < CHATS; i++) await seeded.subscriptions.subscribe({ platform: 'telegram', chatId: String(5000 + i), threadId: null }, time, 'Asia/Jakarta');
        await seeded.close();
        const poller = start(env, 'poller');
        await until('the poller stored the news', () => poller.stderr().includes('kilas started'));
        const bot = start(env, 'bot');
        const workers = [start(env, 'delivery'), start(env, 'delivery')];
        await until('every chat got its digest', () => Array.from({ length: CHATS }, (_, i) => tg.messagesFor(5000 + i).length).every((n) => n >= 1), 90_000);
        await until('the bot is polling', () => bot.stderr().includes('kilas started'));
        tg.pushUpdate(commandUpdate({ chat: { id: 777, type: 'private' }, text: '/start' }));
        await until('the bot answered /start', () => tg.messagesFor(777).length === 1, 30_000);
        // Stopped only once each has started (a SIGTERM while Node still loads kilas has no handler yet).
        await until('every process started', () => [poller, bot, ...workers].every((p) => p.stderr().includes('kilas started')), 60_000);
        for (const p of [poller, bot, ...workers]) p.terminate();
        for (const p of [poller, bot, ...workers]) expect(await p.exitCode(15_000), p.stderr().slice(-2000)).toBe(0);

        const store = await openByKilasDb(env['KILAS_DB'] as string, { readonly: true });
        try {
          const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(Date.now() - 2 * 60_000));
          let byWorker = 0;
          for (const sub of await store.subscriptions.listActive()) {
            const rec = await store.deliveries.find(sub.id, today);
            expect(rec?.state).toBe('done');
            // Exactly the recorded parts reached the chat: nothing lost, nothing twice.
            expect(tg.messagesFor(sub.chat.chatId).map((m) => String(m.messageId))).toEqual(rec?.parts.map((p) => p.messageId));
            byWorker += rec?.parts.length ?? 0;
          }
          expect(byWorker).toBeGreaterThanOrEqual(CHATS);
          // The bot process sends no digest, the delivery processes answer no command.
          expect(bot.stderr()).not.toMatch(/fan-out finished/);
          for (const w of workers) expect(w.stderr()).not.toMatch(/getUpdates|telegram bot started/);
          expect(workers.filter((w) => /fan-out finished|resume finished/.test(w.stderr())).length).toBeGreaterThanOrEqual(1);
          process.stdout.write(`roles topology on ${backend.name}: ${CHATS} chats, ${byWorker} digest messages, ${tg.tooManyRequests()} 429s from the fake\n`);
        } finally {
          await store.close();
        }
      } finally {
        await tg.close();
      }
    }, 180_000);
  });
}
