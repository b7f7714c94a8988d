/**
 * A local fake of the Telegram Bot API (node:http on 127.0.0.1, port 0) that the real grammY talks to.
 * It answers the way Telegram does — always a JSON body `{ok, result}` or `{ok:false, error_code,
 * description, parameters?}` — and is strict where Telegram is: parse_mode HTML is parsed with the
 * allowed tags only, balanced, with valid entities and 1–4096 characters after parsing; each chat
 * takes about one message per interval and gets 429 with `retry_after` (fractional seconds here)
 * when sent to faster; blocked chats answer 403. getUpdates is long polled.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTelegramOptions {
  /** Bot token the fake accepts; others get 401. Default "123:TEST". */
  readonly token?: string;
  /** Username getMe reports. Default "kilas_test_bot". */
  readonly username?: string;
  /** Minimum gap between two messages to one chat before 429. Default 1000 ms. */
  readonly perChatIntervalMs?: number;
  /** Longest a getUpdates is held, whatever timeout the client asks for. Default 30 s. */
  readonly maxPollMs?: number;
  /**
   * Telegram's overall limit: at most this many sendMessage calls per second across all chats
   * before 429 (retry_after 1). Default: none.
   */
  readonly globalPerSecond?: number;
  /** Groups (negative chat ids) take at most this many messages a minute before 429. Default: none. */
  readonly groupPerMinute?: number;
}

/** A message the fake accepted. */
export interface SentMessage {
  readonly chatId: string;
  readonly messageId: number;
  /** The raw text as sent (HTML source when parse_mode is HTML). */
  readonly raw: string;
  /** The text after entity parsing: what a user sees. */
  readonly text: string;
  readonly parseMode: string | null;
  readonly threadId: number | null;
  /** message_id this message answers (reply_parameters), when any. */
  readonly replyTo: number | null;
  readonly linkPreviewDisabled: boolean;
  readonly at: number;
  /** The inline keyboard sent with it (or set by the last edit), when any. */
  readonly replyMarkup: InlineKeyboardMarkup | null;
  /** Earlier texts, when the message was edited (editMessageText). */
  readonly edits: readonly string[];
}

/** An inline keyboard as the Bot API receives it. */
export interface InlineKeyboardMarkup {
  readonly inline_keyboard: readonly (readonly { readonly text: string; readonly callback_data?: string }[])[];
}

/** A document the bot sent (sendDocument, multipart upload). */
export interface SentDocument {
  readonly chatId: string;
  readonly messageId: number;
  readonly fileName: string;
  readonly content: Buffer;
  readonly threadId: number | null;
}

/** An answerCallbackQuery the bot made. */
export interface CallbackAnswer {
  readonly callbackQueryId: string;
  readonly text: string | null;
  readonly showAlert: boolean;
}

/** A webhook as setWebhook received it. */
export interface WebhookInfo {
  readonly url: string;
  readonly secretToken: string | null;
  readonly allowedUpdates: readonly string[] | null;
}

export interface ApiCall {
  readonly method: string;
  readonly body: Record<string, unknown>;
  /** The error the fake answered with, when it refused the call. */
  readonly error: { readonly code: number; readonly description: string } | null;
}

export interface ChatInfo {
  readonly id: number;
  readonly type: 'private' | 'group' | 'supergroup' | 'channel';
  readonly title?: string;
  readonly is_forum?: boolean;
}

export interface UserInfo {
  readonly id: number;
  readonly first_name?: string;
  readonly username?: string;
}

type Update = Record<string, unknown> & { update_id: number };

