/**
 * A fresh, empty PostgreSQL database per test file on the run's server (see global-setup.ts):
 * files running in parallel never see each other's rows, and nothing needs cleaning between files.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The run server's superuser URL with another database name. */
export function databaseUrl(name: string): string {
  const url = new URL(inject('kilasPostgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates an empty database named after `label` plus a random suffix and returns its URL.
 * Databases live as long as the run's server (removed with it).
 */
export async function createTestDatabase(label = 'kilas'): Promise<string> {
  const name = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('kilasPostgresUrl') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}
