/**
 * The Discord adapter: translates between discord.js and kilas, nothing more. Slash-command
 * interactions become `CommandRequest`s for the platform-neutral handlers; their Documents go out
 * through the core formatter's Discord renderer (mentions disabled everywhere); discord.js's errors
 * become kilas's `PlatformError`s for the delivery loop. The gateway connection uses the Guilds
 * intent only: kilas reads no messages, it answers interactions and posts digests.
 */
import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  PermissionsBitField,
  Routes,
} from 'discord.js';
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  StringSelectMenuInteraction,
  CommandInteractionOption,
  Interaction,
  RateLimitData,
} from 'discord.js';
import type { CommandHandlers, CommandReply, CommandRequest } from '../bot/commands.ts';
import type { ChatPlatform, ChatRef, NewsStore, RenderedPart, SubscriptionStore } from '../bot/ports.ts';
import { ConfigError, RejectedPayloadError, TransientPlatformError } from '../errors.ts';
import { botCannotPostDocument, errorDocument } from '../format/answers-document.ts';
import type { BotChannelPermission } from '../format/answers-document.ts';
import type { DiscordMessage } from '../format/discord-renderer.ts';
import type { Document } from '../format/document.ts';
import type { Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import { OPTION, SOURCES_MENU, slashCommands } from './discord-commands.ts';
import { attachmentFile, clip, filesOf, pickerComponents } from './discord-extras.ts';
import { classifyDiscordError } from './discord-errors.ts';

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
}

const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;
const NO_MENTIONS = { parse: [] as [] };

/** What the bot needs in a channel to post a digest, and the name the refusal gives each; threads take their own send right. */
const postPermissions = (thread: boolean): readonly (readonly [bigint, BotChannelPermission])[] => [
  [PermissionFlagsBits.ViewChannel, 'view'],
  [thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages, 'send'],
  [PermissionFlagsBits.EmbedLinks, 'embed'],
];

