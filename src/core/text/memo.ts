/**
 * Bounded memoisation for pure functions of a string that hot loops call with the same keys over
 * and over (stems, name keys): results are remembered until `limit` keys are held, then the memory
 * starts over, so a long-running process stays flat however many distinct keys it sees.
 */

/**
 * `compute` remembered per key, for at most `limit` keys at a time. `compute` must be pure and
 * never return undefined (undefined marks a key not computed yet).
 */
export function memoise<V>(compute: (key: string) => V, limit: number): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const value = compute(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
