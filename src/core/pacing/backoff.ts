/**
 * The one exponential backoff of kilas: feeds, article pages and platform sends all wait
 * `base × 2^(n-1)` after their n-th failure, capped; sends add jitter. Pure: randomness and clocks
 * are the caller's.
 */

/**
 * The wait before the next attempt after `failures` consecutive failures (1 = first failure):
 * `base × 2^(failures-1)`, capped at `max`; 0 for no failure.
 * @example backoffDelay(3, 500, 30_000) === 2_000
 */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  // 2^(n-1) overflows to Infinity long before n grows large; cap the exponent first.
  const exponent = Math.min(failures - 1, 52);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/** The two settings of a backoff: first wait and longest wait, in ms. */
export interface BackoffPolicy {
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

/**
 * {@link backoffDelay} with "equal jitter" for retry number `retry` (1-based): half the capped wait
 * fixed, half random, so retries spread out but never collapse to zero. `random` returns [0, 1).
 * @example jitteredBackoffDelay(3, { backoffBaseMs: 500, backoffMaxMs: 30_000 }, () => 0.5) === 1_500
 */
export function jitteredBackoffDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = backoffDelay(Math.max(1, retry), policy.backoffBaseMs, policy.backoffMaxMs);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
