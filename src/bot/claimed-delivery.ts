/**
 * Daily digests shared by several delivery processes without doubles: each due (subscription, date)
 * is a work row (key `DATE|subscription`, group = the chat) that one worker claims with a lease and
 * settles when the delivery ends; the delivery itself (record, send, mark; nonces) is
 * delivery.ts's. Only the first open row of a chat is claimable, so one chat's digests go out in
 * order by one worker at a time. A worker that finds nothing to claim while others hold rows waits
 * for the first of their leases to end and claims again: a killed worker's deliveries are taken over
 * about one lease later. See docs/decisions/shared-work.md.
 */
import { setMaxListeners } from 'node:events';
import { messageOf } from '../errors.ts';
import type { Clock, Logger } from '../logger.ts';
import { fanOutReport, type DeliveryResult, type DeliveryService, type FanOutReport } from './delivery.ts';
import { planTick } from './due.ts';
import { realSleep, type Sleep } from './pacer.ts';
import type { PlatformName, Subscription, SubscriptionStore } from './ports.ts';
import { createWorkLease, type WorkLease } from './work-lease.ts';
import type { WorkClaims } from './work-ports.ts';

/** Tuning of the claim loop. */
export interface ClaimedDeliveryOptions {
  /** How long a claim lasts without renewal, ms (renewed every third of it). Default 30,000. */
  readonly leaseMs: number;
  /** Deliveries this worker holds at once. Default 64. */
  readonly concurrency: number;
  /** A delivery left pending (retries used up, digest not built) is claimable again after this, ms. Default 60,000. */
  readonly retryLaterMs: number;
  /** Settled rows are dropped after this many ms. Default 3 days. */
  readonly keepSettledMs: number;
}

export const DEFAULT_CLAIMED_DELIVERY_OPTIONS = {
  leaseMs: 30_000,
  concurrency: 64,
  retryLaterMs: 60_000,
  keepSettledMs: 3 * 86_400_000,
} satisfies ClaimedDeliveryOptions;

export interface ClaimedDeliveryDeps {
  readonly delivery: Pick<DeliveryService, 'deliver' | 'unfinishedItems' | 'stop'>;
  readonly subscriptions: Pick<SubscriptionStore, 'listActive'>;
  /** Platforms this process can send to; rows of others are left to processes that can. */
  readonly platforms: ReadonlySet<PlatformName>;
  readonly claims: WorkClaims;
  /** This worker's name in the claims (unique per process). */
  readonly owner: string;
  readonly clock: Clock;
  /**
   * Waits of the claim loop itself (lease renewals, waiting for other workers' leases to end).
   * Default: real timers, whatever sleep the rest of the app is given (tests that make every other
   * wait instant must not make these spin). Virtual-clock tests pass their sleep.
   */
  readonly sleep?: Sleep;
  readonly logger: Logger;
  readonly options?: Partial<ClaimedDeliveryOptions>;
}

/** The scheduler's view of delivery, shared by processes through claims. */
export interface ClaimedDelivery extends Pick<DeliveryService, 'deliverDue' | 'resumeUnfinished' | 'stop'> {
  /** Whether this worker's claims are safely held: the delivery loop's `mayContinue`. */
  holdsClaims(): boolean;
}

const KIND = 'delivery';
/** The work row of one subscription's digest of one date: dates sort first, so a chat's oldest goes first. */
export const deliveryKey = (subscriptionId: number, date: string) => `${date}|${subscriptionId}`;
const chatGroup = (sub: Subscription) => `${sub.chat.platform}:${sub.chat.chatId}`;

/** What the claim loop of one worker works with. */
interface ClaimLoopContext {
  readonly deps: ClaimedDeliveryDeps;
  readonly options: ClaimedDeliveryOptions;
  readonly lease: WorkLease;
  readonly signal: AbortSignal;
  readonly sleep: Sleep;
  readonly now: () => number;
}

/** How a finished `deliver` leaves its row: done for good, or open again (now, or later). */
function againAt(ctx: ClaimLoopContext, r: DeliveryResult): number | null {
  if (r.state === 'done' || r.state === 'failed' || r.state === 'skipped') return null;
  const handBack = r.reason === 'parked by stop' || r.reason === 'claim lost' || r.reason === 'stopping';
  return handBack ? ctx.now() : ctx.now() + ctx.options.retryLaterMs;
}

/** Delivers one claimed row and settles it. */
async function runOne(ctx: ClaimLoopContext, key: string, subs: Map<number, Subscription>, results: DeliveryResult[]): Promise<void> {
  const { claims, owner, logger } = ctx.deps;
  const [date = '', id = ''] = key.split('|');
  const sub = subs.get(Number(id));
  if (!sub || !ctx.deps.platforms.has(sub.chat.platform)) {
    // Unsubscribed since it was offered, or a platform this process does not serve.
    await claims.settle(KIND, key, owner, sub ? ctx.now() + ctx.options.retryLaterMs : null, ctx.now());
    return;
  }
  const result = await ctx.deps.delivery.deliver(sub, date);
  results.push(result);
  if (!(await claims.settle(KIND, key, owner, againAt(ctx, result), ctx.now()))) {
    logger.warn('a delivery was settled after its claim had passed on', { key, owner });
  }
}