const THREAD_TYPES: ReadonlySet<number> = new Set([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);

/** The channel type of a resolved channel option (a discord.js channel or the raw API object). */
function channelTypeOf(channel: unknown): number | null {
  if (typeof channel !== 'object' || channel === null) return null;
  const type = (channel as { type?: unknown }).type;
  return typeof type === 'number' ? type : null;
}

/** A channel message body from a stored rendered part; throws RejectedPayloadError when it is not one. */
function messageBody(part: RenderedPart): DiscordMessage {
  const p = part.payload as Partial<DiscordMessage> | null;
  const ok =
    typeof p === 'object' &&
    p !== null &&
    (typeof p.content === 'string' || Array.isArray(p.embeds)) &&
    (p.content === undefined || typeof p.content === 'string');
  if (!ok) throw new RejectedPayloadError(`discord part ${part.index} is not a message body`);
  return { ...(p.content !== undefined ? { content: p.content } : {}), ...(p.embeds ? { embeds: p.embeds } : {}), allowed_mentions: NO_MENTIONS };
}

/**
 * Permissions carried by a resolved channel option: discord.js gives a cloned channel with
 * `permissions`/`appPermissions`, or the raw API object (`permissions`/`app_permissions` strings)
 * when it could not build a channel (no cached guild).
 */
function resolvedPermissions(channel: unknown, whose: 'member' | 'app'): PermissionsBitField | null {
  if (typeof channel !== 'object' || channel === null) return null;
  const record = channel as Record<string, unknown>;
  const value = whose === 'member' ? record['permissions'] : (record['appPermissions'] ?? record['app_permissions']);
  if (value instanceof PermissionsBitField) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return new PermissionsBitField(BigInt(value));
  return null;
}

/** Creates the adapter; nothing touches the network before `start()`. */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const logger = options.logger ?? silentLogger;
  const { handlers, render } = options;
  const replyMaxWait = options.replyMaxRateLimitWaitMs ?? 10_000;
  const client = new Client({
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

  const platform: ChatPlatform = {
    name: 'discord',
    idempotentSends: true,
    render: (doc) => render(doc).map((payload, index) => ({ index, payload })),
    async send(chat, part, sendOptions) {
      const body = messageBody(part);
      const key = sendOptions?.idempotencyKey;
      const channelId = chat.threadId ?? chat.chatId;
      try {
        const message = (await client.rest.post(Routes.channelMessages(channelId), {
          body: { ...body, ...(key !== undefined ? { nonce: key, enforce_nonce: true } : {}) },
        })) as { id?: unknown };
        return String(message.id ?? '');
      } catch (error) {
        throw classifyDiscordError(error);
      }
    },
  };

  /** Deactivates the subscription of a channel that no longer exists for the bot. */
  const deactivateChannel = (channelId: string, reason: string): void => {
    const chat: ChatRef = { platform: 'discord', chatId: channelId, threadId: null };
    // Called from gateway events, which wait for nothing: a store failure is logged here.
    options.subscriptions.unsubscribe(chat, reason).then(
      (changed) => changed && logger.info('discord subscription deactivated', { channel: channelId, reason }),
      (error: unknown) => logger.error('discord subscription not deactivated', { channel: channelId, reason, error }),
    );
  };

  /** Whether the member may manage subscriptions: Manage Channels here, and in the target channel when named. */
  const canManage = (interaction: ChatInputCommandInteraction, target: CommandInteractionOption | null): boolean => {
    if (!interaction.inGuild()) return true;
    if (!(interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false)) return false;
    const inTarget = target ? resolvedPermissions(target.channel, 'member') : null;
    return inTarget === null || inTarget.has(PermissionFlagsBits.ManageChannels);
  };

  /**
   * What keeps the bot from posting in the target channel: the missing permissions, [] when the
   * channel cannot be reached at all, null when nothing is known to be missing.
   */
  const postingProblem = async (
    interaction: ChatInputCommandInteraction,
    targetId: string,
    target: CommandInteractionOption | null,
  ): Promise<BotChannelPermission[] | null> => {
    const here = targetId === interaction.channelId;
    const type = here ? (interactionChannelTypes.get(interaction.id) ?? null) : channelTypeOf(target?.channel);
    const thread = type !== null && THREAD_TYPES.has(type);
    let perms: Readonly<PermissionsBitField> | null = here ? interaction.appPermissions : resolvedPermissions(target?.channel, 'app');
    if (perms === null && client.user) {
      const cached = client.channels.cache.get(targetId);
      if (cached && 'permissionsFor' in cached) perms = cached.permissionsFor(client.user);
    }
    if (perms !== null) {
      const missing = postPermissions(thread).filter(([flag]) => !perms.has(flag)).map(([, name]) => name);
      return missing.length > 0 ? missing : null;
    }
    // Another channel and no permissions known: at least make sure the bot can see it.
    try {
      await client.rest.get(Routes.channel(targetId));
      return null;
    } catch (error) {
      logger.info('discord channel check failed', { channel: targetId, error: classifyDiscordError(error).message });
      return [];
    }
  };

  const replyBody = (m: DiscordMessage) => ({
    ...(m.content !== undefined ? { content: m.content } : {}),
    ...(m.embeds ? { embeds: m.embeds } : {}),
    allowedMentions: NO_MENTIONS,
  });

  /**
   * Sends the documents as the interaction's response: the first message answers, the rest follow up.
   * A picker becomes a select menu under the first document; files go with the last message.
   */
  async function respond(
    interaction: ChatInputCommandInteraction,
    docs: readonly Document[],
    ephemeral: boolean,
    extras: Pick<CommandReply, 'picker' | 'files'> = {},
  ): Promise<void> {
    const messages = docs.flatMap((d) => render(d));
    if (messages.length === 0) {
      if (interaction.deferred) await interaction.deleteReply();
      return;
    }
    const menuAt = extras.picker ? render(docs[0]!).length - 1 : -1;
    const flags = ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
    for (const [i, m] of messages.entries()) {
      const body = {
        ...replyBody(m),
        ...(i === menuAt && extras.picker ? { components: pickerComponents(extras.picker) } : {}),
        ...(i === messages.length - 1 && extras.files?.length ? { files: filesOf(extras.files) } : {}),
      };
      if (i > 0) await interaction.followUp({ ...body, ...flags });
      else if (interaction.deferred) await interaction.editReply(body);
      else await interaction.reply({ ...body, ...flags });
    }
  }

  /** The slash-command option that carries a command's text argument. */
  const ARGUMENT_OPTION: Readonly<Record<string, string>> = {
    quotes: OPTION.name,
    subscribe: OPTION.time,
    settime: OPTION.time,
    topics: OPTION.keywords,
    digest: OPTION.length,
    format: OPTION.length,
  };

  const PRIVATE_OUTCOMES: ReadonlySet<CommandReply['outcome']> = new Set(['invalid', 'refused', 'rate-limited', 'error']);

  /** The text argument of commands whose options are not one string: `/sources tambah:URL`, `/import mode:ganti`. */
  const argsOf = (interaction: ChatInputCommandInteraction): string => {
    const name = interaction.commandName;
    if (name === 'sources') {
      const add = interaction.options.getString(OPTION.add);
      const remove = interaction.options.getString(OPTION.remove);
      return add !== null ? `tambah ${add}` : remove !== null ? `hapus ${remove}` : '';
    }
    if (name === 'import') return interaction.options.getString(OPTION.mode) ?? '';
    const option = ARGUMENT_OPTION[name];
    return option ? (interaction.options.getString(option) ?? '') : '';
  };

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const name = interaction.commandName;
    const target = interaction.options.get(OPTION.channel);
    const targetId = typeof target?.value === 'string' ? target.value : interaction.channelId;
    if (targetId === null) {
      await respond(interaction, [errorDocument()], true);
      return;
    }
    // /digest may take a while to build, /import and /sources tambah fetch feeds: acknowledge within
    // Discord's 3 seconds, then edit and follow up (a refusal is then public, as the deferral was).
    const slow = name === 'digest' || name === 'import' || (name === 'sources' && interaction.options.getString(OPTION.add) !== null);
    if (slow) await interaction.deferReply();
    const attachment = name === 'import' ? interaction.options.getAttachment(OPTION.file) : null;
    const request: CommandRequest = {
      name,
      args: argsOf(interaction),
      chat: { platform: 'discord', chatId: targetId, threadId: null },
      chatKind: interaction.inGuild() ? 'group' : 'private',
      userId: interaction.user.id,
      isAdmin: async () => canManage(interaction, target),
      chatTitle: interaction.guild?.name ?? (interaction.channel && 'name' in interaction.channel && interaction.channel.name ? interaction.channel.name : targetId),
      ...(attachment ? { file: attachmentFile(attachment, options.apiBase ?? 'https://discord.com/api') } : {}),
    };
    if (name === 'subscribe' && interaction.inGuild() && canManage(interaction, target)) {
      const missing = await postingProblem(interaction, targetId, target);
      if (missing !== null) {
        logger.info('discord subscribe refused: bot cannot post', { channel: targetId, missing: missing.join(',') || 'access' });
        await respond(interaction, [botCannotPostDocument({ missing, here: targetId === interaction.channelId })], true);
        return;
      }
    }
    const answer = await handlers.handle(request);
    logger.debug('discord command', { command: name, channel: targetId, outcome: answer.outcome });
    // An interaction left unanswered shows "did not respond": a silenced command gets its notice, privately.
    if (answer.outcome === 'silent' && answer.privateNotice) await respond(interaction, [answer.privateNotice], true);
    else await respond(interaction, answer.documents, PRIVATE_OUTCOMES.has(answer.outcome), answer);
  }

  /** A pick in the outlet menu: managers change the channel's choice and the message is updated in place. */
  async function onPick(interaction: StringSelectMenuInteraction): Promise<void> {
    const answer = await handlers.choose({
      picker: 'sources',
      values: interaction.values,
      shown: interaction.component.options.map((o) => o.value),
      chat: { platform: 'discord', chatId: interaction.channelId, threadId: null },
      chatKind: interaction.inGuild() ? 'group' : 'private',
      userId: interaction.user.id,
      isAdmin: async () => !interaction.inGuild() || (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false),
    });
    logger.debug('discord pick', { channel: interaction.channelId, outcome: answer.outcome });
    const [doc] = answer.documents;
    const [first] = doc ? render(doc) : [];
    if (answer.outcome !== 'ok' || !first) {
      const [message] = answer.documents.flatMap((d) => render(d));
      await interaction.reply({ ...(message ? replyBody(message) : { content: 'Tidak dapat diubah.', allowedMentions: NO_MENTIONS }), flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.update({ ...replyBody(first), components: answer.picker ? pickerComponents(answer.picker) : [] });
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    if (interaction.commandName === 'sources' && focused.name === OPTION.remove) {
      const typed = String(focused.value).trim().toLowerCase();
      const names = (await options.outletNames?.({ platform: 'discord', chatId: interaction.channelId ?? '', threadId: null })) ?? [];
      const choices = [...new Set(names)]
        .filter((n) => n.toLowerCase().includes(typed))
        .slice(0, MAX_CHOICES)
        .map((n) => ({ name: clip(n, MAX_CHOICE_LENGTH), value: clip(n, MAX_CHOICE_LENGTH) }));
      await interaction.respond(choices);
      return;
    }
    if (interaction.commandName !== 'quotes' || focused.name !== OPTION.name) {
      await interaction.respond([]);
      return;
    }
    const query = String(focused.value).trim().toLowerCase();
    const seen = new Set<string>();
    const choices: { name: string; value: string }[] = [];
    for (const s of await options.speakers.speakers(query, MAX_CHOICES)) {
      // The full name: /quotes then finds exactly this person, whoever else shares a word of it.
      const value = clip(s.name || s.key, MAX_CHOICE_LENGTH);
      if (seen.has(value) || choices.length >= MAX_CHOICES) continue;
      seen.add(value);
      choices.push({ name: clip(s.name || s.key, MAX_CHOICE_LENGTH), value });
    }
    await interaction.respond(choices);
  }

  /**
   * Channel type of each interaction being handled, read from the raw packet: discord.js builds no
   * channel object without a cached guild, and a thread takes Send Messages in Threads, not Send Messages.
   */
  const interactionChannelTypes = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const track = (interaction: Interaction, task: Promise<void>) => {
    const run = task.catch((error: unknown) => {
      const failure = classifyDiscordError(error);
      logger.warn('discord interaction failed', { interaction: interaction.id, error: failure.message });
    });
    inFlight.add(run);
    void run.finally(() => {
      inFlight.delete(run);
      interactionChannelTypes.delete(interaction.id);
    });
  };
  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isAutocomplete()) track(interaction, onAutocomplete(interaction));
    else if (interaction.isChatInputCommand()) track(interaction, onCommand(interaction));
    else if (interaction.isStringSelectMenu() && interaction.customId === SOURCES_MENU) track(interaction, onPick(interaction));
  });
  // Channel deletions arrive with the Guilds intent; the channel is rarely cached (no guild data), so read the raw event.
  client.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => {
    if (typeof packet.d !== 'object' || packet.d === null) return;
    const d = packet.d as { id?: unknown; channel?: { type?: unknown }; unavailable?: unknown };
    if ((packet.t === 'CHANNEL_DELETE' || packet.t === 'THREAD_DELETE') && typeof d.id === 'string') deactivateChannel(d.id, 'unknown channel');
    // A GUILD_DELETE without `unavailable` means the bot was removed; read the guild's channels before
    // discord.js drops them from its cache.
    if (packet.t === 'GUILD_DELETE' && typeof d.id === 'string' && d.unavailable !== true) {
      const channels = client.guilds.cache.get(d.id)?.channels.cache;
      for (const channelId of channels?.keys() ?? []) deactivateChannel(channelId, 'kicked');
    }
    // Raw packets come before discord.js handles them; bounded in case an interaction is never handled.
    if (packet.t === 'INTERACTION_CREATE' && typeof d.id === 'string' && typeof d.channel?.type === 'number') {
      if (interactionChannelTypes.size >= 1000) interactionChannelTypes.clear();
      interactionChannelTypes.set(d.id, d.channel.type);
    }
  });
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn('discord gateway disconnected', { shard, code: event.code }));

  let started: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;

  async function login(): Promise<void> {
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
      await client.rest.put(route, { body: slashCommands(handlers.commands) });
    } catch (error) {
      throw classifyDiscordError(error);
    }
    logger.info('discord bot started', {
      user: client.user?.tag ?? null,
      commands: handlers.commands.length,
      scope: options.guildId ? `guild ${options.guildId}` : 'global',
    });
  }

  return {
    platform,
    client,
    start() {
      started ??= login();
      return started;
    },
    stop() {
      stopping ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), options.stopTimeoutMs ?? 10_000);
        });
        const outcome = await Promise.race([idle().then(() => 'idle' as const), timeout]);
        clearTimeout(timer);
        if (outcome === 'timeout') logger.warn('discord stopped with interactions still pending', { count: inFlight.size });
        await client.destroy();
      })();
      return stopping;
    },
    idle,
  };
}
