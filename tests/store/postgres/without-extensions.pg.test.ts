/**
 * A server where kilas may not create extensions (a managed database, a role without CREATE on the
 * database): the store still opens, folds accents without unaccent and searches without pg_trgm.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, test } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../../src/store/postgres/postgres-store.ts';
import { createTestDatabase } from '../../helpers/postgres/test-database.ts';
import { article } from '../helpers.ts';

const stores: PostgresStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

/** The test database, owned schema-wise by a fresh role that may not create extensions in it. */
async function restrictedUrl(): Promise<string> {
  const url = new URL(await createTestDatabase('no_extensions'));
  const role = `kilas_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(8).toString('hex');
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`ALTER SCHEMA public OWNER TO ${role}`);
  } finally {
    await admin.end();
  }
  url.username = role;
  url.password = password;
  return url.toString();
}

test('no unaccent, no pg_trgm: the store opens, accents still fold, word search still works', async () => {
  const store = await openPostgresStore(await restrictedUrl());
  stores.push(store);
  expect(store.extensions).toEqual({ trigrams: false, unaccent: false });
  await store.articles.saveArticles([
    article({ id: 'a1', publishedAt: '2026-11-20T01:00:00Z', quotes: [{ text: 'Kami sepakat dengan José Manuel Albares soal Gaza', speaker: 'Retno Marsudi', speakerKey: 'marsudi' }] }),
    article({ id: 'a2', publishedAt: '2026-11-21T01:00:00Z', quotes: [{ text: 'Kebijakannya tidak berubah', speaker: 'Sri Mulyani', speakerKey: 'mulyani' }] }),
  ]);
  const ids = async (text: string) => (await store.quotes.searchQuotes(text, 10)).flatMap((h) => h.articleIds);
  expect(await ids('jose albares')).toEqual(['a1']);
  expect(await ids('JOSÉ')).toEqual(['a1']);
  expect(await ids('kebijakan')).toEqual(['a2']);
  expect(await ids('marsudi')).toEqual(['a1']);
  expect(await ids('xqzwv')).toEqual([]);
  expect((await store.quotes.quotesBy('Mulyani', 5)).map((h) => h.text)).toEqual(['Kebijakannya tidak berubah']);
});
