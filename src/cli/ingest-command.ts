/**
 * `kilas ingest [--feeds URLS|FILE] [--json]`: loads the seed articles and polls every feed once,
 * storing new articles and their quotes. Progress and feed reports go to stderr; one summary line
 * (or a JSON object with --json) to stdout. A failing feed is reported and backed off (the poller
 * keeps its state in the store), not fatal: exit 0 when the run completed, 1 when the feed list
 * could not be read or nothing could be stored, 2 on bad usage.
 */
import { loadSpeakerAliases } from '../speaker-aliases.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { ConfigError, StoreError, UsageError } from '../errors.ts';
import { createIngestService, type IngestResult } from '../ingest/ingest-service.ts';
import { ingestSeeds } from '../ingest/seed-ingest.ts';
import { assignStories, type StoryAssignment } from '../ingest/story-assignment.ts';
import { createLogger } from '../logger.ts';
import { parseFeedList, type FeedSpec } from '../sources/feed-list.ts';
import { createFeedPoller, type FeedReport } from '../sources/feed-poller.ts';
import { createFetchers, FEEDS_AT_ONCE } from '../sources/fetchers.ts';
import { createPageEnricher } from '../sources/page-enricher.ts';
import { pageLedgerOf } from '../sources/page-ledger.ts';
import { openConfiguredStore } from '../store/open-store.ts';
import { parseCommandArgs } from './argument-error.ts';
import type { CliCommand } from './io.ts';

const HELP = `usage: kilas ingest [--feeds URLS|FILE] [--json]

Loads the seed articles (KILAS_SEEDS) and polls every feed (KILAS_FEEDS, or --feeds: comma-separated
URLs or a JSON file) once, storing new articles in KILAS_DB. Progress on stderr, summary on stdout.
`;

/** One progress line per feed: by name when the feed list gives one, with its URL. */
export function reportLine(report: FeedReport): string {
  const feed = report.name ? `feed ${report.name} (${report.url})` : `feed ${report.url}`;
  switch (report.status) {
    case 'ok':
      return (
        `${feed}: ${report.items} item(s)${report.dropped ? `, ${report.dropped} dropped` : ''}, ` +
        `${report.pages.fetched} page(s) fetched, ${report.pages.failed} failed` +
        `${report.pages.deferred ? `, ${report.pages.deferred} left for the next poll` : ''}`
      );
    case 'not-modified':
      return `${feed}: not modified`;
    case 'skipped':
      return `${feed}: skipped (${report.reason}${report.nextAttemptAt ? ` until ${report.nextAttemptAt}` : ''})`;
    case 'failed':
      return `${feed}: failed (${report.reason})${
        report.disabled ? ', disabled' : report.nextAttemptAt ? `, retry after ${report.nextAttemptAt}` : ''
      }`;
  }
}

const add = (a: IngestResult, b: IngestResult): IngestResult => ({
  inserted: a.inserted + b.inserted,
  duplicates: a.duplicates + b.duplicates,
  failed: a.failed + b.failed,
});

