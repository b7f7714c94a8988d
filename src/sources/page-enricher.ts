/**
 * Feed items without the article's full text get it from their article page, inside the poll.
 *
 * The rule (documented in the README): an item has the full text when it carries at least
 * {@link FULL_TEXT_RULE}`.minChars` characters of text and, unless that text came in
 * `content:encoded`, at least `minParagraphs` paragraphs. Every other item with an http(s) link is
 * a snippet: its page is fetched — unless the URL is already stored with its full text (never
 * fetched twice), or its page failed recently (retried later with the one backoff, given up after
 * `giveUpAfter` failures). A page that cannot be read leaves the snippet, marked as one, so the item
 * is never lost and a later poll may still replace it with the page.
 */
import { backoffDelay, mapBounded } from '../core/pacing/index.ts';
import type { RawArticle } from '../core/model/index.ts';
import type { Clock, Logger } from '../logger.ts';
import type { ArticlePage } from './article-page.ts';
import type { FeedSpec } from './feed-list.ts';
import type { PageFetcher } from './page-fetcher.ts';
import type { PageLedger } from './page-ledger.ts';

/** Thresholds of the "has full text" rule. */
export const FULL_TEXT_RULE = { minChars: 600, minParagraphs: 3 } as const;

/** The plain text a feed item carries (sources turn item HTML into text before it gets here). */
function itemText(item: RawArticle): string {
  return item.text ?? '';
}

/** Whether a feed item already holds the article's full text (see the module comment). */
export function hasFullText(item: RawArticle): boolean {
  const text = itemText(item);
  const chars = text.replace(/\s+/g, ' ').trim().length;
  if (chars < FULL_TEXT_RULE.minChars) return false;
  if (item.origin?.body === 'feed') return true;
  return text.split(/\n\s*\n/).filter((p) => p.trim() !== '').length >= FULL_TEXT_RULE.minParagraphs;
}

/**
 * The raw article of a page read for a feed item (or alone, for `kilas extract --url`): the page's
 * text; the feed's title and date win, the page's fill the gaps; the outlet is the feed list's name,
 * else the page's publisher, else what the feed said.
 */
export function pageArticle(page: ArticlePage, item: RawArticle = { url: page.url }, outletName: string | null = null): RawArticle {
  return {
    ...item,
    text: page.text,
    title: item.title ?? page.title,
    publishedAt: item.publishedAt ?? page.publishedAt,
    outlet: outletName ?? page.publisher ?? item.outlet ?? null,
    origin: { body: 'page', pageUrl: page.canonicalUrl },
  };
}

/** Options of {@link createPageEnricher}; each has the default written beside it. */
export interface PageEnricherOptions {
  /** Pages fetched at once per feed (the host limiter still allows only a few per host). Default: 8. */
  readonly concurrency?: number;
  /** Wait after a page's first failed poll, in ms; doubles per failure. Default: 30 minutes. */
  readonly retryBaseMs?: number;
  /** Longest wait between tries of one page, in ms. Default: 24 hours. */
  readonly retryMaxMs?: number;
  /** Failed polls after which a page is no longer tried; its snippet stays. Default: 5. */
  readonly giveUpAfter?: number;
  /**
   * Pages of one feed that fail in a row with a transient error (timeouts, 5xx) before the feed's
   * remaining pages are left for the next poll, so a hanging outlet does not hold the poll up. Default: 3.
   */
  readonly breakAfter?: number;
}

/** The defaults of {@link PageEnricherOptions}. */
export const DEFAULT_ENRICHER_OPTIONS = {
  concurrency: 8,
  retryBaseMs: 30 * 60_000,
  retryMaxMs: 24 * 60 * 60_000,
  giveUpAfter: 5,
  breakAfter: 3,
} satisfies Required<PageEnricherOptions>;

export interface PageEnricherDeps {
  readonly pages: PageFetcher;
  readonly ledger: PageLedger;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options?: PageEnricherOptions;
}

/** Pages of one feed's items: read, failed (snippet kept), left for the next poll (the outlet kept failing). */
export interface PageCounts {
  readonly fetched: number;
  readonly failed: number;
  readonly deferred?: number;
}

export interface PageEnricher {
  /** The feed's items, snippets replaced by their pages where possible, in the same order. Never rejects. */
  enrich(feed: FeedSpec, items: readonly RawArticle[]): Promise<{ items: RawArticle[]; pages: PageCounts }>;
}

/** Builds the enricher. @example const { items, pages } = await enricher.enrich(feed, parsed.items) */
export function createPageEnricher(deps: PageEnricherDeps): PageEnricher {
  const opts = { ...DEFAULT_ENRICHER_OPTIONS, ...deps.options };
  const { ledger, clock, logger } = deps;

  /** Whether the item's page should be fetched now. */
  const due = async (url: string): Promise<boolean> => {
    if ((await ledger.storedBody(url)) === 'full') return false;
    const attempt = await ledger.pageAttempt(url);
    if (!attempt) return true;
    return attempt.nextAttemptAt !== null && Date.parse(attempt.nextAttemptAt) <= clock().getTime();
  };

  const recordFailure = async (url: string, reason: string): Promise<void> => {
    const failures = ((await ledger.pageAttempt(url))?.failures ?? 0) + 1;
    const nextAttemptAt =
      failures >= opts.giveUpAfter ? null : new Date(clock().getTime() + backoffDelay(failures, opts.retryBaseMs, opts.retryMaxMs)).toISOString();
    await ledger.recordPageFailure(url, { failures, nextAttemptAt, lastError: reason });
    logger.info('article page not read, snippet kept', { url, failures, nextAttemptAt, error: reason });
  };

  return {
    async enrich(feed, items) {
      let fetched = 0;
      let failed = 0;
      let deferred = 0;
      // Consecutive transient failures among this feed's pages; at breakAfter the rest wait for the next poll.
      let failingInARow = 0;
      const skip = () => failingInARow >= opts.breakAfter;
      const out = [...items];
      const todo: number[] = [];
      for (const [i, item] of items.entries()) {
        if (hasFullText(item)) {
          if (item.origin?.body === 'snippet') out[i] = { ...item, origin: { body: 'feed', pageUrl: null } };
        } else if (item.url && (await due(item.url))) {
          todo.push(i);
        }
      }
      await mapBounded(todo, opts.concurrency, async (index) => {
        const item = items[index];
        if (!item?.url) return;
        try {
          const result = await deps.pages.fetchArticle(item.url, { skip });
          if (!result.ok && result.deferred) {
            deferred++;
            return;
          }
          failingInARow = !result.ok && result.transient ? failingInARow + 1 : 0;
          if (result.ok && result.page.text.trim().length > itemText(item).trim().length) {
            out[index] = pageArticle(result.page, item, feed.name);
            fetched++;
          } else {
            failed++;
            await recordFailure(item.url, result.ok ? 'the page holds no more text than the feed item' : result.reason);
          }
        } catch (error) {
          // Only a broken store gets here; the snippet still goes on to be stored.
          failed++;
          logger.warn('article page step failed', { url: item.url, error: String(error) });
        }
      });
      if (deferred > 0) logger.info('article pages left for the next poll: the outlet keeps failing', { feed: feed.url, deferred });
      return { items: out, pages: { fetched, failed, deferred } };
    },
  };
}
