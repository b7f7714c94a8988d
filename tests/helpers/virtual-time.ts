/**
 * A virtual clock for deterministic tests and benches: `sleep` parks the caller on a timer queue and
 * `run` advances time to the earliest timer only when every runnable promise has settled, so many
 * concurrent sleepers see one consistent timeline and no real time passes.
 */
import type { Sleep } from '../../src/bot/pacer.ts';
import type { Clock } from '../../src/logger.ts';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
  cancel: (() => void) | null;
  done: boolean;
}

const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualTime {
  private current: number;
  private seq = 0;
  private readonly heap: Timer[] = [];
  /** Number of timers fired so far. */
  fired = 0;

  /**
   * @param idle - resolves when no real I/O (a database round trip) is in flight, true when it had to
   *   wait: time only moves on when nothing runs, whether runnable promises or I/O (see IoTracker).
   */
  constructor(
    start: Date | number = 0,
    private readonly idle: () => Promise<boolean> = async () => false,
  ) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  /** Settles every runnable promise and, with an `idle` hook, every tracked I/O. */
  private async quiesce(): Promise<void> {
    do await drain();
    while (await this.idle());
  }

  get now(): number {
    return this.current;
  }

  readonly clock: Clock = () => new Date(this.current);

  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, resolve, cancel: null, done: false };
      if (signal) {
        const onAbort = () => {
          if (timer.done) return;
          timer.done = true;
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        timer.cancel = () => signal.removeEventListener('abort', onAbort);
      }
      this.push(timer);
    });

  /** Moves time forward by `ms` without firing timers (for tests that step a clock by hand). */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Sets the time (never backwards past pending timers' order; used between runs). */
  set(at: Date | number): void {
    this.current = typeof at === 'number' ? at : at.getTime();
  }

  /** Timers not yet fired. */
  pending(): number {
    return this.heap.filter((t) => !t.done).length;
  }

  /**
   * Drives virtual time until `work` settles, and resolves with its result. Rejects when `work` is
   * stuck with no timer left (a deadlock or a deliberate hang), or after `maxTimers` timers.
   */
  async run<T>(work: Promise<T>, maxTimers = 10_000_000): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let fired = 0; fired < maxTimers; ) {
      await this.quiesce();
      if (settled) return work;
      const next = this.pop();
      if (!next) throw new Error('virtual time: work is stuck and no timer is pending');
      if (next.at > this.current) this.current = next.at;
      next.done = true;
      next.cancel?.();
      next.resolve();
      fired++;
      this.fired++;
    }
    throw new Error(`virtual time: more than ${maxTimers} timers fired`);
  }

  /** Fires timers until none is left (work that hangs forever is left behind). */
  async runUntilIdle(maxTimers = 10_000_000): Promise<void> {
    for (let fired = 0; fired < maxTimers; fired++) {
      await this.quiesce();
      const next = this.pop();
      if (!next) return;
      if (next.at > this.current) this.current = next.at;
      next.done = true;
      next.cancel?.();
      next.resolve();
      this.fired++;
    }
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i] as Timer, h[parent] as Timer)) break;
      [h[i], h[parent]] = [h[parent] as Timer, h[i] as Timer];
      i = parent;
    }
  }

  private pop(): Timer | null {
    const h = this.heap;
    while (h.length > 0) {
      const top = h[0] as Timer;
      const last = h.pop() as Timer;
      if (h.length > 0) {
        h[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < h.length && less(h[l] as Timer, h[m] as Timer)) m = l;
          if (r < h.length && less(h[r] as Timer, h[m] as Timer)) m = r;
          if (m === i) break;
          [h[i], h[m]] = [h[m] as Timer, h[i] as Timer];
          i = m;
        }
      }
      if (!top.done) return top;
    }
    return null;
  }
}

/** Counts real I/O in flight, for a VirtualTime that must not move on while a query runs. */
export class IoTracker {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  /** `work`, counted while it runs. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight++;
    return work.finally(() => {
      if (--this.inFlight === 0) for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves once nothing is in flight; true when it had to wait. */
  readonly idle = async (): Promise<boolean> => {
    if (this.inFlight === 0) return false;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
    return true;
  };
}

const less = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
