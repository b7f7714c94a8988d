/**
 * An outlet's article page (HTML) -> the article's main text and metadata, outside `core/` because
 * it needs a DOM. The page fetcher (`sources/page-fetcher.ts`) and `kilas extract` on `.html` files
 * both read pages through this module; the core pipeline then cleans the text as for any source.
 *
 * Placeholder implementation over core's tag scanner: the contract (types and function names) is
 * fixed; the body is replaced by main-content extraction with a real parser.
 */
import { htmlToText } from '../core/html.ts';

/** What one article page yields. */
export interface ArticlePage {
  /** URL the page was read from (after redirects). */
  readonly url: string;
  /** `<link rel=canonical>` (absolute, http(s)), or null. */
  readonly canonicalUrl: string | null;
  /** Headline: JSON-LD `headline`, else `og:title`, else `<title>` without the site suffix; null when none. */
  readonly title: string | null;
  /** Publication instant (ISO 8601) from JSON-LD `datePublished` or `article:published_time`, or null. */
  readonly publishedAt: string | null;
  /** Author name(s) from JSON-LD or meta, or null. */
  readonly author: string | null;
  /** Publisher name (JSON-LD `publisher.name`, else `og:site_name`), or null. */
  readonly publisher: string | null;
  /**
   * The article's main content as plain text, one paragraph per block, paragraphs separated by a
   * blank line. Not yet cleaned of Indonesian furniture ("Baca juga", credit lines): the core does that.
   */
  readonly text: string;
  /** The next page of a split article on the same host ("Halaman selanjutnya", `rel=next`, `?page=N+1`), or null. */
  readonly nextPageUrl: string | null;
  /** A "show all" variant of a split article on the same host (`page=all`, `single=1`), or null. */
  readonly singlePageUrl: string | null;
}

/** Reads one article page. Total: any string gives a page (possibly with empty text), never an exception. */
export function readArticlePage(html: string, url: string): ArticlePage {
  return {
    url,
    canonicalUrl: null,
    title: null,
    publishedAt: null,
    author: null,
    publisher: null,
    text: htmlToText(html),
    nextPageUrl: null,
    singlePageUrl: null,
  };
}

/**
 * Joins the pages of one split article, in order: the first page's metadata, the texts one after
 * another without the paragraphs every page repeats (shared header and footer lines).
 */
export function joinPages(pages: readonly ArticlePage[]): ArticlePage | null {
  const [first] = pages;
  if (!first) return null;
  const seen = new Set<string>();
  const paragraphs: string[] = [];
  for (const page of pages) {
    for (const paragraph of page.text.split(/\n\s*\n/)) {
      const key = paragraph.trim();
      if (!key || seen.has(key)) continue;
      seen.add(key);
      paragraphs.push(key);
    }
  }
  return { ...first, text: paragraphs.join('\n\n'), nextPageUrl: null, singlePageUrl: null };
}

/** Feed item HTML (description, `content:encoded`) -> plain text, paragraphs separated by a blank line. */
export function fragmentToText(html: string): string {
  return htmlToText(html);
}
