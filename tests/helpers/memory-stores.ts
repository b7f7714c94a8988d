/**
 * In-memory SubscriptionStore and DeliveryStore for unit tests: the same contract as the SQLite
 * store (src/bot/ports.ts), kept in maps. Records are copied out so callers cannot mutate them.
 * Also a NewsStore over a fixed list of quote hits, for the command handlers.
 */
import { EMPTY_DIRECTORY, type SpeakerDirectory, SpeakerIndex, type Person } from '../../src/core/speakers/index.ts';
import type {
  ChatRef,
  DeliveryRecord,
  DeliveryStore,
  NewsStore,
  PartState,
  QuoteHit,
  RenderedPart,
  SourceChoice,
  SourceStore,
  StoredFeed,
  SubscribeOutcome,
  Subscription,
  SubscriptionStore,
} from '../../src/bot/ports.ts';

type MutableSub = { -readonly [K in keyof Subscription]: Subscription[K] };

const chatKey = (c: ChatRef) => `${c.platform}|${c.chatId}|${c.threadId ?? ''}`;

export interface MemorySubscriptionStore extends SubscriptionStore {
  /** Every subscription, active or not, for assertions. */
  all(): Subscription[];
}

/** In-memory subscriptions; `now` stamps createdAt. */
export function createMemorySubscriptionStore(now: () => Date = () => new Date(0)): MemorySubscriptionStore {
  const byChat = new Map<string, MutableSub>();
  let nextId = 1;
  const copy = (s: MutableSub): Subscription => ({ ...s, chat: { ...s.chat }, topics: [...s.topics] });
  return {
    async subscribe(chat, time, timeZone) {
      const existing = byChat.get(chatKey(chat));
      let outcome: SubscribeOutcome;
      if (existing) {
        outcome = existing.active ? 'updated' : 'reactivated';
        existing.time = time;
        existing.timeZone = timeZone;
        existing.active = true;
        existing.inactiveReason = null;
        return { outcome, subscription: copy(existing) };
      }
      const sub: MutableSub = {
        id: nextId++,
        chat: { ...chat },
        time,
        timeZone,
        topics: [],
        length: 'ringkas',
        active: true,
        inactiveReason: null,
        createdAt: now().toISOString(),
      };
      byChat.set(chatKey(chat), sub);
      return { outcome: 'subscribed', subscription: copy(sub) };
    },
    async unsubscribe(chat, reason) {
      const s = byChat.get(chatKey(chat));
      if (!s || !s.active) return false;
      s.active = false;
      s.inactiveReason = reason;
      return true;
    },
    async setTime(chat, time, timeZone) {
      const s = byChat.get(chatKey(chat));
      if (!s) return null;
      s.time = time;
      if (timeZone !== undefined) s.timeZone = timeZone;
      return copy(s);
    },
    async setTopics(chat, topics) {
      const s = byChat.get(chatKey(chat));
      if (!s) return null;
      s.topics = [...topics];
      return copy(s);
    },
    async setLength(chat, length) {
      const s = byChat.get(chatKey(chat));
      if (!s) return null;
      s.length = length;
      return copy(s);
    },
    async get(chat) {
      const s = byChat.get(chatKey(chat));
      return s ? copy(s) : null;
    },
    async migrateChat(from, toChatId) {
      const s = byChat.get(chatKey(from));
      if (!s) return;
      byChat.delete(chatKey(from));
      s.chat = { ...s.chat, chatId: toChatId };
      byChat.set(chatKey(s.chat), s);
    },
    async listActive() {
      return [...byChat.values()].filter((s) => s.active).sort((a, b) => a.id - b.id).map(copy);
    },
    all() {
      return [...byChat.values()].sort((a, b) => a.id - b.id).map(copy);
    },
  };
}

interface MutablePart {
  index: number;
  payload: unknown;
  state: PartState;
  messageId: string | null;
}
interface MutableRecord {
  id: number;
  subscriptionId: number;
  digestDate: string;
  state: DeliveryRecord['state'];
  reason: string | null;
  parts: MutablePart[];
}

export interface MemoryDeliveryStore extends DeliveryStore {
  all(): DeliveryRecord[];
  /** How many times begin created a new record (not returned an existing one). */
  readonly created: () => number;
  /** The last error recorded for a part by markPartFailed, or null. */
  partError(deliveryId: number, index: number): string | null;
}

