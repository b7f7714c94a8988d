/**
 * Quality on outlet-style article pages (tests/fixtures/pages: the development set;
 * tests/fixtures/pages-holdout: never tuned on; pages-hard and pages-hard-holdout: the same for
 * harder real-world shapes): each page read as `kilas extract` reads it
 * (Readability on linkedom, split pages joined), then the core pipeline. Targets of issue 9:
 * quote F1 ≥ 0.95, attribution ≥ 0.97, furniture removed ≥ 0.97; titles and dates from the page.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { extractPage, loadPageGold, scorePages } from '../helpers/page-gold.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe.each([
  'tests/fixtures/pages/gold.json',
  'tests/fixtures/pages-holdout/gold.json',
  // Harder pages (quotes over two paragraphs, descriptions as speakers, degrees, embeds, captions).
  'tests/fixtures/pages-hard/gold.json',
  'tests/fixtures/pages-hard-holdout/gold.json',
  'tests/fixtures/pages-lead/gold.json',
])('%s', (goldPath) => {
  const gold = loadPageGold(root, goldPath);

  test('quotes, speakers and furniture meet the targets', async () => {
    const extracted = await Promise.all(gold.map((g) => extractPage(root, g)));
    const score = scorePages(gold, extracted);
    expect(score.f1, score.misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(score.attribution, score.misses.join('\n')).toBeGreaterThanOrEqual(0.97);
    expect(score.boilerplateRemoved, score.misses.join('\n')).toBeGreaterThanOrEqual(0.97);
  });

  test.each(gold)('$file: title and date from the page', async (g) => {
    const { article } = await extractPage(root, g);
    expect(article.title).toBe(g.title);
    expect(article.date).toBe(g.date);
  });
});
