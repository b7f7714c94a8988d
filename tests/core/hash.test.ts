import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fnv1a64 } from '../../src/core/text/index.ts';

// Straightforward BigInt FNV-1a 64 over UTF-8, to check the limb arithmetic against.
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  test.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('published test vector %j', (input, expected) => {
    expect(fnv1a64(input)).toBe(expected);
  });

  test('equals the BigInt definition on any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(fnv1a64(s)).toBe(reference(s));
      }),
      { numRuns: 1000 },
    );
    expect(fnv1a64('a\uD800b')).toBe(reference('a\uFFFDb'));
  });
});
