/**
 * The membership and migration Composers: the bot blocked, kicked, muted or demoted in a channel
 * ends the chat's subscriptions; a group upgraded to a supergroup keeps its subscription.
 */
import { Composer, type Context } from 'grammy';
import type { SubscriptionStore } from '../../bot/ports.ts';
import type { Logger } from '../../logger.ts';
import { telegramChat } from './chat.ts';

/** Deactivates every active subscription of a chat (all its topics): the chat is gone for the bot. */
export function chatDeactivator(subscriptions: SubscriptionStore, logger: Logger): (chatId: string, reason: string) => Promise<number> {
  return async (chatId, reason) => {
    let n = 0;
    for (const sub of await subscriptions.listActive()) {
      if (sub.chat.platform === 'telegram' && sub.chat.chatId === chatId && (await subscriptions.unsubscribe(sub.chat, reason))) n++;
    }
    if (n > 0) logger.info('telegram subscription deactivated', { chat: chatId, reason });
    return n;
  };
}

/** my_chat_member updates -> deactivations. */
export function membershipComposer(deactivateChat: (chatId: string, reason: string) => Promise<unknown>): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('my_chat_member', async (ctx) => {
    const member = ctx.myChatMember.new_chat_member;
    const chat = ctx.myChatMember.chat;
    if (member.status === 'kicked' || member.status === 'left') {
      await deactivateChat(String(chat.id), chat.type === 'private' ? 'blocked' : 'kicked');
    } else if (member.status === 'restricted' && !member.can_send_messages) {
      await deactivateChat(String(chat.id), 'restricted');
    } else if (chat.type === 'channel' && member.status !== 'administrator') {
      // Only administrators post in a channel: a demoted bot can no longer deliver there.
      await deactivateChat(String(chat.id), 'restricted');
    }
  });
  return composer;
}

/** The service messages of a group upgraded to a supergroup -> the subscription moves along. */
export function migrationComposer(subscriptions: SubscriptionStore, logger: Logger): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('message:migrate_to_chat_id', async (ctx) => {
    const to = String(ctx.msg.migrate_to_chat_id);
    await subscriptions.migrateChat(telegramChat(ctx.chat.id), to);
    logger.info('telegram chat migrated', { from: String(ctx.chat.id), to });
  });
  // The supergroup's own service message; a no-op when the old group's message came first.
  composer.on('message:migrate_from_chat_id', async (ctx) => {
    await subscriptions.migrateChat(telegramChat(ctx.msg.migrate_from_chat_id), String(ctx.chat.id));
  });
  return composer;
}
