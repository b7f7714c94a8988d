/**
 * The delivery loop: sends each subscription its digest exactly once per local date, whatever the
 * platform, and survives crashes, restarts, rate limits and dead chats.
 *
 * Record, send, then mark:
 * 1. `deliveries.begin` stores the delivery with every rendered part BEFORE anything is sent, so a
 *    digest is rendered and recorded once per (subscription, date) and a restart resends the same bytes.
 * 2. Parts go out in index order; each is marked sent (with its message id) right after the platform
 *    accepts it.
 * 3. A restart (`resumeUnfinished`) sends only the parts not marked sent.
 *
 * The one ambiguous moment is a crash after the platform accepted a part and before it was marked.
 * Every send carries an idempotency key that is stable for (delivery, part) across restarts
 * (`kilas:<deliveryId>:<index>`); a platform that honours it (Discord `nonce` + `enforce_nonce`,
 * `ChatPlatform.idempotentSends`) never posts the resend twice. A platform without one (Telegram) gets
 * the part again: at-least-once, because silently losing a digest part is worse for a reader than a
 * rare duplicate, and the window is only the local time between the HTTP answer and the SQLite commit.
 *
 * Failures: 429 waits retry_after and retries the same part; 5xx/timeouts back off (retry.ts); a chat
 * that is gone (blocked, kicked, unknown channel) deactivates the subscription and the delivery ends
 * 'failed' with the reason; a rejected payload ends it 'failed' with the reason (the remaining parts
 * are not sent, so a reader never gets a digest with a hole in the middle); retries used up leave it
 * 'pending' for the next tick. An empty digest (`buildDigestDocument` resolves null, or renders to no
 * parts) is recorded 'skipped' with a reason and nothing is sent: quiet days do not spam chats.
 */
import { setMaxListeners } from 'node:events';
import { mapBounded } from '../core/pacing/index.ts';
import { messageOf } from '../errors.ts';
import { raceDeadline } from '../lib/deadline.ts';
import { deliverNow, deliveryResult, type DeliveryRun } from './delivery-send.ts';
import {
  DEFAULT_DELIVERY_OPTIONS,
  fanOutReport,
  type DeliveryOptions,
  type DeliveryResult,
  type DeliveryService,
  type DeliveryServiceDeps,
} from './delivery-types.ts';
import { unfinishedItems } from './delivery-unfinished.ts';
import { classify, timeHasCome, type DueItem } from './due.ts';
import { createPacer } from './pacer.ts';
import type { DeliveryRecord, Subscription } from './ports.ts';

export { idempotencyKey } from './delivery-send.ts';
export { DEFAULT_DELIVERY_OPTIONS, fanOutReport } from './delivery-types.ts';
export type { DeliveryOptions, DeliveryResult, DeliveryService, DeliveryServiceDeps, FanOutReport } from './delivery-types.ts';

/** A lookup of delivery states: finished ones or those read from the store; null when none is recorded. */
type StateLookup = (subscriptionId: number, digestDate: string) => DeliveryRecord['state'] | null;

/**
 * Deliveries known to be finished: finishing is final, so a tick never asks the store about them
 * again (an idle tick over 10,000 subscriptions would otherwise read 10,000 records a minute).
 */
function finishedDeliveries(deliveries: DeliveryServiceDeps['deliveries']) {
  const finished = new Set<string>();
  const remember = (subscriptionId: number, digestDate: string) => {
    if (finished.size >= 500_000) finished.clear();
    finished.add(`${subscriptionId}|${digestDate}`);
  };
  /**
   * The state of each item's delivery, as a lookup: finished ones from `finished` (an idle tick reads
   * nothing), the others read from the store first, one read each.
   */
  const deliveryStates = async (items: readonly DueItem[]): Promise<StateLookup> => {
    const read = new Map<string, DeliveryRecord['state'] | null>();
    for (const { subscription, digestDate } of items) {
      const key = `${subscription.id}|${digestDate}`;
      if (finished.has(key)) continue;
      const state = (await deliveries.find(subscription.id, digestDate))?.state ?? null;
      if (state !== null && state !== 'pending') remember(subscription.id, digestDate);
      read.set(key, state);
    }
    return (id, date) => {
      const key = `${id}|${date}`;
      return finished.has(key) ? 'done' : (read.get(key) ?? null);
    };
  };
  return { remember, deliveryStates };
}

/** Creates the delivery service. See the module comment for the guarantees. */
export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const options: Required<DeliveryOptions> = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
  const { logger, subscriptions } = deps;
  const stopper = new AbortController();
  // Every paced wait of a fan-out listens on this one signal.
  setMaxListeners(0, stopper.signal);
  const inFlight = new Map<string, Promise<DeliveryResult>>();
  const { remember, deliveryStates } = finishedDeliveries(deps.deliveries);
  const run: DeliveryRun = {
    deps,
    options,
    pacer: deps.pacer ?? createPacer({ clock: deps.clock, sleep: deps.sleep }),
    random: deps.random ?? Math.random,
    stopped: stopper.signal,
    remember,
  };

  const deliver = (sub: Subscription, digestDate: string): Promise<DeliveryResult> => {
    const key = `${sub.id}|${digestDate}`;
    const running = inFlight.get(key);
    if (running) return running;
    const pending = deliverNow(run, sub, digestDate)
      .catch((error: unknown): DeliveryResult => {
        // A store failure: nothing is marked that was not sent, so the next tick or start resumes it.
        logger.error('delivery error', { subscription: sub.id, date: digestDate, error: messageOf(error) });
        return deliveryResult(sub, digestDate, 'pending', `error: ${messageOf(error)}`);
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
    return pending;
  };

  const fanOut = async (what: string, items: readonly { sub: Subscription; date: string }[]) => {
    const results = await mapBounded(items, options.concurrency, ({ sub, date }) => deliver(sub, date));
    const report = fanOutReport(results);
    if (items.length > 0) logger.info(`${what} finished`, { ...report });
    return report;
  };

  return {
    deliver,
    async deliverDue(now) {
      if (stopper.signal.aborted) return fanOutReport([]);
      const active = (await subscriptions.listActive()).filter((s) => deps.platforms.has(s.chat.platform));
      // Today's deliveries left pending by used-up retries are taken up again on each tick.
      const come = timeHasCome(active, now);
      const plan = classify(come, await deliveryStates(come), (id, date) => inFlight.has(`${id}|${date}`));
      const items = [...plan.due, ...plan.resume].map((d) => ({ sub: d.subscription, date: d.digestDate }));
      return fanOut('fan-out', items);
    },
    unfinishedItems: () => unfinishedItems(run),
    async resumeUnfinished() {
      if (stopper.signal.aborted) return fanOutReport([]);
      return fanOut('resume', await unfinishedItems(run));
    },
    async stop() {
      stopper.abort(new Error('delivery service stopping'));
      const pending = [...inFlight.values()];
      if (pending.length === 0) return;
      const outcome = await raceDeadline(Promise.allSettled(pending), options.stopTimeoutMs);
      if (outcome.late) logger.warn('stop: sends still in flight were left pending', { count: inFlight.size });
    },
  };
}