/** In-memory deliveries, unique per (subscription, date); payloads are deep-copied through JSON like SQLite would. */
export function createMemoryDeliveryStore(): MemoryDeliveryStore {
  const records = new Map<number, MutableRecord>();
  const byKey = new Map<string, number>();
  let nextId = 1;
  let created = 0;
  const partErrors = new Map<string, string>();
  const copy = (r: MutableRecord): DeliveryRecord => ({ ...r, parts: r.parts.map((p) => ({ ...p })) });
  const get = (id: number) => {
    const r = records.get(id);
    if (!r) throw new Error(`no delivery ${id}`);
    return r;
  };
  return {
    async begin(subscriptionId, digestDate, parts: readonly RenderedPart[]) {
      const key = `${subscriptionId}|${digestDate}`;
      const existing = byKey.get(key);
      if (existing !== undefined) return copy(get(existing));
      const r: MutableRecord = {
        id: nextId++,
        subscriptionId,
        digestDate,
        state: 'pending',
        reason: null,
        parts: parts.map((p) => ({ index: p.index, payload: JSON.parse(JSON.stringify(p.payload)) as unknown, state: 'pending', messageId: null })),
      };
      created++;
      records.set(r.id, r);
      byKey.set(key, r.id);
      return copy(r);
    },
    async markPartSent(deliveryId, index, messageId) {
      const part = get(deliveryId).parts.find((p) => p.index === index);
      if (!part) throw new Error(`no part ${index} in delivery ${deliveryId}`);
      part.state = 'sent';
      part.messageId = messageId;
    },
    async markPartFailed(deliveryId, index, error) {
      const part = get(deliveryId).parts.find((p) => p.index === index);
      if (!part) throw new Error(`no part ${index} in delivery ${deliveryId}`);
      if (part.state !== 'sent') part.state = 'failed';
      partErrors.set(`${deliveryId}|${index}`, error);
    },
    partError: (deliveryId, index) => partErrors.get(`${deliveryId}|${index}`) ?? null,
    async finish(deliveryId, state, reason) {
      const r = get(deliveryId);
      r.state = state;
      r.reason = reason;
    },
    async find(subscriptionId, digestDate) {
      const id = byKey.get(`${subscriptionId}|${digestDate}`);
      return id === undefined ? null : copy(get(id));
    },
    async unfinished() {
      return [...records.values()].filter((r) => r.state === 'pending').sort((a, b) => a.id - b.id).map(copy);
    },
    all() {
      return [...records.values()].map(copy);
    },
    created: () => created,
  };
}

/** A NewsStore over a fixed list of quote hits; names are looked up by the core's speaker index, as the SQLite store does. */
export function createMemoryNews(hits: readonly QuoteHit[], articleCount = 0, directory: SpeakerDirectory = EMPTY_DIRECTORY): NewsStore {
  const entries = new Map<string, { key: string; names: string[]; count: number }>();
  for (const h of hits) {
    if (!h.speakerKey) continue;
    const e = entries.get(h.speakerKey) ?? { key: h.speakerKey, names: [], count: 0 };
    if (h.speaker && !e.names.includes(h.speaker)) e.names.push(h.speaker);
    e.count++;
    entries.set(h.speakerKey, e);
  }
  const index = new SpeakerIndex([...entries.values()], directory);
  const quotesOf = (keys: readonly string[], limit: number) => hits.filter((h) => h.speakerKey !== null && keys.includes(h.speakerKey)).slice(0, limit);
  const describe = (p: Person) => ({ key: p.key, name: p.name, count: p.count });
  return {
    async quotesBy(name, limit) {
      const found = index.lookup(name);
      return found.kind === 'person' ? quotesOf(found.person.keys, limit) : [];
    },
    lookupSpeakers: async (name) => index.lookup(name),
    quotesOf: async (keys, limit) => quotesOf(keys, limit),
    speakers: async (prefix, limit) => index.complete(prefix, limit).map(describe),
    topSpeakers: async (_since, limit) => index.people.slice(0, limit).map(describe),
    async articlesIn() {
      return [];
    },
    async articleCount() {
      return articleCount;
    },
  };
}

/** In-memory SourceStore (feeds, choices, article links) with the SQLite store's rules. */
export function createMemorySourceStore(isActive: (subscriptionId: number) => boolean = () => true): SourceStore {
  const feeds = new Map<string, StoredFeed>();
  const choices = new Map<number, SourceChoice>();
  const links = new Map<string, Set<string>>();
  return {
    listFeeds: async () =>
      [...feeds.values()].sort((a, b) => Number(a.origin === 'chat') - Number(b.origin === 'chat') || a.name.localeCompare(b.name) || a.url.localeCompare(b.url)),
    async putFeed(feed) {
      const old = feeds.get(feed.url);
      const operator = old?.origin === 'operator' || feed.origin === 'operator';
      feeds.set(feed.url, {
        url: feed.url,
        name: old?.origin === 'operator' && feed.origin === 'chat' ? old.name : feed.name,
        origin: operator ? 'operator' : 'chat',
        siteUrl: feed.siteUrl ?? old?.siteUrl ?? null,
      });
    },
    deleteFeed: async (url) => feeds.get(url)?.origin === 'operator' && feeds.delete(url),
    async importOperatorFeeds(list, replace) {
      const wanted = new Set(list.map((f) => f.url));
      let removed = 0;
      if (replace) for (const f of [...feeds.values()]) if (f.origin === 'operator' && !wanted.has(f.url) && feeds.delete(f.url)) removed++;
      for (const f of list) feeds.set(f.url, { ...f, origin: 'operator', siteUrl: f.siteUrl ?? feeds.get(f.url)?.siteUrl ?? null });
      return removed;
    },
    choiceOf: async (id) => {
      const c = choices.get(id) ?? { chosen: false, feeds: [] };
      return { chosen: c.chosen, feeds: [...c.feeds].sort((a, b) => a.url.localeCompare(b.url)) };
    },
    setChoice: async (id, choice) => void choices.set(id, { chosen: choice.chosen, feeds: choice.feeds.map((f) => ({ ...f })) }),
    followedChatFeeds: async () =>
      [...new Set([...choices.entries()].filter(([id]) => isActive(id)).flatMap(([, c]) => c.feeds.filter((f) => f.added).map((f) => f.url)))]
        .filter((url) => feeds.get(url)?.origin === 'chat')
        .sort(),
    async linkArticles(feedUrl, urls) {
      for (const url of urls) {
        const set = links.get(url) ?? new Set<string>();
        set.add(feedUrl);
        links.set(url, set);
      }
    },
    articleFeeds: async () => new Map([...links.entries()].map(([url, set]) => [url, [...set]])),
  };
}
