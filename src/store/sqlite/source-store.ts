/**
 * Feeds beyond the configured list (imported by the operator, added by chats), each chat's choice
 * of outlets, and which feed brought which article, in SQLite. A feed added by several chats is one
 * row, so it is polled once.
 */
import type { SourceChoice, SourceStore, StoredFeed } from '../ports.ts';
import { canonicalUrl } from '../../core/article/index.ts';
import { boundMs } from '../../core/time/index.ts';
import { guard, type SqliteDatabase } from './sqlite-database.ts';
import type { Sync } from './sync-port.ts';

interface FeedRow {
  url: string;
  name: string;
  origin: 'operator' | 'chat';
  site_url: string | null;
}

/** Creates the source store over an open, migrated database. */
export function createSourceStore(db: SqliteDatabase, options: { timeZone: string; now: () => Date }): Sync<SourceStore> {
  const all = db.prepare(`SELECT url, name, origin, site_url FROM feeds ORDER BY origin = 'chat', name COLLATE NOCASE, url`);
  // An operator feed keeps its origin when a chat adds the same URL; a chat feed the operator imports becomes operator.
  const upsert = db.prepare(`INSERT INTO feeds (url, name, origin, site_url, added_at) VALUES (@url, @name, @origin, @siteUrl, @now)
    ON CONFLICT (url) DO UPDATE SET
      name = CASE WHEN feeds.origin = 'operator' AND excluded.origin = 'chat' THEN feeds.name ELSE excluded.name END,
      origin = CASE WHEN feeds.origin = 'operator' OR excluded.origin = 'operator' THEN 'operator' ELSE 'chat' END,
      site_url = COALESCE(excluded.site_url, feeds.site_url)`);
  const remove = db.prepare(`DELETE FROM feeds WHERE url = ? AND origin = 'operator'`);
  const chosen = db.prepare('SELECT 1 FROM source_choices WHERE subscription_id = ?').pluck();
  const feedsOf = db.prepare('SELECT feed_url AS url, added FROM subscription_feeds WHERE subscription_id = ? ORDER BY feed_url');
  const followed = db.prepare(`SELECT DISTINCT f.url FROM feeds f
    JOIN subscription_feeds sf ON sf.feed_url = f.url AND sf.added = 1
    JOIN subscriptions s ON s.id = sf.subscription_id AND s.active = 1
    WHERE f.origin = 'chat' ORDER BY f.url`).pluck();
  const link = db.prepare('INSERT OR IGNORE INTO article_feeds (article_id, feed_url) SELECT id, ? FROM articles WHERE canonical_url = ?');
  const inWindow = db.prepare(`SELECT af.article_id, af.feed_url FROM article_feeds af JOIN articles a ON a.id = af.article_id
    WHERE (@from IS NULL OR a.sort_ms >= @from) AND (@to IS NULL OR a.sort_ms < @to)`);

  const setChoice = choiceWriter(db, options.now);
  const importAll = db.transaction((feeds: readonly StoredFeed[], replace: boolean): number => {
    const stamp = options.now().toISOString();
    const wanted = new Set(feeds.map((f) => f.url));
    let removed = 0;
    if (replace) {
      for (const { url, origin } of all.all() as FeedRow[]) if (origin === 'operator' && !wanted.has(url)) removed += remove.run(url).changes;
    }
    for (const feed of feeds) upsert.run({ ...feed, now: stamp });
    return removed;
  });
  const linkAll = db.transaction((feedUrl: string, urls: readonly string[]) => {
    for (const url of urls) {
      const canonical = canonicalUrl(url);
      if (canonical !== null) link.run(feedUrl, canonical);
    }
  });

  return {
    listFeeds() {
      return guard('listing feeds', () =>
        (all.all() as FeedRow[]).map((r) => ({ url: r.url, name: r.name, origin: r.origin, siteUrl: r.site_url })),
      );
    },
    putFeed(feed: StoredFeed) {
      guard('saving a feed', () => upsert.run({ ...feed, now: options.now().toISOString() }));
    },
    deleteFeed(url) {
      return guard('removing a feed', () => remove.run(url).changes > 0);
    },
    importOperatorFeeds(feeds, replace) {
      return guard('importing feeds', () => importAll.immediate(feeds, replace));
    },
    choiceOf(subscriptionId) {
      return guard('reading a source choice', () => ({
        chosen: chosen.get(subscriptionId) !== undefined,
        feeds: (feedsOf.all(subscriptionId) as { url: string; added: number }[]).map((r) => ({ url: r.url, added: r.added === 1 })),
      }));
    },
    setChoice(subscriptionId, choice) {
      guard('saving a source choice', () => setChoice.immediate(subscriptionId, choice));
    },
    followedChatFeeds() {
      return guard('listing followed feeds', () => followed.all() as string[]);
    },
    linkArticles(feedUrl, articleUrls) {
      if (articleUrls.length === 0) return;
      guard('linking articles to a feed', () => linkAll.immediate(feedUrl, articleUrls));
    },
    articleFeeds(window) {
      const params = { from: boundMs(window.from, options.timeZone), to: boundMs(window.to, options.timeZone) };
      return guard('reading article feeds', () => {
        const out = new Map<string, string[]>();
        for (const row of inWindow.all(params) as { article_id: string; feed_url: string }[]) {
          const list = out.get(row.article_id);
          if (list) list.push(row.feed_url);
          else out.set(row.article_id, [row.feed_url]);
        }
        return out;
      });
    },
  };
}

/** `setChoice`'s transaction: the chat's whole choice replaced at once. */
function choiceWriter(db: SqliteDatabase, now: () => Date) {
  const markChosen = db.prepare(`INSERT INTO source_choices (subscription_id, updated_at) VALUES (?, ?)
    ON CONFLICT (subscription_id) DO UPDATE SET updated_at = excluded.updated_at`);
  const unmarkChosen = db.prepare('DELETE FROM source_choices WHERE subscription_id = ?');
  const clearFeeds = db.prepare('DELETE FROM subscription_feeds WHERE subscription_id = ?');
  const addFeed = db.prepare('INSERT OR REPLACE INTO subscription_feeds (subscription_id, feed_url, added) VALUES (?, ?, ?)');
  return db.transaction((subscriptionId: number, choice: SourceChoice) => {
    if (choice.chosen) markChosen.run(subscriptionId, now().toISOString());
    else unmarkChosen.run(subscriptionId);
    clearFeeds.run(subscriptionId);
    for (const f of choice.feeds) addFeed.run(subscriptionId, f.url, f.added ? 1 : 0);
  });
}
