/**
 * Telegram's sending limits for the shared pacer: about 30 messages a second per bot overall, one a
 * second in a private chat, 20 a minute in a group or channel (negative chat ids). Sends are spaced
 * evenly (burst 1) since Telegram does not publish bucket sizes.
 */
import type { PlatformLimits } from '../../bot/pacer.ts';

export const TELEGRAM_LIMITS: PlatformLimits = {
  global: { count: 30, perMs: 1000, burst: 1 },
  chat: (chat) =>
    chat.chatId.startsWith('-') ? { count: 20, perMs: 60_000, burst: 1 } : { count: 1, perMs: 1000, burst: 1 },
};
