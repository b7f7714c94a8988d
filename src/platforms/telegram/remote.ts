/**
 * Administrators manage a channel's or group's subscription from their private chat with the bot:
 * "/subscribe @kanal 07:00". The person must administer that chat (a check some feed bots forget),
 * and the bot must be able to post there.
 */
import type { Context } from 'grammy';
import type { CommandHandlers } from '../../bot/commands.ts';
import { botNotAdminDocument, forRemoteChat, notRemoteAdminDocument, remoteChatNotFoundDocument } from '../../format/answers-document.ts';
import type { Logger } from '../../logger.ts';
import { telegramChat } from './chat.ts';
import { classifyTelegramError } from './errors.ts';
import type { Reply } from './replies.ts';

/** Commands an administrator may point at another chat from a private chat. */
export const REMOTE_COMMANDS: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe', 'settime', 'status']);
/** A public chat username or a supergroup/channel id. */
export const REMOTE_TARGET = /^(?:@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{5,16})$/;

export interface RemoteDeps {
  readonly handlers: CommandHandlers;
  readonly reply: Reply;
  readonly logger: Logger;
  /** The bot's own user id (known once started). */
  readonly botId: () => number;
}

type ChatMember = Awaited<ReturnType<Context['api']['getChatMember']>>;

/** Whether the bot (as `me`) can post in a chat of `type`. */
function botCanPost(type: string, me: ChatMember | null): boolean {
  if (type === 'channel') return me?.status === 'administrator' && me.can_post_messages !== false;
  return me?.status === 'administrator' || me?.status === 'member' || (me?.status === 'restricted' && me.can_send_messages);
}

/** Runs command `name` with `args` for the chat `target` on behalf of the private chat's user. */
export async function runRemote(ctx: Context, name: string, target: string, args: string, deps: RemoteDeps): Promise<void> {
  const { reply, logger } = deps;
  const from = ctx.from;
  if (!from) return;
  let remote: Awaited<ReturnType<typeof ctx.api.getChat>>;
  try {
    remote = await ctx.api.getChat(target);
  } catch (error) {
    logger.debug('telegram remote chat lookup failed', { target, error: classifyTelegramError(error).message });
    await reply(ctx, [remoteChatNotFoundDocument(target)]);
    return;
  }
  if (remote.type === 'private') {
    await reply(ctx, [remoteChatNotFoundDocument(target)]);
    return;
  }
  const title = remote.title ?? target;
  const memberOf = (userId: number) => ctx.api.getChatMember(remote.id, userId).catch(() => null);
  const asker = await memberOf(from.id);
  if (asker?.status !== 'creator' && asker?.status !== 'administrator') {
    await reply(ctx, [notRemoteAdminDocument(title)]);
    return;
  }
  if ((name === 'subscribe' || name === 'settime') && !botCanPost(remote.type, await memberOf(deps.botId()))) {
    await reply(ctx, [botNotAdminDocument(title)]);
    return;
  }
  const answer = await deps.handlers.handle({
    name,
    args,
    chat: telegramChat(remote.id),
    chatKind: remote.type === 'channel' ? 'channel' : 'group',
    userId: String(from.id),
    isAdmin: async () => true,
  });
  logger.debug('telegram remote command', { command: name, chat: String(remote.id), outcome: answer.outcome });
  await reply(ctx, answer.documents.map((doc) => forRemoteChat(title, doc)));
}
