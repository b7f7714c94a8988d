/**
 * The fetch side of kilas in one place: one host limiter shared by feed and page requests, the
 * bounded fetch under the outbound policy for each, and the page fetcher. Built by the composition
 * roots (app.ts, the CLI commands) from the configuration.
 */
import { createHostLimiter, type HostLimiter, type HostLimiterOptions } from './host-limiter.ts';
import { createBoundedFetch, PAGE_ACCEPT, type BoundedFetch, type BoundedFetchOptions } from './http-fetch.ts';
import { createPageFetcher, type PageFetcher, type PageFetcherOptions } from './page-fetcher.ts';
import { createPageReader, type PageReader } from './page-reader.ts';

/**
 * Feeds polled at once when feeds and pages share one host limiter: the limiter keeps every host at
 * 2 requests, so more feeds at once only spreads the work over more hosts.
 */
export const FEEDS_AT_ONCE = 8;

export interface FetchersOptions {
  /** KILAS_ALLOW_PRIVATE_FETCH. */
  readonly allowPrivate: boolean;
  /** Waits between retries. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly hostLimits?: HostLimiterOptions;
  /** Bounds of each exchange (timeout, size, redirects), for feeds and pages alike. Default: the bounded fetch's. */
  readonly bounds?: Pick<BoundedFetchOptions, 'timeoutMs' | 'maxBytes' | 'maxRedirects' | 'fetch'>;
  readonly pages?: PageFetcherOptions;
  /**
   * Reads the fetched pages. Default: a worker-thread reader of its own ({@link createPageReader}),
   * stopped by {@link Fetchers.close}; a reader passed in (shared by several fetchers) is the caller's to close.
   */
  readonly reader?: PageReader;
}

export interface Fetchers {
  /** Feed fetch: bounded, under the outbound policy and the host limiter. */
  readonly feedFetch: BoundedFetch;
  readonly pageFetcher: PageFetcher;
  readonly limiter: HostLimiter;
  /** Stops the page reader these fetchers own (pending pages fail); idempotent. */
  close(): Promise<void>;
}

/** Builds the fetchers. @example const { feedFetch, pageFetcher } = createFetchers({ allowPrivate: config.allowPrivateFetch }) */
export function createFetchers(options: FetchersOptions): Fetchers {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limiter = createHostLimiter({ sleep, ...(options.hostLimits ? { options: options.hostLimits } : {}) });
  const bounds = { ...options.bounds, allowPrivate: options.allowPrivate };
  const feeds = createBoundedFetch(bounds);
  const pages = createBoundedFetch({ ...bounds, accept: PAGE_ACCEPT });
  // Pages are parsed in a worker with a bounded heap: a DOM per page makes garbage faster than the
  // main thread collects it, and the bot's event loop stays free while a page is read.
  const owned = options.reader ? null : createPageReader();
  const reader = options.reader ?? (owned as PageReader);
  return {
    feedFetch: (url, conditional) => limiter.run(url, () => feeds(url, conditional)),
    pageFetcher: createPageFetcher({ fetch: pages, limiter, sleep, read: (html, url) => reader.read(html, url), ...(options.pages ? { options: options.pages } : {}) }),
    limiter,
    close: async () => {
      await owned?.close();
    },
  };
}
