/** The multi-process crash test (crash-scenario.ts) on one SQLite file. */
import { sqliteBackend } from './backends.ts';
import { crashWorkersScenario } from './crash-scenario.ts';

crashWorkersScenario(sqliteBackend);