export interface FakeTelegram {
  readonly apiRoot: string;
  readonly token: string;
  readonly username: string;
  readonly messages: readonly SentMessage[];
  readonly documents: readonly SentDocument[];
  readonly callbackAnswers: readonly CallbackAnswer[];
  readonly calls: readonly ApiCall[];
  /** Makes a file downloadable through getFile and /file/bot<token>/<path>; returns what a document message carries. */
  addFile(name: string, content: string | Buffer): { file_id: string; file_unique_id: string; file_name: string; file_size: number };
  /** Queues an update; a held getUpdates returns it at once. Returns its update_id. */
  pushUpdate(update: Record<string, unknown>): number;
  /** The webhook set with setWebhook (and not deleted since), as the bot gave it; null: none. */
  webhook(): WebhookInfo | null;
  /** Messages accepted for a chat, in order. */
  messagesFor(chatId: number | string): SentMessage[];
  /** Calls the fake refused with an error. */
  errors(method?: string): ApiCall[];
  /** From now on messages to this chat answer 403 "bot was blocked by the user". */
  block(chatId: number | string): void;
  /** Makes a chat known to getChat (by id, and by `@username` when it has one). */
  addChat(chat: ChatInfo & { readonly username?: string }): void;
  /** Sets what getChatMember answers for a user in a chat (default "member"). */
  setMemberStatus(chatId: number | string, userId: number | string, status: string): void;
  /** Overrides the minimum gap between two messages to one chat (default: `perChatIntervalMs`). */
  setChatInterval(chatId: number | string, ms: number): void;
  /** Makes the next call of `method` fail with this error (for 5xx and other faults). */
  failNext(method: string, error: { error_code: number; description: string; parameters?: Record<string, unknown> }): void;
  /** From now on every call of `method` fails with this error, until `failAlways(method, null)`. */
  failAlways(method: string, error: { error_code: number; description: string } | null): void;
  /** From now on calls of `method` are held unanswered (a hanging server), until `hold(method, false)`. */
  hold(method: string, on: boolean): void;
  /** 429 answers to sendMessage so far. */
  tooManyRequests(): number;
  /** Updates queued and not yet confirmed by an offset. */
  pendingUpdates(): number;
  /** Resolves when `predicate` holds, checking after every call; rejects after `timeoutMs`. */
  /** Waits for `predicate`: checked on every request when it answers at once, polled when it answers with a promise (a store read). */
  waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

const ALLOWED_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'blockquote', 'tg-spoiler', 'span', 'tg-emoji',
]);

export type HtmlParse = { ok: true; text: string; entities: number } | { ok: false; error: string };

/**
 * Parses Telegram's HTML the strict way: only the supported tags and attributes, balanced, only
 * `&lt; &gt; &amp; &quot;` and numeric entities; nothing nested inside `code`, only `code` in `pre`.
 */
