/**
 * The core pipeline every source uses: parse and clean the article, then extract its quotes from
 * the clean paragraphs (furniture never reaches quote extraction; stopwords are never applied here).
 */
import { parseArticle, type ParseArticleOptions } from './article.ts';
import { extractQuotes } from './quotes.ts';
import type { ExtractedArticle, RawArticle } from './types.ts';

/**
 * Runs the whole pipeline on one raw article. Pure and total: any string input gives an article
 * (possibly with no title, no date and no paragraphs), never an exception from parsing.
 */
export function extractArticle(raw: RawArticle, options: ParseArticleOptions): ExtractedArticle {
  const article = parseArticle(raw, options);
  const quotes = extractQuotes(article.paragraphs, { title: article.title });
  return { article, quotes };
}
