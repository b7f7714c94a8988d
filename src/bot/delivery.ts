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
import type { Document } from '../format/document.ts';
import type { Clock, Logger } from '../logger.ts';
import { classify, localDateTime, timeHasCome, type DueItem } from './due.ts';
import { createPacer, type Pacer, type Sleep } from './pacer.ts';
import type {
  ChatPlatform,
  DeliveryRecord,
  DeliveryStore,
  PlatformName,
  RenderedPart,
  Subscription,
  SubscriptionStore,
} from './ports.ts';
import { DEFAULT_RETRY_POLICY, sendWithRetry, type RetryPolicy } from './retry.ts';

/** Tuning of the delivery loop. */
export interface DeliveryOptions {
  /** Deliveries of one fan-out in flight at once (across chats; the pacer keeps rates). Default 64. */
  readonly concurrency: number;
  /** Retry policy of one part (see retry.ts). */
  readonly retry: RetryPolicy;
  /** Longest `stop()` waits for in-flight sends before it parks them and resolves, ms. Default 10,000. */
  readonly stopTimeoutMs: number;
  /**
   * Unfinished deliveries older than this many days (in the subscription's zone) are not resumed
   * but closed 'failed' as expired, so a long outage never ends in week-old news. Default 1: a fan-out
   * cut off late in the evening still finishes after midnight.
   */
  readonly resumeMaxAgeDays: number;
}

/** Defaults of {@link DeliveryOptions}. */
export const DEFAULT_DELIVERY_OPTIONS = {
  concurrency: 64,
  retry: DEFAULT_RETRY_POLICY,
  stopTimeoutMs: 10_000,
  resumeMaxAgeDays: 1,
} satisfies Required<DeliveryOptions>;

export interface DeliveryServiceDeps {
  readonly platforms: ReadonlyMap<PlatformName, ChatPlatform>;
  readonly subscriptions: SubscriptionStore;
  readonly deliveries: DeliveryStore;
  /** The digest for a subscription and local date; null when there is nothing to send. Should cache per date. */
  readonly buildDigestDocument: (sub: Subscription, digestDate: string) => Promise<Document | null>;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly logger: Logger;
  /** Shared pacer; default: one over the default platform limits with `clock` and `sleep`. */
  readonly pacer?: Pacer;
  /** Source of jitter in [0, 1); default Math.random. */
  readonly random?: () => number;
  readonly options?: Partial<DeliveryOptions>;
  /**
   * Asked before each part is sent; false leaves the delivery pending, unsent (a worker whose claim
   * on it may have passed to another worker stops rather than send twice). Default: always true.
   */
  readonly mayContinue?: (sub: Subscription, digestDate: string) => boolean;
}

/** What one `deliver` call ended with. */
export interface DeliveryResult {
  readonly subscriptionId: number;
  readonly digestDate: string;
  /**
   * done/failed/skipped: the delivery is finished (maybe by an earlier run: `alreadyFinished`);
   * pending: not finished now (retries used up, or parked by `stop()`), resumed later;
   * deferred: nothing was recorded (digest could not be built, platform not configured).
   */
  readonly state: 'done' | 'failed' | 'skipped' | 'pending' | 'deferred';
  readonly reason: string | null;
  /** Parts sent by this call. */
  readonly sentParts: number;
  readonly alreadyFinished: boolean;
}

/** Totals of one fan-out. */
export interface FanOutReport {
  readonly considered: number;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  readonly pending: number;
  readonly deferred: number;
  readonly sentParts: number;
}

export interface DeliveryService {
  /** Delivers (or resumes, or confirms already finished) the digest of `digestDate` to `sub`. */
  deliver(sub: Subscription, digestDate: string): Promise<DeliveryResult>;
  /** Delivers to every active subscription due at `now` (see due.ts), and resumes today's pending ones. */
  deliverDue(now: Date): Promise<FanOutReport>;
  /** Resumes deliveries begun but not finished (after a crash or a parked stop), oldest first. */
  resumeUnfinished(): Promise<FanOutReport>;
  /**
   * The deliveries `resumeUnfinished` would resume, without sending (for workers that claim them
   * first); those of inactive subscriptions and expired ones are closed here, as it does.
   */
  unfinishedItems(): Promise<{ sub: Subscription; date: string }[]>;
  /**
   * Stops taking work: waits for in-flight sends (at most `stopTimeoutMs`), parks the rest as
   * pending (resumed at the next start), then resolves. Later calls deliver nothing.
   */
  stop(): Promise<void>;
}

/** The idempotency key of one part of one delivery: stable across restarts, at most 25 characters. */
export function idempotencyKey(deliveryId: number, index: number): string {
  return `kilas:${deliveryId}:${index}`;
}

