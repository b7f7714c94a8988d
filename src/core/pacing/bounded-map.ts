/**
 * The one bounded worker pool of kilas: `Promise.all` over a mapping with at most `limit` calls in
 * flight, so feed polls, page fetches, file reads and deliveries overlap without opening everything
 * at once. Results keep the input order.
 */

/**
 * Maps `items` through `fn`, at most `limit` at a time (at least one); results in input order.
 * Rejects with the first rejection: callers that must not stop make `fn` return an outcome instead.
 * @example await mapBounded(files, 32, (f) => readFile(f))
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(limit), items.length)) }, worker));
  return results;
}
