/**
 * Answers to commands: documents rendered to HTML and sent through the pacer deliveries use (a burst
 * of replies keeps to the per-chat and overall limits, a 429 is waited out rather than the reply
 * dropped), the first one in a group as a reply to the command; a picker's keyboard and files go with
 * them. Also who may manage a chat's subscription.
 */
import type { Context } from 'grammy';
import type { CommandReply } from '../../bot/commands.ts';
import type { Pacer } from '../../bot/pacer.ts';
import { realSleep } from '../../bot/pacer.ts';
import { sendWithRetry, type RetryPolicy } from '../../bot/retry.ts';
import { ChatUnavailableError } from '../../errors.ts';
import type { Document } from '../../format/document.ts';
import type { Logger } from '../../logger.ts';
import { HTML_OPTIONS, telegramChat } from './chat.ts';
import { classifyTelegramError } from './errors.ts';
import { pickerKeyboard, sendFiles } from './extras.ts';

export interface ReplyDeps {
  readonly render: (doc: Document) => string[];
  readonly pacer: Pacer;
  readonly policy: RetryPolicy;
  /** Aborted when a stop gives up waiting for replies, so none keeps sleeping out a 429. */
  readonly abort: AbortSignal;
  readonly logger: Logger;
  /** The chat is gone for the bot (blocked, kicked): its subscriptions end. */
  readonly deactivateChat: (chatId: string, reason: string) => Promise<unknown>;
}

export type Reply = (ctx: Context, docs: readonly Document[], extras?: Pick<CommandReply, 'picker' | 'files'>) => Promise<void>;

/** The reply function of the adapter. */
export function createReply(deps: ReplyDeps): Reply {
  const { render, logger } = deps;
  const gone = async (chat: NonNullable<Context['chat']>) => deps.deactivateChat(String(chat.id), chat.type === 'private' ? 'blocked' : 'kicked');

  /** Sends one HTML message; false (logged, chat deactivated when gone) when it could not be sent. */
  const sendOne = async (ctx: Context, html: string, extra: Record<string, unknown>): Promise<boolean> => {
    const chat = ctx.chat!;
    const outcome = await sendWithRetry(
      telegramChat(chat.id),
      async () => {
        try {
          return String((await ctx.api.sendMessage(chat.id, html, { ...HTML_OPTIONS, ...extra })).message_id);
        } catch (error) {
          throw classifyTelegramError(error);
        }
      },
      { pacer: deps.pacer, sleep: realSleep, random: Math.random, policy: deps.policy, signal: deps.abort },
    );
    if (outcome.ok) return true;
    logger.warn('telegram reply failed', { chat: String(chat.id), kind: outcome.kind, error: outcome.reason });
    if (outcome.kind === 'unavailable') await gone(chat);
    return false;
  };

  return async (ctx, docs, extras = {}) => {
    const chat = ctx.chat;
    if (!chat || docs.length === 0) return;
    // The picker's buttons go under the last message of the first document (the list they change).
    const keyboardAfter = extras.picker ? render(docs[0]!).length - 1 : -1;
    let sent = 0;
    const threadId = ctx.msg?.is_topic_message ? ctx.msg.message_thread_id : undefined;
    // In groups the first message answers the command itself, so readers see whose command it was.
    let replyTo = chat.type === 'group' || chat.type === 'supergroup' ? ctx.msg?.message_id : undefined;
    for (const html of docs.flatMap((doc) => render(doc))) {
      const ok = await sendOne(ctx, html, {
        ...(threadId !== undefined ? { message_thread_id: threadId } : {}),
        ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
        ...(extras.picker !== undefined && sent === keyboardAfter ? { reply_markup: pickerKeyboard(extras.picker) } : {}),
      });
      if (!ok) return;
      replyTo = undefined;
      sent++;
    }
    if (!extras.files?.length) return;
    try {
      await sendFiles(ctx.api, chat.id, extras.files, threadId);
    } catch (error) {
      const failure = classifyTelegramError(error);
      logger.warn('telegram reply failed', { chat: String(chat.id), error: failure.message });
      if (failure instanceof ChatUnavailableError) await gone(chat);
    }
  };
}

/**
 * Whether the sender may manage the chat's subscription: anyone in a private chat or channel, an
 * administrator (or an anonymous one, posting as the group) in a group. Unknown rights are no rights.
 */
export async function isChatAdmin(ctx: Context, logger: Logger): Promise<boolean> {
  const chat = ctx.chat;
  if (!chat) return false;
  if (chat.type === 'private' || chat.type === 'channel') return true;
  // Anonymous administrators post as the group itself (through GroupAnonymousBot); nobody else can.
  if (ctx.msg?.sender_chat?.id === chat.id) return true;
  const from = ctx.from;
  if (!from) return false;
  try {
    const member = await ctx.api.getChatMember(chat.id, from.id);
    return member.status === 'creator' || member.status === 'administrator';
  } catch (error) {
    // The user gets the polite refusal, not an error.
    logger.warn('telegram admin check failed', { chat: String(chat.id), error: classifyTelegramError(error).message });
    return false;
  }
}
