/**
 * The commands Composer: slash commands (also "/command@bot" and `/import` as a document's caption),
 * unknown commands in private chats, and presses on outlet buttons become requests for the
 * platform-neutral handlers; each runs in its chat's order (ordering.ts).
 */
import { Composer, type Context, type MiddlewareFn } from 'grammy';
import type { CommandHandlers, CommandRequest } from '../../bot/commands.ts';
import type { Document } from '../../format/document.ts';
import type { Logger } from '../../logger.ts';
import { HTML_OPTIONS, chatKindOf, telegramChat } from './chat.ts';
import { incomingFile, PICK_PREFIX, showPick } from './extras.ts';
import { REMOTE_COMMANDS, REMOTE_TARGET, runRemote } from './remote.ts';
import { isChatAdmin, type Reply } from './replies.ts';

export interface CommandComposerDeps {
  readonly handlers: CommandHandlers;
  readonly reply: Reply;
  readonly render: (doc: Document) => string[];
  readonly logger: Logger;
  /** Waits for the chat's earlier commands (or drops this one when the chat's backlog is full). */
  readonly inOrder: MiddlewareFn<Context>;
  /** Where `/import` downloads the document from: the Bot API root and token. */
  readonly files: { readonly apiRoot: string; readonly token: string };
}

/** The first bot command at the start of the message: its lower-cased name and the @bot it names. */
function leadingCommand(ctx: Context): { name: string; at: string | undefined; length: number } | null {
  const entity = ctx.entities('bot_command').find((e) => e.offset === 0);
  if (!entity) return null;
  const [name = '', at] = entity.text.slice(1).split('@');
  return { name: name.toLowerCase(), at, length: entity.length };
}

/** Builds the Composer; `botUsername` is read per update (known once the bot started). */
export function commandComposer(deps: CommandComposerDeps): Composer<Context> {
  const { handlers, reply, logger, inOrder } = deps;
  const isAdmin = (ctx: Context) => isChatAdmin(ctx, logger);

  async function runCommand(ctx: Context, name: string, args: string): Promise<void> {
    const chat = ctx.chat;
    if (!chat) return;
    if (chat.type === 'private' && REMOTE_COMMANDS.has(name)) {
      const [first = '', ...rest] = args.trim().split(/\s+/);
      if (REMOTE_TARGET.test(first)) {
        await runRemote(ctx, name, first, rest.join(' '), { handlers, reply, logger, botId: () => ctx.me.id });
        return;
      }
    }
    const msg = ctx.msg;
    // /import reads the document it was sent with, or the one it answers.
    const document = name === 'import' ? (msg?.document ?? msg?.reply_to_message?.document) : undefined;
    const request: CommandRequest = {
      name,
      args,
      chat: telegramChat(chat.id, msg?.is_topic_message && msg.message_thread_id !== undefined ? msg.message_thread_id : null),
      chatKind: chatKindOf(chat.type),
      userId: String(ctx.from?.id ?? msg?.sender_chat?.id ?? chat.id),
      isAdmin: () => isAdmin(ctx),
      chatTitle: 'title' in chat && chat.title ? chat.title : (ctx.from?.first_name ?? String(chat.id)),
      ...(document ? { file: incomingFile(ctx.api, deps.files.apiRoot, deps.files.token, document) } : {}),
    };
    const answer = await handlers.handle(request);
    logger.debug('telegram command', { command: name, chat: request.chat.chatId, outcome: answer.outcome });
    await reply(ctx, answer.documents, answer);
  }

  /** A press on an outlet button: only administrators change the choice; the list is edited in place. */
  async function runPick(ctx: Context, value: string): Promise<void> {
    const chat = ctx.chat;
    const message = ctx.callbackQuery?.message;
    if (!chat || !ctx.from) return;
    const answer = await handlers.choose({
      picker: 'sources',
      toggle: value,
      chat: telegramChat(chat.id, message && 'is_topic_message' in message && message.is_topic_message ? (message.message_thread_id ?? null) : null),
      chatKind: chatKindOf(chat.type),
      userId: String(ctx.from.id),
      isAdmin: () => isAdmin(ctx),
    });
    logger.debug('telegram pick', { chat: String(chat.id), outcome: answer.outcome });
    await showPick(ctx, answer, { render: deps.render, html: HTML_OPTIONS, logger });
  }

  const composer = new Composer<Context>();
  composer.on('callback_query:data', (ctx, next) => {
    const data = ctx.callbackQuery.data;
    if (!data.startsWith(PICK_PREFIX) || ctx.chat?.id === undefined) return ctx.answerCallbackQuery();
    return next();
  }, inOrder, (ctx) => runPick(ctx, ctx.callbackQuery.data.slice(PICK_PREFIX.length)));
  // `/import` as the caption of the OPML document itself (bot.command reads text, not captions).
  const importForUs = (ctx: Context) => {
    const command = leadingCommand(ctx);
    return command?.name === 'import' && (command.at === undefined || command.at.toLowerCase() === ctx.me.username.toLowerCase());
  };
  composer
    .on('message:document')
    .filter(importForUs, inOrder, (ctx) => runCommand(ctx, 'import', (ctx.msg?.caption ?? '').slice(leadingCommand(ctx)?.length ?? 0).trim()));

  composer.command(handlers.commands.map((c) => c.name), (ctx, next) => {
    // A channel post copied into its discussion group was already answered in the channel.
    return ctx.msg.is_automatic_forward ? undefined : next();
  }, inOrder, (ctx) => {
    const name = (ctx.entities('bot_command')[0]?.text ?? '').slice(1).split('@')[0] ?? '';
    return runCommand(ctx, name.toLowerCase(), typeof ctx.match === 'string' ? ctx.match : '');
  });
  // Unknown commands get a hint in private chats only: groups may host other bots.
  composer.chatType('private').on('message:entities:bot_command', (ctx, next) => (leadingCommand(ctx) ? next() : undefined), inOrder, (ctx) => {
    const command = leadingCommand(ctx)!;
    return runCommand(ctx, command.name, ctx.msg.text.slice(command.length).trim());
  });
  return composer;
}
