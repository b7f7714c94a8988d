/**
 * The indexed quote merge gives exactly what comparing every quote with every merged one gives
 * (property test against that all-pairs reference), and its bounds hold.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compatibleSpeakers,
  quoteContained,
  type QuoteKey,
  mergeQuotes,
  type StoryArticle,
} from '../../src/core/stories/index.ts';
import { wordTokens } from '../../src/core/text/index.ts';
import type { ExtractedArticle, Quote } from '../../src/core/model/index.ts';

function storyArticle(id: string, outlet: string, quotes: Pick<Quote, 'text' | 'speakerKey'>[]): StoryArticle {
  const item: ExtractedArticle = {
    article: { id, title: null, date: null, publishedAt: null, dateline: null, paragraphs: [], source: { url: null, outlet, file: null, credit: null } },
    quotes: quotes.map((q) => ({ ...q, speaker: q.speakerKey, paragraph: 0 })),
  };
  return { item, copies: [item] };
}

/** The all-pairs merge the index replaces: every quote checked against every merged quote in order. */
function allPairs(articles: readonly StoryArticle[]): { text: string; articles: number }[] {
  const all = articles.flatMap(({ item }) =>
    item.quotes.map((quote) => {
      const tokens = wordTokens(quote.text);
      return { quote, id: item.article.id, key: { tokens, folded: tokens.join(' '), speakerKey: quote.speakerKey } as QuoteKey };
    }),
  ).map((q, order) => ({ ...q, order })).filter((q) => q.key.tokens.length > 0);
  all.sort((x, y) => y.key.tokens.length - x.key.tokens.length || x.order - y.order);
  const merged: { key: QuoteKey; text: string; ids: Set<string>; first: number }[] = [];
  for (const q of all) {
    const target = merged.find((m) => compatibleSpeakers(m.key.speakerKey, q.key.speakerKey) && quoteContained(q.key, m.key));
    if (target) {
      target.ids.add(q.id);
      if (target.key.speakerKey === null) target.key = { ...target.key, speakerKey: q.key.speakerKey };
      target.first = Math.min(target.first, q.order);
    } else merged.push({ key: q.key, text: q.quote.text.trim(), ids: new Set([q.id]), first: q.order });
  }
  return merged.sort((x, y) => x.first - y.first).map((m) => ({ text: m.text, articles: m.ids.size }));
}

const WORDS = ['kami', 'akan', 'warga', 'banjir', 'beras', 'harga', 'pasar', 'desa', 'air', 'jalan', 'sekolah', 'guru'];
const quoteText = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 14 }).map((ws) => ws.join(' '));
const speaker = fc.constantFrom<string | null>('budi', 'sari', null);

describe('mergeQuotes with the word index', () => {
  test('gives what the all-pairs comparison gives (fragments, 80 % overlaps, speakers)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.record({ text: quoteText, speakerKey: speaker }), { maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        (perArticle) => {
          // Some quotes are cut from others, as outlets quote fragments of one sentence.
          const articles = perArticle.map((quotes, i) =>
            storyArticle(`a${i}`, `o${i % 3}`, quotes.map((q, j) => (j % 3 === 2 && quotes[0] ? { ...q, text: quotes[0].text.split(' ').slice(1).join(' ') || q.text } : q))),
          );
          const got = mergeQuotes(articles).map((q) => ({ text: q.text, articles: q.articleIds.length }));
          expect(got).toEqual(allPairs(articles));
        },
      ),
      { numRuns: 400 },
    );
  });

  test('quotes per article and articles per story are bounded', () => {
    // Distinct letter-words per quote, so no two merge.
    const word = (i: number, k: number) => `k${String.fromCharCode(97 + (i % 26), 97 + (Math.floor(i / 26) % 26), 97 + k)}`;
    const many = Array.from({ length: 300 }, (_, i) => ({ text: [0, 1, 2, 3].map((k) => word(i, k)).join(' '), speakerKey: 'budi' }));
    const merged = mergeQuotes([storyArticle('big', 'o', many)]);
    expect(merged).toHaveLength(100);
    const articles = Array.from({ length: 80 }, (_, i) => storyArticle(`s${i}`, `o${i}`, [{ text: [0, 1, 2, 3].map((k) => word(i, k)).join(' '), speakerKey: 'sari' }]));
    expect(mergeQuotes(articles)).toHaveLength(50);
    expect(mergeQuotes(articles, { maxArticles: 80 })).toHaveLength(80);
  });
});
