import { defineConfig } from 'vitest/config';

// Two projects: unit tests touch no database, network or child process; integration tests use real
// SQLite files, local HTTP/WebSocket servers and child processes. `npm test` runs both.
const integration = ['tests/store/**/*.test.ts', 'tests/sources/**/*.test.ts', 'tests/ingest/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: integration } },
      { extends: true, test: { name: 'integration', include: integration } },
    ],
  },
});
