/**
 * Vitest global setup of the `postgres` test project: one PostgreSQL server for the whole run,
 * started only when a `*.pg.test.ts` file is part of the run (Vitest sets a project up only then)
 * and stopped (its folder removed) at the end. Test files reach it through `createTestDatabase()`.
 * With KILAS_TEST_POSTGRES_URL set (a superuser URL of a server of your own), nothing is started.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server (its `postgres` database). */
    kilasPostgresUrl: string;
  }
}

/** Starts the server and hands its URL to the test files; returns the teardown. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['KILAS_TEST_POSTGRES_URL'];
  if (external) {
    project.provide('kilasPostgresUrl', external);
    return async () => {};
  }
  const server = await startEmbeddedPostgres();
  if (process.env['KILAS_TEST_POSTGRES_VERBOSE']) console.log(`embedded PostgreSQL on port ${server.port} in ${server.startupMs} ms`);
  project.provide('kilasPostgresUrl', server.url);
  return () => server.stop();
}
