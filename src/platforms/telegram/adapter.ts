/**
 * The Telegram adapter: translates between grammY and kilas, nothing more. The bot is composed of
 * Composers: commands (commands.ts, each chat in order through runner's `sequentialize`),
 * membership and migration (membership.ts). Updates come by long polling (polling.ts, grammY runner)
 * or by webhook (webhook.ts); documents go out through the Telegram renderer (HTML, link previews
 * off); grammY's errors become kilas's `PlatformError`s for the delivery loop (sender.ts).
 */
import { setMaxListeners } from 'node:events';
import { Bot } from 'grammy';
import type { CommandHandlers } from '../../bot/commands.ts';
import { createPacer, realSleep, type Pacer } from '../../bot/pacer.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../bot/retry.ts';
import type { ChatPlatform, SubscriptionStore } from '../../bot/ports.ts';
import { ConfigError } from '../../errors.ts';
import type { Document } from '../../format/document.ts';
import { raceDeadline } from '../../lib/deadline.ts';
import type { Logger } from '../../logger.ts';
import { silentLogger } from '../../logger.ts';
import type { HttpRoutes } from '../module.ts';
import { commandComposer } from './commands.ts';
import type { TelegramWebhook } from './config.ts';
import { TELEGRAM_LIMITS } from './limits.ts';
import { chatDeactivator, membershipComposer, migrationComposer } from './membership.ts';
import { createCommandOrdering } from './ordering.ts';
import { startPolling, type Polling } from './polling.ts';
import { createReply } from './replies.ts';
import { renderTelegram } from './renderer.ts';
import { telegramSender } from './sender.ts';
import { START_TIMEOUT, reachBotApi, startFailureOf } from './start.ts';
import { setWebhook, webhookHandler } from './webhook.ts';

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
  /** Document -> Telegram HTML messages. Default: `renderTelegram`. */
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
  /** Updates by webhook on `http` instead of long polling. Default null: long polling. */
  readonly webhook?: TelegramWebhook | null;
  /** kilas's HTTP server, where the webhook is served. */
  readonly http?: HttpRoutes | null;
}

export interface TelegramAdapter {
  /** What the delivery loop sends digests through. */
  readonly platform: ChatPlatform;
  /** The grammY bot, for composition roots that need more. */
  readonly bot: Bot;
  /**
   * Reaches the Bot API, registers the commands, then long polls or sets the webhook; resolves once
   * updates are being received, or without that when `signal` aborts or `stop()` is called first.
   */
  start(signal?: AbortSignal): Promise<void>;
  /** Stops receiving (confirming the last polled update), then waits for replies (bounded by `stopTimeoutMs`). */
  stop(): Promise<void>;
  /** Resolves when every command received so far has been answered (or failed). */
  idle(): Promise<void>;
}

/** Creates the adapter; nothing touches the network before `start()`. */
export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const logger = options.logger ?? silentLogger;
  const render = options.render ?? ((doc: Document) => renderTelegram(doc));
  const apiRoot = (options.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '');
  const webhook = options.webhook ?? null;
  const bot = new Bot(options.token, options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {});
  const pacer = options.pacer ?? createPacer({ clock: () => new Date(), sleep: realSleep, limits: { telegram: TELEGRAM_LIMITS } });
  // Aborted when a stop gives up waiting for replies, so none keeps sleeping out a 429.
  const replyAbort = new AbortController();
  // Every reply waiting out a pace or a 429 listens on it: a burst from many chats is expected.
  setMaxListeners(0, replyAbort.signal);
  const deactivateChat = chatDeactivator(options.subscriptions, logger);
  const reply = createReply({
    render,
    pacer,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.replyRetry },
    abort: replyAbort.signal,
    logger,
    deactivateChat,
  });
  const ordering = createCommandOrdering(options.maxQueuedCommandsPerChat ?? 20, logger);

  let lastUpdateId = -1;
  bot.use((ctx, next) => {
    lastUpdateId = Math.max(lastUpdateId, ctx.update.update_id);
    return next();
  });
  bot.use(commandComposer({ handlers: options.handlers, reply, render, logger, inOrder: ordering.inOrder, files: { apiRoot, token: options.token } }));
  bot.use(membershipComposer(deactivateChat));
  bot.use(migrationComposer(options.subscriptions, logger));
  bot.catch((err) => logger.error('telegram update failed', { update: err.ctx.update.update_id, error: err.error }));

  const lifecycle = telegramLifecycle({ bot, options, logger, webhook, lastUpdateId: () => lastUpdateId });
  return {
    platform: telegramSender(bot.api, render, options.subscriptions, logger),
    bot,
    start: (signal) => lifecycle.start(signal),
    async stop() {
      await lifecycle.stop();
      const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
      const late = await raceDeadline(ordering.idle(), stopTimeoutMs).then(
        (outcome) => outcome.late,
        () => true,
      );
      if (late) {
        replyAbort.abort();
        logger.warn('telegram stopped with replies still pending', { chats: ordering.size() });
      }
    },
    idle: () => ordering.idle(),
  };
}

interface LifecycleDeps {
  readonly bot: Bot;
  readonly options: TelegramAdapterOptions;
  readonly logger: Logger;
  readonly webhook: TelegramWebhook | null;
  readonly lastUpdateId: () => number;
}

/** Starting (Bot API reached, commands registered, updates flowing) and stopping the bot. */
function telegramLifecycle({ bot, options, logger, webhook, lastUpdateId }: LifecycleDeps) {
  let polling: Polling | null = null;
  let receiving = false;
  let stopping = false;
  let startAbort: AbortController | null = null;
  const startFailure = (error: unknown): Error => startFailureOf(error, options.apiRoot ?? 'https://api.telegram.org');
  if (webhook) {
    if (!options.http) throw new ConfigError('TELEGRAM_WEBHOOK_URL needs KILAS_HTTP_PORT: the webhook is served on it');
    options.http.post(webhook.path, webhookHandler(bot, webhook, logger, () => receiving && !stopping));
  }

  /** getMe, setMyCommands and setWebhook (or deleteWebhook before polling), within the start timeout. */
  async function connect(signal: AbortSignal): Promise<void> {
    bot.botInfo = await reachBotApi(bot, signal, logger);
    // grammY types its signal with the abort-controller shim; the runtime object is the same.
    await bot.api.setMyCommands(
      options.handlers.commands.map((c) => ({ command: c.name, description: c.description })),
      signal as Parameters<typeof bot.api.setMyCommands>[1],
    );
    if (webhook) await setWebhook(bot, webhook, signal);
    else await bot.api.deleteWebhook({}, signal as Parameters<typeof bot.api.deleteWebhook>[1]);
  }

  return {
    async start(signal?: AbortSignal): Promise<void> {
      if (receiving) return;
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
        await connect(abort.signal);
      } catch (error) {
        if (cancelled()) return;
        throw startFailure(error);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onOuterAbort);
        startAbort = null;
      }
      // A stop that came while the Bot API was being reached: never start receiving afterwards.
      if (cancelled()) return;
      receiving = true;
      if (!webhook) polling = startPolling(bot, { timeoutSeconds: options.pollingTimeoutSeconds ?? 30, logger, lastUpdateId });
      logger.info('telegram bot started', { username: bot.botInfo.username, updates: webhook ? 'webhook' : 'long polling' });
    },
    async stop(): Promise<void> {
      stopping = true;
      startAbort?.abort();
      receiving = false;
      const loop = polling;
      polling = null;
      await loop?.stop(options.stopTimeoutMs ?? 10_000);
    },
  };
}
