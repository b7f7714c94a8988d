/**
 * Each chat's outlets: which operator outlets it follows (all of them until an admin chooses), the
 * feeds it added itself, and what that means for its digest and for polling. Platform-neutral: the
 * feed check (fetch and parse) is injected, the store is a port.
 */
import { mapBounded } from '../core/pacing/index.ts';
import { fnv1a64 } from '../core/text/index.ts';
import { foldCase } from '../core/text/index.ts';
import type { ImportAnswer } from '../format/sources-document.ts';
import { id as words } from '../format/wording/id.ts';
import type { SourceSelection } from './digest-service.ts';
import type { SourceChoice, SourceStore, StoredFeed, Subscription } from './ports.ts';

/** An outlet as a chat sees it. */
export interface Outlet {
  /** Short stable id (for buttons and select menus, whose values are length-limited). */
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly siteUrl: string | null;
  /** `operator`: offered to every chat; `chat`: added by this chat. */
  readonly origin: 'operator' | 'chat';
  /** Whether this chat's digest takes stories from it. */
  readonly following: boolean;
  /** Why the feed is not delivering now ("gagal: HTTP 404", "dinonaktifkan: …"); null when it works. */
  readonly problem: string | null;
}

/** A feed named in an OPML file or by `/sources tambah`. */
export interface FeedCandidate {
  readonly url: string;
  readonly title: string | null;
  readonly siteUrl: string | null;
}

/** Outcome of adding one feed. */
export type AddOutcome =
  | { readonly kind: 'added'; readonly outlet: Outlet }
  | { readonly kind: 'followed'; readonly outlet: Outlet }
  | { readonly kind: 'already'; readonly outlet: Outlet }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'limit'; readonly max: number }
  | { readonly kind: 'invalid-url' }
  | { readonly kind: 'not-a-feed'; readonly reason: string };

/** Outcome of an OPML import: the answers `/import` gives once the file was read (one definition, in format). */
export type ImportOutcome = Extract<ImportAnswer, { readonly kind: 'imported' | 'limit' | 'empty' }>;

export interface ChatSourcesDeps {
  readonly store: SourceStore;
  /** The configured feed list (KILAS_FEEDS): operator outlets offered to every chat. */
  readonly configuredFeeds: () => readonly { readonly url: string; readonly name: string | null }[];
  /** The feed's state for the list: why it is failing or disabled, null when it works. Default: never a problem. */
  readonly feedProblem?: (url: string) => Promise<string | null>;
  /** Fetches and parses a feed; resolves with its title, rejects with a reason when it is not a readable feed. */
  readonly checkFeed: (url: string) => Promise<{ readonly title: string | null }>;
  /** KILAS_CHAT_FEEDS: whether chats may add feeds of their own. */
  readonly chatFeedsEnabled: boolean;
  /** Most feeds one chat may add. */
  readonly maxFeedsPerChat: number;
}

export interface ChatSources {
  /** Operator outlets (with this chat's state), then the chat's own feeds. `sub` null: nothing chosen yet. */
  outlets(sub: Subscription | null): Promise<Outlet[]>;
  /** Follows or unfollows one operator outlet; null when the id is unknown. */
  toggle(sub: Subscription, id: string): Promise<Outlet[] | null>;
  /** Follows exactly these operator outlets (`null`: every outlet, new ones included). */
  choose(sub: Subscription, ids: readonly string[] | null): Promise<Outlet[]>;
  add(sub: Subscription, url: string): Promise<AddOutcome>;
  /** Removes a feed the chat added, or unfollows an operator outlet, by name or URL; null when none matches. */
  remove(sub: Subscription, query: string): Promise<Outlet | null>;
  /** OPML import: `replace` makes the file the chat's whole list, `merge` adds to it. Nothing changes unless it fits. */
  importFeeds(sub: Subscription, feeds: readonly FeedCandidate[], mode: 'merge' | 'replace'): Promise<ImportOutcome>;
  /** The outlets a chat's digest is built from, for the digest service. */
  selectionOf(sub: Subscription): Promise<SourceSelection | null>;
  /** Feeds to poll: every operator outlet, and chat feeds some active chat follows (each once). */
  pollList(): Promise<{ readonly url: string; readonly name: string | null; readonly origin: 'operator' | 'chat' }[]>;
}

