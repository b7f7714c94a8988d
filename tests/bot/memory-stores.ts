/**
 * In-memory SubscriptionStore and NewsStore that implement the real ports, for unit tests of the
 * platform-neutral command handlers (no database, no network).
 */
import type { ChatRef, NewsStore, QuoteHit, Subscription, SubscriptionStore } from '../../src/bot/ports.ts';

const keyOf = (chat: ChatRef) => `${chat.platform}:${chat.chatId}`;

export function createMemorySubscriptions(now: () => Date = () => new Date(0)): SubscriptionStore & { all(): Subscription[] } {
  const subs = new Map<string, Subscription>();
  let nextId = 1;
  return {
    subscribe(chat, time, timeZone) {
      const existing = subs.get(keyOf(chat));
      if (!existing) {
        const subscription: Subscription = {
          id: nextId++,
          chat,
          time,
          timeZone,
          topics: [],
          active: true,
          inactiveReason: null,
          createdAt: now().toISOString(),
        };
        subs.set(keyOf(chat), subscription);
        return { outcome: 'subscribed', subscription };
      }
      const subscription: Subscription = { ...existing, chat, time, timeZone, active: true, inactiveReason: null };
      subs.set(keyOf(chat), subscription);
      return { outcome: existing.active ? 'updated' : 'reactivated', subscription };
    },
    unsubscribe(chat, reason) {
      const existing = subs.get(keyOf(chat));
      if (!existing?.active) return false;
      subs.set(keyOf(chat), { ...existing, active: false, inactiveReason: reason });
      return true;
    },
    setTime(chat, time) {
      const existing = subs.get(keyOf(chat));
      if (!existing) return null;
      const updated = { ...existing, time };
      subs.set(keyOf(chat), updated);
      return updated;
    },
    setTopics(chat, topics) {
      const existing = subs.get(keyOf(chat));
      if (!existing) return null;
      const updated = { ...existing, topics: [...topics] };
      subs.set(keyOf(chat), updated);
      return updated;
    },
    get(chat) {
      return subs.get(keyOf(chat)) ?? null;
    },
    migrateChat(from, toChatId) {
      const existing = subs.get(keyOf(from));
      if (!existing) return;
      subs.delete(keyOf(from));
      const chat = { ...existing.chat, chatId: toChatId };
      subs.set(keyOf(chat), { ...existing, chat });
    },
    listActive() {
      return [...subs.values()].filter((s) => s.active);
    },
    all() {
      return [...subs.values()];
    },
  };
}

/** A NewsStore over a fixed list of quote hits; `quotesBy` matches the speaker key exactly (case-insensitive). */
export function createMemoryNews(hits: readonly QuoteHit[], articleCount = 0): NewsStore {
  return {
    quotesBy(name, limit) {
      const wanted = name.toLowerCase();
      return hits.filter((h) => h.speakerKey === wanted || h.speaker?.toLowerCase() === wanted).slice(0, limit);
    },
    speakers(prefix, limit) {
      const counts = new Map<string, { key: string; name: string; count: number }>();
      for (const h of hits) {
        if (!h.speakerKey || !h.speaker || !h.speakerKey.startsWith(prefix.toLowerCase())) continue;
        const entry = counts.get(h.speakerKey) ?? { key: h.speakerKey, name: h.speaker, count: 0 };
        entry.count++;
        counts.set(h.speakerKey, entry);
      }
      return [...counts.values()].sort((a, b) => b.count - a.count).slice(0, limit);
    },
    articlesIn() {
      return [];
    },
    articleCount() {
      return articleCount;
    },
  };
}
