import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RawArticle } from '../../src/core/types.ts';
import { fragmentToText } from '../../src/sources/article-page.ts';
import { createHostLimiter } from '../../src/sources/host-limiter.ts';
import { FULL_TEXT_RULE, hasFullText } from '../../src/sources/page-enricher.ts';
import { VirtualTime } from '../helpers/virtual-time.ts';

interface RuleCase {
  readonly name: string;
  readonly origin: 'feed' | 'snippet' | null;
  readonly paragraphs: number;
  readonly chars: number;
  readonly full: boolean;
}
const cases = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sources', 'full-text-rule.json'), 'utf8')) as RuleCase[];

/** HTML of `paragraphs` paragraphs holding about `chars` characters of Indonesian-looking text. */
function itemHtml(paragraphs: number, chars: number): string {
  const per = Math.max(1, Math.floor(chars / paragraphs));
  const sentence = 'Pemerintah daerah menyiapkan anggaran tambahan untuk perbaikan jalan desa. ';
  return Array.from({ length: paragraphs }, () => `<p>${sentence.repeat(Math.ceil(per / sentence.length)).slice(0, per).trim()}</p>`).join('\n');
}

describe('the "has full text" rule', () => {
  test.each(cases)('$name -> full: $full', ({ origin, paragraphs, chars, full }) => {
    // Feed item HTML is read into text the way the feed parser does it.
    const text = fragmentToText(itemHtml(paragraphs, chars));
    const item: RawArticle = { title: 'Judul', url: 'https://a.example.id/1', text, ...(origin ? { origin: { body: origin, pageUrl: null } } : {}) };
    expect(hasFullText(item)).toBe(full);
  });

  test('the thresholds are the documented ones', () => {
    expect(FULL_TEXT_RULE).toEqual({ minChars: 600, minParagraphs: 3 });
  });
});

describe('host limiter', () => {
  test('requests to one host start at least the spacing apart and at most perHost run at once; other hosts are not held up', async () => {
    const time = new VirtualTime(0);
    const limiter = createHostLimiter({ now: () => time.now, sleep: (ms) => time.sleep(ms), options: { perHost: 2, spacingMs: 40 } });
    const starts: Record<string, number[]> = { a: [], b: [] };
    let inFlightA = 0;
    let maxA = 0;
    const task = (host: 'a' | 'b') => async () => {
      starts[host]?.push(time.now);
      if (host === 'a') maxA = Math.max(maxA, ++inFlightA);
      await time.sleep(100);
      if (host === 'a') inFlightA--;
    };
    await time.run(
      Promise.all([
        ...Array.from({ length: 5 }, (_, i) => limiter.run(`http://a.example/${i}`, task('a'))),
        limiter.run('http://b.example/x', task('b')),
      ]),
    );
    // Two start 40 ms apart, the third when the first finishes (100 ms), and so on.
    expect(starts['a']).toEqual([0, 40, 100, 140, 200]);
    expect(maxA).toBe(2);
    expect(starts['b']).toEqual([0]);
  });
});