/** The short id of a feed URL. */
export const outletId = (url: string): string => fnv1a64(url).slice(0, 12);

/** A candidate URL as kilas stores it (http or https, no fragment), or null. */
export function normaliseFeedUrl(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) return null;
  url.hash = '';
  return url.href;
}

const hostName = (url: string): string => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
};

/** Display names are plain text, short and on one line. */
const cleanName = (name: string | null | undefined, url: string): string => {
  const value = (name ?? '').replace(/\s+/g, ' ').trim();
  return value === '' ? hostName(url) : Array.from(value).slice(0, 60).join('');
};

/** Reading and saving a chat's outlets: the operator's feeds, the chat's own feeds and its choice. */
function createCatalog(deps: ChatSourcesDeps) {
  const { store } = deps;
  const operatorFeeds = async (): Promise<StoredFeed[]> => {
    const seen = new Set<string>();
    const out: StoredFeed[] = [];
    for (const f of deps.configuredFeeds()) {
      if (seen.has(f.url)) continue;
      seen.add(f.url);
      out.push({ url: f.url, name: cleanName(f.name, f.url), origin: 'operator', siteUrl: null });
    }
    for (const f of await store.listFeeds()) {
      if (f.origin !== 'operator' || seen.has(f.url)) continue;
      seen.add(f.url);
      out.push(f);
    }
    return out;
  };
  const chatFeedsByUrl = async () => new Map((await store.listFeeds()).filter((f) => f.origin === 'chat').map((f) => [f.url, f]));

  const outletsOf = async (choice: SourceChoice): Promise<Outlet[]> => {
    const operators = await operatorFeeds();
    const operatorUrls = new Set(operators.map((f) => f.url));
    const picked = new Set(choice.feeds.filter((f) => !f.added).map((f) => f.url));
    const problem = async (url: string) => (await deps.feedProblem?.(url)) ?? null;
    const list: Outlet[] = [];
    for (const f of operators) list.push({ ...f, id: outletId(f.url), following: !choice.chosen || picked.has(f.url), problem: await problem(f.url) });
    if (!deps.chatFeedsEnabled) return list;
    const chatFeeds = await chatFeedsByUrl();
    for (const own of choice.feeds.filter((f) => f.added && !operatorUrls.has(f.url))) {
      const stored = chatFeeds.get(own.url);
      list.push({
        id: outletId(own.url),
        url: own.url,
        name: stored?.name ?? hostName(own.url),
        siteUrl: stored?.siteUrl ?? null,
        origin: 'chat',
        following: true,
        problem: await problem(own.url),
      });
    }
    return list;
  };

  return {
    operatorFeeds,
    chatFeedsByUrl,
    outletsOf,
    choiceOf: async (sub: Subscription | null): Promise<SourceChoice> => (sub === null ? { chosen: false, feeds: [] } : store.choiceOf(sub.id)),
    /** The outlets of `sub` as they are now (after a change). */
    outletsNow: async (sub: Subscription) => outletsOf(await store.choiceOf(sub.id)),
    /** The URLs of the feeds the chat added itself. */
    ownUrls: (choice: SourceChoice) => choice.feeds.filter((f) => f.added).map((f) => f.url),
    /** Saves the chat's choice: `operators` chosen (null: all), and its own feeds. */
    save: (sub: Subscription, operators: readonly string[] | null, own: readonly string[]): Promise<void> =>
      store.setChoice(sub.id, {
        chosen: operators !== null,
        feeds: [...(operators ?? []).map((url) => ({ url, added: false })), ...own.map((url) => ({ url, added: true }))],
      }),
    followedOperators: (choice: SourceChoice): string[] | null => (choice.chosen ? choice.feeds.filter((f) => !f.added).map((f) => f.url) : null),
    async checked(candidate: FeedCandidate): Promise<{ ok: true; title: string | null } | { ok: false; reason: string }> {
      try {
        const result = await deps.checkFeed(candidate.url);
        return { ok: true, title: result.title };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

type Catalog = ReturnType<typeof createCatalog>;

/** Builds the per-chat source service. */
export function createChatSources(deps: ChatSourcesDeps): ChatSources {
  const { store } = deps;
  const c = createCatalog(deps);

  return {
    outlets: async (sub) => c.outletsOf(await c.choiceOf(sub)),
    async toggle(sub, id) {
      const choice = await c.choiceOf(sub);
      const outlet = (await c.outletsOf(choice)).find((o) => o.id === id && o.origin === 'operator');
      if (!outlet) return null;
      const current = c.followedOperators(choice) ?? (await c.operatorFeeds()).map((f) => f.url);
      const next = outlet.following ? current.filter((u) => u !== outlet.url) : [...current, outlet.url];
      await c.save(sub, next, c.ownUrls(choice));
      return c.outletsNow(sub);
    },
    async choose(sub, ids) {
      const choice = await c.choiceOf(sub);
      const wanted = ids === null ? null : new Set(ids);
      const operators = wanted === null ? null : (await c.operatorFeeds()).filter((f) => wanted.has(outletId(f.url))).map((f) => f.url);
      await c.save(sub, operators, c.ownUrls(choice));
      return c.outletsNow(sub);
    },
    add: (sub, input) => addFeed(c, deps, sub, input),
    async remove(sub, query) {
      const choice = await c.choiceOf(sub);
      const wanted = foldCase(query.trim()).replace(/\s+/g, ' ');
      const asUrl = normaliseFeedUrl(query);
      const outlet = (await c.outletsOf(choice)).find(
        (o) => o.following && (o.url === asUrl || foldCase(o.name) === wanted || o.id === query.trim()),
      );
      if (!outlet) return null;
      const own = c.ownUrls(choice).filter((u) => u !== outlet.url);
      if (outlet.origin === 'chat') await c.save(sub, c.followedOperators(choice), own);
      else await c.save(sub, (c.followedOperators(choice) ?? (await c.operatorFeeds()).map((f) => f.url)).filter((u) => u !== outlet.url), own);
      return outlet;
    },
    importFeeds: (sub, feeds, mode) => importChatFeeds(c, deps, sub, feeds, mode),
    selectionOf: (sub) => selectionOf(c, deps, sub),
    async pollList() {
      const list: { url: string; name: string | null; origin: 'operator' | 'chat' }[] = (await c.operatorFeeds()).map((f) => ({ url: f.url, name: f.name, origin: 'operator' }));
      if (!deps.chatFeedsEnabled) return list;
      const seen = new Set(list.map((f) => f.url));
      const chatFeeds = await c.chatFeedsByUrl();
      for (const url of await store.followedChatFeeds()) {
        if (seen.has(url)) continue;
        seen.add(url);
        list.push({ url, name: chatFeeds.get(url)?.name ?? null, origin: 'chat' });
      }
      return list;
    },
  };
}

/** `/sources tambah URL`: follow an operator outlet, or add (after checking) a feed of the chat's own. */
async function addFeed(c: Catalog, deps: ChatSourcesDeps, sub: Subscription, input: string): Promise<AddOutcome> {
  const url = normaliseFeedUrl(input);
  if (url === null) return { kind: 'invalid-url' };
  const choice = await c.choiceOf(sub);
  const own = c.ownUrls(choice);
  if ((await c.operatorFeeds()).some((f) => f.url === url)) {
    const followed = c.followedOperators(choice);
    const outlet = async (): Promise<Outlet> => (await c.outletsNow(sub)).find((o) => o.url === url)!;
    if (followed === null || followed.includes(url)) return { kind: 'already', outlet: await outlet() };
    await c.save(sub, [...followed, url], own);
    return { kind: 'followed', outlet: await outlet() };
  }
  if (!deps.chatFeedsEnabled) return { kind: 'disabled' };
  if (own.includes(url)) return { kind: 'already', outlet: (await c.outletsOf(choice)).find((o) => o.url === url)! };
  if (own.length >= deps.maxFeedsPerChat) return { kind: 'limit', max: deps.maxFeedsPerChat };
  const known = (await c.chatFeedsByUrl()).get(url);
  const result = known ? { ok: true as const, title: known.name } : await c.checked({ url, title: null, siteUrl: null });
  if (!result.ok) return { kind: 'not-a-feed', reason: result.reason };
  if (!known) await deps.store.putFeed({ url, name: cleanName(result.title, url), origin: 'chat', siteUrl: null });
  // Re-read: a concurrent change of this chat's choice must not be overwritten.
  const latest = await c.choiceOf(sub);
  await c.save(sub, c.followedOperators(latest), [...c.ownUrls(latest).filter((u) => u !== url), url]);
  return { kind: 'added', outlet: (await c.outletsNow(sub)).find((o) => o.url === url)! };
}

/** `/import`: the file's operator outlets followed, its other feeds checked and added within the chat's limit. */
async function importChatFeeds(c: Catalog, deps: ChatSourcesDeps, sub: Subscription, feeds: readonly FeedCandidate[], mode: 'merge' | 'replace'): Promise<ImportOutcome> {
  const unique = [...new Map(feeds.flatMap((f) => {
    const url = normaliseFeedUrl(f.url);
    return url === null ? [] : [[url, { ...f, url }] as const];
  })).values()];
  if (unique.length === 0) return { kind: 'empty' };
  const choice = await c.choiceOf(sub);
  const operatorUrls = new Set((await c.operatorFeeds()).map((f) => f.url));
  const matched = unique.filter((f) => operatorUrls.has(f.url)).map((f) => f.url);
  const skipped: { url: string; reason: string }[] = [];
  const ownBefore = mode === 'merge' ? c.ownUrls(choice) : [];
  let candidates = unique.filter((f) => !operatorUrls.has(f.url) && !ownBefore.includes(f.url));
  if (!deps.chatFeedsEnabled) {
    for (const f of candidates) skipped.push({ url: f.url, reason: words.opml.chatFeedsOff });
    candidates = [];
  }
  const wanted = ownBefore.length + candidates.length;
  if (wanted > deps.maxFeedsPerChat) return { kind: 'limit', max: deps.maxFeedsPerChat, wanted };
  const known = await c.chatFeedsByUrl();
  const results = await mapBounded(candidates, 4, async (f) => ({ f, result: known.has(f.url) ? ({ ok: true, title: null } as const) : await c.checked(f) }));
  const added: string[] = [];
  for (const { f, result } of results) {
    if (!result.ok) {
      skipped.push({ url: f.url, reason: result.reason });
      continue;
    }
    if (!known.has(f.url)) await deps.store.putFeed({ url: f.url, name: cleanName(f.title ?? result.title, f.url), origin: 'chat', siteUrl: f.siteUrl });
    added.push(f.url);
  }
  const before = c.followedOperators(choice);
  const operators = mode === 'replace' ? matched : before === null ? null : [...new Set([...before, ...matched])];
  await c.save(sub, operators, [...ownBefore, ...added]);
  const names = new Map((await c.outletsNow(sub)).map((o) => [o.url, o.name]));
  return { kind: 'imported', mode, followed: matched.map((u) => names.get(u) ?? u), added: added.map((u) => names.get(u) ?? u), skipped };
}

/** The outlets a chat's digest is built from, for the digest service. */
async function selectionOf(c: Catalog, deps: ChatSourcesDeps, sub: Subscription): Promise<SourceSelection | null> {
  const choice = await deps.store.choiceOf(sub.id);
  const own = deps.chatFeedsEnabled ? c.ownUrls(choice) : [];
  const operators = await c.operatorFeeds();
  if (!choice.chosen) {
    const anyChatFeed = (await c.chatFeedsByUrl()).size > 0;
    if (!anyChatFeed && own.length === 0) return null;
    const allowed = new Set([...operators.map((f) => f.url), ...own]);
    return {
      key: `all|${fnv1a64([...allowed].sort().join(' '))}`,
      outlets: null,
      // Articles no feed brought (seeds, older than this migration) belong to every chat that follows all outlets.
      allows: (feeds) => feeds.length === 0 || feeds.some((f) => allowed.has(f)),
    };
  }
  const allowed = new Set([...choice.feeds.filter((f) => !f.added).map((f) => f.url), ...own]);
  const names = (await c.outletsOf(choice)).filter((o) => allowed.has(o.url)).map((o) => o.name);
  return {
    key: `only|${fnv1a64([...allowed].sort().join(' '))}`,
    outlets: names,
    allows: (feeds) => feeds.some((f) => allowed.has(f)),
  };
}
