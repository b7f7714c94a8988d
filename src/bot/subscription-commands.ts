/**
 * The commands that read or change a chat's subscription: /subscribe, /unsubscribe, /settime,
 * /topics, /format and /status. Arguments are checked here; the words come from format/.
 */
import { parseTopicInput } from '../core/digest/index.ts';
import {
  invalidInputDocument,
  invalidTopicsDocument,
  notSubscribedDocument,
  statusDocument,
  subscribedDocument,
  timeChangedDocument,
  topicsDocument,
  unsubscribedDocument,
} from '../format/answers-document.ts';
import type { Document } from '../format/document.ts';
import { invalidLengthDocument, lengthDocument, parseDigestLength } from '../format/length-answers.ts';
import type { Clock } from '../logger.ts';
import { reply, type CommandReply } from './command-reply.ts';
import { localDate, nextDailyAt, nextDigestAt, parseTimeAndZone } from './local-time.ts';
import type { ChatRef, DeliveryStore, NewsStore, Subscription, SubscriptionStore } from './ports.ts';

/** What the subscription commands need (a part of the command handlers' deps). */
export interface SubscriptionCommandDeps {
  readonly subscriptions: SubscriptionStore;
  readonly news: Pick<NewsStore, 'articleCount'>;
  /** Number of stories of today's digest, for /status. */
  readonly storiesToday: (now: Date) => number | Promise<number>;
  readonly clock: Clock;
  /** Time of day "HH:MM" for a /subscribe without a time. */
  readonly defaultTime: string;
  /** IANA time zone of subscriptions created by commands. */
  readonly timeZone: string;
  /** The delivery log, so /status knows whether today's digest already went out. Default: none (never). */
  readonly deliveries?: Pick<DeliveryStore, 'find'>;
}

/** The subscription commands, each answering for `chat` with the (trimmed) arguments typed. */
export function createSubscriptionCommands(deps: SubscriptionCommandDeps) {
  const { subscriptions } = deps;
  /** The chat's subscription when it is active; the refusal to answer otherwise. */
  const active = async (chat: ChatRef): Promise<Subscription | CommandReply> => {
    const existing = await subscriptions.get(chat);
    return existing?.active ? existing : reply('invalid', notSubscribedDocument());
  };
  const isReply = (value: Subscription | CommandReply): value is CommandReply => 'outcome' in value;

  return {
    async subscribe(chat: ChatRef, args: string): Promise<CommandReply> {
      const existing = await subscriptions.get(chat);
      const parsed = args === '' ? { time: null, timeZone: null } : parseTimeAndZone(args);
      if (typeof parsed === 'string') return reply('invalid', timeInputProblem(parsed, 'subscribe', args));
      const time = parsed.time ?? (existing?.active ? existing.time : deps.defaultTime);
      const timeZone = parsed.timeZone ?? (existing?.active ? existing.timeZone : deps.timeZone);
      const { outcome, subscription } = await subscriptions.subscribe(chat, time, timeZone);
      return reply('ok', subscribedDocument({ outcome, time: subscription.time, timeZone: subscription.timeZone }));
    },
    async unsubscribe(chat: ChatRef): Promise<CommandReply> {
      return reply('ok', unsubscribedDocument(await subscriptions.unsubscribe(chat, 'unsubscribed')));
    },
    async settime(chat: ChatRef, args: string): Promise<CommandReply> {
      if (args === '') return reply('invalid', invalidInputDocument({ kind: 'time-missing', command: 'settime' }));
      const parsed = parseTimeAndZone(args);
      if (typeof parsed === 'string') return reply('invalid', timeInputProblem(parsed, 'settime', args));
      const existing = await active(chat);
      if (isReply(existing)) return existing;
      const updated = await subscriptions.setTime(chat, parsed.time ?? existing.time, parsed.timeZone ?? undefined);
      if (updated === null) return reply('invalid', notSubscribedDocument());
      return reply('ok', timeChangedDocument({ time: updated.time, timeZone: updated.timeZone }));
    },
    async topics(chat: ChatRef, args: string): Promise<CommandReply> {
      const existing = await active(chat);
      if (isReply(existing)) return existing;
      if (args === '') return reply('ok', topicsDocument({ topics: existing.topics, changed: false }));
      const parsed = parseTopicInput(args);
      if (typeof parsed === 'string') return reply('invalid', invalidTopicsDocument(parsed));
      const updated = await subscriptions.setTopics(chat, parsed);
      return reply('ok', topicsDocument({ topics: updated?.topics ?? parsed, changed: true }));
    },
    async format(chat: ChatRef, args: string): Promise<CommandReply> {
      const existing = await active(chat);
      if (isReply(existing)) return existing;
      if (args === '') return reply('ok', lengthDocument({ length: existing.length, changed: false }));
      const length = parseDigestLength(args);
      if (length === null) return reply('invalid', invalidLengthDocument());
      const updated = await subscriptions.setLength(chat, length);
      return reply('ok', lengthDocument({ length: updated?.length ?? length, changed: true }));
    },
    async status(chat: ChatRef): Promise<CommandReply> {
      const now = deps.clock();
      const sub = await subscriptions.get(chat);
      return reply(
        'ok',
        statusDocument({
          subscription: sub,
          nextDigest: sub?.active ? await nextDigestOf(sub, now, deps.deliveries) : null,
          timeZone: sub?.timeZone ?? deps.timeZone,
          storiesToday: await deps.storiesToday(now),
          articles: await deps.news.articleCount(),
        }),
      );
    },
  };
}

/** When the chat's next digest goes out; only today's delivery matters, so only it is looked up. */
async function nextDigestOf(sub: Subscription, now: Date, deliveries: Pick<DeliveryStore, 'find'> | undefined) {
  let today: string | null = null;
  try {
    today = localDate(now, sub.timeZone);
  } catch {
    // A zone that cannot be read: nextDigestAt answers null below.
  }
  const done = today !== null && deliveries ? (await deliveries.find(sub.id, today)) != null : false;
  return nextDigestAt(sub.time, sub.timeZone, now, (date) => done && date === today) ?? { at: nextDailyAt(sub.time, sub.timeZone, now), now: false };
}

/** The refusal of a time or zone argument of /subscribe or /settime. */
function timeInputProblem(part: 'time' | 'zone', command: string, given: string): Document {
  return part === 'zone'
    ? invalidInputDocument({ kind: 'zone-invalid', command, given })
    : invalidInputDocument({ kind: 'time-invalid', command, given });
}
