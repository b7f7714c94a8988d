/**
 * Long polling with grammY runner's `run`: updates are fetched while earlier ones are still being
 * answered (up to the sink's bound), so a slow reply never stalls the bot. Stopping confirms the last
 * update handed to the bot (as grammY's own `bot.stop` does), so a restart does not answer it twice.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import { TransientPlatformError } from '../../errors.ts';
import { raceDeadline, withinDeadline } from '../../lib/deadline.ts';
import type { Logger } from '../../logger.ts';
import { classifyTelegramError } from './errors.ts';

/** The updates kilas asks for, by long polling and by webhook alike. */
export const ALLOWED_UPDATES = ['message', 'channel_post', 'my_chat_member', 'callback_query'] as const;

/**
 * Updates being handled at once before the runner stops fetching more (its back-pressure). Each
 * chat keeps at most its own backlog (ordering.ts), so this bounds memory across chats while leaving
 * room for many chats waiting out 429s at once.
 */
const MAX_UPDATES_IN_FLIGHT = 2000;

export interface Polling {
  /** Stops fetching, confirms the last update (bounded), and waits (bounded) for the loop to end. */
  stop(stopTimeoutMs: number): Promise<void>;
}

export interface PollingOptions {
  readonly timeoutSeconds: number;
  readonly logger: Logger;
  /** Id of the last update the bot was handed, -1 when none. */
  readonly lastUpdateId: () => number;
}

/** Starts polling at once (the Bot API was reached and any webhook removed before). */
export function startPolling(bot: Bot, options: PollingOptions): Polling {
  const handle: RunnerHandle = run(bot, {
    sink: { concurrency: MAX_UPDATES_IN_FLIGHT },
    runner: {
      fetch: { timeout: options.timeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] },
      // As grammY's own polling: a failing getUpdates is tried again every 3 s, quietly.
      retryInterval: 3000,
      silent: true,
    },
  });
  let stopping = false;
  // A failure after the start (401: token revoked, 409: another instance polls with this token) is logged.
  void handle.task()?.catch((error: unknown) => {
    if (!stopping) options.logger.error('telegram polling stopped', { error });
  });
  return {
    async stop(stopTimeoutMs) {
      stopping = true;
      const loop = handle.isRunning() ? handle.stop() : Promise.resolve();
      // Bounded, since the Bot API may be the thing that hangs.
      const confirmMs = Math.min(3000, stopTimeoutMs);
      const confirm = bot.api.getUpdates({ offset: options.lastUpdateId() + 1, limit: 1 });
      await withinDeadline(confirm, confirmMs, () => new TransientPlatformError(`did not finish within ${confirmMs} ms`)).catch((error: unknown) => {
        options.logger.warn('telegram stop could not confirm the last update', { error: classifyTelegramError(error).message });
      });
      await raceDeadline(loop ?? Promise.resolve(), Math.min(2000, stopTimeoutMs)).catch(() => undefined);
    },
  };
}
