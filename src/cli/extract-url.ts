/**
 * `kilas extract --url URL`: one article page fetched the way the poll fetches pages (bounded fetch,
 * outbound policy, politeness, split articles) and handed to the same pipeline as a file.
 */
import type { Config } from '../config.ts';
import type { RawArticle } from '../core/model/index.ts';
import { FeedError } from '../errors.ts';
import { createFetchers } from '../sources/fetchers.ts';
import { pageArticle } from '../sources/page-enricher.ts';

/**
 * Fetches and reads one article page.
 * @throws FeedError with the reason the page could not be read.
 */
export async function readUrlArticle(url: string, config: Pick<Config, 'allowPrivateFetch'>): Promise<RawArticle> {
  const fetchers = createFetchers({ allowPrivate: config.allowPrivateFetch });
  const result = await fetchers.pageFetcher.fetchArticle(url).finally(() => fetchers.close());
  if (!result.ok) throw new FeedError(`${url}: ${result.reason}`, url, result.transient);
  return pageArticle(result.page);
}
