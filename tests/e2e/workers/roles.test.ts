/** `kilas start --role …` as real processes (roles-scenario.ts) on one SQLite file. */
import { sqliteBackend } from './backends.ts';
import { rolesScenario } from './roles-scenario.ts';

rolesScenario(sqliteBackend);