export const ingestCommand: CliCommand = async (args, io) => {
  const { values } = parseCommandArgs('ingest', args, { feeds: { type: 'string' }, json: { type: 'boolean', default: false } });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.feeds !== undefined && values.feeds.trim() === '') throw new UsageError('--feeds needs URLs or a file');

  const config = loadConfig(io.env);
  const speakers = loadSpeakerAliases(io.env, io.cwd);
  const logger = createLogger(config.logLevel, io.stderr);
  const progress = (line: string) => io.stderr.write(`kilas ingest: ${line}\n`);
  let exitCode = 0;

  // Read the feed list before touching the store, so a typo in --feeds fails fast.
  const list = readFeeds(values.feeds ?? config.feeds, io.cwd, progress);
  let feeds = list.feeds;
  if (!list.ok) exitCode = 1;

  const store = await openConfiguredStore(config.database, { cwd: io.cwd, timeZone: config.timeZone, speakers });
  try {
    if (values.feeds === undefined) {
      // Feeds the operator imported (`kilas feeds import`) are polled with the configured ones.
      const known = new Set(feeds.map((f) => f.url));
      const imported = (await store.sources.listFeeds()).filter((f) => f.origin === 'operator' && !known.has(f.url));
      feeds = [...feeds, ...imported.map((f) => ({ url: f.url, name: f.name }))];
    }
    const seeds = await ingestSeeds({ store: store.articles, seedsDir: config.seedsDir, cwd: io.cwd, timeZone: config.timeZone, logger, speakers });
    for (const e of seeds.errors) progress(`seeds: ${e.message.replace(`${io.cwd}/`, '')}`);
    progress(`seeds: ${seeds.files} file(s), ${seeds.inserted} new, ${seeds.duplicates} already stored, ${seeds.failed} failed`);

    let fromFeeds: IngestResult = { inserted: 0, duplicates: 0, failed: 0 };
    let storeFailure: StoreError | null = null;
    const service = createIngestService({ store: store.articles, timeZone: config.timeZone, logger, speakers });
    const clock = () => new Date();
    const fetchers = createFetchers({ allowPrivate: config.allowPrivateFetch });
    const poller = createFeedPoller({
      fetch: fetchers.feedFetch,
      pages: createPageEnricher({ pages: fetchers.pageFetcher, ledger: pageLedgerOf(store), clock, logger }),
      stateStore: store.feedStates,
      options: { concurrency: FEEDS_AT_ONCE },
      clock,
      logger,
      onReport: (report) => progress(reportLine(report)),
      onItems: async (feed, items) => {
        try {
          fromFeeds = add(fromFeeds, await service.ingest(items));
        } catch (error) {
          // The store itself failed (disk full, read-only): every further feed would fail alike.
          if (error instanceof StoreError) storeFailure ??= error;
          throw error;
        }
        // Chats choose outlets by feed: remember which feed brought each article.
        await store.sources.linkArticles(feed.url, items.flatMap((i) => (i.url ? [i.url] : [])));
      },
    });
    let failedFeeds = 0;
    try {
      if (feeds.length > 0) {
        progress(`polling ${feeds.length} feed(s)`);
        const { reports } = await poller.pollAll(feeds);
        failedFeeds = reports.filter((report) => report.status === 'failed').length;
      }
    } finally {
      await fetchers.close();
    }

    if (runFailed(storeFailure, feeds.length, failedFeeds, progress)) exitCode = 1;
    const total = add(seeds, fromFeeds);
    // One clustering for the whole run (plus the back-fill around older articles such as the seeds);
    // a failure leaves the articles stored and is reported.
    let stories: StoryAssignment | null = null;
    // Articles a killed run stored but never clustered are assigned now, new articles or not.
    if (total.inserted > 0 || (await store.stories.unassignedInstants(1)).length > 0) {
      try {
        stories = await assignStories(store, { now: () => new Date(), backfill: true, speakers });
        progress(`stories: ${stories.articles} article(s) clustered into ${stories.stories} story(ies), ${stories.created} new, ${stories.merged} merged`);
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        progress(`stories not updated: ${error.message}`);
      }
    }
    const stored = await store.articles.articleCount();
    const summary: IngestSummary = { total, seeds, fromFeeds, feeds: { polled: feeds.length, failed: failedFeeds }, stories, stored };
    io.stdout.write(values.json ? summaryJson(summary) : summaryLine(summary));
    return exitCode;
  } finally {
    await store.close();
  }
};

/** The feed list (`--feeds` or KILAS_FEEDS), its problems reported; `ok` false when it could not be read at all. */
function readFeeds(value: string, cwd: string, progress: (line: string) => void): { feeds: readonly FeedSpec[]; ok: boolean } {
  try {
    const list = parseFeedList(value, (path) => readFileSync(resolve(cwd, path), 'utf8'));
    for (const p of list.problems) progress(`feed list ${p.at}: ${p.reason} (${p.entry})`);
    return { feeds: list.feeds, ok: true };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    progress(error.message);
    return { feeds: [], ok: false };
  }
}

/** Whether the run failed as a whole: the store could not be written, or every feed failed (each said on stderr). */
function runFailed(storeFailure: StoreError | null, polled: number, failed: number, progress: (line: string) => void): boolean {
  if (storeFailure !== null) progress(`the store could not be written: ${storeFailure.message}`);
  if (polled > 0 && failed === polled) progress(`every feed failed (${polled})`);
  return storeFailure !== null || (polled > 0 && failed === polled);
}

/** What one `kilas ingest` run did, for its last line on stdout. */
interface IngestSummary {
  readonly total: IngestResult;
  readonly seeds: IngestResult & { readonly files: number };
  readonly fromFeeds: IngestResult;
  readonly feeds: { readonly polled: number; readonly failed: number };
  readonly stories: StoryAssignment | null;
  readonly stored: number;
}

function summaryJson(s: IngestSummary): string {
  const body = { ...s.total, seeds: { files: s.seeds.files, inserted: s.seeds.inserted }, feeds: { ...s.feeds, inserted: s.fromFeeds.inserted }, stories: s.stories, stored: s.stored };
  return `${JSON.stringify(body)}\n`;
}

function summaryLine(s: IngestSummary): string {
  return (
    `ingest: ${s.total.inserted} new article(s) (${s.seeds.inserted} from seeds, ${s.fromFeeds.inserted} from ${s.feeds.polled} feed(s)), ` +
    `${s.total.duplicates} already stored, ${s.total.failed} failed` +
    `${s.feeds.failed ? `; ${s.feeds.failed} feed(s) failed` : ''}; ${s.stored} article(s) in the store\n`
  );
}
