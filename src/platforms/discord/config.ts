/** Discord's environment variables: bot token, application id, optional development guild, API base. */
import { z } from 'zod';
import { httpUrl, optional } from '../../config-fields.ts';
import type { PlatformConfig } from '../module.ts';

const VARIABLES = {
  DISCORD_TOKEN: optional(z.string().optional()),
  DISCORD_APP_ID: optional(z.string().regex(/^\d{5,25}$/, 'expected the numeric application id').optional()),
  DISCORD_GUILD_ID: optional(z.string().regex(/^\d{5,25}$/, 'expected a numeric guild id').optional()),
  DISCORD_API_BASE: httpUrl('https://discord.com/api'),
};

type Vars = z.infer<z.ZodObject<typeof VARIABLES>>;

export interface DiscordSettings {
  readonly token: string;
  readonly appId: string;
  readonly guildId: string | null;
  readonly apiBase: string;
}

export const discordConfig: PlatformConfig<Vars, DiscordSettings> = {
  variables: VARIABLES,
  secrets: ['DISCORD_TOKEN'],
  check(v, issue) {
    if (v.DISCORD_TOKEN && !v.DISCORD_APP_ID) issue('DISCORD_APP_ID', 'required when DISCORD_TOKEN is set');
  },
  settings: (v) =>
    v.DISCORD_TOKEN && v.DISCORD_APP_ID
      ? { token: v.DISCORD_TOKEN, appId: v.DISCORD_APP_ID, guildId: v.DISCORD_GUILD_ID ?? null, apiBase: v.DISCORD_API_BASE.replace(/\/+$/, '') }
      : null,
};