export function parseTelegramHtml(html: string): HtmlParse {
  const stack: string[] = [];
  let out = '';
  let entities = 0;
  let i = 0;
  const at = (pos: number) => Buffer.byteLength(html.slice(0, pos), 'utf8');
  const fail = (message: string): HtmlParse => ({ ok: false, error: `Bad Request: can't parse entities: ${message}` });
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(i, i + 12));
      if (!m) return fail(`Unsupported HTML entity starting at byte offset ${at(i)}`);
      const name = m[1]!;
      if (name === 'lt') out += '<';
      else if (name === 'gt') out += '>';
      else if (name === 'amp') out += '&';
      else if (name === 'quot') out += '"';
      else {
        const cp = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return fail(`Invalid character entity at byte offset ${at(i)}`);
        out += String.fromCodePoint(cp);
      }
      i += m[0].length;
      continue;
    }
    if (ch === '>') return fail(`Character '>' is reserved and must be escaped at byte offset ${at(i)}`);
    if (ch !== '<') {
      out += ch;
      i++;
      continue;
    }
    const end = html.indexOf('>', i);
    if (end < 0) return fail(`Can't find end of the tag at byte offset ${at(i)}`);
    const inner = html.slice(i + 1, end);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (open === undefined) return fail(`Unexpected end tag at byte offset ${at(i)}`);
      if (open !== name) return fail(`Unmatched end tag at byte offset ${at(i)}, expected "</${open}>", found "</${name}>"`);
      i = end + 1;
      continue;
    }
    const tag = /^([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*$/.exec(inner);
    if (!tag) return fail(`Unsupported start tag at byte offset ${at(i)}`);
    const name = tag[1]!.toLowerCase();
    if (!ALLOWED_TAGS.has(name)) return fail(`Unsupported start tag "${name}" at byte offset ${at(i)}`);
    const attrs = new Map<string, string>();
    for (const a of (tag[2] ?? '').matchAll(/([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
      attrs.set(a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '');
    }
    const allowedAttrs: Record<string, string[]> = {
      a: ['href'],
      code: ['class'],
      blockquote: ['expandable'],
      span: ['class'],
      'tg-emoji': ['emoji-id'],
    };
    for (const key of attrs.keys()) {
      if (!(allowedAttrs[name] ?? []).includes(key)) return fail(`Unsupported attribute "${key}" of tag "${name}" at byte offset ${at(i)}`);
    }
    if (name === 'a' && !attrs.get('href')) return fail(`Empty href of tag "a" at byte offset ${at(i)}`);
    if (name === 'span' && attrs.get('class') !== 'tg-spoiler') return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${at(i)}`);
    const parent = stack[stack.length - 1];
    if (parent === 'code' || (parent === 'pre' && name !== 'code')) {
      return fail(`Entities can't be nested inside "${parent}" at byte offset ${at(i)}`);
    }
    if (name === 'a' && stack.includes('a')) return fail(`Nested links at byte offset ${at(i)}`);
    if (name === 'blockquote' && stack.includes('blockquote')) return fail(`Nested blockquotes at byte offset ${at(i)}`);
    stack.push(name);
    entities++;
    i = end + 1;
  }
  if (stack.length > 0) return fail(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return { ok: true, text: out, entities };
}

/**
 * A lenient multipart/form-data reader (grammY writes `name=x;filename=y` without quotes or spaces,
 * which undici's own FormData parser refuses; Telegram accepts it).
 */
function parseMultipart(body: Buffer, contentType: string): { name: string; filename: string | null; content: Buffer }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`);
  const parts: { name: string; filename: string | null; content: Buffer }[] = [];
  let at = body.indexOf(marker);
  while (at >= 0) {
    const start = at + marker.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(marker, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const name = /name="?([^";\r\n]+)"?/i.exec(head.replace(/filename="?[^";\r\n]*"?/i, ''))?.[1] ?? '';
    const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1] ?? null;
    parts.push({ name, filename, content: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

/** A file part of a multipart upload. */
class UploadedFile {
  constructor(
    readonly name: string,
    readonly content: Buffer,
  ) {}
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? '123:TEST';
  const username = options.username ?? 'kilas_test_bot';
  const interval = options.perChatIntervalMs ?? 1000;
  const maxPollMs = options.maxPollMs ?? 30_000;
  const messages: SentMessage[] = [];
  const documents: SentDocument[] = [];
  const callbackAnswers: CallbackAnswer[] = [];
  const files = new Map<string, { path: string; content: Buffer }>();
  const calls: ApiCall[] = [];
  const updates: Update[] = [];
  const blocked = new Set<string>();
  const members = new Map<string, string>();
  const knownChats = new Map<string, ChatInfo & { readonly username?: string }>();
  const lastSent = new Map<string, number>();
  const intervals = new Map<string, number>();
  const nextMessageId = new Map<string, number>();
  const faults = new Map<string, { error_code: number; description: string; parameters?: Record<string, unknown> }>();
  const lastingFaults = new Map<string, { error_code: number; description: string }>();
  const held = new Set<string>();
  const heldResponses = new Set<ServerResponse>();
  const globalSends: number[] = [];
  const groupSends = new Map<string, number[]>();
  let rateLimited = 0;
  const waiters = new Set<{ offset: number; limit: number; res: ServerResponse; timer: NodeJS.Timeout }>();
  const watchers = new Set<() => void>();
  let nextUpdateId = 1;
  let webhook: WebhookInfo | null = null;

  const notify = () => {
    for (const w of [...watchers]) w();
  };

  const send = (res: ServerResponse, body: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    const json = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };

  const pending = (offset: number, limit: number) => updates.filter((u) => u.update_id >= offset).slice(0, limit);

  const flushWaiters = () => {
    for (const w of [...waiters]) {
      const batch = pending(w.offset, w.limit);
      if (batch.length === 0) continue;
      clearTimeout(w.timer);
      waiters.delete(w);
      send(w.res, { ok: true, result: batch });
    }
  };

  const chatOf = (id: string): ChatInfo => ({ id: Number(id), type: Number(id) > 0 ? 'private' : 'supergroup' });

  function handle(method: string, body: Record<string, unknown>, res: ServerResponse): unknown {
    const fault = faults.get(method);
    if (fault) {
      faults.delete(method);
      throw new ApiError(fault.error_code, fault.description, fault.parameters);
    }
    const lasting = lastingFaults.get(method);
    if (lasting) throw new ApiError(lasting.error_code, lasting.description);
    if (held.has(method)) {
      heldResponses.add(res);
      res.on('close', () => heldResponses.delete(res));
      return undefined;
    }
    switch (method) {
      case 'getMe':
        return {
          id: Number(token.split(':')[0]),
          is_bot: true,
          first_name: 'Kilas',
          username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'setWebhook': {
        // As a local Bot API server (--local), which also takes http:// URLs and any port.
        const url = body['url'];
        if (typeof url !== 'string' || !/^https?:\/\/[^/]+/.test(url)) throw new ApiError(400, 'Bad Request: bad webhook: Failed to resolve host: Name or service not known');
        const secret = body['secret_token'];
        if (secret !== undefined && (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))) {
          throw new ApiError(400, 'Bad Request: secret token contains unallowed characters');
        }
        const allowed = body['allowed_updates'];
        webhook = { url, secretToken: typeof secret === 'string' ? secret : null, allowedUpdates: Array.isArray(allowed) ? allowed.map(String) : null };
        return true;
      }
      case 'getWebhookInfo':
        return { url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: webhook ? updates.length : 0 };
      case 'deleteWebhook':
        webhook = null;
        return true;
      case 'setMyCommands':
      case 'deleteMyCommands':
        return true;
      case 'getUpdates': {
        if (webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = typeof body['offset'] === 'number' ? body['offset'] : 0;
        const limit = typeof body['limit'] === 'number' ? Math.min(100, Math.max(1, body['limit'])) : 100;
        if (offset > 0) {
          // A positive offset confirms every update before it.
          for (let k = updates.length - 1; k >= 0; k--) if (updates[k]!.update_id < offset) updates.splice(k, 1);
        }
        const batch = pending(offset, limit);
        const timeoutMs = Math.min(maxPollMs, Math.max(0, Number(body['timeout'] ?? 0) * 1000));
        if (batch.length > 0 || timeoutMs === 0) return batch;
        const waiter = {
          offset,
          limit,
          res,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            send(res, { ok: true, result: [] });
          }, timeoutMs),
        };
        waiters.add(waiter);
        res.on('close', () => {
          clearTimeout(waiter.timer);
          waiters.delete(waiter);
        });
        return undefined;
      }
      case 'getChat': {
        const key = String(body['chat_id'] ?? '');
        const chat = knownChats.get(key.startsWith('@') ? key.toLowerCase() : key);
        if (!chat) throw new ApiError(400, 'Bad Request: chat not found');
        return chat;
      }
      case 'getChatMember': {
        const chatId = String(body['chat_id']);
        const userId = String(body['user_id']);
        const status = members.get(`${chatId}:${userId}`) ?? 'member';
        return { status, user: { id: Number(userId), is_bot: false, first_name: 'User' } };
      }
      case 'sendMessage': {
        const chatId = String(body['chat_id'] ?? '');
        if (chatId === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
        if (blocked.has(chatId)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
        const raw = typeof body['text'] === 'string' ? body['text'] : '';
        const parseMode = typeof body['parse_mode'] === 'string' ? body['parse_mode'] : null;
        let text = raw;
        if (parseMode !== null) {
          if (parseMode !== 'HTML') throw new ApiError(400, `Bad Request: unsupported parse_mode "${parseMode}"`);
          const parsed = parseTelegramHtml(raw);
          if (!parsed.ok) throw new ApiError(400, parsed.error);
          text = parsed.text;
        }
        if (text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
        if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
        const now = Date.now();
        const last = lastSent.get(chatId);
        const gap = intervals.get(chatId) ?? interval;
        if (last !== undefined && now - last < gap) {
          const wait = (gap - (now - last)) / 1000;
          rateLimited++;
          throw new ApiError(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait });
        }
        if (options.globalPerSecond !== undefined) {
          while (globalSends.length > 0 && globalSends[0]! <= now - 1000) globalSends.shift();
          if (globalSends.length >= options.globalPerSecond) {
            rateLimited++;
            throw new ApiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
          }
        }
        if (options.groupPerMinute !== undefined && chatId.startsWith('-')) {
          const sent = (groupSends.get(chatId) ?? []).filter((t) => t > now - 60_000);
          groupSends.set(chatId, sent);
          if (sent.length >= options.groupPerMinute) {
            rateLimited++;
            const wait = Math.ceil((sent[0]! + 60_000 - now) / 1000);
            throw new ApiError(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait });
          }
          sent.push(now);
        }
        if (options.globalPerSecond !== undefined) globalSends.push(now);
        lastSent.set(chatId, now);
        const messageId = (nextMessageId.get(chatId) ?? 0) + 1;
        nextMessageId.set(chatId, messageId);
        const preview = body['link_preview_options'] as { is_disabled?: boolean } | undefined;
        const threadId = typeof body['message_thread_id'] === 'number' ? body['message_thread_id'] : null;
        const reply = body['reply_parameters'] as { message_id?: unknown } | undefined;
        messages.push({
          chatId,
          messageId,
          raw,
          text,
          parseMode,
          threadId,
          replyTo: typeof reply?.message_id === 'number' ? reply.message_id : null,
          linkPreviewDisabled: preview?.is_disabled === true || body['disable_web_page_preview'] === true,
          at: now,
          replyMarkup: checkedMarkup(body['reply_markup']),
          edits: [],
        });
        return {
          message_id: messageId,
          date: Math.floor(now / 1000),
          chat: chatOf(chatId),
          text,
          ...(threadId !== null ? { message_thread_id: threadId } : {}),
        };
      }
      case 'answerCallbackQuery': {
        const text = typeof body['text'] === 'string' ? body['text'] : null;
        if (text !== null && text.length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        callbackAnswers.push({ callbackQueryId: String(body['callback_query_id'] ?? ''), text, showAlert: body['show_alert'] === true });
        return true;
      }
      case 'editMessageText': {
        const chatId = String(body['chat_id'] ?? '');
        const index = messages.findIndex((m) => m.chatId === chatId && m.messageId === body['message_id']);
        if (index < 0) throw new ApiError(400, 'Bad Request: message to edit not found');
        const raw = typeof body['text'] === 'string' ? body['text'] : '';
        const parsed = body['parse_mode'] === 'HTML' ? parseTelegramHtml(raw) : ({ ok: true, text: raw, entities: 0 } as const);
        if (!parsed.ok) throw new ApiError(400, parsed.error);
        if (parsed.text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
        const old = messages[index]!;
        const markup = checkedMarkup(body['reply_markup']);
        if (old.raw === raw && JSON.stringify(old.replyMarkup) === JSON.stringify(markup)) {
          throw new ApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
        }
        messages[index] = { ...old, raw, text: parsed.text, replyMarkup: markup, edits: [...old.edits, old.text] };
        return { message_id: old.messageId, date: Math.floor(old.at / 1000), chat: chatOf(chatId), text: parsed.text, edit_date: Math.floor(Date.now() / 1000) };
      }
      case 'sendDocument': {
        const chatId = String(body['chat_id'] ?? '');
        if (blocked.has(chatId)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
        const upload = body['document'];
        if (!(upload instanceof UploadedFile)) throw new ApiError(400, 'Bad Request: there is no document in the request');
        if (upload.content.length === 0) throw new ApiError(400, 'Bad Request: file must be non-empty');
        const messageId = (nextMessageId.get(chatId) ?? 0) + 1;
        nextMessageId.set(chatId, messageId);
        const threadId = body['message_thread_id'] === undefined ? null : Number(body['message_thread_id']);
        documents.push({ chatId, messageId, fileName: upload.name, content: upload.content, threadId });
        return {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: chatOf(chatId),
          document: { file_id: `sent-${messageId}`, file_unique_id: `u-${messageId}`, file_name: upload.name, file_size: upload.content.length },
        };
      }
      case 'getFile': {
        const file = files.get(String(body['file_id'] ?? ''));
        if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
        return { file_id: body['file_id'], file_unique_id: `u-${String(body['file_id'])}`, file_size: file.content.length, file_path: file.path };
      }
      default:
        throw new ApiError(404, 'Not Found: method not found');
    }
  }

  /** reply_markup as Telegram checks it: an inline keyboard whose buttons have text and callback_data of 1–64 bytes. */
  function checkedMarkup(value: unknown): InlineKeyboardMarkup | null {
    if (value === undefined || value === null) return null;
    const markup = (typeof value === 'string' ? JSON.parse(value) : value) as InlineKeyboardMarkup;
    if (!Array.isArray(markup.inline_keyboard)) throw new ApiError(400, 'Bad Request: unsupported reply_markup');
    for (const row of markup.inline_keyboard) {
      for (const button of row) {
        if (typeof button.text !== 'string' || button.text === '') throw new ApiError(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
        const data = button.callback_data;
        if (data !== undefined && (Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64)) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
      }
    }
    return markup;
  }

  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const buffer = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      // grammY uploads files as multipart: plain fields, and `attach://name` pointing at a file part.
      const form = parseMultipart(buffer, type);
      const out: Record<string, unknown> = {};
      const parts = new Map<string, UploadedFile>();
      for (const part of form) if (part.filename !== null) parts.set(part.name, new UploadedFile(part.filename, part.content));
      for (const part of form) {
        if (part.filename !== null) continue;
        const key = part.name;
        const value = part.content.toString('utf8');
        const attached = value.startsWith('attach://') ? parts.get(value.slice('attach://'.length)) : undefined;
        out[key] = attached ?? (/^-?\d+$/.test(value) && key !== 'caption' ? Number(value) : value);
      }
      for (const [key, file] of parts) if (!(key in out)) out[key] = file;
      return out;
    }
    const raw = buffer.toString('utf8');
    if (raw === '') return {};
    return JSON.parse(raw) as Record<string, unknown>;
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
      if (download) {
        const file = [...files.values()].find((f) => f.path === decodeURIComponent(download[2]!));
        if (download[1] !== token || !file) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.content.length });
        res.end(file.content);
        return;
      }
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
      if (!match) {
        send(res, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      const method = match[2]!;
      let body: Record<string, unknown> = {};
      try {
        body = await readBody(req);
      } catch {
        send(res, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
        return;
      }
      if (match[1] !== token) {
        calls.push({ method, body, error: { code: 401, description: 'Unauthorized' } });
        send(res, { ok: false, error_code: 401, description: 'Unauthorized' });
        return;
      }
      try {
        const result = handle(method, body, res);
        calls.push({ method, body, error: null });
        if (result !== undefined) send(res, { ok: true, result });
      } catch (error) {
        const e = error instanceof ApiError ? error : new ApiError(500, 'Internal Server Error');
        calls.push({ method, body, error: { code: e.code, description: e.description } });
        send(res, {
          ok: false,
          error_code: e.code,
          description: e.description,
          ...(e.parameters ? { parameters: e.parameters } : {}),
        });
      }
      notify();
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    username,
    messages,
    documents,
    callbackAnswers,
    calls,
    addFile(name, content) {
      const id = `file-${files.size + 1}-${Date.now()}`;
      const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      files.set(id, { path: `documents/${id}-${name}`, content: buffer });
      return { file_id: id, file_unique_id: `u-${id}`, file_name: name, file_size: buffer.length };
    },
    pushUpdate(update) {
      const u = { ...update, update_id: nextUpdateId++ } as Update;
      updates.push(u);
      flushWaiters();
      return u.update_id;
    },
    webhook: () => webhook,
    messagesFor(chatId) {
      return messages.filter((m) => m.chatId === String(chatId));
    },
    errors(method) {
      return calls.filter((c) => c.error !== null && (method === undefined || c.method === method));
    },
    block(chatId) {
      blocked.add(String(chatId));
    },
    addChat(chat) {
      knownChats.set(String(chat.id), chat);
      if (chat.username) knownChats.set(`@${chat.username.toLowerCase()}`, chat);
    },
    setMemberStatus(chatId, userId, status) {
      members.set(`${chatId}:${userId}`, status);
    },
    setChatInterval(chatId, ms) {
      intervals.set(String(chatId), ms);
    },
    failNext(method, error) {
      faults.set(method, error);
    },
    failAlways(method, error) {
      if (error) lastingFaults.set(method, error);
      else lastingFaults.delete(method);
    },
    hold(method, on) {
      if (on) held.add(method);
      else held.delete(method);
    },
    tooManyRequests() {
      return rateLimited;
    },
    pendingUpdates() {
      return updates.length;
    },
    async waitFor(predicate, timeoutMs = 10_000, what = 'condition') {
      const first = predicate();
      if (typeof first !== 'boolean') {
        const deadline = Date.now() + timeoutMs;
        while (!(await predicate())) {
          if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        return;
      }
      if (first) return;
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          watchers.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        watchers.add(check);
      });
    },
    async close() {
      for (const w of waiters) {
        clearTimeout(w.timer);
        send(w.res, { ok: true, result: [] });
      }
      waiters.clear();
      for (const res of heldResponses) res.destroy();
      heldResponses.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let nextMessage = 1;

/** An update carrying a command as Telegram sends it: a message (or channel_post) with a bot_command entity. */
export function commandUpdate(opts: { chat: ChatInfo; from?: UserInfo; text: string; threadId?: number; senderChat?: ChatInfo }): Record<string, unknown> {
  const command = opts.text.split(/\s/, 1)[0] ?? opts.text;
  const message: Record<string, unknown> = {
    message_id: nextMessage++,
    date: Math.floor(Date.now() / 1000),
    chat: opts.chat,
    text: opts.text,
    entities: [{ type: 'bot_command', offset: 0, length: command.length }],
  };
  if (opts.chat.type === 'channel') {
    message['sender_chat'] = opts.chat;
    return { channel_post: message };
  }
  message['from'] = { is_bot: false, first_name: 'User', ...opts.from };
  if (opts.senderChat) message['sender_chat'] = opts.senderChat;
  if (opts.threadId !== undefined) {
    message['message_thread_id'] = opts.threadId;
    message['is_topic_message'] = true;
  }
  return { message };
}

/** my_chat_member: the bot's own status in a chat changed (blocked, kicked, added). */
export function myChatMemberUpdate(opts: { chat: ChatInfo; from: UserInfo; oldStatus: string; newStatus: string; botId: number }): Record<string, unknown> {
  const botUser = { id: opts.botId, is_bot: true, first_name: 'Kilas' };
  return {
    my_chat_member: {
      chat: opts.chat,
      from: { is_bot: false, first_name: 'User', ...opts.from },
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: opts.oldStatus, user: botUser },
      new_chat_member: { status: opts.newStatus, user: botUser, ...(opts.newStatus === 'kicked' ? { until_date: 0 } : {}) },
    },
  };
}

/** The service message a group gets when it is upgraded to a supergroup. */
export function migrateUpdate(opts: { fromChatId: number; toChatId: number; from: UserInfo }): Record<string, unknown> {
  return {
    message: {
      message_id: nextMessage++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: opts.fromChatId, type: 'group', title: 'Grup' },
      from: { is_bot: false, first_name: 'User', ...opts.from },
      migrate_to_chat_id: opts.toChatId,
    },
  };
}

let nextCallback = 1;

/** A press on an inline keyboard button of `message` (a message the bot sent). */
export function callbackQueryUpdate(opts: { chat: ChatInfo; from: UserInfo; message: SentMessage; data: string }): Record<string, unknown> {
  return {
    callback_query: {
      id: `cb-${nextCallback++}`,
      from: { is_bot: false, first_name: 'User', ...opts.from },
      chat_instance: `ci-${opts.chat.id}`,
      data: opts.data,
      message: {
        message_id: opts.message.messageId,
        date: Math.floor(opts.message.at / 1000),
        chat: opts.chat,
        from: { id: 123, is_bot: true, first_name: 'Kilas' },
        text: opts.message.text,
        ...(opts.message.replyMarkup ? { reply_markup: opts.message.replyMarkup } : {}),
      },
    },
  };
}

/** A document message; `caption` may carry a command (`/import ganti`), as Telegram sends it with caption_entities. */
export function documentUpdate(opts: {
  chat: ChatInfo;
  from: UserInfo;
  document: { file_id: string; file_unique_id: string; file_name: string; file_size: number };
  caption?: string;
}): Record<string, unknown> {
  const message: Record<string, unknown> = {
    message_id: nextMessage++,
    date: Math.floor(Date.now() / 1000),
    chat: opts.chat,
    from: { is_bot: false, first_name: 'User', ...opts.from },
    document: { ...opts.document, mime_type: 'text/x-opml' },
  };
  if (opts.caption !== undefined) {
    message['caption'] = opts.caption;
    const command = opts.caption.startsWith('/') ? (opts.caption.split(/\s/, 1)[0] ?? '') : '';
    if (command) message['caption_entities'] = [{ type: 'bot_command', offset: 0, length: command.length }];
  }
  return { message };
}
