/**
 * Rate pacing per platform and per chat, so a fan-out stays under the platforms' limits instead of
 * collecting 429s. Each limit is a GCRA token bucket (a "theoretical arrival time" per bucket):
 * a send first takes a slot of its chat's bucket, then a slot of its platform's global bucket, so
 * global slots go only to sends that are ready. Clock and sleep are injected: tests and the bench
 * run it on a virtual clock.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../logger.ts';
import type { ChatRef, PlatformName } from './ports.ts';

/** Waits `ms`; rejects (with the signal's reason) when `signal` aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Real-time sleep on Node timers. */
export const realSleep: Sleep = async (ms, signal) => {
  if (ms <= 0) {
    signal?.throwIfAborted();
    return;
  }
  await delay(ms, undefined, signal ? { signal } : {});
};

/** `count` sends per `perMs` milliseconds, of which `burst` may go back to back. */
export interface RateLimit {
  readonly count: number;
  readonly perMs: number;
  readonly burst: number;
}

/** The limits of one platform: a global bucket and one bucket per chat (null: unlimited). */
export interface PlatformLimits {
  readonly global: RateLimit | null;
  chat(chat: ChatRef): RateLimit | null;
}

/** No limits: what a platform without limits of its own gets (a console, a test double). */
export const UNLIMITED: PlatformLimits = { global: null, chat: () => null };

/** Paces sends; one instance is shared by every delivery of the process. */
export interface Pacer {
  /** Resolves when `chat` may be sent to; rejects when `signal` aborts while waiting. */
  acquire(chat: ChatRef, signal?: AbortSignal): Promise<void>;
  /**
   * The platform answered 429: nothing more goes to that chat (or, with scope 'global', to that
   * platform) for `retryAfterMs`; waiters already holding a slot inside the pause take a new one.
   * Returns false when no bucket limits that chat (the caller must wait itself).
   */
  penalize(chat: ChatRef, retryAfterMs: number, scope?: 'chat' | 'global'): boolean;
  /** Number of per-chat buckets held (idle ones are dropped), for tests and memory bounds. */
  size(): number;
}

export interface PacerDeps {
  readonly clock: Clock;
  readonly sleep: Sleep;
  /**
   * Limits per platform name: each platform module's own (src/platforms/registry.ts), given by the
   * composition root. A platform not named here is not paced.
   */
  readonly limits?: Readonly<Record<PlatformName, PlatformLimits | undefined>>;
}

/**
 * GCRA bucket. Time is kept in units of 1/count ms relative to the bucket's first use, so slot
 * times are exact integers (no drift from 1000/30 ms steps) and a slot k+count is exactly perMs
 * after slot k; a slot is handed out at the first whole millisecond at or after it.
 */
class Bucket {
  private origin: number | null = null;
  /** Theoretical arrival time (scaled): the slot after the last one handed out. */
  private tat = -Infinity;
  private paused = -Infinity;
  /** Whole-ms time until which a 429 paused this bucket. */
  pausedUntil = -Infinity;
  private readonly scale: number;
  private readonly interval: number;
  private readonly tolerance: number;
  /** Real send times of the last `count` sends (ring), oldest at `head`. */
  private readonly log: number[] = [];
  private head = 0;

  constructor(private readonly limit: RateLimit) {
    this.scale = limit.count;
    this.interval = limit.perMs;
    this.tolerance = Math.max(0, limit.burst - 1) * limit.perMs;
  }

  /**
   * How long a send at `now` must still wait so that no window of `perMs` holds more than `count`
   * real sends. GCRA slots already promise that; this catches sends that bunch up because timers
   * woke late (real clocks), at the cost of one comparison.
   */
  windowWait(now: number): number {
    if (this.log.length < this.limit.count) return 0;
    return Math.max(0, (this.log[this.head] as number) + this.limit.perMs - now);
  }

  /**
   * Records a real send at `now`. With `reschedule`, later slots are spaced from it (a chat whose
   * send waited for the global bucket); without, the schedule keeps its pace and catches up after a
   * late timer, the window check above keeping the catch-up within the limit.
   */
  record(now: number, reschedule: boolean): void {
    if (this.log.length < this.limit.count) this.log.push(now);
    else {
      this.log[this.head] = now;
      this.head = (this.head + 1) % this.limit.count;
    }
    if (reschedule) this.sentAt(now);
  }

