import { defineConfig } from 'vitest/config';

// Three projects: unit tests touch no database, network or child process; integration tests use real
// SQLite files, local HTTP/WebSocket servers and child processes; `*.pg.test.ts` files also use
// PostgreSQL: their project's global setup starts one embedded server for the run (only when such a
// file runs) and each file makes its own database (tests/helpers/postgres). `npm test` runs all three.
const integration = ['tests/store/**/*.test.ts', 'tests/sources/**/*.test.ts', 'tests/ingest/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/e2e/**/*.test.ts'];
const postgres = ['tests/**/*.pg.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...integration, ...postgres] } },
      { extends: true, test: { name: 'integration', include: integration, exclude: postgres } },
      {
        extends: true,
        test: { name: 'postgres', include: postgres, globalSetup: ['tests/helpers/postgres/global-setup.ts'] },
      },
    ],
  },
});
