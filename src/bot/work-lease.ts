/**
 * A worker's hold on the rows it claimed: renewed every third of the lease while work runs, so a
 * worker that dies loses its rows one lease later and a live one never does. `holds()` says whether
 * the last renewal is recent enough to keep sending (see docs/decisions/shared-work.md).
 */
import { messageOf } from '../errors.ts';
import type { Clock, Logger } from '../logger.ts';
import type { Sleep } from './pacer.ts';
import type { WorkClaims } from './work-ports.ts';

export interface WorkLease {
  /** Starts renewing (idempotent while running); `stop` ends it. */
  start(): void;
  /** Ends the renewals; resolves when the renewal loop has stopped. */
  stop(): Promise<void>;
  /** The claims were just confirmed (a claim or a renewal succeeded) at `at` ms. */
  confirmed(at: number): void;
  /** True while the last confirmation is younger than two thirds of the lease. */
  holds(): boolean;
}

export interface WorkLeaseDeps {
  readonly claims: Pick<WorkClaims, 'renew'>;
  readonly owner: string;
  readonly leaseMs: number;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly logger: Logger;
}

/** Creates the lease keeper of one worker. */
export function createWorkLease(deps: WorkLeaseDeps): WorkLease {
  const { claims, owner, leaseMs, logger } = deps;
  const now = () => deps.clock().getTime();
  let last = -Infinity;
  let loop: { abort: AbortController; done: Promise<void> } | null = null;

  const renewals = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      try {
        await deps.sleep(Math.max(1, Math.floor(leaseMs / 3)), signal);
      } catch {
        return;
      }
      const at = now();
      try {
        // None renewed: whatever this worker held has passed on (it was paused past its lease).
        if ((await claims.renew(owner, leaseMs, at)) > 0) last = Math.max(last, at);
      } catch (error) {
        logger.warn('renewing work leases failed', { owner, error: messageOf(error) });
      }
    }
  };

  return {
    start() {
      if (loop) return;
      const abort = new AbortController();
      loop = { abort, done: renewals(abort.signal) };
    },
    async stop() {
      const running = loop;
      loop = null;
      if (!running) return;
      running.abort.abort();
      await running.done;
    },
    confirmed(at) {
      last = Math.max(last, at);
    },
    holds: () => now() - last < (leaseMs * 2) / 3,
  };
}