  private scaled(ms: number): number {
    this.origin ??= ms;
    return (ms - this.origin) * this.scale;
  }

  /** Takes the earliest free slot at or after `now` (ms) and returns its time in whole ms. */
  reserve(now: number): number {
    const at = Math.max(this.scaled(now), this.tat - this.tolerance, this.paused);
    this.tat = Math.max(this.tat, at) + this.interval;
    return (this.origin ?? now) + Math.ceil(at / this.scale);
  }

  /** The send really went at `now` (later than its slot when a wait or a late timer delayed it). */
  private sentAt(now: number): void {
    this.tat = Math.max(this.tat, this.scaled(now) + this.interval);
  }

  pause(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.paused = this.scaled(until);
    this.tat = Math.max(this.tat, this.paused + this.tolerance);
  }

  idle(now: number): boolean {
    return this.tat <= this.scaled(now) && this.pausedUntil <= now;
  }
}

/** Bounds the re-reservations after pauses so a stream of 429s cannot spin forever. */
const MAX_RESERVE_ROUNDS = 1000;
const SWEEP_EVERY = 1024;

/** Creates a pacer over `deps.limits`. */
export function createPacer(deps: PacerDeps): Pacer {
  const limitsOf = (platform: PlatformName): PlatformLimits => deps.limits?.[platform] ?? UNLIMITED;
  const globals = new Map<PlatformName, Bucket | null>();
  const chats = new Map<string, Bucket>();
  let acquiresSinceSweep = 0;
  const now = () => deps.clock().getTime();

  const globalBucket = (platform: PlatformName): Bucket | null => {
    if (!globals.has(platform)) {
      const limit = limitsOf(platform).global;
      globals.set(platform, limit ? new Bucket(limit) : null);
    }
    return globals.get(platform) ?? null;
  };
  const chatKey = (chat: ChatRef) => `${chat.platform}:${chat.chatId}`;
  const chatBucket = (chat: ChatRef, create: boolean): Bucket | null => {
    const key = chatKey(chat);
    let b = chats.get(key);
    if (!b && create) {
      const limit = limitsOf(chat.platform).chat(chat);
      if (!limit) return null;
      b = new Bucket(limit);
      chats.set(key, b);
    }
    return b ?? null;
  };

  const sweep = () => {
    const t = now();
    for (const [key, b] of chats) if (b.idle(t)) chats.delete(key);
  };

  const take = async (bucket: Bucket, signal: AbortSignal | undefined) => {
    for (let round = 0; round < MAX_RESERVE_ROUNDS; round++) {
      const at = bucket.reserve(now());
      const wait = at - now();
      if (wait > 0) await deps.sleep(wait, signal);
      else signal?.throwIfAborted();
      // A 429 that arrived while we slept moved the pause past our slot: take a new slot.
      if (bucket.pausedUntil <= at) return;
    }
  };

  return {
    async acquire(chat, signal) {
      if (++acquiresSinceSweep >= SWEEP_EVERY) {
        acquiresSinceSweep = 0;
        sweep();
      }
      const c = chatBucket(chat, true);
      if (c) await take(c, signal);
      const g = globalBucket(chat.platform);
      if (g) await take(g, signal);
      for (let round = 0; round < MAX_RESERVE_ROUNDS; round++) {
        const wait = Math.max(c?.windowWait(now()) ?? 0, g?.windowWait(now()) ?? 0);
        if (wait <= 0) break;
        await deps.sleep(wait, signal);
      }
      // Synchronous from the last check on, so concurrent acquires cannot both pass one free place.
      // Spacing then counts from the real send time, not from the slot.
      const t = now();
      c?.record(t, true);
      g?.record(t, false);
    },
    penalize(chat, retryAfterMs, scope = 'chat') {
      const until = now() + Math.max(0, retryAfterMs);
      const bucket = (scope === 'chat' ? chatBucket(chat, true) : null) ?? globalBucket(chat.platform);
      bucket?.pause(until);
      return bucket !== null;
    },
    size: () => chats.size,
  };
}
