/** The multi-process crash test (crash-scenario.ts) on PostgreSQL: SKIP LOCKED claims, the rate budget in the database. */
import { createTestDatabase } from '../../helpers/postgres/test-database.ts';
import type { Backend } from './backends.ts';
import { crashWorkersScenario } from './crash-scenario.ts';

const postgres: Backend = { name: 'PostgreSQL database', database: () => createTestDatabase('crash') };

crashWorkersScenario(postgres);
