/**
 * The delivery loop's contract (see delivery.ts): its options, dependencies, results and the
 * service it offers; kept apart so the loop's parts (delivery-send.ts, delivery-unfinished.ts) share them.
 */
import type { Document } from '../format/document.ts';
import type { Clock, Logger } from '../logger.ts';
import type { Pacer, Sleep } from './pacer.ts';
import type { ChatPlatform, DeliveryStore, PlatformName, Subscription, SubscriptionStore } from './ports.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';

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
