/**
 * better-sqlite3 answers synchronously; the ports promise. An implementation here is written against
 * `Sync<Port>` (the same methods, answering at once) and handed out through `asyncPort`, so each
 * method runs its statements (its whole transaction) when called and resolves with the result, and a
 * failure becomes a rejection rather than a throw.
 */

/** A port's methods, answering synchronously (optional methods required). */
export type Sync<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/** The port over a synchronous implementation: every method returns a promise. */
export function asyncPort<T>(sync: Sync<T>): Required<T> {
  const port: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(sync as Record<string, unknown>)) {
    if (typeof value !== 'function') {
      port[name] = value;
      continue;
    }
    const method = value as (...args: unknown[]) => unknown;
    port[name] = (...args: unknown[]): Promise<unknown> => {
      try {
        return Promise.resolve(method(...args));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    };
  }
  return port as Required<T>;
}
