/**
 * The model room's door: the plain data that flows through kilas: raw and parsed articles, quotes, stories, digests.
 * Code outside this folder imports only this file.
 */
export type {
  Article,
  ArticleOrigin,
  Digest,
  DigestStats,
  ExtractedArticle,
  Quote,
  QuoteHit,
  RawArticle,
  Story,
  StoryQuote,
  StorySource,
} from './types.ts';
