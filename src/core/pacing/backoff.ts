/**
 * The one exponential backoff of kilas: feeds, article pages and platform sends all wait
 * `base × 2^(n-1)` after their n-th failure, capped. Pure: callers add jitter or clocks.
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
