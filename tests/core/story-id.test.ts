/** Story ids and the null-last order the index and the stores share. */
import { describe, expect, test } from 'vitest';
import { freshStoryId } from '../../src/core/stories/index.ts';
import { compareNullsLast } from '../../src/core/text/index.ts';

describe('freshStoryId', () => {
  test.each([
    ['free', [], 'a1'],
    ['taken', ['a1'], 'a1-2'],
    ['suffixes taken too', ['a1', 'a1-2', 'a1-3'], 'a1-4'],
    ['a gap is reused', ['a1', 'a1-3'], 'a1-2'],
  ])('%s', (_name, taken, expected) => {
    const used = new Set(taken);
    expect(freshStoryId('a1', (id) => used.has(id))).toBe(expected);
  });
});

describe('compareNullsLast', () => {
  test('numbers ascend, nulls go last and are equal to each other', () => {
    expect([3, null, 1, null, 2].sort(compareNullsLast)).toEqual([1, 2, 3, null, null]);
    expect(compareNullsLast(null, null)).toBe(0);
  });
});
