/**
 * The bot's commands, independent of any chat platform: a request in (command name, arguments, chat,
 * who asked) and Documents out. Telegram and Discord adapters only translate their updates into a
 * `CommandRequest` and render the reply; permission checks, validation, rate limiting and wording
 * all happen here, once.
 */
import type { DigestLength } from '../format/digest-document.ts';
import { invalidLengthDocument, lengthDocument, parseDigestLength } from '../format/length-answers.ts';
import type { QuoteHit, ChatKind, ChatRef, DeliveryStore, NewsStore, Subscription, SubscriptionStore } from './ports.ts';
import type { Document } from '../format/document.ts';
import type { Clock, Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import {
  emptyDigestDocument,
  errorDocument,
  helpDocument,
  invalidInputDocument,
  notAdminDocument,
  notSubscribedDocument,
  quotesNotFoundDocument,
  rateLimitedDocument,
  sourcesDocument,
  statusDocument,
  subscribedDocument,
  timeChangedDocument,
  topicsDocument,
  invalidTopicsDocument,
  unknownCommandDocument,
  unsubscribedDocument,
  welcomeDocument,
} from '../format/answers-document.ts';
import type { CommandInfo, FeedSourceStatus } from '../format/answers-document.ts';
import { createCommandRateLimiter } from './command-rate-limit.ts';
import type { CommandRateLimiter, CommandRateLimitOptions } from './command-rate-limit.ts';
import { nextDailyAt, nextDigestAt, parseTimeAndZone } from './local-time.ts';
import type { SpeakerLookup } from '../core/speakers/index.ts';
import { chooseSpeakerDocument, topSpeakersDocument } from '../format/quotes-document.ts';
import { parseTopicInput } from '../core/digest/index.ts';
import { sourcesChanges } from './source-commands.ts';
import { id as words } from '../format/wording/id.ts';
import type { IncomingFile, OutgoingFile, Picker, SourceCommands } from './source-commands.ts';

/** Every command kilas answers, in the order help lists them. */
const NAMES: readonly (keyof typeof words.help.commands)[] = [
  'start', 'help', 'subscribe', 'unsubscribe', 'settime', 'digest', 'format', 'quotes', 'speakers', 'topics', 'status', 'sources', 'import', 'export',
];

/** Every command kilas answers, with usage and description from the wording table; platforms register these. */
export const COMMANDS: readonly CommandInfo[] = NAMES.map((name) => ({ name, usage: words.help.usage[name], description: words.help.commands[name] }));

/** Commands that change a chat's subscription: in groups only administrators may use them. */
const ADMIN_COMMANDS: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe', 'settime', 'topics', 'import', 'format']);

/** Whether a command changes the chat's settings, so that in groups only administrators may use it. */
export function needsAdmin(name: string, args: string): boolean {
  return ADMIN_COMMANDS.has(name) || (name === 'sources' && sourcesChanges(args));
}

/** Longest name `/quotes` accepts; real names are far shorter, longer input is refused, not cut. */
export const MAX_NAME_LENGTH = 60;
const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

/** One command as a platform received it. */
export interface CommandRequest {
  /** Command name without the slash or `@botname` ("subscribe"); matched case-insensitively. */
  readonly name: string;
  /** Everything after the command, as typed. */
  readonly args: string;
  readonly chat: ChatRef;
  readonly chatKind: ChatKind;
  /** Who sent it (platform user id; the channel id for channel posts). Used for rate limiting. */
  readonly userId: string;
  /** Whether the sender administers the chat; asked only when a command needs it. */
  readonly isAdmin: () => Promise<boolean>;
  /** A file sent with the command (`/import`). */
  readonly file?: IncomingFile;
  /** The chat's name, for file titles (`/export`). */
  readonly chatTitle?: string;
}

/** A pick from a picker a reply carried (a Telegram button, a Discord select menu). */
export interface PickRequest extends Omit<CommandRequest, 'name' | 'args' | 'file'> {
  readonly picker: Picker['kind'];
  /** One option toggled (Telegram buttons), or `all`. */
  readonly toggle?: string;
  /** The whole selection (Discord multi-select). */
  readonly values?: readonly string[];
  /** The options the menu showed (Discord shows 25 at most): outlets not shown keep their state. */
  readonly shown?: readonly string[];
}

/**
 * How a command ended: `ok`, `invalid` (bad argument), `refused` (not an admin), `not-found`
 * (/quotes without hits), `rate-limited` (told to slow down), `silent` (rate limited, already told),
 * `unknown` (not a kilas command), `error` (our failure, logged).
 */
export type CommandOutcome = 'ok' | 'invalid' | 'refused' | 'not-found' | 'rate-limited' | 'silent' | 'unknown' | 'error';

/** What to answer: the documents to send in order (none means stay quiet). */
export interface CommandReply {
  readonly outcome: CommandOutcome;
  readonly documents: readonly Document[];
  /**
   * For `silent`: the notice a platform that must answer every command (Discord interactions) shows
   * privately instead of staying quiet. Chat platforms do not send it, so a group is not flooded.
   */
  readonly privateNotice?: Document;
  /** Choices to show with the first document (buttons or a select menu). */
  readonly picker?: Picker;
  /** Files to send after the documents. */
  readonly files?: readonly OutgoingFile[];
}

/** What the handlers need; the composition root wires the real store, digest and clock. */
export interface CommandDeps {
  readonly subscriptions: SubscriptionStore;
  readonly news: NewsStore;
  /** The digest to send for /digest now in `length`; null when there is nothing to summarise. */
  readonly digestDocument: (now: Date, length: DigestLength) => Document | null | Promise<Document | null>;
  /** Number of stories of today's digest, for /status. */
  readonly storiesToday: (now: Date) => number | Promise<number>;
  /** Renders quote hits for /quotes (the core formatter's quote list). */
  readonly quotesDocument: (query: string, hits: readonly QuoteHit[]) => Document;
  readonly clock: Clock;
  /** Time of day "HH:MM" for a /subscribe without a time. */
  readonly defaultTime: string;
  /** IANA time zone of subscriptions created by commands. */
  readonly timeZone: string;
  /** The delivery log, so /status knows whether today's digest already went out. Default: none (never). */
  readonly deliveries?: Pick<DeliveryStore, 'find'>;
  /** Configured feeds for /sources (URLs, or names with their last error). Default none. */
  readonly feeds?: readonly (string | FeedSourceStatus)[] | (() => readonly (string | FeedSourceStatus)[]);
  /** Number of seed articles for /sources. Default 0. */
  readonly seedCount?: number | (() => number);
  /** Days `/speakers` counts back. Default 7. */
  readonly speakersDays?: number;
  /** A limiter, or options for the default per-user token bucket. */
  readonly rateLimit?: CommandRateLimiter | CommandRateLimitOptions;
  /** /sources, /import and /export over the chat's own outlets. Default: /sources lists `feeds` only. */
  readonly sourceCommands?: SourceCommands;
  /** Most quotes /quotes returns. Default 5. */
  readonly quotesLimit?: number;
  readonly logger?: Logger;
}

export interface CommandHandlers {
  /** The commands to register with the platform. */
  readonly commands: readonly CommandInfo[];
  /** Answers one command. Never throws: failures become an `error` reply and a log line. */
  handle(request: CommandRequest): Promise<CommandReply>;
  /** Answers a pick from a picker; admins only in groups. Never throws. */
  choose(request: PickRequest): Promise<CommandReply>;
}

const reply = (outcome: CommandOutcome, ...documents: Document[]): CommandReply => ({ outcome, documents });

/** Builds the platform-neutral command handlers. */
export function createCommandHandlers(deps: CommandDeps): CommandHandlers {
  const logger = deps.logger ?? silentLogger;
  const limiter: CommandRateLimiter =
    deps.rateLimit !== undefined && 'take' in deps.rateLimit
      ? deps.rateLimit
      : createCommandRateLimiter(deps.clock, deps.rateLimit ?? {});
  const known = new Set(COMMANDS.map((c) => c.name));
  const feeds = () => (typeof deps.feeds === 'function' ? deps.feeds() : (deps.feeds ?? []));
  const seedCount = () => (typeof deps.seedCount === 'function' ? deps.seedCount() : (deps.seedCount ?? 0));
  const speakersDays = deps.speakersDays ?? 7;
  const quotesLimit = deps.quotesLimit ?? 5;
  const nextDigestOf = (sub: Subscription, now: Date) =>
    nextDigestAt(sub.time, sub.timeZone, now, (date) => deps.deliveries?.find(sub.id, date) != null) ??
    { at: nextDailyAt(sub.time, sub.timeZone, now), now: false };

  async function run(name: string, req: CommandRequest): Promise<CommandReply> {
    const args = req.args.trim();
    switch (name) {
      case 'start':
        return reply('ok', welcomeDocument({ defaultTime: deps.defaultTime, timeZone: deps.timeZone }));
      case 'help':
        // Telegram's adapter lets administrators point these commands at a channel from a private chat.
        return reply('ok', helpDocument(COMMANDS, { remoteChats: req.chat.platform === 'telegram' && req.chatKind === 'private' }));
      case 'subscribe': {
        const existing = deps.subscriptions.get(req.chat);
        const parsed = args === '' ? { time: null, timeZone: null } : parseTimeAndZone(args);
        if (typeof parsed === 'string') return reply('invalid', timeInputProblem(parsed, 'subscribe', args));
        const time = parsed.time ?? (existing?.active ? existing.time : deps.defaultTime);
        const timeZone = parsed.timeZone ?? (existing?.active ? existing.timeZone : deps.timeZone);
        const { outcome, subscription } = deps.subscriptions.subscribe(req.chat, time, timeZone);
        return reply('ok', subscribedDocument({ outcome, time: subscription.time, timeZone: subscription.timeZone }));
      }
      case 'unsubscribe':
        return reply('ok', unsubscribedDocument(deps.subscriptions.unsubscribe(req.chat, 'unsubscribed')));
      case 'settime': {
        if (args === '') return reply('invalid', invalidInputDocument({ kind: 'time-missing', command: 'settime' }));
        const parsed = parseTimeAndZone(args);
        if (typeof parsed === 'string') return reply('invalid', timeInputProblem(parsed, 'settime', args));
        const existing = deps.subscriptions.get(req.chat);
        if (!existing?.active) return reply('invalid', notSubscribedDocument());
        const updated = deps.subscriptions.setTime(req.chat, parsed.time ?? existing.time, parsed.timeZone ?? undefined);
        if (updated === null) return reply('invalid', notSubscribedDocument());
        return reply('ok', timeChangedDocument({ time: updated.time, timeZone: updated.timeZone }));
      }
      case 'topics': {
        const existing = deps.subscriptions.get(req.chat);
        if (!existing?.active) return reply('invalid', notSubscribedDocument());
        if (args === '') return reply('ok', topicsDocument({ topics: existing.topics, changed: false }));
        const parsed = parseTopicInput(args);
        if (typeof parsed === 'string') return reply('invalid', invalidTopicsDocument(parsed));
        const updated = deps.subscriptions.setTopics(req.chat, parsed);
        return reply('ok', topicsDocument({ topics: updated?.topics ?? parsed, changed: true }));
      }
      case 'digest': {
        // "/digest lengkap" once; without a word, the chat's own format (ringkas when it has none).
        const length = args === '' ? (deps.subscriptions.get(req.chat)?.length ?? 'ringkas') : parseDigestLength(args);
        if (length === null) return reply('invalid', invalidLengthDocument());
        const doc = await deps.digestDocument(deps.clock(), length);
        return reply('ok', doc ?? emptyDigestDocument());
      }
      case 'format': {
        const existing = deps.subscriptions.get(req.chat);
        if (!existing?.active) return reply('invalid', notSubscribedDocument());
        if (args === '') return reply('ok', lengthDocument({ length: existing.length, changed: false }));
        const length = parseDigestLength(args);
        if (length === null) return reply('invalid', invalidLengthDocument());
        const updated = deps.subscriptions.setLength(req.chat, length);
        return reply('ok', lengthDocument({ length: updated?.length ?? length, changed: true }));
      }
      case 'quotes':
        return quotes(args);
      case 'speakers': {
        const since = new Date(deps.clock().getTime() - speakersDays * 86_400_000).toISOString();
        return reply('ok', topSpeakersDocument(deps.news.topSpeakers(since, 10), speakersDays));
      }
      case 'status': {
        const now = deps.clock();
        const sub = deps.subscriptions.get(req.chat);
        return reply(
          'ok',
          statusDocument({
            subscription: sub,
            nextDigest: sub?.active ? nextDigestOf(sub, now) : null,
            timeZone: sub?.timeZone ?? deps.timeZone,
            storiesToday: await deps.storiesToday(now),
            articles: deps.news.articleCount(),
          }),
        );
      }
      case 'sources':
        if (!deps.sourceCommands) return reply('ok', sourcesDocument({ feeds: feeds(), seeds: seedCount(), articles: deps.news.articleCount() }));
        return await deps.sourceCommands.sources(deps.subscriptions.get(req.chat), args);
      case 'export':
        if (!deps.sourceCommands) return reply('error', errorDocument());
        return deps.sourceCommands.exportFeeds(deps.subscriptions.get(req.chat), req.chatTitle ?? req.chat.chatId);
      case 'import':
        if (!deps.sourceCommands) return reply('error', errorDocument());
        return await deps.sourceCommands.importFeeds(deps.subscriptions.get(req.chat), args, req.file);
      default:
        return req.chatKind === 'private' ? reply('unknown', unknownCommandDocument(name)) : reply('unknown');
    }
  }

  function quotes(args: string): CommandReply {
    const name = args.replace(/\s+/g, ' ');
    if (name === '') return reply('invalid', invalidInputDocument({ kind: 'name-missing' }));
    if (Array.from(name).length > MAX_NAME_LENGTH) {
      return reply('invalid', invalidInputDocument({ kind: 'name-too-long', max: MAX_NAME_LENGTH }));
    }
    if (!NAME_PATTERN.test(name)) return reply('invalid', invalidInputDocument({ kind: 'name-invalid' }));
    return answer(deps.news.lookupSpeakers(name));
  }

  /** One person's quotes, a list to pick from, one answer per name asked, or suggestions. */
  function answer(found: SpeakerLookup): CommandReply {
    switch (found.kind) {
      case 'person': {
        const hits = deps.news.quotesOf(found.person.keys, quotesLimit);
        if (hits.length > 0) return reply('ok', deps.quotesDocument(found.person.name, hits));
        return reply('not-found', quotesNotFoundDocument(found.query, []));
      }
      case 'choose':
        return reply('ok', chooseSpeakerDocument(found.query, found.people));
      case 'each': {
        const parts = found.parts.map(answer);
        return reply(parts.some((p) => p.outcome === 'ok') ? 'ok' : 'not-found', ...parts.flatMap((p) => p.documents));
      }
      case 'none':
        return reply('not-found', quotesNotFoundDocument(found.query, found.suggestions.map((p) => p.name)));
    }
  }

  return {
    commands: COMMANDS,
    async handle(req) {
      const name = req.name.toLowerCase();
      if (!known.has(name) && req.chatKind !== 'private') return reply('unknown');
      try {
        const decision = limiter.take(`${req.chat.platform}:${req.userId}`, `${req.chat.platform}:${req.chat.chatId}`);
        if (decision === 'silent') {
          const wait = limiter.waitMs(`${req.chat.platform}:${req.userId}`) / 1000;
          return { outcome: 'silent', documents: [], privateNotice: rateLimitedDocument(wait) };
        }
        if (decision === 'refuse') {
          return reply('rate-limited', rateLimitedDocument(limiter.waitMs(`${req.chat.platform}:${req.userId}`) / 1000));
        }
        if (needsAdmin(name, req.args) && req.chatKind === 'group' && !(await req.isAdmin())) {
          return reply('refused', notAdminDocument(name, req.chat.platform));
        }
        return await run(name, req);
      } catch (error) {
        logger.error('command failed', { command: name, chat: req.chat.chatId, error });
        return reply('error', errorDocument());
      }
    },
    async choose(req) {
      try {
        if (!deps.sourceCommands) return reply('unknown');
        // Presses count like commands: a member hammering buttons costs one admin lookup per token.
        const key = `${req.chat.platform}:${req.userId}`;
        if (limiter.take(key) !== 'allow') return reply('rate-limited', rateLimitedDocument(limiter.waitMs(key) / 1000));
        if (req.chatKind === 'group' && !(await req.isAdmin())) return reply('refused', notAdminDocument('sources', req.chat.platform));
        const pick = req.values !== undefined ? { values: req.values, ...(req.shown ? { shown: req.shown } : {}) } : { toggle: req.toggle ?? '' };
        return deps.sourceCommands.choose(deps.subscriptions.get(req.chat), pick);
      } catch (error) {
        logger.error('pick failed', { picker: req.picker, chat: req.chat.chatId, error });
        return reply('error', errorDocument());
      }
    },
  };
}

/** The refusal of a time or zone argument of /subscribe or /settime. */
function timeInputProblem(part: 'time' | 'zone', command: string, given: string): Document {
  return part === 'zone'
    ? invalidInputDocument({ kind: 'zone-invalid', command, given })
    : invalidInputDocument({ kind: 'time-invalid', command, given });
}
