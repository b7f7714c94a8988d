/**
 * A fake ChatPlatform that records every send and can be told to fail: per-chat scripts of errors
 * (429 with retry_after, 5xx, 403 blocked, 400 rejected), a hang (a send that never settles: the
 * process "dies" after the platform accepted the message), and Discord-like idempotency keys.
 */
import type { Clock } from '../../src/logger.ts';
import type { ChatPlatform, ChatRef, PlatformName, RenderedPart, SendOptions } from '../../src/bot/ports.ts';
import type { Document } from '../../src/format/document.ts';
import {
  ChatUnavailableError,
  RateLimitedError,
  RejectedPayloadError,
  TransientPlatformError,
} from '../../src/errors.ts';

/** What the fake does with one send to a chat. */
export type Step =
  | { readonly kind: 'ok' }
  | { readonly kind: 'rate-limit'; readonly retryAfterMs: number }
  | { readonly kind: 'server-error' }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'rejected' }
  /** Accept the message (it is delivered) but never answer: a crash in the ambiguous window. */
  | { readonly kind: 'accept-and-hang' }
  /** Never answer and do not deliver: a crash before the request reached the platform. */
  | { readonly kind: 'hang' };

export interface SendCall {
  readonly chatId: string;
  readonly index: number;
  readonly key: string | null;
  /** Clock time of the attempt, ms. */
  readonly at: number;
  readonly step: Step['kind'];
}

export interface DeliveredMessage {
  readonly chatId: string;
  readonly index: number;
  readonly payload: unknown;
  readonly messageId: string;
  readonly at: number;
}

export interface RecordingPlatform extends ChatPlatform {
  readonly calls: SendCall[];
  readonly delivered: DeliveredMessage[];
  /** Queues steps for the next sends to `chatId` (after the queue empties: ok). */
  script(chatId: string, ...steps: Step[]): void;
  /** Queues steps for the next sends to any chat, taken before per-chat scripts. */
  scriptAll(...steps: Step[]): void;
}

export interface RecordingPlatformOptions {
  readonly name?: PlatformName;
  readonly clock?: Clock;
  /** Honour idempotency keys like Discord's enforce_nonce: a repeated key returns the first message id. */
  readonly idempotent?: boolean;
  /** Shared logs, so a "restarted" platform appends to the same history. */
  readonly calls?: SendCall[];
  readonly delivered?: DeliveredMessage[];
  readonly keys?: Map<string, string>;
}

/** One part per section of the document; payload names the section by its first text run. */
export function renderSections(doc: Document): RenderedPart[] {
  return doc.sections.map((section, index) => {
    const first = section.blocks[0];
    const label =
      first && first.kind !== 'divider' && first.kind !== 'list' ? first.content.map((r) => r.text).join('') : `section ${index}`;
    return { index, payload: { text: label } };
  });
}

export function createRecordingPlatform(opts: RecordingPlatformOptions = {}): RecordingPlatform {
  const clock = opts.clock ?? (() => new Date(0));
  const calls = opts.calls ?? [];
  const delivered = opts.delivered ?? [];
  const keys = opts.keys ?? new Map<string, string>();
  const perChat = new Map<string, Step[]>();
  const global: Step[] = [];
  let nextMessage = delivered.length + 1;

  const deliver = (chat: ChatRef, part: RenderedPart, key: string | null): string => {
    if (opts.idempotent && key !== null) {
      const seen = keys.get(`${chat.chatId}|${key}`);
      if (seen !== undefined) return seen;
    }
    const messageId = `m${nextMessage++}`;
    delivered.push({ chatId: chat.chatId, index: part.index, payload: part.payload, messageId, at: clock().getTime() });
    if (key !== null) keys.set(`${chat.chatId}|${key}`, messageId);
    return messageId;
  };

  return {
    name: opts.name ?? 'telegram',
    ...(opts.idempotent ? { idempotentSends: true } : {}),
    calls,
    delivered,
    render: renderSections,
    script(chatId, ...steps) {
      perChat.set(chatId, [...(perChat.get(chatId) ?? []), ...steps]);
    },
    scriptAll(...steps) {
      global.push(...steps);
    },
    async send(chat: ChatRef, part: RenderedPart, options?: SendOptions): Promise<string> {
      const step = global.shift() ?? perChat.get(chat.chatId)?.shift() ?? { kind: 'ok' };
      const key = options?.idempotencyKey ?? null;
      calls.push({ chatId: chat.chatId, index: part.index, key, at: clock().getTime(), step: step.kind });
      switch (step.kind) {
        case 'ok':
          return deliver(chat, part, key);
        case 'rate-limit':
          throw new RateLimitedError(`Too Many Requests: retry after ${step.retryAfterMs}`, step.retryAfterMs);
        case 'server-error':
          throw new TransientPlatformError('Internal Server Error (500)');
        case 'blocked':
          throw new ChatUnavailableError('Forbidden: bot was blocked by the user');
        case 'rejected':
          throw new RejectedPayloadError("Bad Request: can't parse entities");
        case 'accept-and-hang':
          deliver(chat, part, key);
          return new Promise<string>(() => {});
        case 'hang':
          return new Promise<string>(() => {});
      }
    },
  };
}
