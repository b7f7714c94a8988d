/**
 * The slash commands kilas registers with Discord: the platform-neutral command list
 * (`COMMANDS` in bot/commands.ts, with its Indonesian descriptions) plus the typed options Discord
 * asks for. Registration data only; answers are never worded here.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  APIApplicationCommandOption,
  ApplicationCommandOptionAllowedChannelType,
  RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandInfo } from '../../format/answers-document.ts';
import { id as words } from '../../format/wording/id.ts';

/** Option names as users see them in the Discord client. */
export const OPTION = {
  channel: 'channel',
  time: 'time',
  name: 'name',
  keywords: 'keywords',
  add: 'tambah',
  remove: 'hapus',
  file: 'berkas',
  mode: 'mode',
  length: 'length',
} as const;

/** custom_id of the outlet select menu `/sources` shows. */
export const SOURCES_MENU = 'kilas:sources';

/** Commands that change a channel's subscription: hidden from members without Manage Channels. */
export const MANAGE_COMMANDS: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe', 'settime', 'topics', 'import', 'format']);

const lengthOption = (description: string, required: boolean): APIApplicationCommandOption => ({
  type: ApplicationCommandOptionType.String,
  name: OPTION.length,
  description,
  required,
  choices: [
    { name: 'ringkas', value: 'ringkas' },
    { name: 'lengkap', value: 'lengkap' },
  ],
});

/** Text channels a digest can go to: text, announcement and thread channels. */
const POSTABLE_CHANNELS: ApplicationCommandOptionAllowedChannelType[] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
];

const channelOption = (description: string): APIApplicationCommandOption => ({
  type: ApplicationCommandOptionType.Channel,
  name: OPTION.channel,
  description,
  required: false,
  channel_types: POSTABLE_CHANNELS,
});

const timeOption = (required: boolean): APIApplicationCommandOption => ({
  type: ApplicationCommandOptionType.String,
  name: OPTION.time,
  description: words.controls.options.time,
  required,
  min_length: 1,
  max_length: 40,
});

const OPTIONS: Readonly<Record<string, readonly APIApplicationCommandOption[]>> = {
  subscribe: [channelOption(words.controls.options.subscribeChannel), timeOption(false)],
  unsubscribe: [channelOption(words.controls.options.unsubscribeChannel)],
  settime: [timeOption(true)],
  digest: [lengthOption(words.controls.options.digestLength, false)],
  format: [lengthOption(words.controls.options.dailyLength, false)],
  topics: [
    {
      type: ApplicationCommandOptionType.String,
      name: OPTION.keywords,
      description: words.controls.options.keywords,
      required: false,
      max_length: 400,
    },
  ],
  sources: [
    {
      type: ApplicationCommandOptionType.String,
      name: OPTION.add,
      description: words.controls.options.addFeed,
      required: false,
      max_length: 500,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: OPTION.remove,
      description: words.controls.options.removeFeed,
      required: false,
      autocomplete: true,
      max_length: 100,
    },
  ],
  import: [
    {
      type: ApplicationCommandOptionType.Attachment,
      name: OPTION.file,
      description: words.controls.options.opmlFile,
      required: true,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: OPTION.mode,
      description: words.controls.options.importMode,
      required: false,
      choices: [
        { name: 'gabung', value: 'gabung' },
        { name: 'ganti', value: 'ganti' },
      ],
    },
  ],
  quotes: [
    {
      type: ApplicationCommandOptionType.String,
      name: OPTION.name,
      description: words.controls.options.speakerName,
      required: true,
      autocomplete: true,
      min_length: 1,
      max_length: 60,
    },
  ],
};

/** Discord's limit on a command description. */
const MAX_DESCRIPTION = 100;

/**
 * The JSON body of `PUT /applications/:id/commands` (or the guild route) for `commands`, in order.
 * Subscription commands carry `default_member_permissions` = Manage Channels; the adapter checks the
 * member's permissions again, since a server can override the default.
 */
export function slashCommands(commands: readonly CommandInfo[]): RESTPutAPIApplicationCommandsJSONBody {
  return commands.map((c) => ({
    type: ApplicationCommandType.ChatInput,
    name: c.name,
    description: Array.from(c.description).slice(0, MAX_DESCRIPTION).join(''),
    ...(OPTIONS[c.name] ? { options: [...(OPTIONS[c.name] ?? [])] } : {}),
    ...(MANAGE_COMMANDS.has(c.name) ? { default_member_permissions: PermissionFlagsBits.ManageChannels.toString() } : {}),
  }));
}
