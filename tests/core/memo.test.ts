import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { memoise } from '../../src/core/text/index.ts';

describe('memoise', () => {
  test('gives what compute gives, computing each key once while under the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 60 }), (keys) => {
        const calls = new Map<string, number>();
        const compute = (k: string) => {
          calls.set(k, (calls.get(k) ?? 0) + 1);
          return k.length % 2 === 0 ? null : k.toUpperCase();
        };
        const memo = memoise(compute, 1000);
        for (const k of keys) expect(memo(k)).toBe(k.length % 2 === 0 ? null : k.toUpperCase());
        for (const n of calls.values()) expect(n).toBe(1);
        expect(calls.size).toBe(new Set(keys).size);
      }),
    );
  });

  test('holds at most `limit` keys: past it, remembered keys are computed again', () => {
    let calls = 0;
    const memo = memoise((k: string) => (calls++, k), 2);
    memo('a');
    memo('b');
    memo('a');
    expect(calls).toBe(2);
    memo('c'); // the memory is full: it starts over with c
    memo('a');
    expect(calls).toBe(4);
  });
});
