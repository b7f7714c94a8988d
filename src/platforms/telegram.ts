/**
 * The Telegram adapter: translates between grammY and kilas, nothing more. Updates become
 * `CommandRequest`s for the platform-neutral handlers; their Documents go out through the core
 * formatter's Telegram renderer (HTML, link previews off); grammY's errors become kilas's
 * `PlatformError`s for the delivery loop. Bot membership changes (blocked, kicked) deactivate
 * subscriptions, and a group upgraded to a supergroup keeps its subscription.
 */
import { Bot, GrammyError } from 'grammy';
import type { Context } from 'grammy';
import type { CommandHandlers, CommandReply, CommandRequest } from '../bot/commands.ts';
import { createPacer, realSleep, type Pacer } from '../bot/pacer.ts';
import { DEFAULT_RETRY_POLICY, sendWithRetry, type RetryPolicy } from '../bot/retry.ts';
import type { ChatKind, ChatPlatform, ChatRef, RenderedPart, SubscriptionStore } from '../bot/ports.ts';
import { ChatUnavailableError, RejectedPayloadError, TransientPlatformError } from '../errors.ts';
import { createChatQueues } from './chat-queues.ts';
import { classifyTelegramError } from './telegram-errors.ts';
import { START_TIMEOUT, reachBotApi, startFailureOf, within } from './telegram-start.ts';
import { incomingFile, PICK_PREFIX, pickerKeyboard, sendFiles, showPick } from './telegram-extras.ts';
import {
  botNotAdminDocument,
  notRemoteAdminDocument,
  forRemoteChat,
  remoteChatNotFoundDocument,
} from '../format/answers-document.ts';
import type { Document } from '../format/document.ts';
import { renderTelegram } from '../format/telegram-renderer.ts';
import type { Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';

/** Options of {@link createTelegramAdapter}. */
export interface TelegramAdapterOptions {
  /** Bot token from @BotFather. */
  readonly token: string;
  /** Bot API root (self-hosted Bot API servers, tests). Default "https://api.telegram.org". */
  readonly apiRoot?: string;
  /** The platform-neutral command handlers. */
  readonly handlers: CommandHandlers;
  /** Subscriptions to deactivate (blocked, kicked) and migrate (group -> supergroup). */
  readonly subscriptions: SubscriptionStore;
  /** Default: silent. */
  readonly logger?: Logger;
  /** Document -> Telegram HTML messages. Default: the core formatter's `renderTelegram`. */
  readonly render?: (doc: Document) => string[];
  /**
   * The pacer command replies share with the delivery loop, so replies and digests together keep
   * to Telegram's per-chat and overall limits. Default: a pacer of its own over Telegram's limits.
   */
  readonly pacer?: Pacer;
  /** How a reply is retried (429s waited out, never dropped). Default: the delivery loop's policy. */
  readonly replyRetry?: Partial<RetryPolicy>;
  /** getUpdates long-polling timeout in seconds. Default 30. */
  readonly pollingTimeoutSeconds?: number;
  /** Commands of one chat waiting for their turn before new ones are dropped. Default 20. */
  readonly maxQueuedCommandsPerChat?: number;
  /** Longest `start()` keeps trying to reach the Bot API (getMe) before it fails, ms. Default 30,000. */
  readonly startTimeoutMs?: number;
  /** Longest `stop()` waits for replies still being sent, ms. Default 10,000. */
  readonly stopTimeoutMs?: number;
}

export interface TelegramAdapter {
  /** What the delivery loop sends digests through. */
  readonly platform: ChatPlatform;
  /** The grammY bot, for composition roots that need more. */
  readonly bot: Bot;
  /**
   * Reaches the Bot API, registers the commands and starts long polling; resolves once polling
   * runs, or without polling when `signal` aborts or `stop()` is called first.
   */
  start(signal?: AbortSignal): Promise<void>;
  /** Stops polling (confirming the last update), then waits for queued replies (bounded by `stopTimeoutMs`). */
  stop(): Promise<void>;
  /** Resolves when every command received so far has been answered (or failed). */
  idle(): Promise<void>;
}

function chatKindOf(type: string): ChatKind {
  if (type === 'private') return 'private';
  if (type === 'channel') return 'channel';
  return 'group';
}

/** Commands an administrator may point at another chat from a private chat: "/subscribe @kanal 07:00". */
const REMOTE_COMMANDS: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe', 'settime', 'status']);
/** A public chat username or a supergroup/channel id. */
const REMOTE_TARGET = /^(?:@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{5,16})$/;

const HTML_OPTIONS = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** Creates the adapter; nothing touches the network before `start()`. */
export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const logger = options.logger ?? silentLogger;
  const render = options.render ?? ((doc: Document) => renderTelegram(doc));
  const { handlers, subscriptions } = options;
  const apiRoot = (options.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '');
  const bot = new Bot(options.token, options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {});
  const ref = (chatId: number | string, threadId: number | string | null = null): ChatRef => ({
    platform: 'telegram',
    chatId: String(chatId),
    threadId: threadId === null ? null : String(threadId),
  });

  const pacer = options.pacer ?? createPacer({ clock: () => new Date(), sleep: realSleep });
  const replyPolicy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.replyRetry };
  // Aborted when a stop gives up waiting for replies, so none keeps sleeping out a 429.
  const replyAbort = new AbortController();
  const renderParts = (doc: Document): RenderedPart[] => render(doc).map((payload, index) => ({ index, payload }));

  /** Deactivates every active subscription of a chat (all its topics): the chat is gone for the bot. */
  const deactivateChat = async (chatId: string, reason: string): Promise<number> => {
    let n = 0;
    for (const sub of await subscriptions.listActive()) {
      if (sub.chat.platform === 'telegram' && sub.chat.chatId === chatId && (await subscriptions.unsubscribe(sub.chat, reason))) n++;
    }
    if (n > 0) logger.info('telegram subscription deactivated', { chat: chatId, reason });
    return n;
  };

  const platform: ChatPlatform = {
    name: 'telegram',
    render: renderParts,
    async send(chat, part) {
      if (typeof part.payload !== 'string') {
        throw new RejectedPayloadError(`telegram part ${part.index} is not an HTML string`);
      }
      const threadId = chat.threadId === null ? undefined : Number(chat.threadId);
      const sendTo = (chatId: string) =>
        bot.api.sendMessage(chatId, part.payload as string, {
          ...HTML_OPTIONS,
          ...(threadId !== undefined && Number.isSafeInteger(threadId) ? { message_thread_id: threadId } : {}),
        });
      try {
        return String((await sendTo(chat.chatId)).message_id);
      } catch (error) {
        const migratedTo = error instanceof GrammyError ? error.parameters.migrate_to_chat_id : undefined;
        if (migratedTo === undefined) throw classifyTelegramError(error);
        // The group became a supergroup: move the subscription along and deliver there.
        await subscriptions.migrateChat(chat, String(migratedTo));
        logger.info('telegram chat migrated while sending', { from: chat.chatId, to: String(migratedTo) });
        try {
          return String((await sendTo(String(migratedTo))).message_id);
        } catch (retryError) {
          throw classifyTelegramError(retryError);
        }
      }
    },
  };

  async function isAdmin(ctx: Context): Promise<boolean> {
    const chat = ctx.chat;
    if (!chat) return false;
    if (chat.type === 'private' || chat.type === 'channel') return true;
    const msg = ctx.msg;
    // Anonymous administrators post as the group itself (through GroupAnonymousBot); nobody else can.
    if (msg?.sender_chat?.id === chat.id) return true;
    const from = ctx.from;
    if (!from) return false;
    try {
      const member = await ctx.api.getChatMember(chat.id, from.id);
      return member.status === 'creator' || member.status === 'administrator';
    } catch (error) {
      // Unknown rights are no rights: the user gets the polite refusal, not an error.
      logger.warn('telegram admin check failed', { chat: String(chat.id), error: classifyTelegramError(error).message });
      return false;
    }
  }

  async function reply(ctx: Context, docs: readonly Document[], extras: Pick<CommandReply, 'picker' | 'files'> = {}): Promise<void> {
    const chat = ctx.chat;
    if (!chat || docs.length === 0) return;
    // The picker's buttons go under the last message of the first document (the list they change).
    const keyboardAfter = extras.picker ? render(docs[0]!).length - 1 : -1;
    let sent = 0;
    const threadId = ctx.msg?.is_topic_message ? ctx.msg.message_thread_id : undefined;
    // In groups the first message answers the command itself, so readers see whose command it was.
    let replyTo = chat.type === 'group' || chat.type === 'supergroup' ? ctx.msg?.message_id : undefined;
    for (const doc of docs) {
      for (const html of render(doc)) {
        const to = replyTo;
        const keyboard = extras.picker !== undefined && sent === keyboardAfter;
        // Through the pacer the deliveries use: a burst of replies keeps to the per-chat and overall
        // limits, and a 429 is waited out (retry_after) rather than the reply being dropped.
        const outcome = await sendWithRetry(
          ref(chat.id),
          async () => {
            try {
              const message = await ctx.api.sendMessage(chat.id, html, {
                ...HTML_OPTIONS,
                ...(threadId !== undefined ? { message_thread_id: threadId } : {}),
                ...(to !== undefined ? { reply_parameters: { message_id: to, allow_sending_without_reply: true } } : {}),
                ...(keyboard ? { reply_markup: pickerKeyboard(extras.picker!) } : {}),
              });
              return String(message.message_id);
            } catch (error) {
              throw classifyTelegramError(error);
            }
          },
          { pacer, sleep: realSleep, random: Math.random, policy: replyPolicy, signal: replyAbort.signal },
        );
        if (!outcome.ok) {
          logger.warn('telegram reply failed', { chat: String(chat.id), kind: outcome.kind, error: outcome.reason });
          if (outcome.kind === 'unavailable') await deactivateChat(String(chat.id), chat.type === 'private' ? 'blocked' : 'kicked');
          return;
        }
        replyTo = undefined;
        sent++;
      }
    }
    if (extras.files?.length) {
      try {
        await sendFiles(ctx.api, chat.id, extras.files, threadId);
      } catch (error) {
        const failure = classifyTelegramError(error);
        logger.warn('telegram reply failed', { chat: String(chat.id), error: failure.message });
        if (failure instanceof ChatUnavailableError) await deactivateChat(String(chat.id), chat.type === 'private' ? 'blocked' : 'kicked');
      }
    }
  }

  /** Administrators manage a channel's or group's subscription from their private chat with the bot. */
  async function runRemote(ctx: Context, name: string, target: string, args: string): Promise<void> {
    const from = ctx.from;
    if (!from) return;
    let remote: Awaited<ReturnType<typeof ctx.api.getChat>>;
    try {
      remote = await ctx.api.getChat(target);
    } catch (error) {
      logger.debug('telegram remote chat lookup failed', { target, error: classifyTelegramError(error).message });
      await reply(ctx, [remoteChatNotFoundDocument(target)]);
      return;
    }
    if (remote.type === 'private') {
      await reply(ctx, [remoteChatNotFoundDocument(target)]);
      return;
    }
    const title = remote.title ?? target;
    const memberOf = async (userId: number) => {
      try {
        return await ctx.api.getChatMember(remote.id, userId);
      } catch {
        return null;
      }
    };
    // The person must administer that chat, not only the bot (a check some feed bots forget).
    const asker = await memberOf(from.id);
    if (asker?.status !== 'creator' && asker?.status !== 'administrator') {
      await reply(ctx, [notRemoteAdminDocument(title)]);
      return;
    }
    if (name === 'subscribe' || name === 'settime') {
      const me = await memberOf(bot.botInfo.id);
      const canPost =
        remote.type === 'channel'
          ? me?.status === 'administrator' && me.can_post_messages !== false
          : me?.status === 'administrator' || me?.status === 'member' || (me?.status === 'restricted' && me.can_send_messages);
      if (!canPost) {
        await reply(ctx, [botNotAdminDocument(title)]);
        return;
      }
    }
    const answer = await handlers.handle({
      name,
      args,
      chat: ref(remote.id),
      chatKind: remote.type === 'channel' ? 'channel' : 'group',
      userId: String(from.id),
      isAdmin: async () => true,
    });
    logger.debug('telegram remote command', { command: name, chat: String(remote.id), outcome: answer.outcome });
    await reply(ctx, answer.documents.map((doc) => forRemoteChat(title, doc)));
  }

  async function runCommand(ctx: Context, name: string, args: string): Promise<void> {
    const chat = ctx.chat;
    if (!chat) return;
    if (chat.type === 'private' && REMOTE_COMMANDS.has(name)) {
      const [first = '', ...rest] = args.trim().split(/\s+/);
      if (REMOTE_TARGET.test(first)) {
        await runRemote(ctx, name, first, rest.join(' '));
        return;
      }
    }
    const msg = ctx.msg;
    // /import reads the document it was sent with, or the one it answers.
    const document = name === 'import' ? (msg?.document ?? msg?.reply_to_message?.document) : undefined;
    const request: CommandRequest = {
      name,
      args,
      chat: ref(chat.id, msg?.is_topic_message && msg.message_thread_id !== undefined ? msg.message_thread_id : null),
      chatKind: chatKindOf(chat.type),
      userId: String(ctx.from?.id ?? msg?.sender_chat?.id ?? chat.id),
      isAdmin: () => isAdmin(ctx),
      chatTitle: 'title' in chat && chat.title ? chat.title : (ctx.from?.first_name ?? String(chat.id)),
      ...(document ? { file: incomingFile(ctx.api, apiRoot, options.token, document) } : {}),
    };
    const answer = await handlers.handle(request);
    logger.debug('telegram command', { command: name, chat: request.chat.chatId, outcome: answer.outcome });
    await reply(ctx, answer.documents, answer);
  }

  /** A press on an outlet button: only administrators change the choice; the list is edited in place. */
  async function runPick(ctx: Context, value: string): Promise<void> {
    const chat = ctx.chat;
    const message = ctx.callbackQuery?.message;
    if (!chat || !ctx.from) return;
    const answer = await handlers.choose({
      picker: 'sources',
      toggle: value,
      chat: ref(chat.id, message && 'is_topic_message' in message && message.is_topic_message ? (message.message_thread_id ?? null) : null),
      chatKind: chatKindOf(chat.type),
      userId: String(ctx.from.id),
      isAdmin: () => isAdmin(ctx),
    });
    logger.debug('telegram pick', { chat: String(chat.id), outcome: answer.outcome });
    await showPick(ctx, answer, { render, html: HTML_OPTIONS, logger });
  }

  // One queue per chat (platforms/chat-queues.ts): in order within a chat, never holding up others.
  const queues = createChatQueues('telegram', options.maxQueuedCommandsPerChat ?? 20, logger);
  const enqueue = queues.enqueue;
  const idle = queues.idle;

  bot.on('callback_query:data', (ctx) => {
    const data = ctx.callbackQuery.data;
    const chatId = ctx.chat?.id;
    if (!data.startsWith(PICK_PREFIX) || chatId === undefined) return ctx.answerCallbackQuery();
    enqueue(String(chatId), () => runPick(ctx, data.slice(PICK_PREFIX.length)));
  });
  // `/import` as the caption of the OPML document itself (bot.command reads text, not captions).
  bot.on('message:document', (ctx, next) => {
    const entity = ctx.entities('bot_command').find((e) => e.offset === 0);
    const [name = '', at] = (entity?.text ?? '').slice(1).split('@');
    if (name.toLowerCase() !== 'import' || (at !== undefined && at.toLowerCase() !== bot.botInfo.username.toLowerCase())) return next();
    const args = (ctx.msg.caption ?? '').slice(entity?.length ?? 0).trim();
    enqueue(String(ctx.chat.id), () => runCommand(ctx, 'import', args));
  });

  const names = handlers.commands.map((c) => c.name);
  bot.command(names, (ctx) => {
    // A channel post copied into its discussion group was already answered in the channel.
    if (ctx.msg.is_automatic_forward) return;
    const entity = ctx.entities('bot_command')[0];
    const name = (entity?.text ?? '').slice(1).split('@')[0] ?? '';
    const args = typeof ctx.match === 'string' ? ctx.match : '';
    enqueue(String(ctx.chat.id), () => runCommand(ctx, name.toLowerCase(), args));
  });
  // Unknown commands get a hint in private chats only: groups may host other bots.
  bot.chatType('private').on('message:entities:bot_command', (ctx) => {
    const entity = ctx.entities('bot_command').find((e) => e.offset === 0);
    if (!entity) return;
    const name = entity.text.slice(1).split('@')[0] ?? '';
    const args = ctx.msg.text.slice(entity.length).trim();
    enqueue(String(ctx.chat.id), () => runCommand(ctx, name.toLowerCase(), args));
  });

  bot.on('my_chat_member', async (ctx) => {
    const member = ctx.myChatMember.new_chat_member;
    const chat = ctx.myChatMember.chat;
    if (member.status === 'kicked' || member.status === 'left') {
      await deactivateChat(String(chat.id), chat.type === 'private' ? 'blocked' : 'kicked');
    } else if (member.status === 'restricted' && !member.can_send_messages) {
      await deactivateChat(String(chat.id), 'restricted');
    } else if (chat.type === 'channel' && member.status !== 'administrator') {
      // Only administrators post in a channel: a demoted bot can no longer deliver there.
      await deactivateChat(String(chat.id), 'restricted');
    }
  });

  bot.on('message:migrate_to_chat_id', async (ctx) => {
    const to = String(ctx.msg.migrate_to_chat_id);
    await subscriptions.migrateChat(ref(ctx.chat.id), to);
    logger.info('telegram chat migrated', { from: String(ctx.chat.id), to });
  });
  // The supergroup's own service message; a no-op when the old group's message came first.
  bot.on('message:migrate_from_chat_id', async (ctx) => {
    await subscriptions.migrateChat(ref(ctx.msg.migrate_from_chat_id), String(ctx.chat.id));
  });

  bot.catch((err) => {
    logger.error('telegram update failed', { update: err.ctx.update.update_id, error: err.error });
  });

  let polling: Promise<void> | null = null;
  let stopping = false;
  let startAbort: AbortController | null = null;

  const startFailure = (error: unknown): Error => startFailureOf(error, options.apiRoot ?? 'https://api.telegram.org');


  return {
    platform,
    bot,
    async start(signal) {
      if (polling) return;
      stopping = false;
      // One controller for the whole start: stop(), the caller's signal or the start timeout ends it.
      const abort = new AbortController();
      startAbort = abort;
      const onOuterAbort = () => abort.abort();
      signal?.addEventListener('abort', onOuterAbort, { once: true });
      if (signal?.aborted) abort.abort();
      const timer = setTimeout(() => abort.abort(START_TIMEOUT), options.startTimeoutMs ?? 30_000);
      const cancelled = () => stopping || (signal?.aborted ?? false);
      try {
        bot.botInfo = await reachBotApi(bot, abort.signal, logger);
        // grammY types its signal with the abort-controller shim; the runtime object is the same.
        await bot.api.setMyCommands(
          handlers.commands.map((c) => ({ command: c.name, description: c.description })),
          abort.signal as Parameters<typeof bot.api.setMyCommands>[1],
        );
      } catch (error) {
        if (cancelled()) return;
        throw startFailure(error);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onOuterAbort);
        startAbort = null;
      }
      // A stop that came while the Bot API was being reached: never start polling afterwards.
      if (cancelled()) return;
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const loop = bot.start({
        allowed_updates: ['message', 'channel_post', 'my_chat_member', 'callback_query'],
        timeout: options.pollingTimeoutSeconds ?? 30,
        onStart: () => started(),
      });
      polling = loop;
      const ended = loop.then(
        () => {
          if (!stopping) throw new TransientPlatformError('telegram polling ended on its own');
        },
        (error: unknown) => {
          if (stopping) return;
          throw startFailure(error);
        },
      );
      try {
        await Promise.race([running, ended]);
      } catch (error) {
        polling = null;
        throw error;
      }
      if (stopping) return;
      // After start, a polling failure (409: another instance polls with this token) is logged, not thrown.
      ended.catch((error: unknown) => logger.error('telegram polling stopped', { error }));
      logger.info('telegram bot started', { username: bot.botInfo.username });
    },
    async stop() {
      stopping = true;
      startAbort?.abort();
      const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
      if (polling) {
        const loop = polling;
        polling = null;
        // Confirms the last update so a restart does not answer it twice; bounded, since the Bot
        // API may be the thing that hangs.
        const confirmed = within(
          Math.min(3000, stopTimeoutMs),
          (async () => {
            if (bot.isRunning()) await bot.stop();
          })(),
        ).catch((error: unknown) => {
          logger.warn('telegram stop could not confirm the last update', { error: classifyTelegramError(error).message });
        });
        await confirmed;
        await within(Math.min(2000, stopTimeoutMs), loop).catch(() => undefined);
      }
      const outcome = await within(stopTimeoutMs, idle()).then(
        () => 'idle',
        () => 'timeout',
      );
      if (outcome === 'timeout') {
        replyAbort.abort();
        logger.warn('telegram stopped with replies still pending', { chats: queues.size() });
      }
    },
    idle,
  };
}
