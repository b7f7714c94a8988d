/**
 * Configuration: read once from the environment over `.env`, validated as a whole before anything
 * starts (every problem named at once, exit 2), shown by `kilas config` with secrets masked.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadConfig, withDotEnv } from '../../src/config.ts';
import { ConfigInvalidError } from '../../src/errors.ts';
import { runKilas } from './cli-helpers.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kilas-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigInvalidError) return [...error.problems];
    throw error;
  }
};

describe('validation of the whole environment', () => {
  test.each([
    ['KILAS_POLL_CRON', '*/15 * * *  * * *'],
    ['KILAS_POLL_CRON', '61 * * * *'],
    ['KILAS_POLL_CRON', 'every hour'],
    ['KILAS_TZ', 'Asia/Jakartaa'],
    ['KILAS_TZ', 'WIB'],
    ['KILAS_DIGEST_TIME', '7:00'],
    ['KILAS_DIGEST_TIME', '24:00'],
    ['TELEGRAM_API_ROOT', 'ftp://x'],
    ['TELEGRAM_API_ROOT', 'api.telegram.org'],
    ['DISCORD_API_BASE', 'file:///etc/passwd'],
    ['KILAS_LOG_LEVEL', 'verbose'],
    ['KILAS_HTTP_PORT', '70000'],
    ['KILAS_HTTP_PORT', 'abc'],
    ['DISCORD_APP_ID', 'my-app'],
  ])('%s=%s is refused by name', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  test('valid values pass and land in the config', () => {
    const config = loadConfig({ KILAS_POLL_CRON: '0 */2 * * *', KILAS_TZ: 'Asia/Makassar', KILAS_DIGEST_TIME: '06:30', KILAS_HTTP_PORT: '9464' });
    expect(config).toMatchObject({ pollCron: '0 */2 * * *', timeZone: 'Asia/Makassar', digestTime: '06:30', httpPort: 9464 });
  });

  test('every problem is listed at once; DISCORD_TOKEN without DISCORD_APP_ID is one of them', () => {
    const problems = problemsOf({
      KILAS_POLL_CRON: 'x',
      KILAS_TZ: 'Mars/Olympus',
      KILAS_DIGEST_TIME: '25:00',
      TELEGRAM_API_ROOT: 'ftp://x',
      DISCORD_TOKEN: 'abc.def.ghi',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      ['DISCORD_APP_ID', 'KILAS_DIGEST_TIME', 'KILAS_POLL_CRON', 'KILAS_TZ', 'TELEGRAM_API_ROOT'].sort(),
    );
  });

  test('kilas start with a bad configuration exits 2 before anything is opened or loaded', async () => {
    const db = join(dir, 'never.db');
    const run = await runKilas(
      ['start'],
      { TELEGRAM_BOT_TOKEN: '1:x', KILAS_DB: db, KILAS_POLL_CRON: '*/15 * * *  * * *', KILAS_TZ: 'Jakarta', KILAS_DIGEST_TIME: '7', TELEGRAM_API_ROOT: 'ftp://x' },
      dir,
    );
    expect(run.code).toBe(2);
    for (const name of ['KILAS_POLL_CRON', 'KILAS_TZ', 'KILAS_DIGEST_TIME', 'TELEGRAM_API_ROOT']) expect(run.stderr).toContain(name);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(db)).toBe(false);
  });

  test.each([['digest'], ['quotes', 'lavrov'], ['ingest']])('kilas %s checks the configuration too (exit 2)', async (...argv) => {
    const run = await runKilas(argv, { KILAS_TZ: 'Nowhere/City', KILAS_DB: join(dir, 'x.db') }, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/KILAS_TZ: /);
  });
});

describe('.env', () => {
  test('is read from the working folder; the real environment wins over it', async () => {
    writeFileSync(join(dir, '.env'), "KILAS_TZ=Asia/Makassar\nKILAS_POLL_CRON='0 * * * *'\nKILAS_DIGEST_TIME=06:00\n");
    const run = await runKilas(['config'], { KILAS_DIGEST_TIME: '08:15' }, dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^KILAS_TZ\s+Asia\/Makassar$/m);
    expect(run.stdout).toMatch(/^KILAS_POLL_CRON\s+0 \* \* \* \*$/m);
    expect(run.stdout).toMatch(/^KILAS_DIGEST_TIME\s+08:15$/m);
  });

  test('a bad value in .env is reported like one in the environment', async () => {
    writeFileSync(join(dir, '.env'), 'KILAS_POLL_CRON=*/15 * * * * * *\n');
    const run = await runKilas(['config'], {}, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('KILAS_POLL_CRON');
  });

  test('KILAS_ENV_FILE names another file; a named file that is missing is an error; empty reads none', () => {
    writeFileSync(join(dir, 'prod.env'), 'KILAS_TZ=Asia/Jayapura\n');
    expect(withDotEnv({ KILAS_ENV_FILE: 'prod.env' }, dir)['KILAS_TZ']).toBe('Asia/Jayapura');
    expect(() => withDotEnv({ KILAS_ENV_FILE: 'missing.env' }, dir)).toThrow(/missing\.env/);
    writeFileSync(join(dir, '.env'), 'KILAS_TZ=Asia/Jayapura\n');
    expect(withDotEnv({ KILAS_ENV_FILE: '' }, dir)['KILAS_TZ']).toBeUndefined();
  });

  test('.env is ignored by git, .env.example is not', () => {
    const ignored = execFileSync('git', ['check-ignore', '--no-index', '.env', '.env.example'], { cwd: REPO, encoding: 'utf8' }).split('\n');
    expect(ignored).toContain('.env');
    expect(ignored).not.toContain('.env.example');
  });

  test('.env.example reads the same in a POSIX shell (set -a; . ./.env) as in kilas, and is valid', () => {
    const fromShell = JSON.parse(
      execFileSync('sh', ['-c', 'set -a; . ./.env.example; set +a; node -e "console.log(JSON.stringify(process.env))"'], {
        cwd: REPO,
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '' },
      }),
    ) as Record<string, string>;
    const fromFile = parseEnv(readFileSync(join(REPO, '.env.example'), 'utf8')) as Record<string, string>;
    for (const [name, value] of Object.entries(fromFile)) expect([name, fromShell[name]]).toEqual([name, value]);
    expect(fromShell['KILAS_POLL_CRON']).toBe('*/15 * * * *');
    expect(() => loadConfig(fromFile)).not.toThrow();
  });
});

describe('kilas config', () => {
  test('prints every variable with defaults, secrets masked', async () => {
    const token = '7654321:AAH-very-secret-token-value-0123456789';
    const run = await runKilas(['config'], { TELEGRAM_BOT_TOKEN: token, DISCORD_TOKEN: 'MTIz.discord.secret-token-value', DISCORD_APP_ID: '123456789' }, dir);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('secret-token');
    expect(run.stdout).toMatch(/^TELEGRAM_BOT_TOKEN\s+\*\*\*\*6789 \(\d+ characters\)$/m);
    expect(run.stdout).toMatch(/^KILAS_POLL_CRON\s+\*\/15 \* \* \* \*\s+\(default\)$/m);
    const json = await runKilas(['config', '--json'], { TELEGRAM_BOT_TOKEN: token }, dir);
    expect(JSON.parse(json.stdout)).toMatchObject({ KILAS_TZ: 'Asia/Jakarta', KILAS_HTTP_PORT: null });
    expect(json.stdout).not.toContain('secret-token');
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const run = await runKilas(['--version'], {}, dir);
    expect([run.code, run.stdout]).toEqual([0, `kilas ${pkg.version}\n`]);
  });
});
