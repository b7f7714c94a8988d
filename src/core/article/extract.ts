/**
 * The core pipeline every source uses: parse and clean the article, then extract its quotes from
 * the clean paragraphs (furniture never reaches quote extraction; stopwords are never applied here).
 */
import { parseArticle, type ParseArticleOptions } from './article.ts';
import { extractQuotes } from '../quotes/index.ts';
import type { SpeakerDirectory } from '../speakers/index.ts';
import type { ExtractedArticle, RawArticle } from '../model/index.ts';

/** Options of {@link extractArticle}: parsing, and the operator's speaker aliases (default none). */
export interface ExtractArticleOptions extends ParseArticleOptions {
  readonly speakers?: SpeakerDirectory;
}

/**
 * Runs the whole pipeline on one raw article. Pure and total: any string input gives an article
 * (possibly with no title, no date and no paragraphs), never an exception from parsing.
 */
export function extractArticle(raw: RawArticle, options: ExtractArticleOptions): ExtractedArticle {
  const article = parseArticle(raw, options);
  const quotes = extractQuotes(article.paragraphs, options.speakers ? { title: article.title, speakers: options.speakers } : { title: article.title });
  return { article, quotes };
}
