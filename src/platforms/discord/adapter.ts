/**
 * The Discord adapter: translates between discord.js and kilas, nothing more. Slash-command
 * interactions become `CommandRequest`s for the platform-neutral handlers (interactions.ts); their
 * Documents go out through the Discord renderer (mentions disabled everywhere); discord.js's errors
 * become kilas's `PlatformError`s for the delivery loop (sender.ts). The gateway connection uses the
 * Guilds intent only: kilas reads no messages, it answers interactions and posts digests.
 */
import { Client, Events, GatewayIntentBits, Routes } from 'discord.js';
import type { RateLimitData } from 'discord.js';
import type { CommandHandlers } from '../../bot/commands.ts';
import type { ChatPlatform, ChatRef, NewsStore, SubscriptionStore } from '../../bot/ports.ts';
import { ConfigError, TransientPlatformError } from '../../errors.ts';
import type { Document } from '../../format/document.ts';
import { raceDeadline } from '../../lib/deadline.ts';
import type { Logger } from '../../logger.ts';
import { silentLogger } from '../../logger.ts';
import { SOURCES_MENU, slashCommands } from './commands.ts';
import { classifyDiscordError } from './errors.ts';
import { watchGateway } from './events.ts';
import { onAutocomplete, onCommand, onPick, type InteractionDeps } from './interactions.ts';
import type { DiscordMessage } from './renderer.ts';
import { NO_MENTIONS, discordSender } from './sender.ts';

/** Options of {@link createDiscordAdapter}. */
export interface DiscordAdapterOptions {
  /** Bot token. */
  readonly token: string;
  /** Application id (DISCORD_APP_ID): commands are registered under it. */
  readonly appId: string;
  /** Registers the commands in this guild only (instant, for development). Default null: globally. */
  readonly guildId?: string | null;
  /** REST base handed to discord.js `rest.api`, "/api" included. Default "https://discord.com/api". */
  readonly apiBase?: string;
  /** The platform-neutral command handlers. */
  readonly handlers: CommandHandlers;
  /** Subscriptions to deactivate when their channel is deleted. */
  readonly subscriptions: SubscriptionStore;
  /** Known speakers, for `/quotes` autocomplete. */
  readonly speakers: Pick<NewsStore, 'speakers'>;
  /** Names of the outlets a channel follows, for `/sources hapus` autocomplete. Default: none. */
  readonly outletNames?: (chat: ChatRef) => Promise<readonly string[]>;
  /** Document -> Discord messages: the core formatter's `renderDiscord` (src/format/discord-renderer.ts). */
  readonly render: (doc: Document) => DiscordMessage[];
  /** Default: silent. */
  readonly logger?: Logger;
  /**
   * Longest 429 wait a command reply sits out inside discord.js; a longer one fails that reply
   * (logged) instead of holding it for minutes. Channel messages of the delivery loop never wait inside
   * discord.js: they fail at once with RateLimitedError so the loop's pacer holds that channel. Default 10,000 ms.
   */
  readonly replyMaxRateLimitWaitMs?: number;
  /** Timeout of one REST request, ms. Default 15,000. */
  readonly requestTimeoutMs?: number;
  /** Retries of a REST request after a 5xx or a network failure inside discord.js. Default 1. */
  readonly requestRetries?: number;
  /** Longest `start()` waits for the gateway's READY, ms. Default 30,000. */
  readonly readyTimeoutMs?: number;
  /** Longest `stop()` waits for interactions still being answered, ms. Default 10,000. */
  readonly stopTimeoutMs?: number;
}

export interface DiscordAdapter {
  /** What the delivery loop sends digests through (`POST /channels/:id/messages`, nonce-deduplicated). */
  readonly platform: ChatPlatform;
  /** The discord.js client, for composition roots that need more. */
  readonly client: Client;
  /**
   * Logs in, waits for READY, then registers the slash commands.
   * @throws ConfigError when Discord refuses the token; a PlatformError for other failures.
   */
  start(): Promise<void>;
  /** Waits (bounded) for interactions being answered, then closes the gateway connection. Idempotent. */
  stop(): Promise<void>;
  /** Resolves when every interaction received so far has been answered (or failed). */
  idle(): Promise<void>;
  /** Always true: stopping destroys the client whose REST queue carries the sends. */
  readonly stopEndsSends: true;
}

