/**
 * The plain data that flows through kilas. Every module of the pipeline speaks these types;
 * nothing here depends on I/O, a clock or a platform.
 */

/** What a source hands to the pipeline before any parsing or cleaning. */
export interface RawArticle {
  /**
   * Plain text, one paragraph per line or block: seed files as scraped, or the text a source's HTML
   * parser made of a feed item or an article page (the core never parses HTML).
   */
  readonly text?: string;
  /** Headline given by the source (feed item title); wins over a headline guessed from `text`. */
  readonly title?: string | null;
  /** Canonical link of the article, when known. */
  readonly url?: string | null;
  /** Publication instant as ISO 8601 (feed pubDate / isoDate), when the source knows it. */
  readonly publishedAt?: string | null;
  /** Outlet name or host ("sindonews.com"), when known. */
  readonly outlet?: string | null;
  /** File the text came from (seeds, `kilas extract`), when any. */
  readonly file?: string | null;
  /** Where a feed item's text came from (feeds and pages only; seeds and files have none). */
  readonly origin?: ArticleOrigin;
}

/**
 * Where the text of a feed item came from: `feed` — the feed carried the full text
 * (content:encoded); `page` — read from the item's article page; `snippet` — only the feed's
 * teaser, because the page could not be read (yet): a later poll may still replace it.
 */
export interface ArticleOrigin {
  readonly body: 'feed' | 'page' | 'snippet';
  /** The article page's own canonical URL (`<link rel=canonical>`), when the page was read. */
  readonly pageUrl: string | null;
}

/** Where an article came from. */
export interface ArticleSource {
  readonly url: string | null;
  readonly outlet: string | null;
  readonly file: string | null;
  /** "Sumber: …" credit line kept as metadata, not body text. */
  readonly credit: string | null;
}

/** A parsed and cleaned article. */
export interface Article {
  /** Stable id: a hash of the normalised body (equal for re-scrapes of the same text). */
  readonly id: string;
  readonly title: string | null;
  /** Publication date as YYYY-MM-DD in the configured time zone, or null when unknown. */
  readonly date: string | null;
  /** Publication instant as ISO 8601 with offset when a time is known, else null. */
  readonly publishedAt: string | null;
  /** Place line that opens the body ("BRUSSELS"), without the dash. */
  readonly dateline: string | null;
  /** Clean body paragraphs: no furniture, no paragraph twice, dateline kept in the first one. */
  readonly paragraphs: readonly string[];
  readonly source: ArticleSource;
}

/** A direct quote: the words inside the marks, without the marks. */
export interface Quote {
  readonly text: string;
  /** Display name of the speaker ("Sergey Lavrov"), null when it cannot be attributed. */
  readonly speaker: string | null;
  /** Key `/quotes` matches: lowercase surname or single name ("lavrov"), null when unattributed. */
  readonly speakerKey: string | null;
  /** Index of the paragraph of `Article.paragraphs` the quote starts in. */
  readonly paragraph: number;
}

/** The output of the core pipeline for one article. */
export interface ExtractedArticle {
  readonly article: Article;
  readonly quotes: readonly Quote[];
}

/** A quote as it stands in a story: merged across the outlets that reported it. */
export interface StoryQuote {
  /** The fullest reported form of the quote. */
  readonly text: string;
  readonly speaker: string | null;
  readonly speakerKey: string | null;
  /** How many distinct outlets (by `sourceKey`: articles of unknown origin are one source) carried it. */
  readonly outlets: number;
  readonly articleIds: readonly string[];
}

/** A quote found by `/quotes`, with where and when it was said, merged across outlets. */
export interface QuoteHit extends StoryQuote {
  readonly publishedAt: string | null;
  readonly sources: readonly { readonly title: string | null; readonly url: string | null; readonly outlet: string | null }[];
}

/** A link to one article of a story. */
export interface StorySource {
  readonly articleId: string;
  readonly title: string | null;
  readonly url: string | null;
  /** Display name of the outlet (a feed title's tagline removed), null when unknown. */
  readonly outlet: string | null;
  /** What counts this source once (`sourceKey`): the outlet, its URL's site, or "unknown". */
  readonly sourceKey: string;
}

/** One event, however many outlets reported it. */
export interface Story {
  /** Stable id derived from its articles (the smallest article id of the cluster). */
  readonly id: string;
  readonly headline: string;
  /** Link of the article the headline was taken from (null when it has none). */
  readonly link: string | null;
  /** 1–3 extractive sentences in Indonesian that do not repeat the quotes. */
  readonly summary: readonly string[];
  /** Up to three key quotes, best first. */
  readonly quotes: readonly StoryQuote[];
  readonly sources: readonly StorySource[];
  readonly articleIds: readonly string[];
  /** Latest publication instant or date among its articles (ISO), null when none is known. */
  readonly publishedAt: string | null;
  /** Importance used for ranking; higher first. */
  readonly score: number;
}

/** Totals a digest reports about itself. */
export interface DigestStats {
  readonly stories: number;
  readonly articles: number;
  readonly outlets: number;
  readonly quotes: number;
}

/** The day's stories for a time window. */
export interface Digest {
  /** Inclusive window start and exclusive end as ISO instants; null bounds mean "all articles". */
  readonly window: { readonly from: string | null; readonly to: string | null };
  /** IANA time zone the digest is written for. */
  readonly timeZone: string;
  /** The date the digest is for, YYYY-MM-DD in `timeZone`, or null (seed digest without dates). */
  readonly date: string | null;
  readonly stories: readonly Story[];
  readonly stats: DigestStats;
}
