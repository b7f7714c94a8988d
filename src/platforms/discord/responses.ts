/**
 * Answers to interactions: the first message answers (or edits a deferred answer), the rest follow
 * up; a picker becomes a select menu under the first document, files go with the last message.
 * Mentions are disabled everywhere.
 */
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandReply } from '../../bot/commands.ts';
import type { Document } from '../../format/document.ts';
import { filesOf, pickerComponents } from './extras.ts';
import type { DiscordMessage } from './renderer.ts';
import { NO_MENTIONS } from './sender.ts';

/** A rendered message as discord.js takes it in a reply. */
export const replyBody = (m: DiscordMessage) => ({
  ...(m.content !== undefined ? { content: m.content } : {}),
  ...(m.embeds ? { embeds: m.embeds } : {}),
  allowedMentions: NO_MENTIONS,
});

/** Sends `docs` as the interaction's response (`ephemeral`: only the one who asked sees it). */
export async function respond(
  render: (doc: Document) => DiscordMessage[],
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
