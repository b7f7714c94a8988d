/**
 * Telegram translations for what a reply carries besides text: a picker as an inline keyboard (its
 * buttons come back as callback queries), files as documents, and the OPML document a user sends
 * with `/import`, downloaded through the Bot API's file endpoint.
 */
import { InlineKeyboard, InputFile } from 'grammy';
import type { Api, Context } from 'grammy';
import type { CommandReply } from '../../bot/commands.ts';
import { clip } from '../../core/text/index.ts';
import type { Document } from '../../format/document.ts';
import { renderText } from '../../format/text-renderer.ts';
import { id as words } from '../../format/wording/id.ts';
import type { Logger } from '../../logger.ts';
import { classifyTelegramError } from './errors.ts';
import type { Document as TelegramDocument } from 'grammy/types';
import type { IncomingFile, OutgoingFile, Picker } from '../../bot/source-commands.ts';
import { downloadText } from '../file-download.ts';

/** Callback data prefix of outlet buttons: `src:<outlet id>` or `src:all` (64 bytes at most). */
export const PICK_PREFIX = 'src:';

/** The picker as an inline keyboard: one toggle button per outlet, two a row, then "Semua media". */
export function pickerKeyboard(picker: Picker): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  picker.options.forEach((o, i) => {
    keyboard.text(`${o.selected ? '✅' : '⬜'} ${clip(o.label, 30)}`, `${PICK_PREFIX}${o.value}`);
    if (i % 2 === 1) keyboard.row();
  });
  if (picker.options.length % 2 === 1) keyboard.row();
  return keyboard.text(words.controls.allOutlets, `${PICK_PREFIX}all`);
}

/** Sends reply files as documents. */
export async function sendFiles(api: Api, chatId: number, files: readonly OutgoingFile[], threadId: number | undefined): Promise<void> {
  for (const f of files) {
    await api.sendDocument(chatId, new InputFile(Buffer.from(f.content, 'utf8'), f.name), {
      ...(threadId !== undefined ? { message_thread_id: threadId } : {}),
    });
  }
}

/** A document sent with (or replied to by) a command, readable through getFile and the file endpoint. */
export function incomingFile(api: Api, apiRoot: string, token: string, doc: TelegramDocument): IncomingFile {
  return {
    name: doc.file_name ?? 'berkas',
    size: doc.file_size ?? null,
    async read(maxBytes) {
      const file = await api.getFile(doc.file_id);
      if (file.file_size !== undefined && file.file_size > maxBytes) throw new Error(`file larger than ${maxBytes} bytes`);
      if (!file.file_path) throw new Error('Telegram gave no file path');
      return downloadText(`${apiRoot}/file/bot${token}/${file.file_path}`, maxBytes);
    },
  };
}

/**
 * Answers a button press: a refusal is a short alert to the one who pressed (the list stays); a
 * change edits the list in place with the new state and buttons.
 */
export async function showPick(
  ctx: Context,
  answer: CommandReply,
  opts: { render: (doc: Document) => string[]; html: Record<string, unknown>; logger: Logger },
): Promise<void> {
  const chat = ctx.chat;
  const message = ctx.callbackQuery?.message;
  const [doc] = answer.documents;
  if (answer.outcome !== 'ok' || !doc || !message || !chat) {
    const alert = doc ? renderText(doc).replace(/\s+/g, ' ').trim().slice(0, 190) : words.controls.cannotChange;
    await ctx.answerCallbackQuery({ text: alert, show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const html = opts.render(doc)[0];
  if (html === undefined) return;
  try {
    await ctx.api.editMessageText(chat.id, message.message_id, html, {
      ...opts.html,
      ...(answer.picker ? { reply_markup: pickerKeyboard(answer.picker) } : {}),
    });
  } catch (error) {
    // "message is not modified" (a double press) and a deleted message are not worth more than a line.
    opts.logger.debug('telegram pick: list not edited', { chat: String(chat.id), error: classifyTelegramError(error).message });
  }
}
