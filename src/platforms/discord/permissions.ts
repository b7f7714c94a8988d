/**
 * Who may manage a channel's subscription (Manage Channels, here and in the channel named), and
 * what keeps the bot from posting in a channel (View Channel, Send Messages or Send Messages in
 * Threads, Embed Links), read from what Discord sent with the interaction where it can be.
 */
import { ChannelType, PermissionFlagsBits, PermissionsBitField, Routes } from 'discord.js';
import type { ChatInputCommandInteraction, Client, CommandInteractionOption } from 'discord.js';
import type { BotChannelPermission } from '../../format/answers-document.ts';
import type { Logger } from '../../logger.ts';
import { classifyDiscordError } from './errors.ts';

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

/** Whether the member may manage subscriptions: Manage Channels here, and in the target channel when named. */
export function canManage(interaction: ChatInputCommandInteraction, target: CommandInteractionOption | null): boolean {
  if (!interaction.inGuild()) return true;
  if (!(interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false)) return false;
  const inTarget = target ? resolvedPermissions(target.channel, 'member') : null;
  return inTarget === null || inTarget.has(PermissionFlagsBits.ManageChannels);
}

export interface PostingCheck {
  readonly client: Client;
  readonly logger: Logger;
  /** The channel type of an interaction's own channel, from its raw packet (events.ts). */
  readonly channelTypeOf: (interactionId: string) => number | null;
}

/**
 * What keeps the bot from posting in the target channel: the missing permissions, [] when the
 * channel cannot be reached at all, null when nothing is known to be missing.
 */
export async function postingProblem(
  check: PostingCheck,
  interaction: ChatInputCommandInteraction,
  targetId: string,
  target: CommandInteractionOption | null,
): Promise<BotChannelPermission[] | null> {
  const { client } = check;
  const here = targetId === interaction.channelId;
  const type = here ? check.channelTypeOf(interaction.id) : channelTypeOf(target?.channel);
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
    check.logger.info('discord channel check failed', { channel: targetId, error: classifyDiscordError(error).message });
    return [];
  }
}
