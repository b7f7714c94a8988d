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
import type { ArticleInput, ArticleStore, SaveOutcome } from '../store/article-store.ts';

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
  /** Extracts and stores every item; duplicates (same URL or content) are counted, not errors. */
  ingest(items: Iterable<RawArticle>): IngestResult;
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

/** Builds the ingest service. @example createIngestService({ store, timeZone: config.timeZone, logger }).ingest(items) */
export function createIngestService(deps: IngestServiceDeps): IngestService {
  const extract = deps.extract ?? extractArticle;
  const batchSize = Math.max(1, Math.floor(deps.batchSize ?? DEFAULT_BATCH));
  const maxContent = Math.max(1000, deps.maxContentChars ?? ARTICLE_BOUNDS.maxContentChars);
  const maxQuotes = Math.max(0, deps.maxQuotesPerArticle ?? ARTICLE_BOUNDS.maxQuotesPerArticle);
  const capQuotes = (e: ExtractedArticle): ExtractedArticle => (e.quotes.length > maxQuotes ? { ...e, quotes: e.quotes.slice(0, maxQuotes) } : e);
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
      let replaced = 0;
      let seen = 0;
      const count = (outcome: SaveOutcome) => (outcome === 'inserted' ? inserted++ : duplicates++);

      const flush = (batch: ArticleInput[], raws: RawArticle[]) => {
        if (batch.length === 0) return;
        try {
          store.saveArticles(batch).forEach(count);
        } catch (batchError) {
          // One bad row rolls back its batch: save one by one to keep the good ones. A store that
          // cannot write at all (disk full, read-only) fails the first one alike: stop there.
          let saved = 0;
          const reasons = new Map<string, number>();
          for (const [i, item] of batch.entries()) {
            try {
              store.saveArticles([item]).forEach(count);
              saved++;
            } catch (error) {
              if (storeBroken(error)) throw error;
              failed++;
              const reason = messageOf(error);
              // One line per distinct reason, not one per item: 500 identical lines help nobody.
              if (!reasons.has(reason)) logger.warn('article not stored', { item: describe(raws[i] ?? {}), error: reason });
              reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
            }
          }
          for (const [reason, n] of reasons) if (n > 1) logger.warn('articles not stored', { count: n, error: reason });
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
        // unless what is stored was garbled by a wrong decoding and this copy is cleaner.
        const copy = raw.url && store.storedCopy ? store.storedCopy(raw.url) : null;
        if (copy?.state === 'damaged' && store.replaceDamaged && damageScore(`${raw.title ?? ''}\n${raw.text ?? ''}`) < copy.damage) {
          try {
            const { raw: within } = bounded(raw, maxContent);
            if (store.replaceDamaged(capQuotes(extract(within, options)))) {
              replaced++;
              logger.info('damaged article replaced by a clean copy', { item: describe(raw) });
              continue;
            }
          } catch (error) {
            failed++;
            logger.warn('damaged article not replaced', { item: describe(raw), error: messageOf(error) });
            continue;
          }
        }
        // Or the full text now arrives for an article stored as a snippet.
        if (raw.url && isStored(raw.url, raw)) {
          duplicates++;
          continue;
        }
        try {
          const { raw: within, cut } = bounded(raw, maxContent);
          const extracted = extract(within, options);
          const keep = capQuotes(extracted);
          if (cut || keep !== extracted) {
            logger.warn('article trimmed to its bounds', { item: describe(raw), chars: maxContent, quotes: extracted.quotes.length, kept: keep.quotes.length });
          }
          batch.push(raw.origin ? { ...keep, origin: raw.origin } : keep);
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
      return { inserted, duplicates, failed, ...(replaced > 0 ? { replaced } : {}) };
    },
  };
}
