/**
 * Loading the seed articles (KILAS_SEEDS) into the store: what `kilas ingest` always does, and
 * what `kilas quotes` does on an empty store so it works out of the box.
 */
import { resolve } from 'node:path';
import type { InputError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { loadSeeds } from '../sources/seeds.ts';
import type { ArticleStore } from '../store/ports.ts';
import type { SpeakerDirectory } from '../core/speakers/index.ts';
import { createIngestService, type IngestResult } from './ingest-service.ts';

export interface SeedIngestResult extends IngestResult {
  /** Seed files read. */
  readonly files: number;
  /** Files (or the folder) that could not be read; the others were still stored. */
  readonly errors: readonly InputError[];
}

/**
 * Reads every `*.txt` of `seedsDir` (relative to `cwd`) and stores the new ones.
 * @throws StoreError when the store cannot be written at all.
 */
export async function ingestSeeds(deps: {
  readonly store: Pick<ArticleStore, 'saveArticles'>;
  readonly seedsDir: string;
  readonly cwd: string;
  readonly timeZone: string;
  readonly logger: Logger;
  /** The operator's speaker aliases. Default: none. */
  readonly speakers?: SpeakerDirectory;
}): Promise<SeedIngestResult> {
  const dir = resolve(deps.cwd, deps.seedsDir);
  const { articles, errors } = await loadSeeds(dir, {
    onWarning: (message) => deps.logger.warn(message),
  });
  // Paths relative to the working directory read better in article sources and messages.
  const relative = articles.map((a) => (a.file ? { ...a, file: a.file.replace(`${deps.cwd}/`, '') } : a));
  const service = createIngestService({ store: deps.store, timeZone: deps.timeZone, logger: deps.logger, ...(deps.speakers ? { speakers: deps.speakers } : {}) });
  return { ...(await service.ingest(relative)), files: articles.length, errors };
}
