/**
 * Raw articles in, stored articles and quotes out: runs the core pipeline on each item and saves
 * them in batches, one transaction per batch, so a feed poll or the seeds cost a few commits,
 * not one per article. A bad item is counted and logged; it never stops the others.
 */
import { extractArticle } from '../core/article/index.ts';
import { stripControls, damageScore } from '../core/text/index.ts';
import type { SpeakerDirectory } from '../core/speakers/index.ts';
import type { ExtractedArticle, RawArticle } from '../core/model/index.ts';
import { messageOf } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { ArticleInput, ArticleStore, SaveOutcome } from '../store/ports.ts';

/** Counts of one `ingest` call. */
export interface IngestResult {
  readonly inserted: number;
  readonly duplicates: number;
  /** Items the pipeline or the store could not take. */
  readonly failed: number;
  /** Stored articles whose damaged text a clean copy of the same URL replaced. */
  readonly replaced?: number;
}

export interface IngestServiceDeps {
  /**
   * Where articles go. With `storedBody` (or `hasUrl`), items whose URL is already stored skip the
   * pipeline — except full text for a URL stored as a snippet, which replaces it, and a cleaner copy
   * of an article whose stored text a wrong decoding damaged (`storedCopy`, `replaceDamaged`).
   */
  readonly store: Pick<ArticleStore, 'saveArticles'> & Partial<Pick<ArticleStore, 'hasUrl' | 'storedBody' | 'storedCopy' | 'replaceDamaged'>>;
  /** KILAS_TZ: the zone article dates are written in. */
  readonly timeZone: string;
  readonly logger: Logger;
  /** The pipeline. Default: the core's `extractArticle`. */
  readonly extract?: (raw: RawArticle, options: { timeZone: string; referenceDate?: string | null; speakers?: SpeakerDirectory }) => ExtractedArticle;
  /** YYYY-MM-DD that year-less dates resolve against (biased to the past). Default: none. */
  readonly referenceDate?: string | null;
  /** The operator's speaker aliases handed to extraction. Default: none. */
  readonly speakers?: SpeakerDirectory;
  /** Items per transaction. Default 500. */
  readonly batchSize?: number;
  /**
   * Characters of an item's text or HTML the pipeline reads (cut at a paragraph break): a real
   * article is a few tens of thousands; a multi-megabyte item must not stall a poll. Default 300,000.
   */
  readonly maxContentChars?: number;
  /** Quotes stored per article (in article order). Default 100. */
  readonly maxQuotesPerArticle?: number;
  /** Called after each batch with the running totals (progress on stderr). Default: none. */
  readonly onProgress?: (totals: IngestResult & { readonly seen: number }) => void;
}

export interface IngestService {
  /**
   * Extracts and stores every item; duplicates (same URL or content) are counted, not errors. Items
   * are stored in order, a batch at a time, each batch once its save has resolved.
   */
  ingest(items: Iterable<RawArticle>): Promise<IngestResult>;
}

const DEFAULT_BATCH = 500;
/** Defaults of the per-article bounds. */
export const ARTICLE_BOUNDS = { maxContentChars: 300_000, maxQuotesPerArticle: 100 } as const;

/** Whether a save failed because of the database itself (full disk, read-only, I/O), not the item. */
function storeBroken(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|BUSY|LOCKED)/.test(code)) return true;
  }
  return false;
}

/** `text` cut to at most `max` characters, at the last paragraph (or line) break before the cut when there is one. */
export function cutContent(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  // The latest paragraph break, else the end of an HTML paragraph, else a line break.
  const paragraph = head.lastIndexOf('\n\n');
  const closing = head.lastIndexOf('</p>');
  const line = head.lastIndexOf('\n');
  for (const at of [paragraph, closing >= 0 ? closing + 4 : -1, line]) if (at > max / 2) return head.slice(0, at);
  return head;
}

/** The item within the content bound (and without control characters), and whether it was cut. */
function bounded(raw: RawArticle, max: number): { raw: RawArticle; cut: boolean } {
  const text = raw.text !== undefined ? cutContent(raw.text, max) : undefined;
  const cut = text !== raw.text;
  return {
    raw: {
      ...raw,
      ...(text !== undefined ? { text: stripControls(text) } : {}),
      ...(typeof raw.title === 'string' ? { title: stripControls(raw.title) } : {}),
      ...(typeof raw.outlet === 'string' ? { outlet: stripControls(raw.outlet) } : {}),
    },
    cut,
  };
}

function describe(raw: RawArticle): string {
  return raw.url ?? raw.file ?? raw.title ?? '(untitled item)';
}

/** The running totals of one `ingest` call. */
interface Tally {
  inserted: number;
  duplicates: number;
  failed: number;
  replaced: number;
  seen: number;
}

/** What one ingest run needs: the deps with their defaults applied. */
interface Run {
  readonly store: IngestServiceDeps['store'];
  readonly logger: Logger;
  readonly onProgress: IngestServiceDeps['onProgress'];
  readonly batchSize: number;
  /** Bounds and extracts one item (quotes capped); logs when it had to cut, unless `quiet`. */
  readonly extractBounded: (raw: RawArticle, quiet?: boolean) => ExtractedArticle;
}

