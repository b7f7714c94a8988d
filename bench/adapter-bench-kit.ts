/**
 * What the Discord and Telegram adapter benches share: a throw-away SQLite store, command handlers
 * that answer at once (no digest to build, a generous rate limit), and latency figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandHandlers, type CommandHandlers } from '../src/bot/commands.ts';
import { paragraph, simpleDocument } from '../src/format/document.ts';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { newsOf } from '../src/store/ports.ts';

/** The value below which `p` percent of `xs` lie (nearest rank); NaN for no values. */
export const percentile = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** A duration in ms as the benches print it. */
export const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A store in a new temporary directory; `dispose` closes it and removes the directory. */
export function openBenchStore(prefix: string): { store: SqliteStore; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = openSqliteStore(join(dir, 'bench.db'));
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Command handlers over `store` that never build a digest, limited to `capacity` commands per user. */
export function benchCommandHandlers(store: SqliteStore, capacity: number): CommandHandlers {
  return createCommandHandlers({
    subscriptions: store.subscriptions,
    news: newsOf(store),
    digestDocument: () => null,
    storiesToday: () => 0,
    quotesDocument: (q) => simpleDocument(paragraph(q)),
    clock: () => new Date(),
    defaultTime: '07:00',
    timeZone: 'Asia/Jakarta',
    rateLimit: { capacity },
  });
}
