/** The pacer's table of cases (tests/fixtures/bot/pacer-cases.json), shared by the in-process and the shared pacer's tests. */
import { readFileSync } from 'node:fs';
import type { PlatformLimits, RateLimit } from '../../src/bot/pacer.ts';
import type { ChatRef } from '../../src/bot/ports.ts';

/** A Telegram chat by id. */
export const chat = (chatId: string): ChatRef => ({ platform: 'telegram', chatId, threadId: null });

/** One case: streams of sends per chat and the grant times expected. */
export interface PacerCase {
  name: string;
  global: RateLimit | null;
  chat: RateLimit;
  sequences: Record<string, number>;
  expected: Record<string, number[]>;
}

export const PACER_CASES = JSON.parse(readFileSync(new URL('../fixtures/bot/pacer-cases.json', import.meta.url), 'utf8')) as PacerCase[];

/** Platform limits of a global limit and a per-chat rule. */
export const limitsOf = (global: RateLimit | null, perChat: (c: ChatRef) => RateLimit | null): PlatformLimits => ({ global, chat: perChat });
