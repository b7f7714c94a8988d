/**
 * The Prometheus metrics of `kilas start` (prom-client, one registry per app so tests and several
 * apps in one process never share counters): articles stored, feeds failing, deliveries sent and
 * failed, messages sent, 429 answers, digest build time, plus Node's default process metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface KilasMetrics {
  readonly registry: Registry;
  /** Deliveries finished or failed in a fan-out (the counts of its report). */
  deliveries(outcome: 'done' | 'failed', n: number): void;
  /** Message parts sent by fan-outs. */
  messagesSent(n: number): void;
  /** A 429 answer from a platform (deliveries and command replies alike). */
  rateLimited(platform: string): void;
  /** The feeds whose last poll failed or that are backing off / disabled. */
  feedsFailing(n: number): void;
  /** Duration of one digest build, ms. */
  digestBuilt(ms: number): void;
}

/** Creates the metrics; `articles` is read at each scrape. */
export function createMetrics(articles: () => number | Promise<number>): KilasMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kilas_' });
  new Gauge({
    name: 'kilas_articles_stored',
    help: 'Articles in the store',
    registers: [registry],
    async collect() {
      try {
        this.set(await articles());
      } catch {
        // A closed or broken store reports nothing rather than failing the scrape.
      }
    },
  });
  const feeds = new Gauge({ name: 'kilas_feeds_failing', help: 'Feeds whose last poll failed, or that back off or are disabled', registers: [registry] });
  const deliveries = new Counter({ name: 'kilas_deliveries_total', help: 'Scheduled digest deliveries by outcome', labelNames: ['outcome'], registers: [registry] });
  const messages = new Counter({ name: 'kilas_messages_sent_total', help: 'Digest message parts sent', registers: [registry] });
  const limited = new Counter({ name: 'kilas_rate_limited_total', help: '429 (too many requests) answers from a platform', labelNames: ['platform'], registers: [registry] });
  const builds = new Histogram({
    name: 'kilas_digest_build_seconds',
    help: 'Time to build one digest',
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  // Zero series exist from the start, so a dashboard shows 0 rather than "no data".
  deliveries.inc({ outcome: 'done' }, 0);
  deliveries.inc({ outcome: 'failed' }, 0);
  return {
    registry,
    deliveries: (outcome, n) => deliveries.inc({ outcome }, n),
    messagesSent: (n) => messages.inc(n),
    rateLimited: (platform) => limited.inc({ platform }),
    feedsFailing: (n) => feeds.set(n),
    digestBuilt: (ms) => builds.observe(ms / 1000),
  };
}
