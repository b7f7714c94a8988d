/**
 * Per-user rate limit for chat commands: a small token bucket per user, so a burst of a few commands
 * passes and a flood is cut off. A refused command always gets a short answer, but at most one per
 * chat per notice window (10 s): the others in that window are silent, so the limiter itself never
 * becomes a flood, and nobody meets a minute of silence wondering whether the bot is broken.
 */
import type { Clock } from '../logger.ts';

/** Options of {@link createCommandRateLimiter}; every field has a default in {@link RATE_LIMIT_DEFAULTS}. */
export interface CommandRateLimitOptions {
  /** Commands a user may send in a burst. Default 5. */
  readonly capacity?: number;
  /** Milliseconds to earn back one token. Default 3000 (so 20 commands a minute at most). */
  readonly refillMs?: number;
  /** After a refusal message, further refusals in the same chat stay silent for this long. Default 10000. */
  readonly noticeWindowMs?: number;
  /** Most users tracked at once; idle users are forgotten first. Default 10000. */
  readonly maxUsers?: number;
}

export const RATE_LIMIT_DEFAULTS = {
  capacity: 5,
  refillMs: 3000,
  noticeWindowMs: 10_000,
  maxUsers: 10_000,
} as const satisfies Required<CommandRateLimitOptions>;

/**
 * `allow`: run the command. `refuse`: do not run it, tell the user once. `silent`: do not run it and
 * say nothing (the user was already told in this window).
 */
export type RateDecision = 'allow' | 'refuse' | 'silent';

export interface CommandRateLimiter {
  /**
   * Takes one token for `userId` and says what to do with the command; refusal notices are counted
   * per `chatKey` (default: the user), so a chat gets at most one per window whoever was refused.
   */
  take(userId: string, chatKey?: string): RateDecision;
  /** Milliseconds until `userId` has a token again (0 when it has one now). */
  waitMs(userId: string): number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Creates a limiter over an injected clock; memory is bounded by `maxUsers`. */
export function createCommandRateLimiter(clock: Clock, options: CommandRateLimitOptions = {}): CommandRateLimiter {
  const capacity = Math.max(1, options.capacity ?? RATE_LIMIT_DEFAULTS.capacity);
  const refillMs = Math.max(1, options.refillMs ?? RATE_LIMIT_DEFAULTS.refillMs);
  const noticeWindowMs = Math.max(0, options.noticeWindowMs ?? RATE_LIMIT_DEFAULTS.noticeWindowMs);
  const maxUsers = Math.max(1, options.maxUsers ?? RATE_LIMIT_DEFAULTS.maxUsers);
  // A Map iterates in insertion order; re-inserting on use keeps the least recently used first.
  const buckets = new Map<string, Bucket>();

  const refill = (userId: string, now: number): Bucket => {
    const existing = buckets.get(userId);
    if (existing) {
      buckets.delete(userId);
      // A clock that goes backwards must not mint tokens.
      const elapsed = Math.max(0, now - existing.updatedAt);
      existing.tokens = Math.min(capacity, existing.tokens + elapsed / refillMs);
      existing.updatedAt = Math.max(existing.updatedAt, now);
      buckets.set(userId, existing);
      return existing;
    }
    const bucket: Bucket = { tokens: capacity, updatedAt: now };
    buckets.set(userId, bucket);
    while (buckets.size > maxUsers) {
      const oldest = buckets.keys().next();
      if (oldest.done) break;
      buckets.delete(oldest.value);
    }
    return bucket;
  };

  // Until when each chat stays without a further notice; insertion order = oldest first.
  const notices = new Map<string, number>();
  const noticeAllowed = (chatKey: string, now: number): boolean => {
    const until = notices.get(chatKey);
    if (until !== undefined && now < until) return false;
    notices.delete(chatKey);
    notices.set(chatKey, now + noticeWindowMs);
    while (notices.size > maxUsers) {
      const oldest = notices.keys().next();
      if (oldest.done) break;
      notices.delete(oldest.value);
    }
    return true;
  };

  return {
    take(userId, chatKey = userId) {
      const now = clock().getTime();
      const bucket = refill(userId, now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 'allow';
      }
      return noticeAllowed(chatKey, now) ? 'refuse' : 'silent';
    },
    waitMs(userId) {
      const bucket = buckets.get(userId);
      if (!bucket) return 0;
      const now = clock().getTime();
      const tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) / refillMs);
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * refillMs);
    },
  };
}
