/** `kilas start --role …` as real processes (roles-scenario.ts) with KILAS_DB=postgres://…: claims with SKIP LOCKED. */
import { createTestDatabase } from '../../helpers/postgres/test-database.ts';
import type { Backend } from './backends.ts';
import { rolesScenario } from './roles-scenario.ts';

const postgres: Backend = { name: 'PostgreSQL database', database: () => createTestDatabase('roles') };

rolesScenario(postgres);
