/**
 * Fan-out through 1, 2 and 4 delivery workers sharing PostgreSQL: 100,000 subscriptions get one
 * digest each. Every worker is a real delivery service with its own connection pool, its own claim
 * loop (work rows claimed with FOR UPDATE SKIP LOCKED, leases renewed) and its own pacer whose
 * buckets live in the shared `rate_buckets` table. They send into one fake Telegram that enforces
 * 30 msg/s overall and 1 msg/s per chat with 429s, on a virtual clock: the clock only moves when no
 * promise can run and no database round trip is in flight, so the rates are Telegram's real ones and
 * the database's latency costs wall time, not platform time.
 *
 * The workers run in one process (each with its own pools, pacer and claims, as separate processes
 * would have): separate processes cannot share one virtual clock. Subscriptions and the delivery log
 * are in memory here, since the PostgreSQL delivery store is not built yet; what is shared through
 * PostgreSQL is exactly what the workers coordinate on: the claims and the rate budget.
 *
 * Reports per run: the rate over the busy span against the allowed 30/s (target >= 95 %), 429s
 * (the shared limit exceeded), lost and doubled messages (target 0), and the database work.
 * KILAS_BENCH_SUBSCRIPTIONS overrides the count; KILAS_BENCH_POSTGRES_URL a server of your own.
 */
import pg from 'pg';
import { createClaimedDelivery, type ClaimedDelivery } from '../src/bot/claimed-delivery.ts';
import { createDeliveryService } from '../src/bot/delivery.ts';
import { DEFAULT_RETRY_POLICY } from '../src/bot/retry.ts';
import { createSharedPacer } from '../src/bot/shared-pacer.ts';
import type { RateBudget, WorkClaims } from '../src/bot/work-ports.ts';
import { paragraph } from '../src/format/document.ts';
import { silentLogger } from '../src/logger.ts';
import { migratePostgres } from '../src/store/postgres/migrate.ts';
import { createPool, type PgPool } from '../src/store/postgres/pool.ts';
import { createPgRateBudget, createPgWorkClaims } from '../src/store/postgres/work-store.ts';
import { createMemoryDeliveryStore, createMemorySubscriptionStore } from '../tests/helpers/memory-stores.ts';
import { startEmbeddedPostgres } from '../tests/helpers/postgres/embedded-server.ts';
import { IoTracker, VirtualTime } from '../tests/helpers/virtual-time.ts';
import { ALLOWED_PER_SECOND, TelegramLimitedFake } from './telegram-limited-fake.ts';

const SUBSCRIPTIONS = Number(process.env['KILAS_BENCH_SUBSCRIPTIONS'] ?? 100_000);
const NOW = new Date('2026-11-23T03:00:00Z'); // 10:00 WIB: every 07:00 subscription is due
const DATE = '2026-11-23';

