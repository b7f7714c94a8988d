/**
 * Timing for the benches: wall and CPU time of one synchronous run. CPU time is the steadier
 * figure on a shared machine, so benches print both.
 */
import { performance } from 'node:perf_hooks';

/** Runs `run` once and returns its result with the wall and CPU milliseconds it took. */
export function time<T>(run: () => T): { result: T; ms: number; cpuMs: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

/** `time` for an asynchronous run: wall and CPU milliseconds until its promise settles. */
export async function timeAsync<T>(run: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}
