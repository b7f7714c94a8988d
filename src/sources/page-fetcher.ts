/**
 * An article page, fetched politely and read: the bounded fetch under the outbound policy, one
 * host limiter for all of kilas, a few retries with the one backoff for 5xx, 429 and timeouts, and
 * split articles followed — the "show all" variant when the page offers one, else the chain of next
 * pages (same host only, at most `maxPages`, no page twice) joined in order.
 */
import { backoffDelay } from '../core/pacing/index.ts';
import { FeedError, InputError, messageOf } from '../errors.ts';
import { joinPages, readArticlePage, type ArticlePage } from './article-page.ts';
import type { HostLimiter } from './host-limiter.ts';
import { FeedHttpError, type BoundedFetch } from './http-fetch.ts';

/** Options of {@link createPageFetcher}; each has the default written beside it. */
export interface PageFetcherOptions {
  /** Retries of one page after a transient failure (5xx, 408, 429, timeout, network). Default: 2. */
  readonly retries?: number;
  /** Wait before the first retry, in ms; doubles with each retry. Default: 1 000. */
  readonly retryBaseMs?: number;
  /** Longest wait before a retry (a Retry-After is believed up to this), in ms. Default: 8 000. */
  readonly retryMaxMs?: number;
  /** Pages of one split article read at most. Default: 10. */
  readonly maxPages?: number;
}

/** The defaults of {@link PageFetcherOptions}. */
export const DEFAULT_PAGE_OPTIONS = { retries: 2, retryBaseMs: 1_000, retryMaxMs: 8_000, maxPages: 10 } satisfies Required<PageFetcherOptions>;

export interface PageFetcherDeps {
  /** The bounded fetch for pages (HTML Accept header, outbound policy). */
  readonly fetch: BoundedFetch;
  readonly limiter: HostLimiter;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * Reads one page, in this thread or off it (a worker's promise: see `createPageReader`); a rejection
   * fails the page like a fetch error. Default: `readArticlePage` in this thread.
   */
  readonly read?: (html: string, url: string) => ArticlePage | Promise<ArticlePage>;
  readonly options?: PageFetcherOptions;
}

/**
 * A page read (`requests` counts every HTTP exchange, retries and further pages included), or why
 * not; `deferred` when `skip` said so before the first request went out.
 */
export type PageResult =
  | { readonly ok: true; readonly page: ArticlePage; readonly pages: number; readonly requests: number }
  | { readonly ok: false; readonly reason: string; readonly transient: boolean; readonly requests: number; readonly deferred?: boolean };

export interface FetchArticleOptions {
  /**
   * Asked when the page's host has a free slot, just before the first request: true leaves the page
   * for a later poll (a host that keeps failing is not waited on page after page). Default: never.
   */
  readonly skip?: () => boolean;
}

export interface PageFetcher {
  /** Fetches and reads the article at `url`. Never rejects. */
  fetchArticle(url: string, options?: FetchArticleOptions): Promise<PageResult>;
}

/** Thrown inside the host slot when the caller no longer wants the page. */
class Deferred extends Error {}

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

/** Builds a page fetcher. @example createPageFetcher({ fetch, limiter, sleep }).fetchArticle(item.url) */
export function createPageFetcher(deps: PageFetcherDeps): PageFetcher {
  const opts = { ...DEFAULT_PAGE_OPTIONS, ...deps.options };
  const read = deps.read ?? readArticlePage;

  /** One page with retries; counts requests into `counter`. */
  async function getPage(url: string, counter: { requests: number }, skip?: () => boolean): Promise<ArticlePage> {
    for (let retry = 0; ; retry++) {
      try {
        const outcome = await deps.limiter.run(url, () => {
          if (skip?.()) throw new Deferred('left for a later poll');
          counter.requests++;
          return deps.fetch(url);
        });
        if (outcome.status !== 'ok') throw new FeedError('page answered 304 to an unconditional request', url, false);
        if (outcome.contentType && !HTML_TYPES.test(outcome.contentType.trim())) {
          throw new FeedError(`not an HTML page (${outcome.contentType.split(';')[0]})`, url, false);
        }
        return await read(outcome.body, outcome.url);
      } catch (error) {
        const transient = error instanceof FeedError && error.transient;
        if (!transient || retry >= opts.retries) throw error;
        const asked = error instanceof FeedHttpError && error.retryAfterMs !== null ? error.retryAfterMs : 0;
        await deps.sleep(Math.min(Math.max(backoffDelay(retry + 1, opts.retryBaseMs, opts.retryMaxMs), asked), opts.retryMaxMs));
      }
    }
  }

  /** The further pages of a split article; a page that fails ends the chain with what was read. */
  async function readSplit(first: ArticlePage, counter: { requests: number }): Promise<ArticlePage[]> {
    const host = hostOf(first.url);
    const sameHost = (url: string | null): url is string => url !== null && hostOf(url) === host && host !== null;
    if (sameHost(first.singlePageUrl) && pageKey(first.singlePageUrl) !== pageKey(first.url)) {
      try {
        const all = await getPage(first.singlePageUrl, counter);
        if (all.text.trim().length >= first.text.trim().length) return [{ ...all, canonicalUrl: first.canonicalUrl ?? all.canonicalUrl, url: first.url }];
      } catch {
        // The chain of pages below still gives the whole article.
      }
    }
    const pages = [first];
    const seen = new Set([pageKey(first.url), ...(first.canonicalUrl ? [pageKey(first.canonicalUrl)] : [])]);
    let next = first.nextPageUrl;
    while (sameHost(next) && !seen.has(pageKey(next)) && pages.length < opts.maxPages) {
      seen.add(pageKey(next));
      let page: ArticlePage;
      try {
        page = await getPage(next, counter);
      } catch {
        break;
      }
      seen.add(pageKey(page.url));
      pages.push(page);
      next = page.nextPageUrl;
    }
    return pages;
  }

  return {
    async fetchArticle(url, options = {}) {
      const counter = { requests: 0 };
      try {
        const first = await getPage(url, counter, options.skip);
        const pages = await readSplit(first, counter);
        const joined = joinPages(pages) ?? first;
        return { ok: true, page: joined, pages: pages.length, requests: counter.requests };
      } catch (error) {
        if (error instanceof Deferred) return { ok: false, reason: error.message, transient: true, requests: counter.requests, deferred: true };
        // A page the reader gave up on (out of memory or time) would fail the same way next time.
        const transient = error instanceof FeedError ? error.transient : !(error instanceof InputError);
        return { ok: false, reason: messageOf(error), transient, requests: counter.requests };
      }
    },
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** A page's identity for loop detection: the URL without fragment. */
function pageKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}
