/**
 * Deliveries begun but not finished (after a crash or a parked stop): those still worth resuming,
 * the others (inactive subscription, expired) closed as failed.
 */
import { localDateTime } from './due.ts';
import type { DeliveryRun } from './delivery-send.ts';
import type { Subscription } from './ports.ts';

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

/**
 * The unfinished deliveries to resume, oldest first; those of inactive subscriptions and expired
 * ones are closed here. Those of platforms not configured are left as they are.
 */
export async function unfinishedItems(run: DeliveryRun): Promise<{ sub: Subscription; date: string }[]> {
  const { deps, options } = run;
  const { deliveries, subscriptions } = deps;
  const items: { sub: Subscription; date: string }[] = [];
  if (run.stopped.aborted) return items;
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
      run.remember(sub.id, record.digestDate);
      closed++;
      continue;
    }
    if (!deps.platforms.has(sub.chat.platform)) continue;
    items.push({ sub, date: record.digestDate });
  }
  if (closed > 0) deps.logger.info('unfinished deliveries closed (inactive subscription or expired)', { count: closed });
  return items;
}
