/**
 * Which subscriptions are due for their daily digest at a given instant. Pure: the instant is a
 * parameter (no clock), the delivery log is a lookup function; only `Intl` is used for time zones.
 *
 * Rule: a subscription is due when its local wall-clock time (in its own time zone) has reached its
 * "HH:MM" today, and no delivery exists for today's local date. A digest missed during downtime is
 * therefore sent once at the next tick of the same local day; yesterday's is never sent late.
 */
import { localDateTime, minutesOfDay, type LocalDateTime } from './local-time.ts';
import type { DeliveryRecord, Subscription } from './ports.ts';

// The delivery loop reads local dates through this module.
export { localDateTime, type LocalDateTime };

/** A subscription that should receive the digest of `digestDate` (its local date) now. */
export interface DueItem {
  readonly subscription: Subscription;
  readonly digestDate: string;
}

/**
 * Whether `sub` is due at `now`, and for which local date. `findDelivery` answers whether a
 * delivery (in any state) exists for (subscription, date). Inactive subscriptions and malformed
 * times or zones are never due.
 */
export function dueFor(
  sub: Subscription,
  now: Date,
  findDelivery: (subscriptionId: number, digestDate: string) => DeliveryRecord | null,
): DueItem | null {
  if (!sub.active) return null;
  const at = minutesOfDay(sub.time);
  if (at === null) return null;
  let local: LocalDateTime;
  try {
    local = localDateTime(now, sub.timeZone);
  } catch {
    return null;
  }
  const nowMinutes = minutesOfDay(local.time);
  if (nowMinutes === null || nowMinutes < at) return null;
  if (findDelivery(sub.id, local.date) !== null) return null;
  return { subscription: sub, digestDate: local.date };
}

/** All due subscriptions among `subs` at `now`, in the order given. */
export function dueSubscriptions(
  subs: readonly Subscription[],
  now: Date,
  findDelivery: (subscriptionId: number, digestDate: string) => DeliveryRecord | null,
): DueItem[] {
  const out: DueItem[] = [];
  for (const sub of subs) {
    const item = dueFor(sub, now, findDelivery);
    if (item) out.push(item);
  }
  return out;
}

/** What one delivery tick has to do. */
export interface TickPlan {
  /** Subscriptions due now with no delivery yet for their local date. */
  readonly due: DueItem[];
  /** Today's deliveries (local date) that are still pending (retries used up earlier): take them up again. */
  readonly resume: DueItem[];
}

/**
 * The subscriptions among `subs` whose time has come today (their local "HH:MM" reached), each with
 * its local date; the local date and time are computed once per time zone. Whether a delivery exists
 * is not asked here: this is the set a tick has to look up.
 */
export function timeHasCome(subs: readonly Subscription[], now: Date): DueItem[] {
  const zones = new Map<string, { date: string; minutes: number } | null>();
  const localIn = (timeZone: string) => {
    if (!zones.has(timeZone)) {
      try {
        const local = localDateTime(now, timeZone);
        zones.set(timeZone, { date: local.date, minutes: minutesOfDay(local.time) ?? -1 });
      } catch {
        zones.set(timeZone, null);
      }
    }
    return zones.get(timeZone) ?? null;
  };
  const out: DueItem[] = [];
  for (const sub of subs) {
    if (!sub.active) continue;
    const at = minutesOfDay(sub.time);
    const local = localIn(sub.timeZone);
    // Before its time a subscription has nothing to do today (a pending delivery is picked up once it is).
    if (at === null || local === null || local.minutes < at) continue;
    out.push({ subscription: sub, digestDate: local.date });
  }
  return out;
}

/**
 * Plans a tick in one pass over `subs`: the due ones, and today's pending ones that `isRunning`
 * does not report as already in progress. `deliveryState` is asked only for subscriptions whose
 * time has come (`timeHasCome`).
 */
export function planTick(
  subs: readonly Subscription[],
  now: Date,
  deliveryState: (subscriptionId: number, digestDate: string) => DeliveryRecord['state'] | null,
  isRunning: (subscriptionId: number, digestDate: string) => boolean = () => false,
): TickPlan {
  const due: DueItem[] = [];
  const resume: DueItem[] = [];
  for (const item of timeHasCome(subs, now)) {
    const state = deliveryState(item.subscription.id, item.digestDate);
    if (state === null) due.push(item);
    else if (state === 'pending' && !isRunning(item.subscription.id, item.digestDate)) resume.push(item);
  }
  return { due, resume };
}
