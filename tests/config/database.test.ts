/** KILAS_DB selects the store: a SQLite path (default) or a PostgreSQL URL, validated before anything opens. */
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ConfigInvalidError } from '../../src/errors.ts';

describe('KILAS_DB', () => {
  test.each([
    [undefined, { kind: 'sqlite', path: 'data/kilas.db' }],
    ['', { kind: 'sqlite', path: 'data/kilas.db' }],
    ['/var/lib/kilas/kilas.db', { kind: 'sqlite', path: '/var/lib/kilas/kilas.db' }],
    ['postgres.db', { kind: 'sqlite', path: 'postgres.db' }],
    ['postgres://kilas:s3cr%40t@db:5432/kilas', { kind: 'postgres', url: 'postgres://kilas:s3cr%40t@db:5432/kilas', password: 's3cr@t' }],
    ['postgresql://db.internal/kilas?sslmode=require', { kind: 'postgres', url: 'postgresql://db.internal/kilas?sslmode=require', password: null }],
    ['  POSTGRES://u:p@h/d  ', { kind: 'postgres', url: 'POSTGRES://u:p@h/d', password: 'p' }],
  ])('%j selects %j', (value, expected) => {
    expect(loadConfig({ KILAS_DB: value }).database).toEqual(expected);
  });

  test.each([
    ['postgres://kilas:hunter22@/kilas', /not a valid URL/],
    ['postgres:///kilas', /needs a host and a database/],
    ['postgres://kilas:hunter22@db:5432/', /needs a host and a database/],
    ['postgres://kilas:hunter22@db:port/kilas', /not a valid URL/],
  ])('%s is refused by name, without its password', (value, message) => {
    let error: unknown;
    try {
      loadConfig({ KILAS_DB: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigInvalidError);
    const text = (error as Error).message;
    expect(text).toMatch(/KILAS_DB/);
    expect(text).toMatch(message);
    expect(text).not.toContain('hunter22');
    if (value.includes('hunter22')) expect(text).toContain('[redacted]');
  });
});

describe('kilas config with a PostgreSQL KILAS_DB', () => {
  test('shows the URL with its password redacted', async () => {
    const { configCommand } = await import('../../src/cli/config-command.ts');
    let out = '';
    const io = { stdout: { write: (c: string) => (out += c) }, stderr: { write: () => true }, env: { KILAS_DB: 'postgres://kilas:hunter22@db:5432/kilas' }, cwd: '/' };
    expect(await configCommand(['--json'], io)).toBe(0);
    const shown = JSON.parse(out) as Record<string, string>;
    expect(shown['KILAS_DB']).toBe('postgres://kilas:[redacted]@db:5432/kilas');
    expect(out).not.toContain('hunter22');
  });
});
