/**
 * A fake Telegram for the fan-out benches: enforces 30 messages a second overall (sliding window)
 * and one message a second per chat on the clock it is given, answering 429 with retry_after in whole
 * seconds as Telegram does, and counts what each chat got.
 */
import type { ChatPlatform, ChatRef, RenderedPart } from '../src/bot/ports.ts';
import { RateLimitedError } from '../src/errors.ts';

/** Telegram's overall limit, messages a second. */
export const ALLOWED_PER_SECOND = 30;

/** Telegram's limits, enforced on the virtual clock: sliding 1 s window overall, 1 s between messages per chat. */
export class TelegramLimitedFake implements ChatPlatform {
  readonly name = 'telegram' as const;
  /** One Telegram second lasts this many ms here (1000 on the virtual clock; 50 when scaled x20). */
  private readonly second: number;
  readonly window: number[] = [];
  readonly lastByChat = new Map<string, number>();
  readonly got = new Map<string, number>();
  accepted = 0;
  rateLimited = 0;
  first = Infinity;
  last = -Infinity;

  constructor(
    private readonly now: () => number,
    scale = 1,
  ) {
    this.second = 1000 / scale;
  }

  render(doc: { sections: readonly unknown[] }): RenderedPart[] {
    return doc.sections.map((_, index) => ({ index, payload: `<b>Kilas</b> bagian ${index + 1}` }));
  }

  async send(chat: ChatRef, part: RenderedPart): Promise<string> {
    const now = this.now();
    const second = this.second;
    while (this.window.length > 0 && (this.window[0] as number) <= now - second) this.window.shift();
    const lastChat = this.lastByChat.get(chat.chatId);
    let waitMs = 0;
    if (this.window.length >= ALLOWED_PER_SECOND) waitMs = (this.window[0] as number) + second - now;
    if (lastChat !== undefined && now - lastChat < second) waitMs = Math.max(waitMs, lastChat + second - now);
    if (waitMs > 0) {
      this.rateLimited++;
      const seconds = Math.ceil(waitMs / second);
      throw new RateLimitedError(`Too Many Requests: retry after ${seconds}`, seconds * second);
    }
    this.window.push(now);
    this.lastByChat.set(chat.chatId, now);
    this.accepted++;
    this.first = Math.min(this.first, now);
    this.last = Math.max(this.last, now);
    const key = `${chat.chatId}|${part.index}`;
    this.got.set(key, (this.got.get(key) ?? 0) + 1);
    return `m${this.accepted}`;
  }
}

