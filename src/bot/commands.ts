/**
 * The bot's commands, independent of any chat platform: a request in (command name, arguments, chat,
 * who asked) and Documents out. Telegram and Discord adapters only translate their updates into a
 * `CommandRequest` and render the reply; permission checks, validation, rate limiting and wording
 * all happen here, once.
 */
import type { DigestLength } from '../format/digest-document.ts';
import { invalidLengthDocument, parseDigestLength } from '../format/length-answers.ts';
import type { QuoteHit, ChatKind, ChatRef, DeliveryStore, NewsStore, SubscriptionStore } from './ports.ts';
import type { Document } from '../format/document.ts';
import type { Clock, Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import {
  emptyDigestDocument,
  errorDocument,
  helpDocument,
  notAdminDocument,
  rateLimitedDocument,
  sourcesDocument,
  unknownCommandDocument,
  welcomeDocument,
} from '../format/answers-document.ts';
import type { CommandInfo, FeedSourceStatus } from '../format/answers-document.ts';
import { reply, type CommandReply } from './command-reply.ts';
import { createCommandRateLimiter } from './command-rate-limit.ts';
import type { CommandRateLimiter, CommandRateLimitOptions } from './command-rate-limit.ts';
import { createQuoteCommands } from './quote-commands.ts';
import { sourcesChanges } from './source-commands.ts';
import { createSubscriptionCommands } from './subscription-commands.ts';
import { id as words } from '../format/wording/id.ts';
import type { IncomingFile, Picker, SourceCommands } from './source-commands.ts';

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

export { MAX_NAME_LENGTH } from './quote-commands.ts';

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

export type { CommandOutcome, CommandReply } from './command-reply.ts';

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
  readonly feeds?: readonly (string | FeedSourceStatus)[] | (() => Promise<readonly (string | FeedSourceStatus)[]>);
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

/** Builds the platform-neutral command handlers. */
export function createCommandHandlers(deps: CommandDeps): CommandHandlers {
  const logger = deps.logger ?? silentLogger;
  const limiter: CommandRateLimiter =
    deps.rateLimit !== undefined && 'take' in deps.rateLimit
      ? deps.rateLimit
      : createCommandRateLimiter(deps.clock, deps.rateLimit ?? {});
  const known = new Set(COMMANDS.map((c) => c.name));
  const subscription = createSubscriptionCommands(deps);
  const quoteCommands = createQuoteCommands({ ...deps, quotesLimit: deps.quotesLimit ?? 5, speakersDays: deps.speakersDays ?? 7 });

  async function run(name: string, req: CommandRequest): Promise<CommandReply> {
    const args = req.args.trim();
    switch (name) {
      case 'start':
        return reply('ok', welcomeDocument({ defaultTime: deps.defaultTime, timeZone: deps.timeZone }));
      case 'help':
        // Telegram's adapter lets administrators point these commands at a channel from a private chat.
        return reply('ok', helpDocument(COMMANDS, { remoteChats: req.chat.platform === 'telegram' && req.chatKind === 'private' }));
      case 'subscribe':
      case 'settime':
      case 'topics':
      case 'format':
        return subscription[name](req.chat, args);
      case 'unsubscribe':
      case 'status':
        return subscription[name](req.chat);
      case 'digest': {
        // "/digest lengkap" once; without a word, the chat's own format (ringkas when it has none).
        const length = args === '' ? ((await deps.subscriptions.get(req.chat))?.length ?? 'ringkas') : parseDigestLength(args);
        if (length === null) return reply('invalid', invalidLengthDocument());
        const doc = await deps.digestDocument(deps.clock(), length);
        return reply('ok', doc ?? emptyDigestDocument());
      }
      case 'quotes':
        return quoteCommands.quotes(args);
      case 'speakers':
        return quoteCommands.speakers();
      default:
        return sourceCommand(deps, name, req, args);
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
        return await deps.sourceCommands.choose(await deps.subscriptions.get(req.chat), pick);
      } catch (error) {
        logger.error('pick failed', { picker: req.picker, chat: req.chat.chatId, error });
        return reply('error', errorDocument());
      }
    },
  };
}

/** /sources, /export, /import, and what is not a command. */
async function sourceCommand(deps: CommandDeps, name: string, req: CommandRequest, args: string): Promise<CommandReply> {
  const feeds = async () => (typeof deps.feeds === 'function' ? deps.feeds() : (deps.feeds ?? []));
  const seedCount = () => (typeof deps.seedCount === 'function' ? deps.seedCount() : (deps.seedCount ?? 0));
  switch (name) {
    case 'sources':
      if (!deps.sourceCommands) return reply('ok', sourcesDocument({ feeds: await feeds(), seeds: seedCount(), articles: await deps.news.articleCount() }));
      return await deps.sourceCommands.sources(await deps.subscriptions.get(req.chat), args);
    case 'export':
      if (!deps.sourceCommands) return reply('error', errorDocument());
      return await deps.sourceCommands.exportFeeds(await deps.subscriptions.get(req.chat), req.chatTitle ?? req.chat.chatId);
    case 'import':
      if (!deps.sourceCommands) return reply('error', errorDocument());
      return await deps.sourceCommands.importFeeds(await deps.subscriptions.get(req.chat), args, req.file);
    default:
      return req.chatKind === 'private' ? reply('unknown', unknownCommandDocument(name)) : reply('unknown');
  }
}