/** Every method of `port` counted by `io` while its promise runs. */
function tracked<T extends object>(port: T, io: IoTracker, counts: { calls: number }): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(port)) {
    out[name] = (...args: unknown[]) => {
      counts.calls++;
      return io.track((fn as (...a: unknown[]) => Promise<unknown>).apply(port, args));
    };
  }
  return out as T;
}

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function run(adminUrl: string, workers: number) {
  const url = await freshDatabase(adminUrl, `kilas_bench_w${workers}`);
  const pools: PgPool[] = Array.from({ length: workers }, () => createPool(url, { max: 4 }));
  await migratePostgres(pools[0] as PgPool);
  const io = new IoTracker();
  const vt = new VirtualTime(NOW, io.idle);
  const subs = createMemorySubscriptionStore(vt.clock);
  for (let i = 0; i < SUBSCRIPTIONS; i++) await subs.subscribe({ platform: 'telegram', chatId: String(100_000 + i), threadId: null }, '07:00', 'Asia/Jakarta');
  const deliveries = createMemoryDeliveryStore();
  const platform = new TelegramLimitedFake(() => vt.now);
  const counts = { calls: 0 };
  const sections = [{ blocks: [paragraph('cerita')] }];
  const claimed: ClaimedDelivery[] = pools.map((pool, w) => {
    const budget = tracked<RateBudget>(createPgRateBudget(pool), io, counts);
    const claims = tracked<WorkClaims>(createPgWorkClaims(pool), io, counts);
    let self: ClaimedDelivery | null = null;
    const delivery = createDeliveryService({
      platforms: new Map([['telegram', platform]]),
      subscriptions: subs,
      deliveries,
      buildDigestDocument: async () => ({ sections }),
      clock: vt.clock,
      sleep: vt.sleep,
      logger: silentLogger,
      pacer: createSharedPacer({ clock: vt.clock, sleep: vt.sleep, budget }),
      random: () => 0.5,
      options: { retry: { ...DEFAULT_RETRY_POLICY, sendTimeoutMs: 0 } },
      mayContinue: () => self?.holdsClaims() ?? false,
    });
    self = createClaimedDelivery({
      delivery,
      subscriptions: subs,
      platforms: new Set(['telegram']),
      claims,
      owner: `bench-w${w}`,
      clock: vt.clock,
      sleep: vt.sleep,
      logger: silentLogger,
    });
    return self;
  });
  const wall0 = performance.now();
  const reports = await vt.run(Promise.all(claimed.map((c) => c.deliverDue(NOW))));
  const wallS = (performance.now() - wall0) / 1000;
  let lost = 0;
  let doubled = 0;
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const n = platform.got.get(`${100_000 + i}|0`) ?? 0;
    if (n === 0) lost++;
    if (n > 1) doubled += n - 1;
  }
  let notDone = 0;
  for (const sub of await subs.listActive()) if ((await deliveries.find(sub.id, DATE))?.state !== 'done') notDone++;
  await Promise.all(pools.map((p) => p.end()));
  const spanS = (platform.last - platform.first) / 1000 + 1 / ALLOWED_PER_SECOND;
  const rate = platform.accepted / spanS;
  return {
    workers,
    subscriptions: SUBSCRIPTIONS,
    messages: platform.accepted,
    platformSeconds: +spanS.toFixed(1),
    achievedPerSecond: +rate.toFixed(2),
    ofAllowed: `${((100 * rate) / ALLOWED_PER_SECOND).toFixed(1)} %`,
    rateLimited429: platform.rateLimited,
    lost,
    doubled,
    deliveriesNotDone: notDone,
    deliveredByWorker: reports.map((r) => r.done),
    databaseCalls: counts.calls,
    wallSeconds: +wallS.toFixed(1),
  };
}

const external = process.env['KILAS_BENCH_POSTGRES_URL'];
const server = external ? null : await startEmbeddedPostgres({ settings: { shared_buffers: '128MB' } });
const adminUrl = external ?? (server as { url: string }).url;
process.stdout.write(
  `fan-out of ${SUBSCRIPTIONS} subscriptions through 1, 2 and 4 delivery workers sharing claims and the rate budget on PostgreSQL, ` +
    `into a fake Telegram enforcing ${ALLOWED_PER_SECOND} msg/s overall and 1 msg/s per chat (429 + retry_after), virtual clock.\n`,
);
let ok = true;
try {
  for (const workers of [1, 2, 4]) {
    const r = await run(adminUrl, workers);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    if (r.lost > 0 || r.doubled > 0 || r.deliveriesNotDone > 0 || r.rateLimited429 > 0 || r.achievedPerSecond < 0.95 * ALLOWED_PER_SECOND) ok = false;
  }
} finally {
  await server?.stop();
}
process.stdout.write(ok ? 'every run: limit never exceeded, >= 95 % of the allowed rate, 0 lost, 0 doubled\n' : 'A TARGET WAS MISSED: see above\n');
process.exitCode = ok ? 0 : 1;
