/**
 * The third platform, added as one folder (src/platforms/console/) and one registry line: the whole
 * app (createApp, as `kilas start` runs it) with KILAS_CONSOLE=on and no Telegram or Discord. A chat
 * on the console subscribes by typing `/subscribe` on its input stream; the scheduled digest then
 * reaches its output stream through the same delivery path as every platform: the registry's limits
 * in the shared pacer, the delivery record in SQLite, the catch-up that never sends it twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createTask } from 'node-cron';
import { afterEach, describe, expect, test } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { RawArticle } from '../../src/core/model/index.ts';
import { createIngestService } from '../../src/ingest/ingest-service.ts';
import { silentLogger } from '../../src/logger.ts';
import { parseCommandLine } from '../../src/platforms/console/adapter.ts';
import { PLATFORMS, platformNamed } from '../../src/platforms/registry.ts';
import { REPO, recordingLogger, shiftedClock, tempDb, until } from './telegram-harness.ts';

let app: App | null = null;
const db = tempDb();
const { clock: movingClock, setNow } = shiftedClock();

afterEach(async () => {
  await app?.stop();
  app = null;
});

/** The console's streams: what the test types, and everything printed so far. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  return { input, output, printed: () => printed, type: (line: string) => input.write(`${line}\n`) };
}

describe('the console platform', () => {
  test('is one registry entry: a name, no limits, its own variable, no adapter loaded until started', () => {
    const consoleModule = platformNamed('console');
    expect(PLATFORMS.map((p) => p.name)).toEqual(['telegram', 'discord', 'console']);
    expect(consoleModule?.limits.global).toBeNull();
    expect(Object.keys(consoleModule?.config.variables ?? {})).toEqual(['KILAS_CONSOLE']);
    expect(loadConfig({}).platforms).toEqual({});
    expect(loadConfig({ KILAS_CONSOLE: 'on' }).platforms).toEqual({ console: {} });
  });

  test.each([
    ['/subscribe 07:00', ['subscribe', '07:00']],
    ['  /STATUS  ', ['status', '']],
    ['/quotes@kilas lavrov', ['quotes', 'lavrov']],
    ['halo semua', null],
    ['/', null],
  ])('reads %j as %j', (line, expected) => {
    expect(parseCommandLine(line)).toEqual(expected);
  });

  test('subscribe by typing, then the scheduled digest arrives on the output, once', async () => {
    setNow('2026-11-22T22:00:00Z'); // 05:00 WIB
    const tty = terminal();
    const config = loadConfig({ KILAS_CONSOLE: 'on', KILAS_DB: join(db.path('console').replace(/console$/, ''), 'console.db'), KILAS_FEEDS: '[]', KILAS_TZ: 'Asia/Jakarta' });
    app = createApp(config, {
      cwd: REPO,
      logger: recordingLogger(),
      clock: movingClock,
      cron: (expression, fn, options) => createTask(expression, fn, options),
      stdio: { input: tty.input, output: tty.output },
    });
    expect(await app.start()).toBe('started');
    expect([...app.platforms.keys()]).toEqual(['console']);

    tty.type('/subscribe 07:00');
    await until(() => tty.printed().includes('07:00 WIB'), 'the answer to /subscribe');
    const sub = await app.store.subscriptions.get({ platform: 'console', chatId: 'terminal', threadId: null });
    expect(sub).toMatchObject({ active: true, time: '07:00', timeZone: 'Asia/Jakarta' });

    const fresh = JSON.parse(readFileSync(new URL('../fixtures/bot/fresh-article.json', import.meta.url), 'utf8')) as RawArticle & { title: string };
    expect((await createIngestService({ store: app.store.articles, timeZone: 'Asia/Jakarta', logger: silentLogger }).ingest([fresh])).inserted).toBe(1);
    const beforeDigest = tty.printed().length;
    setNow('2026-11-22T23:59:00Z'); // 06:59 WIB
    expect((await app.scheduler.tick())?.done).toBe(0);
    setNow('2026-11-23T00:00:00Z'); // 07:00 WIB
    expect((await app.scheduler.tick())?.done).toBe(1);
    const digest = tty.printed().slice(beforeDigest);
    expect(digest).toContain(fresh.title);
    expect(digest).toContain('Budi Santoso');
    expect(digest).not.toMatch(/<\/?b>|\*\*/); // plain text, not Telegram HTML or Markdown
    expect(await app.store.deliveries.find(sub!.id, '2026-11-23')).toMatchObject({ state: 'done' });

    setNow('2026-11-23T00:10:00Z');
    expect((await app.scheduler.tick())?.done).toBe(0);
    expect(tty.printed().length).toBe(beforeDigest + digest.length);
  });
});
