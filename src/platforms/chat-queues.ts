/**
 * Commands in one queue per chat: in order within a chat, while a chat waiting out a long 429
 * (20 messages a minute in groups) never holds up the others or the polling loop. A chat flooding
 * commands while its replies wait gets a bounded backlog: further commands are dropped, logged.
 */
import type { Logger } from '../logger.ts';

export interface ChatQueues {
  /** Runs `task` after the chat's earlier tasks; drops it when the chat's backlog is full. */
  enqueue(chatId: string, task: () => Promise<void>): void;
  /** Resolves when every task enqueued so far has settled. */
  idle(): Promise<void>;
  /** Chats with tasks queued or running. */
  size(): number;
}

/** Creates the queues; `platform` names log lines ("telegram command dropped …"). */
export function createChatQueues(platform: string, maxBacklog: number, logger: Logger): ChatQueues {
  const queues = new Map<string, Promise<void>>();
  const backlog = new Map<string, number>();
  return {
    enqueue(chatId, task) {
      const waiting = backlog.get(chatId) ?? 0;
      if (waiting >= maxBacklog) {
        logger.warn(`${platform} command dropped: chat backlog full`, { chat: chatId, waiting });
        return;
      }
      backlog.set(chatId, waiting + 1);
      const run = (queues.get(chatId) ?? Promise.resolve())
        .then(task)
        .catch((error: unknown) => logger.error(`${platform} command failed`, { chat: chatId, error }))
        .finally(() => {
          const left = (backlog.get(chatId) ?? 1) - 1;
          if (left <= 0) backlog.delete(chatId);
          else backlog.set(chatId, left);
        });
      queues.set(chatId, run);
      void run.then(() => {
        if (queues.get(chatId) === run) queues.delete(chatId);
      });
    },
    async idle() {
      while (queues.size > 0) await Promise.allSettled([...queues.values()]);
    },
    size: () => queues.size,
  };
}
