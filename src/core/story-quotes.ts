/**
 * The quotes of a story: one entry per quote however many outlets carried it, in its fullest form,
 * with the number of distinct outlets that reported it.
 */
import type { ExtractedArticle, Quote, StoryQuote } from './types.ts';
import { compareStrings } from './order.ts';
import { sourceKey } from './outlets.ts';
import { wordTokens } from './similarity.ts';
import type { StoryArticle } from './stories.ts';
import { compatibleSpeakers, quoteContained, type QuoteKey } from './story-features.ts';

/** Key that counts outlets (see `sourceKey`): the outlet, else its URL's site, else one unknown source. */
export function outletKey(item: ExtractedArticle): string {
  return sourceKey(item.article.source.outlet, item.article.source.url);
}

interface MergingQuote {
  key: QuoteKey;
  text: string;
  speaker: string | null;
  speakerKey: string | null;
  articleIds: Set<string>;
  outlets: Set<string>;
  firstSeen: number;
}

/**
 * Merges the quotes of a story's articles: the same quote reported by several outlets, or a
 * fragment of a longer quote by a compatible speaker, becomes one `StoryQuote` in its fullest
 * form, counting the distinct outlets (articles when the outlet is unknown) that carried it.
 * Quotes of two different known speakers never merge. Result order: as first reported.
 */
export function mergeQuotes(articles: readonly StoryArticle[]): StoryQuote[] {
  const all: { quote: Quote; key: QuoteKey; copies: readonly ExtractedArticle[]; order: number }[] = [];
  let order = 0;
  for (const { item, copies } of articles) {
    for (const quote of item.quotes) {
      const tokens = wordTokens(quote.text);
      if (tokens.length === 0) continue;
      all.push({ quote, key: { tokens, folded: tokens.join(' '), speakerKey: quote.speakerKey }, copies, order: order++ });
    }
  }
  // Longest first, so every fragment meets its fullest form already merged.
  all.sort((x, y) => y.key.tokens.length - x.key.tokens.length || x.order - y.order);
  const merged: MergingQuote[] = [];
  for (const { quote, key, copies, order: seen } of all) {
    const target = merged.find(
      (m) => compatibleSpeakers(m.speakerKey, key.speakerKey) && quoteContained(key, m.key),
    );
    if (target) {
      for (const c of copies) {
        target.articleIds.add(c.article.id);
        target.outlets.add(outletKey(c));
      }
      if (target.speakerKey === null && key.speakerKey !== null) {
        target.speaker = quote.speaker;
        target.speakerKey = key.speakerKey;
        target.key = { ...target.key, speakerKey: key.speakerKey };
      }
      target.firstSeen = Math.min(target.firstSeen, seen);
      continue;
    }
    merged.push({
      key,
      text: quote.text.trim(),
      speaker: quote.speaker,
      speakerKey: quote.speakerKey,
      articleIds: new Set(copies.map((c) => c.article.id)),
      outlets: new Set(copies.map(outletKey)),
      firstSeen: seen,
    });
  }
  return merged
    .sort((x, y) => x.firstSeen - y.firstSeen)
    .map((m) => ({
      text: m.text,
      speaker: m.speaker,
      speakerKey: m.speakerKey,
      outlets: m.outlets.size,
      articleIds: [...m.articleIds].sort(compareStrings),
    }));
}
