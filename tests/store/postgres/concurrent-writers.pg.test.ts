/**
 * Several kilas processes writing one PostgreSQL database at once: overlapping articles and the same
 * speakers in different orders. Nothing fails (no deadlock), every article is stored once, and the
 * speaker counts equal the stored quotes, without the server ever breaking a deadlock.
 */
import { afterAll, expect, test } from 'vitest';
import type { Subscription } from '../../../src/store/ports.ts';
import { openPostgresStore, type PostgresStore } from '../../../src/store/postgres/postgres-store.ts';
import { createTestDatabase } from '../../helpers/postgres/test-database.ts';
import { article } from '../helpers.ts';

const stores: PostgresStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

const SPEAKERS = ['joko', 'retno', 'sri', 'budi', 'agus', 'dewi'];

/**
 * Writer `w`'s batches: 40 articles of its own and the 20 shared ones (which every writer also
 * saves), their quotes' speakers in a writer-specific order.
 */
function batches(w: number) {
  const order = w % 2 === 0 ? SPEAKERS : [...SPEAKERS].reverse();
  const ids = [...Array.from({ length: 40 }, (_, i) => `w${w}-${i}`), ...Array.from({ length: 20 }, (_, i) => `shared-${i}`)];
  return Array.from({ length: 12 }, (_, b) =>
    Array.from({ length: 5 }, (_, i) => {
      const n = ids[(b * 5 + i + w * 7) % 60]!;
      return article({
        id: `a${n}`,
        url: `https://news.example/${n}`,
        publishedAt: '2026-11-01T00:00:00Z',
        quotes: order.map((key, p) => ({ text: `kutipan ${n} nomor ${p}`, speaker: key.toUpperCase(), speakerKey: key })),
      });
    }),
  );
}

test('four writers saving articles with the same speakers at once: no error, each article once, counts match', async () => {
  const url = await createTestDatabase('writers');
  for (let i = 0; i < 4; i++) stores.push(await openPostgresStore(url, { max: 3 }));
  const outcomes = await Promise.all(
    stores.map(async (store, w) => {
      const all: string[] = [];
      for (const batch of batches(w)) all.push(...(await store.articles.saveArticles(batch)));
      return all;
    }),
  );
  expect(outcomes.flat().filter((o) => o === 'inserted')).toHaveLength(4 * 40 + 20);
  const { pool } = stores[0]!;
  const quotes = await pool.query<{ key: string; n: number }>('SELECT speaker_key AS key, COUNT(*) AS n FROM quotes GROUP BY 1 ORDER BY 1');
  const counted = await pool.query<{ key: string; n: number }>('SELECT key, SUM(count) AS n FROM speakers GROUP BY 1 ORDER BY 1');
  expect(counted.rows).toEqual(quotes.rows);
  expect(quotes.rows.map((r) => r.n)).toEqual(SPEAKERS.map(() => 180));
  // Writers took turns: the server never had to break a deadlock (a retried transaction would hide one).
  const stats = await pool.query<{ deadlocks: number }>('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()');
  expect(stats.rows[0]?.deadlocks).toBe(0);
  // Every process sees every speaker at once.
  for (const store of stores) expect((await store.quotes.quotesBy('dewi', 1000)).length).toBe(180);
});

test('processes beginning the same deliveries at once get one record each, its parts stored once', async () => {
  const url = await createTestDatabase('begins');
  const many = await Promise.all([1, 2, 3, 4].map(() => openPostgresStore(url, { max: 3 })));
  stores.push(...many);
  const subs: Subscription[] = [];
  for (let i = 0; i < 10; i++) subs.push((await many[0]!.subscriptions.subscribe({ platform: 'telegram', chatId: String(i), threadId: null }, '07:00', 'Asia/Jakarta')).subscription);
  const records = await Promise.all(
    many.flatMap((store, w) => subs.map((s) => store.deliveries.begin(s.id, '2026-12-02', [{ index: 0, payload: `dari ${w}` }, { index: 1, payload: 'dua' }]))),
  );
  for (const s of subs) {
    const mine = records.filter((r) => r.subscriptionId === s.id);
    expect(mine).toHaveLength(4);
    for (const r of mine) expect(r).toEqual(mine[0]);
  }
  const { rows } = await many[0]!.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM delivery_parts');
  expect(rows[0]?.n).toBe(20);
});
