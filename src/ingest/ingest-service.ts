/**
 * Raw articles in, stored articles and quotes out: runs the core pipeline on each item and saves
 * them in batches, one transaction per batch, so a feed poll or the seeds cost a few commits,
 * not one per article. A bad item is counted and logged; it never stops the others.
 */
import { extractArticle } from '../core/extract.ts';
import type { SpeakerDirectory } from '../core/speaker-directory.ts';
import type { ExtractedArticle, RawArticle } from '../core/types.ts';
import { messageOf } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { ArticleInput, ArticleStore, SaveOutcome } from '../store/article-store.ts';

/** Counts of one `ingest` call. */
export interface IngestResult {
  readonly inserted: number;
  readonly duplicates: number;
  /** Items the pipeline or the store could not take. */
  readonly failed: number;
}

export interface IngestServiceDeps {
  /**
   * Where articles go. With `storedBody` (or `hasUrl`), items whose URL is already stored skip the
   * pipeline — except full text for a URL stored as a snippet, which replaces it.
   */
  readonly store: Pick<ArticleStore, 'saveArticles'> & Partial<Pick<ArticleStore, 'hasUrl' | 'storedBody'>>;
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
  /** Called after each batch with the running totals (progress on stderr). Default: none. */
  readonly onProgress?: (totals: IngestResult & { readonly seen: number }) => void;
}

export interface IngestService {
  /** Extracts and stores every item; duplicates (same URL or content) are counted, not errors. */
  ingest(items: Iterable<RawArticle>): IngestResult;
}

const DEFAULT_BATCH = 500;

function describe(raw: RawArticle): string {
  return raw.url ?? raw.file ?? raw.title ?? '(untitled item)';
}

/** Builds the ingest service. @example createIngestService({ store, timeZone: config.timeZone, logger }).ingest(items) */
export function createIngestService(deps: IngestServiceDeps): IngestService {
  const extract = deps.extract ?? extractArticle;
  const batchSize = Math.max(1, Math.floor(deps.batchSize ?? DEFAULT_BATCH));
  const options = { timeZone: deps.timeZone, referenceDate: deps.referenceDate ?? null, ...(deps.speakers ? { speakers: deps.speakers } : {}) };
  const { logger, store } = deps;
  const isStored = (url: string, raw: RawArticle): boolean => {
    if (!store.storedBody) return store.hasUrl?.(url) ?? false;
    const stored = store.storedBody(url);
    return stored === 'full' || (stored === 'snippet' && (raw.origin?.body ?? 'snippet') === 'snippet');
  };

  return {
    ingest(items) {
      let inserted = 0;
      let duplicates = 0;
      let failed = 0;
      let seen = 0;
      const count = (outcome: SaveOutcome) => (outcome === 'inserted' ? inserted++ : duplicates++);

      const flush = (batch: ArticleInput[], raws: RawArticle[]) => {
        if (batch.length === 0) return;
        try {
          store.saveArticles(batch).forEach(count);
        } catch (batchError) {
          // One bad row rolls back its batch: save one by one to keep the good ones.
          let saved = 0;
          batch.forEach((item, i) => {
            try {
              store.saveArticles([item]).forEach(count);
              saved++;
            } catch (error) {
              failed++;
              logger.warn('article not stored', { item: describe(raws[i] ?? {}), error: messageOf(error) });
            }
          });
          // Nothing could be saved: the store itself is broken, not an item.
          if (saved === 0) throw batchError;
        }
        deps.onProgress?.({ inserted, duplicates, failed, seen });
      };

      let batch: ArticleInput[] = [];
      let raws: RawArticle[] = [];
      for (const raw of items) {
        seen++;
        // A known URL is a duplicate whatever its text says now (an edited headline is no new story),
        // unless the full text now arrives for an article stored as a snippet.
        if (raw.url && isStored(raw.url, raw)) {
          duplicates++;
          continue;
        }
        try {
          const extracted = extract(raw, options);
          batch.push(raw.origin ? { ...extracted, origin: raw.origin } : extracted);
          raws.push(raw);
        } catch (error) {
          failed++;
          logger.warn('article not extracted', { item: describe(raw), error: messageOf(error) });
        }
        if (batch.length >= batchSize) {
          flush(batch, raws);
          batch = [];
          raws = [];
        }
      }
      flush(batch, raws);
      return { inserted, duplicates, failed };
    },
  };
}
