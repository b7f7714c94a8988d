/**
 * Secrets never reach a log line or an error text: the configured tokens (also URL-encoded), a Bot
 * API path an error echoes, a Discord token, a database URL's password. End to end: `kilas start`
 * against a Bot API that echoes the request path (with the token) in its error description.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createRedactor, describeError } from '../../src/redact.ts';
import { startKilas } from '../e2e/kilas-process.ts';

const TG_TOKEN = '987654321:AAE_secretTelegramTokenValue_0123456789';
const DISCORD_TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.secretDiscordTokenPart_0123456789abc';

describe('the redactor', () => {
  const redact = createRedactor([TG_TOKEN, DISCORD_TOKEN]);
  test.each([
    ['a configured token', `token is ${TG_TOKEN}`],
    ['a URL-encoded token', `GET /bot${encodeURIComponent(TG_TOKEN)}/getMe`],
    ['a Bot API path with another token', 'request to https://api.telegram.org/bot111222333:AAAbbbCCCdddEEEfffGGGhhh/getUpdates failed'],
    ['a Discord token', `Authorization: Bot ${DISCORD_TOKEN}`],
    ['an unknown Discord-shaped token', 'token MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.AbCdEf.abcdefghijklmnopqrstuvwxyz0123'],
    ['a postgres password', 'connect to postgres://kilas:s3cr3t-pa55@db.internal:5432/kilas failed'],
  ])('%s is masked', (_what, text) => {
    const out = redact(text);
    expect(out).toContain('[redacted]');
    for (const secret of ['secretTelegramTokenValue', 'secretDiscordTokenPart', 'AAAbbbCCC', 's3cr3t-pa55', 'abcdefghijklmnopqrstuvwxyz0123']) {
      expect(out).not.toContain(secret);
    }
  });

  test('ordinary text is left alone', () => {
    const text = 'feed failed feed="https://contoh.id/rss" reason="HTTP 500" at 12:30:45';
    expect(redact(text)).toBe(text);
  });

  test('the logger redacts every line, error causes included, and escapes control characters', () => {
    let out = '';
    const logger = createLogger('debug', { write: (c: string) => (out += c) }, redact);
    const inner = new Error(`request to http://127.0.0.1/bot${TG_TOKEN}/getMe failed, reason: connect ECONNREFUSED`);
    logger.error('telegram failed', { error: new Error('Network request failed', { cause: inner }), url: `postgres://u:hunter2pass@h/db` });
    logger.warn('feed title \u001b[31mred\u0007 \u009b2J');
    expect(out).toContain('ECONNREFUSED');
    expect(out).not.toContain('secretTelegramTokenValue');
    expect(out).not.toContain('hunter2pass');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out.trim().split('\n')).toHaveLength(2);
  });

  test('describeError follows causes once each', () => {
    const e = new Error('outer', { cause: new Error('inner', { cause: 'root' }) });
    expect(describeError(e)).toBe('outer: inner: root');
  });
});

describe('kilas start against a Bot API that echoes the request path in its errors', () => {
  let server: Server;
  let apiRoot = '';
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kilas-redact-'));
    server = createServer((req, res) => {
      const body = JSON.stringify({ ok: false, error_code: 401, description: `Unauthorized: invalid token in ${req.url ?? ''}` });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test('the exit line names the problem without the token', async () => {
    writeFileSync(join(dir, 'feeds.json'), '{"feeds":[]}');
    const kilas = startKilas(
      { TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_API_ROOT: apiRoot, KILAS_DB: join(dir, 'k.db'), KILAS_FEEDS: join(dir, 'feeds.json'), KILAS_LOG_LEVEL: 'debug' },
      dir,
    );
    expect(await kilas.exitCode(30_000)).toBe(1);
    const stderr = kilas.stderr();
    expect(stderr).toMatch(/TELEGRAM_BOT_TOKEN was refused/);
    expect(stderr).toContain('[redacted]');
    expect(stderr).not.toContain('secretTelegramTokenValue');
    expect(stderr).not.toContain(encodeURIComponent(TG_TOKEN));
  }, 40_000);
});