/** Creates the adapter; nothing touches the network before `start()`. */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const logger = options.logger ?? silentLogger;
  const client = discordClient(options);
  // A delivery process (`kilas start --role delivery`) sends without the gateway login that sets it.
  client.rest.setToken(options.token);
  const deactivateChannel = (channelId: string, reason: string): void => {
    const chat: ChatRef = { platform: 'discord', chatId: channelId, threadId: null };
    // Called from gateway events, which wait for nothing: a store failure is logged here.
    options.subscriptions.unsubscribe(chat, reason).then(
      (changed) => changed && logger.info('discord subscription deactivated', { channel: channelId, reason }),
      (error: unknown) => logger.error('discord subscription not deactivated', { channel: channelId, reason, error }),
    );
  };
  const deps: InteractionDeps = {
    handlers: options.handlers,
    render: options.render,
    logger,
    client,
    apiBase: options.apiBase ?? 'https://discord.com/api',
    speakers: options.speakers,
    ...(options.outletNames ? { outletNames: options.outletNames } : {}),
    channelTypeOf: (id) => gateway.channelTypeOf(id),
  };
  const gateway = watchGateway(client, {
    logger,
    onChannelGone: deactivateChannel,
    onInteraction(interaction) {
      if (interaction.isAutocomplete()) return onAutocomplete(deps, interaction);
      if (interaction.isChatInputCommand()) return onCommand(deps, interaction);
      if (interaction.isStringSelectMenu() && interaction.customId === SOURCES_MENU) return onPick(deps, interaction);
      return null;
    },
  });

  let started: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;
  return {
    platform: discordSender(client, options.render),
    client,
    stopEndsSends: true,
    start() {
      started ??= login(client, options, logger);
      return started;
    },
    stop() {
      stopping ??= (async () => {
        const outcome = await raceDeadline(gateway.idle(), options.stopTimeoutMs ?? 10_000);
        if (outcome.late) logger.warn('discord stopped with interactions still pending', { count: gateway.size() });
        await client.destroy();
      })();
      return stopping;
    },
    idle: () => gateway.idle(),
  };
}

/** The discord.js client: Guilds intent only, no mentions, REST limits as the delivery loop needs them. */
function discordClient(options: DiscordAdapterOptions): Client {
  const replyMaxWait = options.replyMaxRateLimitWaitMs ?? 10_000;
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: {
      api: options.apiBase ?? 'https://discord.com/api',
      offset: 0,
      timeout: options.requestTimeoutMs ?? 15_000,
      retries: options.requestRetries ?? 1,
      // A channel's own limit goes back to the delivery loop at once (its pacer holds that channel); the
      // short waits of discord.js's 50/s global bucket are sat out here, anything long fails the request.
      rejectOnRateLimit: (data: RateLimitData) =>
        data.retryAfter > replyMaxWait ||
        (!data.global && data.method.toUpperCase() === 'POST' && data.route === '/channels/:id/messages'),
    },
  });
}

/** Logs in, waits for READY, then registers the slash commands. */
async function login(client: Client, options: DiscordAdapterOptions, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    timer = setTimeout(
      () => reject(new TransientPlatformError('discord gateway did not become ready in time')),
      options.readyTimeoutMs ?? 30_000,
    );
  });
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    // discord.js says TokenInvalid both for a 401 on GET /gateway/bot and for gateway close 4004.
    if ((error as { code?: unknown }).code === 'TokenInvalid') {
      throw new ConfigError('Discord refused DISCORD_TOKEN (invalid token): check the bot token', { cause: error });
    }
    throw classifyDiscordError(error);
  } finally {
    clearTimeout(timer);
  }
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.appId, options.guildId)
    : Routes.applicationCommands(options.appId);
  try {
    await client.rest.put(route, { body: slashCommands(options.handlers.commands) });
  } catch (error) {
    throw classifyDiscordError(error);
  }
  logger.info('discord bot started', {
    user: client.user?.tag ?? null,
    commands: options.handlers.commands.length,
    scope: options.guildId ? `guild ${options.guildId}` : 'global',
  });
}
