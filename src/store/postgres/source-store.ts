/**
 * Feeds beyond the configured list, each chat's choice of outlets, and which feed brought which
 * article, in PostgreSQL. A feed added by several chats is one row, so it is polled once.
 */
import { canonicalUrl } from '../../core/article/index.ts';
import { boundMs } from '../../core/time/index.ts';
import type { SourceChoice, SourceStore, StoredFeed } from '../ports.ts';
import { pgGuard, withTransaction, type PgPool, type Queryable } from './pool.ts';

interface FeedRow {
  url: string;
  name: string;
  origin: 'operator' | 'chat';
  site_url: string | null;
}

/** Adds or updates a feed. An operator feed keeps its origin (and name) when a chat adds the same URL; a chat feed the operator imports becomes operator. */
async function putFeed(db: Queryable, feed: StoredFeed, stamp: string): Promise<void> {
  await db.query(
    `INSERT INTO feeds (url, name, origin, site_url, added_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (url) DO UPDATE SET
       name = CASE WHEN feeds.origin = 'operator' AND excluded.origin = 'chat' THEN feeds.name ELSE excluded.name END,
       origin = CASE WHEN feeds.origin = 'operator' OR excluded.origin = 'operator' THEN 'operator' ELSE 'chat' END,
       site_url = COALESCE(excluded.site_url, feeds.site_url)`,
    [feed.url, feed.name, feed.origin, feed.siteUrl, stamp],
  );
}

/** Replaces a subscription's choice (inside a transaction). */
async function setChoice(client: Queryable, subscriptionId: number, choice: SourceChoice, stamp: string): Promise<void> {
  if (choice.chosen) {
    await client.query(
      `INSERT INTO source_choices (subscription_id, updated_at) VALUES ($1, $2)
       ON CONFLICT (subscription_id) DO UPDATE SET updated_at = excluded.updated_at`,
      [subscriptionId, stamp],
    );
  } else {
    await client.query('DELETE FROM source_choices WHERE subscription_id = $1', [subscriptionId]);
  }
  await client.query('DELETE FROM subscription_feeds WHERE subscription_id = $1', [subscriptionId]);
  // The last entry of a URL listed twice wins, as with SQLite's INSERT OR REPLACE.
  const added = new Map(choice.feeds.map((f) => [f.url, f.added]));
  await client.query('INSERT INTO subscription_feeds (subscription_id, feed_url, added) SELECT $1, * FROM unnest($2::text[], $3::boolean[])', [
    subscriptionId,
    [...added.keys()],
    [...added.values()],
  ]);
}

/** The feeds of each article published in [from, to) (ms; null: unbounded). */
async function articleFeeds(pool: PgPool, from: number | null, to: number | null): Promise<Map<string, string[]>> {
  const { rows } = await pool.query<{ article_id: string; feed_url: string }>(
    `SELECT af.article_id, af.feed_url FROM article_feeds af JOIN articles a ON a.id = af.article_id
     WHERE ($1::bigint IS NULL OR a.sort_ms >= $1) AND ($2::bigint IS NULL OR a.sort_ms < $2) ORDER BY af.article_id, af.feed_url`,
    [from, to],
  );
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(row.article_id);
    if (list) list.push(row.feed_url);
    else out.set(row.article_id, [row.feed_url]);
  }
  return out;
}

/** Creates the source port over a migrated database. */
export function createPgSourceStore(pool: PgPool, options: { timeZone: string; now: () => Date }): SourceStore {
  return {
    listFeeds() {
      return pgGuard('listing feeds', async () => {
        const { rows } = await pool.query<FeedRow>(`SELECT url, name, origin, site_url FROM feeds ORDER BY origin = 'chat', lower(name) COLLATE "C", url`);
        return rows.map((r) => ({ url: r.url, name: r.name, origin: r.origin, siteUrl: r.site_url }));
      });
    },
    putFeed(feed) {
      return pgGuard('saving a feed', () => putFeed(pool, feed, options.now().toISOString()));
    },
    importOperatorFeeds(feeds, replace) {
      return pgGuard('importing feeds', () =>
        withTransaction(pool, async (client) => {
          let removed = 0;
          if (replace) {
            const wanted = feeds.map((f) => f.url);
            removed = (await client.query(`DELETE FROM feeds WHERE origin = 'operator' AND NOT (url = ANY($1::text[]))`, [wanted])).rowCount ?? 0;
          }
          const stamp = options.now().toISOString();
          for (const feed of feeds) await putFeed(client, feed, stamp);
          return removed;
        }),
      );
    },
    deleteFeed(url) {
      return pgGuard('removing a feed', async () => ((await pool.query(`DELETE FROM feeds WHERE url = $1 AND origin = 'operator'`, [url])).rowCount ?? 0) > 0);
    },
    choiceOf(subscriptionId) {
      return pgGuard('reading a source choice', async () => {
        const chosen = await pool.query('SELECT 1 FROM source_choices WHERE subscription_id = $1', [subscriptionId]);
        const feeds = await pool.query<{ url: string; added: boolean }>(
          'SELECT feed_url AS url, added FROM subscription_feeds WHERE subscription_id = $1 ORDER BY feed_url',
          [subscriptionId],
        );
        return { chosen: (chosen.rowCount ?? 0) > 0, feeds: feeds.rows.map((r) => ({ url: r.url, added: r.added })) };
      });
    },
    setChoice(subscriptionId, choice) {
      return pgGuard('saving a source choice', () => withTransaction(pool, (client) => setChoice(client, subscriptionId, choice, options.now().toISOString())));
    },
    followedChatFeeds() {
      return pgGuard('listing followed feeds', async () => {
        const { rows } = await pool.query<{ url: string }>(`SELECT DISTINCT f.url FROM feeds f
          JOIN subscription_feeds sf ON sf.feed_url = f.url AND sf.added
          JOIN subscriptions s ON s.id = sf.subscription_id AND s.active
          WHERE f.origin = 'chat' ORDER BY f.url`);
        return rows.map((r) => r.url);
      });
    },
    linkArticles(feedUrl, articleUrls) {
      const canonical = articleUrls.map((u) => canonicalUrl(u)).filter((u) => u !== null);
      if (canonical.length === 0) return Promise.resolve();
      return pgGuard('linking articles to a feed', async () => {
        await pool.query(
          `INSERT INTO article_feeds (article_id, feed_url) SELECT id, $1 FROM articles WHERE canonical_url = ANY($2::text[])
           ON CONFLICT DO NOTHING`,
          [feedUrl, canonical],
        );
      });
    },
    articleFeeds(window) {
      return pgGuard('reading article feeds', () => articleFeeds(pool, boundMs(window.from, options.timeZone), boundMs(window.to, options.timeZone)));
    },
  };
}
