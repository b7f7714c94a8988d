/**
 * Interactions -> the platform-neutral handlers: slash commands become `CommandRequest`s (the
 * channel option names another channel), presses in the outlet menu become choices, and the
 * `/quotes` and `/sources hapus` options are autocompleted.
 */
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction, Client, StringSelectMenuInteraction } from 'discord.js';
import type { CommandHandlers, CommandReply, CommandRequest } from '../../bot/commands.ts';
import type { ChatRef, NewsStore } from '../../bot/ports.ts';
import { botCannotPostDocument, errorDocument } from '../../format/answers-document.ts';
import type { Document } from '../../format/document.ts';
import { id as words } from '../../format/wording/id.ts';
import type { Logger } from '../../logger.ts';
import { OPTION } from './commands.ts';
import { clip } from '../../core/text/index.ts';
import { attachmentFile, pickerComponents } from './extras.ts';
import { canManage, postingProblem } from './permissions.ts';
import type { DiscordMessage } from './renderer.ts';
import { replyBody, respond } from './responses.ts';
import { NO_MENTIONS } from './sender.ts';

export interface InteractionDeps {
  readonly handlers: CommandHandlers;
  readonly render: (doc: Document) => DiscordMessage[];
  readonly logger: Logger;
  readonly client: Client;
  /** REST base: attachments are downloaded only from Discord's hosts or this one. */
  readonly apiBase: string;
  readonly speakers: Pick<NewsStore, 'speakers'>;
  readonly outletNames?: (chat: ChatRef) => Promise<readonly string[]>;
  /** The channel type of an interaction's own channel, from its raw packet. */
  readonly channelTypeOf: (interactionId: string) => number | null;
}

const MAX_CHOICES = 25;
/** Discord's limit on a choice's name and value, in UTF-16 code units. */
const MAX_CHOICE_LENGTH = 100;

/** The slash-command option that carries a command's text argument. */
const ARGUMENT_OPTION: Readonly<Record<string, string>> = {
  quotes: OPTION.name,
  subscribe: OPTION.time,
  settime: OPTION.time,
  topics: OPTION.keywords,
  digest: OPTION.length,
  format: OPTION.length,
};

/** Outcomes answered privately (ephemeral): refusals and errors are nobody else's business. */
const PRIVATE_OUTCOMES: ReadonlySet<CommandReply['outcome']> = new Set(['invalid', 'refused', 'rate-limited', 'error']);

/** The text argument of commands whose options are not one string: `/sources tambah:URL`, `/import mode:ganti`. */
function argsOf(interaction: ChatInputCommandInteraction): string {
  const name = interaction.commandName;
  if (name === 'sources') {
    const add = interaction.options.getString(OPTION.add);
    const remove = interaction.options.getString(OPTION.remove);
    return add !== null ? `tambah ${add}` : remove !== null ? `hapus ${remove}` : '';
  }
  if (name === 'import') return interaction.options.getString(OPTION.mode) ?? '';
  const option = ARGUMENT_OPTION[name];
  return option ? (interaction.options.getString(option) ?? '') : '';
}

/** A slash command. */
export async function onCommand(deps: InteractionDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const { logger } = deps;
  const answerWith = (docs: readonly Document[], ephemeral: boolean, extras?: Pick<CommandReply, 'picker' | 'files'>) =>
    respond(deps.render, interaction, docs, ephemeral, extras);
  const name = interaction.commandName;
  const target = interaction.options.get(OPTION.channel);
  const targetId = typeof target?.value === 'string' ? target.value : interaction.channelId;
  if (targetId === null) return answerWith([errorDocument()], true);
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
    ...(attachment ? { file: attachmentFile(attachment, deps.apiBase) } : {}),
  };
  if (name === 'subscribe' && interaction.inGuild() && canManage(interaction, target)) {
    const missing = await postingProblem(deps, interaction, targetId, target);
    if (missing !== null) {
      logger.info('discord subscribe refused: bot cannot post', { channel: targetId, missing: missing.join(',') || 'access' });
      return answerWith([botCannotPostDocument({ missing, here: targetId === interaction.channelId })], true);
    }
  }
  const answer = await deps.handlers.handle(request);
  logger.debug('discord command', { command: name, channel: targetId, outcome: answer.outcome });
  // An interaction left unanswered shows "did not respond": a silenced command gets its notice, privately.
  if (answer.outcome === 'silent' && answer.privateNotice) await answerWith([answer.privateNotice], true);
  else await answerWith(answer.documents, PRIVATE_OUTCOMES.has(answer.outcome), answer);
}

/** A pick in the outlet menu: managers change the channel's choice and the message is updated in place. */
export async function onPick(deps: InteractionDeps, interaction: StringSelectMenuInteraction): Promise<void> {
  const answer = await deps.handlers.choose({
    picker: 'sources',
    values: interaction.values,
    shown: interaction.component.options.map((o) => o.value),
    chat: { platform: 'discord', chatId: interaction.channelId, threadId: null },
    chatKind: interaction.inGuild() ? 'group' : 'private',
    userId: interaction.user.id,
    isAdmin: async () => !interaction.inGuild() || (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false),
  });
  deps.logger.debug('discord pick', { channel: interaction.channelId, outcome: answer.outcome });
  const [doc] = answer.documents;
  const [first] = doc ? deps.render(doc) : [];
  if (answer.outcome !== 'ok' || !first) {
    const [message] = answer.documents.flatMap((d) => deps.render(d));
    await interaction.reply({ ...(message ? replyBody(message) : { content: words.controls.cannotChange, allowedMentions: NO_MENTIONS }), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.update({ ...replyBody(first), components: answer.picker ? pickerComponents(answer.picker) : [] });
}

/** Suggestions: the channel's outlets for `/sources hapus`, known speakers for `/quotes`. */
export async function onAutocomplete(deps: InteractionDeps, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).trim().toLowerCase();
  if (interaction.commandName === 'sources' && focused.name === OPTION.remove) {
    const names = (await deps.outletNames?.({ platform: 'discord', chatId: interaction.channelId ?? '', threadId: null })) ?? [];
    const choices = [...new Set(names)]
      .filter((n) => n.toLowerCase().includes(typed))
      .slice(0, MAX_CHOICES)
      .map((n) => ({ name: clip(n, MAX_CHOICE_LENGTH, 'utf16'), value: clip(n, MAX_CHOICE_LENGTH, 'utf16') }));
    await interaction.respond(choices);
    return;
  }
  if (interaction.commandName !== 'quotes' || focused.name !== OPTION.name) {
    await interaction.respond([]);
    return;
  }
  const seen = new Set<string>();
  const choices: { name: string; value: string }[] = [];
  for (const s of await deps.speakers.speakers(typed, MAX_CHOICES)) {
    // The full name: /quotes then finds exactly this person, whoever else shares a word of it.
    const value = clip(s.name || s.key, MAX_CHOICE_LENGTH, 'utf16');
    if (seen.has(value) || choices.length >= MAX_CHOICES) continue;
    seen.add(value);
    choices.push({ name: value, value });
  }
  await interaction.respond(choices);
}
