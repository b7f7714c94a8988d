/**
 * The work-claims and rate-budget contract (work-contract.ts) on the in-memory stores and on SQLite,
 * where two connections to one file stand for two processes.
 */
import { afterAll, describe } from 'vitest';
import { createMemoryRateBudget, createMemoryWorkClaims } from '../../src/bot/memory-work.ts';
import { openDatabase, type SqliteDatabase } from '../../src/store/sqlite/sqlite-database.ts';
import { createSqliteRateBudget, createSqliteWorkClaims } from '../../src/store/sqlite/work-store.ts';
import { tempDir } from './helpers.ts';
import { budgetContract, claimsContract, type Pair } from './work-contract.ts';

const dir = tempDir();
const opened: SqliteDatabase[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  dir.cleanup();
});

let files = 0;
const sqlitePair = <T>(make: (db: SqliteDatabase) => T): Pair<T> => {
  const path = dir.file(`w${files++}.db`);
  const a = openDatabase(path);
  const b = openDatabase(path);
  opened.push(a, b);
  return { a: make(a), b: make(b) };
};

const shared = <T>(one: T): Pair<T> => ({ a: one, b: one });

describe('work claims: memory', () => claimsContract(() => shared(createMemoryWorkClaims())));
describe('work claims: sqlite, two connections', () => claimsContract(() => sqlitePair(createSqliteWorkClaims)));
describe('rate budget: memory', () => budgetContract(() => shared(createMemoryRateBudget())));
describe('rate budget: sqlite, two connections', () => budgetContract(() => sqlitePair(createSqliteRateBudget)));
