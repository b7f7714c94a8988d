/**
 * Politeness per host: at most `perHost` requests at once to one host, and starts at least
 * `spacingMs` apart. Shared by every feed and page fetch of a process, so many feeds of one outlet
 * never add up to a burst.
 */

/** Options of {@link createHostLimiter}; each has the default written beside it. */
export interface HostLimiterOptions {
  /** Requests in flight per host. Default: 2. */
  readonly perHost?: number;
  /** Least time between two request starts on one host, in ms. Default: 100. */
  readonly spacingMs?: number;
}

export interface HostLimiterDeps {
  /** Monotonic milliseconds. Default: `performance.now()`. */
  readonly now?: () => number;
  /** Waits `ms`. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly options?: HostLimiterOptions;
}

export interface HostLimiter {
  /** Runs `task` when `url`'s host has a free slot and its spacing has passed. */
  run<T>(url: string, task: () => Promise<T>): Promise<T>;
}

/** The defaults of {@link HostLimiterOptions}. */
export const DEFAULT_HOST_LIMITS = { perHost: 2, spacingMs: 100 } satisfies Required<HostLimiterOptions>;

interface HostSlot {
  active: number;
  nextStartAt: number;
  readonly waiting: (() => void)[];
}

/** Builds a limiter. @example const limiter = createHostLimiter(); await limiter.run(url, () => get(url)); */
export function createHostLimiter(deps: HostLimiterDeps = {}): HostLimiter {
  const perHost = Math.max(1, Math.floor(deps.options?.perHost ?? DEFAULT_HOST_LIMITS.perHost));
  const spacingMs = Math.max(0, deps.options?.spacingMs ?? DEFAULT_HOST_LIMITS.spacingMs);
  const now = deps.now ?? (() => performance.now());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const hosts = new Map<string, HostSlot>();

  const acquire = async (slot: HostSlot): Promise<void> => {
    if (slot.active < perHost && slot.waiting.length === 0) slot.active++;
    // A released slot is handed straight to the next waiter, so `active` never drops in between.
    else await new Promise<void>((resolve) => slot.waiting.push(resolve));
    const at = Math.max(now(), slot.nextStartAt);
    slot.nextStartAt = at + spacingMs;
    const wait = at - now();
    if (wait > 0) await sleep(wait);
  };

  const release = (host: string, slot: HostSlot): void => {
    const next = slot.waiting.shift();
    if (next) return next();
    slot.active--;
    if (slot.active === 0 && slot.nextStartAt <= now()) hosts.delete(host);
  };

  return {
    async run(url, task) {
      const host = hostKey(url);
      let slot = hosts.get(host);
      if (!slot) hosts.set(host, (slot = { active: 0, nextStartAt: 0, waiting: [] }));
      await acquire(slot);
      try {
        return await task();
      } finally {
        release(host, slot);
      }
    },
  };
}

function hostKey(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
