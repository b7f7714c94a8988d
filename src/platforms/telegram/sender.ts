/**
 * What the delivery loop sends digests through: one HTML part per sendMessage, link previews off,
 * into the forum topic when the subscription has one. grammY's failures become kilas's platform
 * errors; a group upgraded while we sent moves its subscription and the part goes to the supergroup.
 */
import { GrammyError, type Api } from 'grammy';
import type { ChatPlatform, SubscriptionStore } from '../../bot/ports.ts';
import { RejectedPayloadError } from '../../errors.ts';
import type { Document } from '../../format/document.ts';
import type { Logger } from '../../logger.ts';
import { HTML_OPTIONS } from './chat.ts';
import { classifyTelegramError } from './errors.ts';

export function telegramSender(api: Api, render: (doc: Document) => string[], subscriptions: SubscriptionStore, logger: Logger): ChatPlatform {
  return {
    name: 'telegram',
    render: (doc) => render(doc).map((payload, index) => ({ index, payload })),
    async send(chat, part) {
      const payload = part.payload;
      if (typeof payload !== 'string') throw new RejectedPayloadError(`telegram part ${part.index} is not an HTML string`);
      const threadId = chat.threadId === null ? undefined : Number(chat.threadId);
      const sendTo = (chatId: string) =>
        api.sendMessage(chatId, payload, {
          ...HTML_OPTIONS,
          ...(threadId !== undefined && Number.isSafeInteger(threadId) ? { message_thread_id: threadId } : {}),
        });
      try {
        return String((await sendTo(chat.chatId)).message_id);
      } catch (error) {
        const migratedTo = error instanceof GrammyError ? error.parameters.migrate_to_chat_id : undefined;
        if (migratedTo === undefined) throw classifyTelegramError(error);
        await subscriptions.migrateChat(chat, String(migratedTo));
        logger.info('telegram chat migrated while sending', { from: chat.chatId, to: String(migratedTo) });
        try {
          return String((await sendTo(String(migratedTo))).message_id);
        } catch (retryError) {
          throw classifyTelegramError(retryError);
        }
      }
    },
  };
}