/** The totals of a fan-out's results. */
export function fanOutReport(results: readonly DeliveryResult[]): FanOutReport {
  const count = (s: DeliveryResult['state']) => results.filter((r) => r.state === s).length;
  return {
    considered: results.length,
    done: count('done'),
    failed: count('failed'),
    skipped: count('skipped'),
    pending: count('pending'),
    deferred: count('deferred'),
    sentParts: results.reduce((n, r) => n + r.sentParts, 0),
  };
}

/** Whole days from `digestDate` to the local date of `now` in `timeZone`; null when either is unreadable. */
function ageInDays(digestDate: string, now: Date, timeZone: string): number | null {
  let today: string;
  try {
    today = localDateTime(now, timeZone).date;
  } catch {
    return null;
  }
  const a = Date.parse(`${digestDate}T00:00:00Z`);
  const b = Date.parse(`${today}T00:00:00Z`);
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.round((b - a) / 86_400_000);
}


/** Creates the delivery service. See the module comment for the guarantees. */
export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const options: Required<DeliveryOptions> = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
  const pacer = deps.pacer ?? createPacer({ clock: deps.clock, sleep: deps.sleep });
  const random = deps.random ?? Math.random;
  const { logger, deliveries, subscriptions } = deps;
  const stopper = new AbortController();
  // Every paced wait of a fan-out listens on this one signal.
  setMaxListeners(0, stopper.signal);
  const inFlight = new Map<string, Promise<DeliveryResult>>();

  /**
   * Deliveries known to be finished: finishing is final, so a tick never asks the store about them
   * again (an idle tick over 10,000 subscriptions would otherwise read 10,000 records a minute).
   */
  const finished = new Set<string>();
  const remember = (subscriptionId: number, digestDate: string) => {
    if (finished.size >= 500_000) finished.clear();
    finished.add(`${subscriptionId}|${digestDate}`);
  };
  /**
   * The state of each item's delivery, as a lookup: finished ones from `finished` (an idle tick reads
   * nothing), the others read from the store first, one read each.
   */
  const deliveryStates = async (items: readonly DueItem[]): Promise<(subscriptionId: number, digestDate: string) => DeliveryRecord['state'] | null> => {
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

  const result = (
    sub: Subscription,
    digestDate: string,
    state: DeliveryResult['state'],
    reason: string | null,
    sentParts = 0,
    alreadyFinished = false,
  ): DeliveryResult => ({ subscriptionId: sub.id, digestDate, state, reason, sentParts, alreadyFinished });

  const finish = async (sub: Subscription, record: DeliveryRecord, state: 'done' | 'failed' | 'skipped', reason: string | null, sent: number) => {
    await deliveries.finish(record.id, state, reason);
    remember(sub.id, record.digestDate);
    if (state === 'failed') logger.warn('delivery failed', { subscription: sub.id, date: record.digestDate, reason });
    else logger.debug(`delivery ${state}`, { subscription: sub.id, date: record.digestDate, parts: record.parts.length });
    return result(sub, record.digestDate, state, reason, sent);
  };

  /**
   * Marks a part sent, retrying a store that is briefly busy (another process holds the write lock):
   * a part the platform accepted and the store did not record is sent again later.
   */
  const markSent = async (deliveryId: number, index: number, messageId: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await deliveries.markPartSent(deliveryId, index, messageId);
        return;
      } catch (error) {
        if (attempt >= 4) throw error;
        logger.warn('marking a part sent failed; retrying', { delivery: deliveryId, part: index, error: messageOf(error) });
        await deps.sleep(250 * attempt).catch(() => undefined);
      }
    }
  };

  /** Sends the parts of `record` not yet marked sent, in order. */
  const sendParts = async (sub: Subscription, platform: ChatPlatform, record: DeliveryRecord): Promise<DeliveryResult> => {
    const parts = [...record.parts].sort((a, b) => a.index - b.index);
    let sent = 0;
    for (const part of parts) {
      if (part.state === 'sent') continue;
      if (stopper.signal.aborted) return result(sub, record.digestDate, 'pending', 'parked by stop', sent);
      const stored: RenderedPart = { index: part.index, payload: part.payload };
      const key = idempotencyKey(record.id, part.index);
      // Asked right before each attempt, after the pacer's wait: a claim can pass on during that wait.
      const claimLost = new AbortController();
      const send = () => {
        if (deps.mayContinue && !deps.mayContinue(sub, record.digestDate)) {
          claimLost.abort(new Error('claim lost'));
          return Promise.reject(new Error('claim lost'));
        }
        return platform.send(sub.chat, stored, { idempotencyKey: key });
      };
      const outcome = await sendWithRetry(sub.chat, send, {
        pacer,
        sleep: deps.sleep,
        random,
        policy: options.retry,
        signal: deps.mayContinue ? AbortSignal.any([stopper.signal, claimLost.signal]) : stopper.signal,
        onRetry: ({ attempt, error, waitMs }) =>
          logger.debug('send retry', { subscription: sub.id, part: part.index, attempt, waitMs, error: messageOf(error) }),
      });
      if (outcome.ok) {
        await markSent(record.id, part.index, outcome.messageId);
        sent++;
        continue;
      }
      if (outcome.kind !== 'aborted') await deliveries.markPartFailed?.(record.id, part.index, `${outcome.kind}: ${outcome.reason}`);
      switch (outcome.kind) {
        case 'unavailable': {
          const reason = `chat unavailable: ${outcome.reason}`;
          await subscriptions.unsubscribe(sub.chat, outcome.reason);
          logger.info('subscription deactivated', { subscription: sub.id, chat: sub.chat.chatId, reason: outcome.reason });
          return finish(sub, record, 'failed', reason, sent);
        }
        case 'rejected':
          return finish(sub, record, 'failed', `part ${part.index} rejected: ${outcome.reason}`, sent);
        case 'exhausted':
          logger.warn('delivery deferred', { subscription: sub.id, part: part.index, reason: outcome.reason });
          return result(sub, record.digestDate, 'pending', outcome.reason, sent);
        case 'aborted':
          return result(sub, record.digestDate, 'pending', claimLost.signal.aborted ? 'claim lost' : 'parked by stop', sent);
      }
    }
    return finish(sub, record, 'done', null, sent);
  };

  const deliverNow = async (sub: Subscription, digestDate: string): Promise<DeliveryResult> => {
    if (stopper.signal.aborted) return result(sub, digestDate, 'deferred', 'stopping');
    const platform = deps.platforms.get(sub.chat.platform);
    let record = await deliveries.find(sub.id, digestDate);
    if (record && record.state !== 'pending') return result(sub, digestDate, record.state, record.reason, 0, true);
    if (!platform) return result(sub, digestDate, 'deferred', `platform ${sub.chat.platform} is not configured`);
    if (!record) {
      let doc: Document | null;
      try {
        doc = await deps.buildDigestDocument(sub, digestDate);
      } catch (error) {
        logger.error('digest build failed', { subscription: sub.id, date: digestDate, error: messageOf(error) });
        return result(sub, digestDate, 'deferred', `digest build failed: ${messageOf(error)}`);
      }
      let parts: RenderedPart[] = [];
      let renderError: string | null = null;
      if (doc) {
        try {
          parts = platform.render(doc);
        } catch (error) {
          renderError = `render failed: ${messageOf(error)}`;
        }
      }
      record = await deliveries.begin(sub.id, digestDate, parts);
      if (record.state !== 'pending') return result(sub, digestDate, record.state, record.reason, 0, true);
      if (renderError) return finish(sub, record, 'failed', renderError, 0);
    }
    if (record.parts.length === 0) {
      const reason = sub.topics.length > 0 ? `no stories matching the topics for ${digestDate}` : `no stories for ${digestDate}`;
      return finish(sub, record, 'skipped', reason, 0);
    }
    return sendParts(sub, platform, record);
  };

  const deliver = (sub: Subscription, digestDate: string): Promise<DeliveryResult> => {
    const key = `${sub.id}|${digestDate}`;
    const running = inFlight.get(key);
    if (running) return running;
    const run = deliverNow(sub, digestDate)
      .catch((error: unknown): DeliveryResult => {
        // A store failure: nothing is marked that was not sent, so the next tick or start resumes it.
        logger.error('delivery error', { subscription: sub.id, date: digestDate, error: messageOf(error) });
        return result(sub, digestDate, 'pending', `error: ${messageOf(error)}`);
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, run);
    return run;
  };

  const fanOut = async (what: string, items: readonly { sub: Subscription; date: string }[]) => {
    const results = await mapBounded(items, options.concurrency, ({ sub, date }) => deliver(sub, date));
    const report = fanOutReport(results);
    if (items.length > 0) logger.info(`${what} finished`, { ...report });
    return report;
  };

  const unfinishedItems = async () => {
    const items: { sub: Subscription; date: string }[] = [];
    if (stopper.signal.aborted) return items;
    const active = new Map((await subscriptions.listActive()).map((s) => [s.id, s]));
    let closed = 0;
    const now = deps.clock();
    for (const record of await deliveries.unfinished()) {
      const sub = active.get(record.subscriptionId);
      if (!sub) {
        await deliveries.finish(record.id, 'failed', 'subscription no longer active');
        closed++;
        continue;
      }
      const age = ageInDays(record.digestDate, now, sub.timeZone);
      if (age !== null && age > options.resumeMaxAgeDays) {
        await deliveries.finish(record.id, 'failed', `expired: the digest of ${record.digestDate} is ${age} days old`);
        remember(sub.id, record.digestDate);
        closed++;
        continue;
      }
      if (!deps.platforms.has(sub.chat.platform)) continue;
      items.push({ sub, date: record.digestDate });
    }
    if (closed > 0) logger.info('unfinished deliveries closed (inactive subscription or expired)', { count: closed });
    return items;
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
    unfinishedItems,
    async resumeUnfinished() {
      if (stopper.signal.aborted) return fanOutReport([]);
      return fanOut('resume', await unfinishedItems());
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
