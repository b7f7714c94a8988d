/** Canonical URLs, the article store's identity of a link (the store's behaviour is in contract/articles.ts). */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalUrl } from '../../src/core/article/index.ts';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/store/${name}`, import.meta.url), 'utf8')) as T;

describe('canonicalUrl', () => {
  test.each(fixture<{ input: string; expected: string | null }[]>('canonical-urls.json'))(
    '$input',
    ({ input, expected }) => {
      expect(canonicalUrl(input)).toBe(expected);
    },
  );

  test('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.string()), (url) => {
        const once = canonicalUrl(url);
        expect(canonicalUrl(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
