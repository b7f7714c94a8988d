import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { raceDeadline, withinDeadline } from '../../src/lib/deadline.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A promise that settles after `ms` of (fake) time. */
const after = <T>(ms: number, value: T, fail = false): Promise<T> =>
  new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

describe('raceDeadline', () => {
  test.each([
    { work: 10, deadline: 50, late: false },
    { work: 50, deadline: 10, late: true },
    { work: 0, deadline: 0, late: false },
  ])('work of $work ms against a deadline of $deadline ms: late $late', async ({ work, deadline, late }) => {
    const outcome = raceDeadline(after(work, 'ok'), deadline);
    await vi.advanceTimersByTimeAsync(Math.max(work, deadline));
    expect(await outcome).toEqual(late ? { late: true } : { late: false, value: 'ok' });
  });

  test('a rejection in time passes through, and no timer is left behind', async () => {
    const outcome = raceDeadline(after(5, 'broken', true), 1000);
    const seen = expect(outcome).rejects.toThrow('broken');
    await vi.advanceTimersByTimeAsync(5);
    await seen;
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a timely settle clears the timer', async () => {
    const outcome = raceDeadline(Promise.resolve(1), 60_000);
    await expect(outcome).resolves.toEqual({ late: false, value: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('withinDeadline', () => {
  test('rejects with the given error when late, resolves with the value in time', async () => {
    const late = withinDeadline(after(100, 'slow'), 10, () => new RangeError('too slow'));
    const lateSeen = expect(late).rejects.toThrow(RangeError);
    const timely = withinDeadline(after(5, 'fast'), 10, () => new RangeError('too slow'));
    await vi.advanceTimersByTimeAsync(100);
    await lateSeen;
    await expect(timely).resolves.toBe('fast');
  });
});
