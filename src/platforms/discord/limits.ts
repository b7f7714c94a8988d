/**
 * Discord's sending limits for the shared pacer: 50 requests a second per bot overall; message
 * creation about 5 per 5 s per channel.
 */
import type { PlatformLimits } from '../../bot/pacer.ts';

export const DISCORD_LIMITS: PlatformLimits = {
  global: { count: 50, perMs: 1000, burst: 1 },
  chat: () => ({ count: 5, perMs: 5000, burst: 5 }),
};
