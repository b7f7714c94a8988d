/**
 * Commands in order per chat, with grammY runner's `sequentialize` keyed by chat: a chat's commands
 * are answered one after another while other chats go on (a chat waiting out a long 429, 20 messages
 * a minute in groups, holds up nobody else). A chat flooding commands while its replies wait gets a
 * bounded backlog: further commands are dropped, logged.
 */
import { sequentialize } from '@grammyjs/runner';
import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from '../../logger.ts';

export interface CommandOrdering {
  /** Put in front of a command's handler: waits for the chat's earlier commands, or drops this one. */
  readonly inOrder: MiddlewareFn<Context>;
  /** Resolves when every command let through so far has been answered (or failed). */
  idle(): Promise<void>;
  /** Chats with commands waiting or running. */
  size(): number;
}

const chatOf = (ctx: Context): string | undefined => (ctx.chat ? String(ctx.chat.id) : undefined);

/** `maxBacklog`: commands of one chat waiting or running before new ones are dropped. */
export function createCommandOrdering(maxBacklog: number, logger: Logger): CommandOrdering {
  const perChat = sequentialize<Context>((ctx) => chatOf(ctx));
  const backlog = new Map<string, number>();
  const running = new Set<Promise<void>>();
  const inOrder: MiddlewareFn<Context> = (ctx, next) => {
    const chat = chatOf(ctx);
    if (chat === undefined) return next();
    const waiting = backlog.get(chat) ?? 0;
    if (waiting >= maxBacklog) {
      logger.warn('telegram command dropped: chat backlog full', { chat, waiting });
      return;
    }
    backlog.set(chat, waiting + 1);
    const run = perChat(ctx, next)
      .catch((error: unknown) => logger.error('telegram command failed', { chat, error }))
      .finally(() => {
        const left = (backlog.get(chat) ?? 1) - 1;
        if (left <= 0) backlog.delete(chat);
        else backlog.set(chat, left);
        running.delete(run);
      });
    running.add(run);
    return run;
  };
  return {
    inOrder,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    size: () => backlog.size,
  };
}
