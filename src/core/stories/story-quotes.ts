/**
 * The quotes of a story: one entry per quote however many outlets carried it, in its fullest form,
 * with the number of distinct outlets that reported it.
 */
import type { ExtractedArticle, Quote, StoryQuote } from '../model/index.ts';
import { compareStrings, wordTokens } from '../text/index.ts';
import { sourceKey } from '../article/index.ts';
import type { StoryArticle } from './stories.ts';
import { compatibleSpeakers, type QuoteKey } from './story-features.ts';

/** Key that counts outlets (see `sourceKey`): the outlet, else its URL's site, else one unknown source. */
export function outletKey(item: ExtractedArticle): string {
  return sourceKey(item.article.source.outlet, item.article.source.url);
}

/** Bounds of {@link mergeQuotes}: a story's quote merge is bounded whatever its articles hold. */
export interface MergeQuotesOptions {
  /** Articles of one story whose quotes are merged (the first ones, as given). Default 50. */
  readonly maxArticles?: number;
  /** Quotes taken from one article (in its order). Default 100. */
  readonly maxQuotesPerArticle?: number;
}

export const MERGE_QUOTES_DEFAULTS = { maxArticles: 50, maxQuotesPerArticle: 100 } as const satisfies Required<MergeQuotesOptions>;

/** Share of a longer fragment's distinct words its whole may miss (see `quoteContained`). */
const MAX_MISSING = 0.2;

interface MergingQuote {
  key: QuoteKey;
  /** Distinct words of `key` and its words padded with spaces, kept so a comparison allocates nothing. */
  words: ReadonlySet<string>;
  padded: string;
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
 *
 * Near-linear: merged quotes are indexed by their words, and a quote is compared only with those
 * sharing one of its rarest words — enough of them that any whole it could be part of (missing at
 * most a fifth of its distinct words) must hold one (pigeonhole), so the result is the one an
 * all-pairs comparison gives.
 */
export function mergeQuotes(articles: readonly StoryArticle[], options: MergeQuotesOptions = {}): StoryQuote[] {
  const maxArticles = options.maxArticles ?? MERGE_QUOTES_DEFAULTS.maxArticles;
  const maxQuotes = options.maxQuotesPerArticle ?? MERGE_QUOTES_DEFAULTS.maxQuotesPerArticle;
  const all: { quote: Quote; key: QuoteKey; copies: readonly ExtractedArticle[]; order: number }[] = [];
  let order = 0;
  for (const { item, copies } of articles.slice(0, maxArticles)) {
    for (const quote of item.quotes.slice(0, maxQuotes)) {
      const tokens = wordTokens(quote.text);
      if (tokens.length === 0) continue;
      all.push({ quote, key: { tokens, folded: tokens.join(' '), speakerKey: quote.speakerKey }, copies, order: order++ });
    }
  }
  // Longest first, so every fragment meets its fullest form already merged.
  all.sort((x, y) => y.key.tokens.length - x.key.tokens.length || x.order - y.order);
  const merged: MergingQuote[] = [];
  // word -> indexes (into `merged`, ascending) of the merged quotes holding it.
  const index = new Map<string, number[]>();
  for (const { quote, key, copies, order: seen } of all) {
    let target: MergingQuote | undefined;
    const words = new Set(key.tokens);
    const padded = ` ${key.folded} `;
    for (const i of candidates(index, words)) {
      const m = merged[i] as MergingQuote;
      if (compatibleSpeakers(m.speakerKey, key.speakerKey) && contained(key, padded, words, m)) {
        target = m;
        break;
      }
    }
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
    const at = merged.length;
    merged.push({
      key,
      words,
      padded: ` ${key.folded} `,
      text: quote.text.trim(),
      speaker: quote.speaker,
      speakerKey: quote.speakerKey,
      articleIds: new Set(copies.map((c) => c.article.id)),
      outlets: new Set(copies.map(outletKey)),
      firstSeen: seen,
    });
    for (const token of words) {
      const list = index.get(token);
      if (list) list.push(at);
      else index.set(token, [at]);
    }
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

/**
 * `quoteContained(part, whole.key)` of story-features, over the sets kept: the same words as a
 * contiguous run, or (6+ words) at least 80 % of the part's distinct words.
 */
function contained(part: QuoteKey, padded: string, partWords: ReadonlySet<string>, whole: MergingQuote): boolean {
  if (part.tokens.length > whole.key.tokens.length) return false;
  if (whole.padded.includes(padded)) return true;
  if (part.tokens.length < 6) return false;
  let shared = 0;
  for (const t of partWords) if (whole.words.has(t)) shared++;
  return shared / partWords.size >= 1 - MAX_MISSING;
}

/**
 * Indexes of merged quotes that may contain a quote of these distinct `words`, ascending (the
 * order an all-pairs scan would meet them in): those holding one of its ⌊d/5⌋+1 rarest words.
 */
function candidates(index: ReadonlyMap<string, readonly number[]>, words: ReadonlySet<string>): readonly number[] {
  const needed = Math.floor(words.size * MAX_MISSING) + 1;
  const lists = [...words].map((t) => index.get(t) ?? []).sort((a, b) => a.length - b.length);
  const chosen = lists.slice(0, needed);
  if (chosen.length === 1) return chosen[0] as readonly number[];
  return [...new Set(chosen.flat())].sort((a, b) => a - b);
}
