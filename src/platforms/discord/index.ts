/** The Discord platform module: discord.js, slash commands, embeds, nonce-deduplicated sends. */
import type { PlatformModule } from '../module.ts';
import { discordConfig, type DiscordSettings } from './config.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { renderDiscord } from './renderer.ts';

export const discord: PlatformModule<Parameters<typeof discordConfig.settings>[0], DiscordSettings> = {
  name: 'discord',
  limits: DISCORD_LIMITS,
  config: discordConfig,
  render: (doc) => renderDiscord(doc),
  preview: (doc) => `${JSON.stringify(renderDiscord(doc), null, 2)}\n`,
  async create(settings, ctx) {
    const { createDiscordAdapter } = await import('./adapter.ts');
    return createDiscordAdapter({
      ...settings,
      handlers: ctx.handlers,
      subscriptions: ctx.subscriptions,
      speakers: ctx.news,
      outletNames: ctx.outletNames,
      logger: ctx.logger,
      render: (doc) => renderDiscord(doc),
      stopTimeoutMs: ctx.stopTimeoutMs,
    });
  },
};
