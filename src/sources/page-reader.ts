/**
 * Article pages read off the main thread: {@link readArticlePage} in a worker thread with a
 * bounded heap. A DOM per page makes garbage fast; in the main thread V8 lets hundreds of MB of it
 * pile up before collecting (peak RSS ≈ 600 MB over 2,000 pages, with a live heap of ≈ 26 MB), in a
 * worker capped at `maxHeapMb` it is collected early (peak ≈ 160 MB for the whole process). The
 * bot's event loop stays free while a page is parsed, and a page that exhausts the worker's heap
 * or runs past `timeoutMs` fails alone: the worker is replaced and the next page goes on.
 */
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.ts';
import type { ArticlePage } from './article-page.ts';
import type { PageJob } from './page-worker.ts';

export interface PageReaderOptions {
  /** Old-generation heap of the worker, in MB. Default 96. */
  readonly maxHeapMb?: number;
  /** Longest time one page may take, in ms. Default 10,000. */
  readonly timeoutMs?: number;
}

/** Reads article pages one at a time in a worker thread. */
export interface PageReader {
  /**
   * The page read from `html` (as `readArticlePage`).
   * @throws InputError when the page exhausts the worker's memory or time; the reader goes on.
   */
  read(html: string, url: string): Promise<ArticlePage>;
  /** Stops the worker; pending reads fail. */
  close(): Promise<void>;
}

interface Pending {
  readonly job: PageJob;
  readonly resolve: (page: ArticlePage) => void;
  readonly reject: (error: Error) => void;
}

export function createPageReader(options: PageReaderOptions = {}): PageReader {
  const maxHeapMb = options.maxHeapMb ?? 96;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const queue: Pending[] = [];
  let worker: Worker | null = null;
  let current: Pending | null = null;
  let timer: NodeJS.Timeout | null = null;
  let nextId = 1;
  let closed = false;

  const spawn = (): Worker => {
    const w = new Worker(new URL('./page-worker-boot.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 16 },
    });
    w.unref();
    w.on('message', (msg: { id: number; page: ArticlePage }) => {
      if (current?.job.id !== msg.id) return;
      finish()?.resolve(msg.page);
    });
    // A worker that failed (out of memory) or was stopped is dropped; the next page gets a new one.
    w.on('error', (error) => {
      if (worker !== w) return;
      worker = null;
      fail(`page ${current?.job.url ?? ''}: ${error.message}`, error);
    });
    w.on('exit', () => {
      if (worker !== w) return;
      worker = null;
      fail(`page ${current?.job.url ?? ''}: the page reader stopped`);
    });
    return w;
  };

  const finish = (): Pending | null => {
    const done = current;
    current = null;
    if (timer) clearTimeout(timer);
    timer = null;
    queueMicrotask(pump);
    return done;
  };

  const fail = (message: string, cause?: unknown): void => {
    const done = finish();
    done?.reject(new InputError(message, done.job.url, { cause }));
  };

  const pump = (): void => {
    if (closed || current || queue.length === 0) return;
    current = queue.shift() ?? null;
    if (!current) return;
    worker ??= spawn();
    worker.ref();
    const job = current.job;
    timer = setTimeout(() => {
      const w = worker;
      worker = null;
      fail(`page ${job.url}: took longer than ${timeoutMs} ms`);
      void w?.terminate();
    }, timeoutMs);
    worker.postMessage(job);
  };

  return {
    read(html, url) {
      if (closed) return Promise.reject(new InputError('the page reader is closed', url));
      return new Promise<ArticlePage>((resolve, reject) => {
        queue.push({ job: { id: nextId++, html, url }, resolve, reject });
        pump();
      }).finally(() => {
        if (!current && queue.length === 0) worker?.unref();
      });
    },
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new InputError('the page reader is closed', p.job.url));
      const w = worker;
      worker = null;
      if (current) fail(`page ${current.job.url}: the page reader is closed`);
      await w?.terminate();
    },
  };
}
