/**
 * The worker thread of {@link createPageReader}: reads the pages it is sent, one at a time.
 * Loaded through page-worker-boot.mjs, which makes TypeScript importable in the thread.
 */
import { parentPort } from 'node:worker_threads';
import { readArticlePage } from './article-page.ts';

/** A page to read, as the reader sends it. */
export interface PageJob {
  readonly id: number;
  readonly html: string;
  readonly url: string;
}

parentPort?.on('message', (job: PageJob) => {
  parentPort?.postMessage({ id: job.id, page: readArticlePage(job.html, job.url) });
});
