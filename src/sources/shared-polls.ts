/**
 * Feed polls shared by several poller processes: each feed is a work row (key and group: its URL)
 * that one poller claims for the round; once polled it rests `restMs` before another poller polls it
 * (the poller that polled it may poll it again at once, as a single process always could),
 * so pollers woken by the same cron tick poll each feed once, and the page ledger keeps a page stored
 * with its full text from being fetched again by either. See docs/decisions/shared-work.md.
 */
import { createWorkLease } from '../bot/work-lease.ts';
import type { WorkClaims } from '../bot/work-ports.ts';
import { realSleep, type Sleep } from '../bot/pacer.ts';
import { messageOf } from '../errors.ts';
import type { Clock, Logger } from '../logger.ts';

export interface SharedPollsDeps {
  readonly claims: WorkClaims;
  /** This process's name in the claims. */
  readonly owner: string;
  readonly leaseMs: number;
  /** After a poll, a feed is not polled again by any poller for this long, ms. Default 60,000. */
  readonly restMs?: number;
  readonly clock: Clock;
  /** Waits between lease renewals. Default: real timers (see claimed-delivery.ts). */
  readonly sleep?: Sleep;
  readonly logger: Logger;
}

export interface SharedPolls {
  /**
   * Claims the feeds of `feeds` nobody polled within the rest period nor is polling now, runs `poll`
   * over them (leases renewed meanwhile), then lets them rest. Resolves with the feeds polled here.
   */
  run<F extends { readonly url: string }>(feeds: readonly F[], poll: (mine: readonly F[]) => Promise<void>): Promise<F[]>;
}

/** Creates the shared poll rounds of one poller process. */
export function createSharedPolls(deps: SharedPollsDeps): SharedPolls {
  const { claims, owner, leaseMs, logger } = deps;
  const restMs = deps.restMs ?? 60_000;
  const now = () => deps.clock().getTime();
  /** Feeds this process polled last, resting until: the rest keeps other pollers off, not this one. */
  const rested = new Map<string, number>();
  return {
    async run(feeds, poll) {
      if (feeds.length === 0) return [];
      const started = now();
      for (const [url, until] of rested) if (until <= started) rested.delete(url);
      const urls = [...new Set(feeds.map((f) => f.url))].filter((url) => !rested.has(url));
      await claims.offer('feed', urls.map((url) => ({ key: url, group: url, dueAt: started })));
      const claimed = new Set(await claims.claim('feed', owner, urls.length, leaseMs, started));
      // A feed resting after this process's own poll is nobody else's until the rest ends.
      const mine = feeds.filter((f) => claimed.has(f.url) || rested.has(f.url));
      if (mine.length < feeds.length) logger.debug('feeds polled by another poller left out', { count: feeds.length - mine.length });
      if (mine.length === 0) return [];
      const lease = createWorkLease({ claims, owner, leaseMs, clock: deps.clock, sleep: deps.sleep ?? realSleep, logger });
      lease.start();
      try {
        await poll(mine);
      } finally {
        await lease.stop();
        const again = started + restMs;
        for (const url of claimed) rested.set(url, again);
        await Promise.all(
          [...claimed].map((url) =>
            claims.settle('feed', url, owner, again, now()).catch((error: unknown) => logger.warn('settling a feed poll failed', { feed: url, error: messageOf(error) })),
          ),
        );
      }
      return mine;
    },
  };
}
