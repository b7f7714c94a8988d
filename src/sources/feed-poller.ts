/**
 * Polls feeds with per-feed backoff and conditional GET. A poll never throws: every feed gets a
 * report (ok, not-modified, skipped or failed), good items come back once, and a failing feed is
 * tried again later, less and less often, until it is disabled after many failures in a row.
 */
import type { RawArticle } from '../core/model/index.ts';
import { messageOf } from '../errors.ts';
import { mapBounded } from '../core/pacing/index.ts';
import type { Clock, Logger } from '../logger.ts';
import type { FeedSpec } from './feed-list.ts';
import type { FeedState, FeedStateStore } from './feed-state.ts';
import { createBoundedFetch } from './http-fetch.ts';
import { emptyFeedState, failedFeedState, succeededFeedState } from './feed-poll-state.ts';
import type { BoundedFetch } from './http-fetch.ts';
import type { PageCounts, PageEnricher } from './page-enricher.ts';
import { createItemDeduper, parseFeed } from './rss-source.ts';

/** Backoff and concurrency settings of {@link createFeedPoller}; each has the default written beside it. */
export interface FeedPollerOptions {
  /** Feeds polled at the same time by `pollAll` (the host limiter still bounds each host). Default: 4. */
  readonly concurrency?: number;
  /** Wait after the first failure, in ms; doubles with each further failure. Default: 5 minutes. */
  readonly baseBackoffMs?: number;
  /** Longest wait between attempts, in ms. Default: 6 hours. */
  readonly maxBackoffMs?: number;
  /** Consecutive failures after which a feed is disabled until an operator re-enables it. Default: 10. */
  readonly disableAfter?: number;
  /** UTC offset for item dates without a zone. Default: `+07:00` (WIB). */
  readonly defaultOffset?: string;
}

/** The defaults of {@link FeedPollerOptions}. */
export const DEFAULT_POLLER_OPTIONS = {
  concurrency: 4,
  baseBackoffMs: 5 * 60_000,
  maxBackoffMs: 6 * 60 * 60_000,
  disableAfter: 10,
  defaultOffset: '+07:00',
} satisfies Required<FeedPollerOptions>;

export interface FeedPollerDeps {
  /** Bounded fetch. Default: `createBoundedFetch()` with its defaults. */
  readonly fetch?: BoundedFetch;
  readonly stateStore: FeedStateStore;
  /** Fetches the article pages of snippet-only items before they are handed on. Default: none (snippets as they are). */
  readonly pages?: PageEnricher;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Called with a feed's new items before its conditional-GET state is saved. If it throws, the
   * feed counts as failed and keeps its old validators, so the next poll fetches the items again
   * instead of getting a 304 for items that were never stored. Default: none.
   */
  readonly onItems?: (feed: FeedSpec, items: readonly RawArticle[]) => void | Promise<void>;
  /** Called as each feed's poll ends (progress on stderr for `kilas ingest`); must not throw. Default: none. */
  readonly onReport?: (report: FeedReport) => void;
  readonly options?: FeedPollerOptions;
}

/** What happened to one feed in one poll; `name` is the outlet name from the feed list, when given. */
export type FeedReport = { readonly name?: string | null } & (
  | {
      readonly url: string;
      readonly status: 'ok';
      /** New items of this feed (before `pollAll` drops stories another feed already brought). */
      readonly items: number;
      /** Items left out as repeats within the feed or as empty. */
      readonly dropped: number;
      /** Article pages read for snippet-only items, and pages that failed (their snippets are kept). */
      readonly pages: PageCounts;
    }
  | { readonly url: string; readonly status: 'not-modified' }
  | {
      readonly url: string;
      readonly status: 'skipped';
      readonly reason: 'disabled' | 'backoff';
      /** When the feed will be tried again; null when it is disabled. */
      readonly nextAttemptAt: string | null;
    }
  | {
      readonly url: string;
      readonly status: 'failed';
      readonly reason: string;
      /** Whether the failure looks temporary (timeout, 5xx, network). Both kinds are retried. */
      readonly transient: boolean;
      /** Consecutive failures including this one. */
      readonly failures: number;
      /** When the feed will be tried again; null when this failure disabled it. */
      readonly nextAttemptAt: string | null;
      readonly disabled: boolean;
    }
);

/** What fetching one feed brought: its items (or a 304) and the validators to keep. */
type FetchedFeed = { readonly validators: { etag: string | null; lastModified: string | null } } & (
  | { readonly status: 'not-modified' }
  | { readonly status: 'ok'; readonly items: readonly RawArticle[]; readonly dropped: number; readonly pages: PageCounts }
);

export interface FeedPollResult {
  readonly items: readonly RawArticle[];
  readonly report: FeedReport;
}

export interface PollAllResult {
  /** New items of every feed, each story once across all feeds (same URL or same content). */
  readonly items: readonly RawArticle[];
  /** One report per distinct feed, in the order given. */
  readonly reports: readonly FeedReport[];
}

export interface FeedPoller {
  /** Polls every feed (at most `concurrency` at once). Never rejects. */
  pollAll(feeds: readonly (string | FeedSpec)[]): Promise<PollAllResult>;
  /** Polls one feed, honouring its backoff. Never rejects. */
  pollOne(feed: string | FeedSpec): Promise<FeedPollResult>;
}

