/**
 * The clockwork of `kilas start`: a feed-polling job on KILAS_POLL_CRON and a minute tick that sends
 * each due subscription its digest at its own local time (node-cron 4, `noOverlap`). On start it first
 * resumes deliveries a crash left unfinished, then catches up: a digest missed today during downtime
 * is sent once, yesterday's never (see bot/due.ts). `stop()` stops cron, lets in-flight sends finish
 * or parks them (bounded), and resolves so the app can close the database.
 */
import { schedule as cronSchedule, type ScheduledTask, type TaskFn, type TaskOptions } from 'node-cron';
import type { DeliveryService, FanOutReport } from './bot/delivery.ts';
import { messageOf } from './errors.ts';
import type { Clock, Logger } from './logger.ts';

/** The part of node-cron the scheduler uses; injectable for tests. */
export type CronSchedule = (expression: string, fn: TaskFn, options: TaskOptions) => ScheduledTask;

export interface SchedulerDeps {
  /** Cron expression of feed polling (KILAS_POLL_CRON). */
  readonly pollCron: string;
  /** Time zone the cron expressions are read in (KILAS_TZ). */
  readonly timeZone: string;
  /** Polls the feeds once; failures are logged, never stop the scheduler. */
  readonly poll: () => Promise<unknown>;
  readonly delivery: Pick<DeliveryService, 'deliverDue' | 'resumeUnfinished' | 'stop'>;
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
   * anything when a tick is already running or the scheduler is stopping: runs never overlap.
   */
  tick(now?: Date): Promise<FanOutReport | null>;
  /** Polls the feeds unless a poll is running; false when skipped. */
  pollOnce(): Promise<boolean>;
  /** Stops cron, finishes or parks in-flight sends (bounded), then resolves. Idempotent. */
  stop(): Promise<void>;
}

/** Creates the scheduler; nothing runs until `start()` (or `tick`/`pollOnce` called directly). */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const cron = deps.cron ?? cronSchedule;
  const stopTimeoutMs = deps.stopTimeoutMs ?? 15_000;
  const tasks: ScheduledTask[] = [];
  let ticking: Promise<FanOutReport | null> | null = null;
  let polling: Promise<boolean> | null = null;
  let stopping: Promise<void> | null = null;

  const tick = (now?: Date): Promise<FanOutReport | null> => {
    if (stopping) return Promise.resolve(null);
    if (ticking) {
      deps.logger.debug('tick skipped: the previous one is still running');
      return Promise.resolve(null);
    }
    const at = now ?? deps.clock();
    ticking = deps.delivery
      .deliverDue(at)
      .catch((error: unknown) => {
        deps.logger.error('delivery tick failed', { error: messageOf(error) });
        return null;
      })
      .finally(() => {
        ticking = null;
      });
    return ticking;
  };

  const pollOnce = (): Promise<boolean> => {
    if (stopping) return Promise.resolve(false);
    if (polling) {
      deps.logger.debug('poll skipped: the previous one is still running');
      return Promise.resolve(false);
    }
    polling = deps
      .poll()
      .then(
        () => true,
        (error: unknown) => {
          deps.logger.error('feed poll failed', { error: messageOf(error) });
          return true;
        },
      )
      .finally(() => {
        polling = null;
      });
    return polling;
  };

  return {
    tick,
    pollOnce,
    async start() {
      if (stopping) return;
      const resumed = await deps.delivery.resumeUnfinished().catch((error: unknown) => {
        deps.logger.error('resuming unfinished deliveries failed', { error: messageOf(error) });
        return null;
      });
      if (resumed && resumed.considered > 0) deps.logger.info('resumed unfinished deliveries', { ...resumed });
      if (deps.pollOnStart) await pollOnce();
      await tick();
      if (stopping) return;
      const options = (name: string): TaskOptions => ({ timezone: deps.timeZone, noOverlap: true, name });
      tasks.push(cron(deps.pollCron, () => pollOnce(), options('kilas-poll')));
      tasks.push(cron(deps.tickCron ?? '* * * * *', () => tick(), options('kilas-deliver')));
      deps.logger.info('scheduler started', { pollCron: deps.pollCron, timeZone: deps.timeZone });
    },
    stop() {
      stopping ??= (async () => {
        for (const task of tasks.splice(0)) {
          try {
            await task.stop();
            await task.destroy();
          } catch (error) {
            deps.logger.warn('stopping a cron task failed', { error: messageOf(error) });
          }
        }
        // Parks sends not yet started and waits (bounded) for the ones on the wire.
        await deps.delivery.stop();
        const running = [ticking, polling].filter((p): p is Promise<never> => p !== null);
        if (running.length > 0) {
          let timer: NodeJS.Timeout | undefined;
          const timedOut = await Promise.race([
            Promise.allSettled(running).then(() => false),
            new Promise<boolean>((resolve) => {
              timer = setTimeout(() => resolve(true), stopTimeoutMs);
            }),
          ]);
          clearTimeout(timer);
          if (timedOut) deps.logger.warn('stop: a poll or tick was still running; it was left behind');
        }
        deps.logger.info('scheduler stopped');
      })();
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
