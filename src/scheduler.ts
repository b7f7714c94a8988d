/**
 * The clockwork of `kilas start`: a feed-polling job on KILAS_POLL_CRON and a minute tick that sends
 * each due subscription its digest at its own local time (node-cron 4, `noOverlap`). On start it first
 * resumes deliveries a crash left unfinished, then catches up: a digest missed today during downtime
 * is sent once, yesterday's never (see bot/due.ts). `stop()` stops cron, lets in-flight sends finish
 * or parks them (bounded), and resolves so the app can close the database. A process of one role
 * (`kilas start --role`) has only the polling job or only the delivery tick (see roles.ts).
 */
import { schedule as cronSchedule, type ScheduledTask, type TaskFn, type TaskOptions } from 'node-cron';
import type { DeliveryService, FanOutReport } from './bot/delivery.ts';
import { messageOf } from './errors.ts';
import { raceDeadline } from './lib/deadline.ts';
import type { Clock, Logger } from './logger.ts';

/** The part of node-cron the scheduler uses; injectable for tests. */
export type CronSchedule = (expression: string, fn: TaskFn, options: TaskOptions) => ScheduledTask;

export interface SchedulerDeps {
  /** Cron expression of feed polling (KILAS_POLL_CRON). */
  readonly pollCron: string;
  /** Time zone the cron expressions are read in (KILAS_TZ). */
  readonly timeZone: string;
  /**
   * Polls the feeds once; failures are logged, never stop the scheduler. Absent: this process does
   * not poll (a `--role` without the poller).
   */
  readonly poll?: () => Promise<unknown>;
  /** The deliveries; absent: this process sends no digests (a `--role` without delivery). */
  readonly delivery?: Pick<DeliveryService, 'deliverDue' | 'resumeUnfinished' | 'stop'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Default: node-cron's `schedule`. */
  readonly cron?: CronSchedule;
  /** Cron expression of the delivery tick. Default every minute. */
  readonly tickCron?: string;
  /** Poll once at start, before the catch-up tick, so a late start sends fresh news. Default false. */
  readonly pollOnStart?: boolean;
  /** Longest `stop()` waits for a running poll or tick, ms. Default 15,000. */
  readonly stopTimeoutMs?: number;
}

export interface Scheduler {
  /** Resumes unfinished deliveries, catches up today's missed digests, then starts the cron jobs. */
  start(): Promise<void>;
  /**
   * Delivers to the subscriptions due at `now` (default: the clock). Resolves null without doing
   * anything when a tick is already running, the scheduler is stopping or it has no deliveries:
   * runs never overlap.
   */
  tick(now?: Date): Promise<FanOutReport | null>;
  /** Polls the feeds unless a poll is running (or this scheduler does not poll); false when skipped. */
  pollOnce(): Promise<boolean>;
  /** Stops cron, finishes or parks in-flight sends (bounded), then resolves. Idempotent. */
  stop(): Promise<void>;
}

/** One run at a time of `work`: a call while one runs (or once `closed()`) resolves `skipped` at once. */
function singleFlight<A extends unknown[], T>(
  work: (...args: A) => Promise<T>,
  skipped: T,
  closed: () => boolean,
  onSkip: () => void,
): { run: (...args: A) => Promise<T>; running: () => Promise<T> | null } {
  let current: Promise<T> | null = null;
  return {
    run: (...args) => {
      if (closed()) return Promise.resolve(skipped);
      if (current) {
        onSkip();
        return Promise.resolve(skipped);
      }
      current = work(...args).finally(() => {
        current = null;
      });
      return current;
    },
    running: () => current,
  };
}

/** Waits for `running` at most `ms`; true when it did not settle in time. */
async function settledWithin(running: readonly Promise<unknown>[], ms: number): Promise<boolean> {
  if (running.length === 0) return false;
  return (await raceDeadline(Promise.allSettled(running), ms)).late;
}

/** Creates the scheduler; nothing runs until `start()` (or `tick`/`pollOnce` called directly). */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { delivery, poll, logger } = deps;
  const tasks: ScheduledTask[] = [];
  let stopping: Promise<void> | null = null;
  const closed = () => stopping !== null;

  const ticks = singleFlight(
    (now?: Date) =>
      delivery
        ? delivery.deliverDue(now ?? deps.clock()).catch((error: unknown) => {
            logger.error('delivery tick failed', { error: messageOf(error) });
            return null;
          })
        : Promise.resolve(null),
    null,
    closed,
    () => logger.debug('tick skipped: the previous one is still running'),
  );
  const polls = singleFlight(
    () =>
      poll
        ? poll().then(
            () => true,
            (error: unknown) => {
              logger.error('feed poll failed', { error: messageOf(error) });
              return true;
            },
          )
        : Promise.resolve(false),
    false,
    closed,
    () => logger.debug('poll skipped: the previous one is still running'),
  );

  const start = async () => {
    if (stopping) return;
    if (delivery) {
      const resumed = await delivery.resumeUnfinished().catch((error: unknown) => {
        logger.error('resuming unfinished deliveries failed', { error: messageOf(error) });
        return null;
      });
      if (resumed && resumed.considered > 0) logger.info('resumed unfinished deliveries', { ...resumed });
    }
    if (poll && deps.pollOnStart) await polls.run();
    if (delivery) await ticks.run();
    if (stopping) return;
    const options = (name: string): TaskOptions => ({ timezone: deps.timeZone, noOverlap: true, name });
    const cron = deps.cron ?? cronSchedule;
    if (poll) tasks.push(cron(deps.pollCron, () => polls.run(), options('kilas-poll')));
    if (delivery) tasks.push(cron(deps.tickCron ?? '* * * * *', () => ticks.run(), options('kilas-deliver')));
    logger.info('scheduler started', { pollCron: poll ? deps.pollCron : 'off', deliveries: delivery ? 'on' : 'off', timeZone: deps.timeZone });
  };

  const stop = async () => {
    for (const task of tasks.splice(0)) {
      try {
        await task.stop();
        await task.destroy();
      } catch (error) {
        logger.warn('stopping a cron task failed', { error: messageOf(error) });
      }
    }
    // Parks sends not yet started and waits (bounded) for the ones on the wire.
    await delivery?.stop();
    const running = [ticks.running(), polls.running()].filter((p) => p !== null);
    if (await settledWithin(running, deps.stopTimeoutMs ?? 15_000)) logger.warn('stop: a poll or tick was still running; it was left behind');
    logger.info('scheduler stopped');
  };

  return {
    tick: (now) => ticks.run(now),
    pollOnce: () => polls.run(),
    start,
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}

/**
 * Calls `stop` once on the first SIGINT or SIGTERM and then `onStopped` (typically: close the
 * database, exit). Later signals are ignored while the (bounded) stop runs, so a supervisor that
 * signals twice never kills a half-stopped process. Returns a function that removes the handlers.
 */
export function stopOnSignals(
  stop: () => Promise<void>,
  onStopped: () => void | Promise<void>,
  target: Pick<NodeJS.Process, 'on' | 'off'> = process,
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): () => void {
  let fired = false;
  const handler = () => {
    if (fired) return;
    fired = true;
    void stop().then(onStopped, onStopped);
  };
  for (const s of signals) target.on(s, handler);
  return () => {
    for (const s of signals) target.off(s, handler);
  };
}
