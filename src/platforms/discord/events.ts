/**
 * The gateway events the adapter listens to: interactions (each tracked until answered, so a stop
 * can wait for them), and raw packets: a deleted channel or thread, or the bot removed from a guild,
 * ends those channels' subscriptions; an interaction's channel type is noted before discord.js
 * handles it (it builds no channel object without a cached guild, and a thread takes Send Messages
 * in Threads, not Send Messages).
 */
import { Events, type Client, type Interaction } from 'discord.js';
import type { Logger } from '../../logger.ts';
import { classifyDiscordError } from './errors.ts';

export interface GatewayWatch {
  /** The channel type of an interaction being handled, from its raw packet; null when unknown. */
  channelTypeOf(interactionId: string): number | null;
  /** Resolves when every interaction received so far has been answered (or failed). */
  idle(): Promise<void>;
  /** Interactions being answered. */
  size(): number;
}

export interface GatewayHandlers {
  /** Handles an interaction; `null` when the adapter does not handle this kind. */
  readonly onInteraction: (interaction: Interaction) => Promise<void> | null;
  /** A channel is gone for the bot (deleted, or the bot was removed from its guild). */
  readonly onChannelGone: (channelId: string, reason: string) => void;
  readonly logger: Logger;
}

/** Subscribes to the client's events. */
export function watchGateway(client: Client, handlers: GatewayHandlers): GatewayWatch {
  const { logger } = handlers;
  const channelTypes = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  client.on(Events.InteractionCreate, (interaction) => {
    const task = handlers.onInteraction(interaction);
    if (!task) return;
    const run = task.catch((error: unknown) => {
      logger.warn('discord interaction failed', { interaction: interaction.id, error: classifyDiscordError(error).message });
    });
    inFlight.add(run);
    void run.finally(() => {
      inFlight.delete(run);
      channelTypes.delete(interaction.id);
    });
  });
  // Channel deletions arrive with the Guilds intent; the channel is rarely cached (no guild data), so read the raw event.
  client.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => {
    if (typeof packet.d !== 'object' || packet.d === null) return;
    const d = packet.d as { id?: unknown; channel?: { type?: unknown }; unavailable?: unknown };
    if ((packet.t === 'CHANNEL_DELETE' || packet.t === 'THREAD_DELETE') && typeof d.id === 'string') handlers.onChannelGone(d.id, 'unknown channel');
    // A GUILD_DELETE without `unavailable` means the bot was removed; read the guild's channels before
    // discord.js drops them from its cache.
    if (packet.t === 'GUILD_DELETE' && typeof d.id === 'string' && d.unavailable !== true) {
      const channels = client.guilds.cache.get(d.id)?.channels.cache;
      for (const channelId of channels?.keys() ?? []) handlers.onChannelGone(channelId, 'kicked');
    }
    // Raw packets come before discord.js handles them; bounded in case an interaction is never handled.
    if (packet.t === 'INTERACTION_CREATE' && typeof d.id === 'string' && typeof d.channel?.type === 'number') {
      if (channelTypes.size >= 1000) channelTypes.clear();
      channelTypes.set(d.id, d.channel.type);
    }
  });
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn('discord gateway disconnected', { shard, code: event.code }));
  return {
    channelTypeOf: (id) => channelTypes.get(id) ?? null,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    size: () => inFlight.size,
  };
}