/** Nothing to claim: waits for the first lease other workers hold to end; false when none is held. */
async function waitForOthers(ctx: ClaimLoopContext): Promise<boolean> {
  const at = ctx.now();
  const outlook = await ctx.deps.claims.outlook(KIND, at);
  if (outlook.open === 0 || outlook.nextExpiry === null) return false;
  // Rows held by other workers: if one died, its rows come free when its lease ends.
  try {
    await ctx.sleep(Math.max(1, outlook.nextExpiry - at + 1), ctx.signal);
  } catch {
    return false;
  }
  return true;
}

/** Claims and delivers until no open row is left (or the worker stops). */
async function claimLoop(ctx: ClaimLoopContext, subs: Map<number, Subscription>, results: DeliveryResult[]): Promise<void> {
  const { claims, owner, logger } = ctx.deps;
  const { concurrency, leaseMs } = ctx.options;
  const running = new Set<Promise<void>>();
  const start = (key: string) => {
    const task: Promise<void> = runOne(ctx, key, subs, results)
      .catch((error: unknown) => logger.error('delivery claim failed', { key, error: messageOf(error) }))
      .finally(() => running.delete(task));
    running.add(task);
  };
  try {
    while (!ctx.signal.aborted) {
      const free = concurrency - running.size;
      // Claims go in batches (a quarter of the slots at least), not one row per finished delivery.
      const batch = running.size === 0 || free >= Math.max(1, Math.floor(concurrency / 4));
      const at = ctx.now();
      const keys = batch ? await claims.claim(KIND, owner, free, leaseMs, at) : [];
      if (keys.length > 0) ctx.lease.confirmed(at);
      for (const key of keys) start(key);
      if (keys.length === free && batch) continue;
      if (running.size > 0) await Promise.race(running);
      else if (!(await waitForOthers(ctx))) break;
    }
  } finally {
    await Promise.allSettled([...running]);
  }
}

/** Creates the claim loop over a delivery service. */
export function createClaimedDelivery(deps: ClaimedDeliveryDeps): ClaimedDelivery {
  const options: ClaimedDeliveryOptions = { ...DEFAULT_CLAIMED_DELIVERY_OPTIONS, ...deps.options };
  const { claims, owner, logger } = deps;
  const now = () => deps.clock().getTime();
  const stopper = new AbortController();
  setMaxListeners(0, stopper.signal);
  const sleep = deps.sleep ?? realSleep;
  const lease: WorkLease = createWorkLease({ claims, owner, leaseMs: options.leaseMs, clock: deps.clock, sleep, logger });
  /** Rows this process offered already (each once per process; the row itself outlives it). */
  const offered = new Set<string>();
  let lastPrune = -Infinity;

  const offer = async (items: readonly { sub: Subscription; date: string }[]) => {
    const fresh = items.filter(({ sub, date }) => !offered.has(deliveryKey(sub.id, date)));
    if (fresh.length === 0) return;
    // Whether it is due was decided here; dueAt only orders the rows, and lies a lease back so that a
    // worker whose clock runs a little behind ours can claim them at once.
    const at = now() - options.leaseMs;
    await claims.offer(KIND, fresh.map(({ sub, date }) => ({ key: deliveryKey(sub.id, date), group: chatGroup(sub), dueAt: at })));
    if (offered.size + fresh.length > 500_000) offered.clear();
    for (const { sub, date } of fresh) offered.add(deliveryKey(sub.id, date));
  };

  const subscriptionsById = async () => new Map((await deps.subscriptions.listActive()).map((s) => [s.id, s]));
  const loop: ClaimLoopContext = { deps, options, lease, signal: stopper.signal, sleep, now };

  const run = async (what: string): Promise<FanOutReport> => {
    const results: DeliveryResult[] = [];
    lease.start();
    try {
      await claimLoop(loop, await subscriptionsById(), results);
    } finally {
      await lease.stop();
    }
    const report = fanOutReport(results);
    if (results.length > 0) logger.info(`${what} finished`, { ...report, owner });
    return report;
  };

  const prune = async () => {
    if (now() - lastPrune < 3_600_000) return;
    lastPrune = now();
    await claims.prune(KIND, now() - options.keepSettledMs).catch((error: unknown) => logger.warn('pruning settled deliveries failed', { error: messageOf(error) }));
  };

  return {
    async deliverDue(at) {
      if (stopper.signal.aborted) return fanOutReport([]);
      const active = (await deps.subscriptions.listActive()).filter((s) => deps.platforms.has(s.chat.platform));
      const plan = planTick(active, at, (id, date) => (offered.has(deliveryKey(id, date)) ? 'done' : null));
      await offer(plan.due.map((d) => ({ sub: d.subscription, date: d.digestDate })));
      await prune();
      return run('fan-out');
    },
    async resumeUnfinished() {
      if (stopper.signal.aborted) return fanOutReport([]);
      await offer(await deps.delivery.unfinishedItems());
      return run('resume');
    },
    async stop() {
      stopper.abort(new Error('delivery worker stopping'));
      await deps.delivery.stop();
    },
    holdsClaims: () => lease.holds(),
  };
}
