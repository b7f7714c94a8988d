/**
 * The one "stop within a deadline" of kilas: stops, hung sends and shutdowns wait for work at most
 * so long, on a real timer (not the injected clock: these are safety nets, and virtual-time runs
 * must not trip them). The timer is always cleared when the work settles first.
 */

/** How racing work against a deadline ended: its value, or late. */
export type DeadlineOutcome<T> = { readonly late: false; readonly value: T } | { readonly late: true };

/** Options of {@link raceDeadline} and {@link withinDeadline}. */
export interface DeadlineOptions {
  /** Let the process exit while only this timer is pending (a safety net for sends). Default false. */
  readonly unref?: boolean;
}

/**
 * Waits for `work` at most `ms` milliseconds. Resolves `{ late: false, value }` when it settles in
 * time (a rejection passes through), `{ late: true }` when it does not; the work itself goes on.
 * @example if ((await raceDeadline(Promise.allSettled(pending), 10_000)).late) logger.warn('left pending')
 */
export async function raceDeadline<T>(work: Promise<T>, ms: number, options: DeadlineOptions = {}): Promise<DeadlineOutcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<DeadlineOutcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ late: true }), ms);
    if (options.unref) timer.unref();
  });
  try {
    return await Promise.race([work.then((value): DeadlineOutcome<T> => ({ late: false, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves or rejects like `work`, or rejects with `lateError()` after `ms` milliseconds.
 * @example await withinDeadline(send(), 60_000, () => new TransientPlatformError('send timed out'))
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number, lateError: () => Error, options: DeadlineOptions = {}): Promise<T> {
  const outcome = await raceDeadline(work, ms, options);
  if (outcome.late) throw lateError();
  return outcome.value;
}