/**
 * Builds a poller.
 * @example
 *   const poller = createFeedPoller({ stateStore: store, clock: () => new Date(), logger });
 *   const { items, reports } = await poller.pollAll(feedList.feeds);
 */
export function createFeedPoller(deps: FeedPollerDeps): FeedPoller {
  const opts: Required<FeedPollerOptions> = { ...DEFAULT_POLLER_OPTIONS, ...definedOnly(deps.options ?? {}) };
  const fetch = deps.fetch ?? createBoundedFetch();
  const { stateStore, clock, logger } = deps;

  async function pollOne(input: string | FeedSpec): Promise<FeedPollResult> {
    const feed = typeof input === 'string' ? { url: input, name: null } : input;
    const guarded = await pollGuarded(feed);
    const result = feed.name ? { ...guarded, report: { ...guarded.report, name: feed.name } } : guarded;
    try {
      deps.onReport?.(result.report);
    } catch (error) {
      logger.warn('feed report callback failed', { url: result.report.url, error: String(error) });
    }
    return result;
  }

  async function pollGuarded(feed: FeedSpec): Promise<FeedPollResult> {
    try {
      return await pollFeed(feed);
    } catch (error) {
      // Only a broken state store gets here; report it rather than let one feed sink the poll.
      const reason = messageOf(error);
      logger.error('feed poll failed unexpectedly', { url: feed.url, error: reason });
      return {
        items: [],
        report: { url: feed.url, status: 'failed', reason, transient: true, failures: 0, nextAttemptAt: null, disabled: false },
      };
    }
  }

  async function pollFeed(feed: FeedSpec): Promise<FeedPollResult> {
    const state = (await stateStore.getFeedState(feed.url)) ?? emptyFeedState(feed.url);
    if (state.disabled) {
      return { items: [], report: { url: feed.url, status: 'skipped', reason: 'disabled', nextAttemptAt: null } };
    }
    if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > clock().getTime()) {
      return { items: [], report: { url: feed.url, status: 'skipped', reason: 'backoff', nextAttemptAt: state.nextAttemptAt } };
    }
    let fetched: FetchedFeed;
    try {
      fetched = await fetchItems(feed, state, fetch, deps, opts.defaultOffset);
    } catch (error) {
      return { items: [], report: await recordFailure(feed.url, state, error) };
    }
    await stateStore.putFeedState(succeededFeedState(state, fetched.validators, clock()));
    if (fetched.status === 'not-modified') {
      logger.debug('feed not modified', { url: feed.url });
      return { items: [], report: { url: feed.url, status: 'not-modified' } };
    }
    const { items, dropped, pages } = fetched;
    logger.debug('feed polled', { url: feed.url, items: items.length, dropped, pages: pages.fetched, pagesFailed: pages.failed });
    return { items, report: { url: feed.url, status: 'ok', items: items.length, dropped, pages } };
  }

  async function recordFailure(url: string, state: FeedState, error: unknown): Promise<FeedReport> {
    const failed = failedFeedState(state, error, opts, clock());
    await stateStore.putFeedState(failed.state);
    const { failures, disabled, nextAttemptAt } = failed.state;
    const reason = failed.error.message;
    if (disabled) logger.warn('feed disabled after repeated failures', { url, failures, error: reason });
    else logger.info('feed failed, backing off', { url, failures, nextAttemptAt, error: reason });
    return { url, status: 'failed', reason, transient: failed.error.transient, failures, nextAttemptAt, disabled };
  }

  async function pollAll(inputs: readonly (string | FeedSpec)[]): Promise<PollAllResult> {
    const feeds = uniqueFeeds(inputs);
    const results = await mapBounded(feeds, opts.concurrency, pollOne);

    const dedup = createItemDeduper();
    const items: RawArticle[] = [];
    for (const result of results) {
      for (const item of result.items) if (dedup.accept(item)) items.push(item);
    }
    return { items, reports: results.map((r) => r.report) };
  }

  return { pollAll, pollOne };
}

/** Fetches and parses one feed, reads the pages of snippet-only items, and hands the items on. */
async function fetchItems(feed: FeedSpec, state: FeedState, fetch: BoundedFetch, deps: FeedPollerDeps, defaultOffset: string): Promise<FetchedFeed> {
  const outcome = await fetch(feed.url, { etag: state.etag, lastModified: state.lastModified });
  if (outcome.status === 'not-modified') {
    return { status: 'not-modified', validators: { etag: outcome.etag ?? state.etag, lastModified: outcome.lastModified ?? state.lastModified } };
  }
  const parsed = await parseFeed(outcome.body, outcome.url, { outlet: feed.name, defaultOffset });
  let items = parsed.items;
  let pages: PageCounts = { fetched: 0, failed: 0 };
  if (deps.pages && items.length > 0) ({ items, pages } = await deps.pages.enrich(feed, items));
  if (deps.onItems && items.length > 0) await deps.onItems(feed, items);
  return { status: 'ok', items, dropped: parsed.dropped, pages, validators: { etag: outcome.etag, lastModified: outcome.lastModified } };
}

function uniqueFeeds(inputs: readonly (string | FeedSpec)[]): FeedSpec[] {
  const seen = new Set<string>();
  const feeds: FeedSpec[] = [];
  for (const input of inputs) {
    const feed: FeedSpec = typeof input === 'string' ? { url: input, name: null } : input;
    if (seen.has(feed.url)) continue;
    seen.add(feed.url);
    feeds.push(feed);
  }
  return feeds;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
