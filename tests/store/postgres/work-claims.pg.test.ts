/** The work-claims and rate-budget contract (work-contract.ts) on PostgreSQL: two pools stand for two processes. */
import { afterAll, describe } from 'vitest';
import { createPool, type PgPool } from '../../../src/store/postgres/pool.ts';
import { migratePostgres } from '../../../src/store/postgres/migrate.ts';
import { createPgRateBudget, createPgWorkClaims } from '../../../src/store/postgres/work-store.ts';
import { createTestDatabase } from '../../helpers/postgres/test-database.ts';
import { budgetContract, claimsContract, type Pair } from '../work-contract.ts';

const pools: PgPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

const pgPair = async <T>(make: (pool: PgPool) => T): Promise<Pair<T>> => {
  const url = await createTestDatabase('work');
  const a = createPool(url, { max: 4 });
  const b = createPool(url, { max: 4 });
  pools.push(a, b);
  await Promise.all([migratePostgres(a), migratePostgres(b)]);
  return { a: make(a), b: make(b) };
};

describe('work claims: postgres, two pools', () => claimsContract(() => pgPair(createPgWorkClaims)));
describe('rate budget: postgres, two pools', () => budgetContract(() => pgPair(createPgRateBudget)));
