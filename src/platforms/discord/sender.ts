/**
 * What the delivery loop sends digests through: `POST /channels/:id/messages` (into the thread when
 * the subscription has one), mentions disabled, deduplicated by Discord with the part's nonce
 * (`enforce_nonce`), so a part resent after a crash is not posted twice.
 */
import { Routes, type Client } from 'discord.js';
import type { ChatPlatform, RenderedPart } from '../../bot/ports.ts';
import { RejectedPayloadError } from '../../errors.ts';
import type { Document } from '../../format/document.ts';
import { classifyDiscordError } from './errors.ts';
import type { DiscordMessage } from './renderer.ts';

/** No @everyone, @here, role or user pings, whatever an article says. */
export const NO_MENTIONS = { parse: [] as [] };

/** A channel message body from a stored rendered part; throws RejectedPayloadError when it is not one. */
function messageBody(part: RenderedPart): DiscordMessage {
  const p = part.payload as Partial<DiscordMessage> | null;
  const ok =
    typeof p === 'object' &&
    p !== null &&
    (typeof p.content === 'string' || Array.isArray(p.embeds)) &&
    (p.content === undefined || typeof p.content === 'string');
  if (!ok) throw new RejectedPayloadError(`discord part ${part.index} is not a message body`);
  return { ...(p.content !== undefined ? { content: p.content } : {}), ...(p.embeds ? { embeds: p.embeds } : {}), allowed_mentions: NO_MENTIONS };
}

export function discordSender(client: Client, render: (doc: Document) => DiscordMessage[]): ChatPlatform {
  return {
    name: 'discord',
    idempotentSends: true,
    render: (doc) => render(doc).map((payload, index) => ({ index, payload })),
    async send(chat, part, sendOptions) {
      const body = messageBody(part);
      const key = sendOptions?.idempotencyKey;
      const channelId = chat.threadId ?? chat.chatId;
      try {
        const message = (await client.rest.post(Routes.channelMessages(channelId), {
          body: { ...body, ...(key !== undefined ? { nonce: key, enforce_nonce: true } : {}) },
        })) as { id?: unknown };
        return String(message.id ?? '');
      } catch (error) {
        throw classifyDiscordError(error);
      }
    },
  };
}
