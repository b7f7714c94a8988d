/** Small Telegram translations shared by the adapter's parts: chat references, chat kinds, HTML options. */
import type { ChatKind, ChatRef } from '../../bot/ports.ts';

/** A Telegram chat (and forum topic) as kilas names it. */
export const telegramChat = (chatId: number | string, threadId: number | string | null = null): ChatRef => ({
  platform: 'telegram',
  chatId: String(chatId),
  threadId: threadId === null ? null : String(threadId),
});

/** Telegram's chat type -> kilas's chat kind (supergroups are groups). */
export function chatKindOf(type: string): ChatKind {
  if (type === 'private') return 'private';
  if (type === 'channel') return 'channel';
  return 'group';
}

/** How every message is sent: HTML, link previews off. */
export const HTML_OPTIONS = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;
