/**
 * Ports between the platform-neutral bot (commands, delivery) and what plugs into it: the chat
 * platforms (`ChatPlatform`, implemented by the adapters) and the store. The storage ports live in
 * `store/ports.ts` (the one storage seam) and are re-exported here for the bot's modules.
 */
import type { ChatRef, PlatformName, RenderedPart } from '../store/ports.ts';
import type { Document } from '../format/document.ts';

export type {
  ChatRef,
  DeliveryRecord,
  DeliveryStore,
  NewsStore,
  PartState,
  PlatformName,
  QuoteHit,
  RenderedPart,
  SourceChoice,
  SourceStore,
  StoredFeed,
  SubscribeOutcome,
  Subscription,
  SubscriptionStore,
} from '../store/ports.ts';

export type ChatKind = 'private' | 'group' | 'channel';

/**
 * What a chat platform adapter gives the delivery loop. `send` throws the `PlatformError`
 * subclasses of `errors.ts` (RateLimitedError, ChatUnavailableError, TransientPlatformError,
 * RejectedPayloadError), classified from the library's own errors.
 */
export interface ChatPlatform {
  readonly name: PlatformName;
  /** Renders a document into the parts to send, in order, through the core formatter's renderer. */
  render(doc: Document): RenderedPart[];
  /**
   * Sends one part; resolves with the platform message id. `options.idempotencyKey` is stable for
   * one part of one delivery across restarts: an adapter whose platform can deduplicate with it
   * (Discord `nonce` + `enforce_nonce: true`) should pass it, so a part resent after a crash between
   * "platform accepted" and "marked sent" is not posted twice.
   */
  send(chat: ChatRef, part: RenderedPart, options?: SendOptions): Promise<string>;
  /**
   * True when `send` honours `options.idempotencyKey` (a resend with the same key never posts twice).
   * Absent/false: a part whose send was interrupted by a crash is resent (at-least-once), see delivery.ts.
   */
  readonly idempotentSends?: boolean;
}

/** Per-send options the delivery loop passes to `ChatPlatform.send`. */
export interface SendOptions {
  /** Stable key of (delivery, part), at most 25 characters (Discord's nonce limit). */
  readonly idempotencyKey?: string;
}