/** Builds the ingest service. @example await createIngestService({ store, timeZone: config.timeZone, logger }).ingest(items) */
export function createIngestService(deps: IngestServiceDeps): IngestService {
  const extract = deps.extract ?? extractArticle;
  const maxContent = Math.max(1000, deps.maxContentChars ?? ARTICLE_BOUNDS.maxContentChars);
  const maxQuotes = Math.max(0, deps.maxQuotesPerArticle ?? ARTICLE_BOUNDS.maxQuotesPerArticle);
  const options = { timeZone: deps.timeZone, referenceDate: deps.referenceDate ?? null, ...(deps.speakers ? { speakers: deps.speakers } : {}) };
  const run: Run = {
    store: deps.store,
    logger: deps.logger,
    onProgress: deps.onProgress,
    batchSize: Math.max(1, Math.floor(deps.batchSize ?? DEFAULT_BATCH)),
    extractBounded(raw, quiet = false) {
      const { raw: within, cut } = bounded(raw, maxContent);
      const extracted = extract(within, options);
      const keep = extracted.quotes.length > maxQuotes ? { ...extracted, quotes: extracted.quotes.slice(0, maxQuotes) } : extracted;
      if (!quiet && (cut || keep !== extracted)) {
        deps.logger.warn('article trimmed to its bounds', { item: describe(raw), chars: maxContent, quotes: extracted.quotes.length, kept: keep.quotes.length });
      }
      return keep;
    },
  };
  return { ingest: (items) => ingestAll(run, items) };
}

async function ingestAll(run: Run, items: Iterable<RawArticle>): Promise<IngestResult> {
  const tally: Tally = { inserted: 0, duplicates: 0, failed: 0, replaced: 0, seen: 0 };
  let batch: ArticleInput[] = [];
  let raws: RawArticle[] = [];
  for (const raw of items) {
    tally.seen++;
    // A known URL is a duplicate whatever its text says now (an edited headline is no new story),
    // unless what is stored was garbled by a wrong decoding and this copy is cleaner.
    if (await replacedDamaged(run, raw, tally)) continue;
    // Or the full text now arrives for an article stored as a snippet.
    if (raw.url && (await isStored(run.store, raw.url, raw))) {
      tally.duplicates++;
      continue;
    }
    try {
      const extracted = run.extractBounded(raw);
      batch.push(raw.origin ? { ...extracted, origin: raw.origin } : extracted);
      raws.push(raw);
    } catch (error) {
      tally.failed++;
      run.logger.warn('article not extracted', { item: describe(raw), error: messageOf(error) });
    }
    if (batch.length >= run.batchSize) {
      await flush(run, tally, batch, raws);
      batch = [];
      raws = [];
    }
  }
  await flush(run, tally, batch, raws);
  const { inserted, duplicates, failed, replaced } = tally;
  return { inserted, duplicates, failed, ...(replaced > 0 ? { replaced } : {}) };
}

/** Whether the item's URL is stored already: full text, or a snippet when this is a snippet too. */
async function isStored(store: Run['store'], url: string, raw: RawArticle): Promise<boolean> {
  if (!store.storedBody) return (await store.hasUrl?.(url)) ?? false;
  const stored = await store.storedBody(url);
  return stored === 'full' || (stored === 'snippet' && (raw.origin?.body ?? 'snippet') === 'snippet');
}

/** Replaces a damaged stored copy of the item's URL with this cleaner one; true when the item is done with (replaced or failed). */
async function replacedDamaged(run: Run, raw: RawArticle, tally: Tally): Promise<boolean> {
  const { store } = run;
  if (!raw.url || !store.storedCopy || !store.replaceDamaged) return false;
  const copy = await store.storedCopy(raw.url);
  if (copy.state !== 'damaged' || damageScore(`${raw.title ?? ''}\n${raw.text ?? ''}`) >= copy.damage) return false;
  try {
    if (!(await store.replaceDamaged(run.extractBounded(raw, true)))) return false;
    tally.replaced++;
    run.logger.info('damaged article replaced by a clean copy', { item: describe(raw) });
  } catch (error) {
    tally.failed++;
    run.logger.warn('damaged article not replaced', { item: describe(raw), error: messageOf(error) });
  }
  return true;
}

/** Saves one batch in one transaction; when it fails, one by one, so one bad row costs only itself. */
async function flush(run: Run, tally: Tally, batch: readonly ArticleInput[], raws: readonly RawArticle[]): Promise<void> {
  if (batch.length === 0) return;
  const count = (outcome: SaveOutcome) => (outcome === 'inserted' ? tally.inserted++ : tally.duplicates++);
  try {
    (await run.store.saveArticles(batch)).forEach(count);
  } catch (batchError) {
    // A store that cannot write at all (disk full, read-only) fails the first one alike: stop there.
    let saved = 0;
    const reasons = new Map<string, number>();
    for (const [i, item] of batch.entries()) {
      try {
        (await run.store.saveArticles([item])).forEach(count);
        saved++;
      } catch (error) {
        if (storeBroken(error)) throw error;
        tally.failed++;
        const reason = messageOf(error);
        // One line per distinct reason, not one per item: 500 identical lines help nobody.
        if (!reasons.has(reason)) run.logger.warn('article not stored', { item: describe(raws[i] ?? {}), error: reason });
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    for (const [reason, n] of reasons) if (n > 1) run.logger.warn('articles not stored', { count: n, error: reason });
    // Nothing could be saved: the store itself is broken, not an item.
    if (saved === 0) throw batchError;
  }
  run.onProgress?.({ inserted: tally.inserted, duplicates: tally.duplicates, failed: tally.failed, seen: tally.seen });
}
