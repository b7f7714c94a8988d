/**
 * A local fake of Discord (node:http + ws on 127.0.0.1, port 0) that the real discord.js talks to:
 * REST under `/api/v10` and a WebSocket gateway at `/gateway`. It answers the way Discord does —
 * JSON error bodies `{message, code, errors?}`, 204 with no body for interaction callbacks, 429 with
 * `Retry-After` / `X-RateLimit-*` headers — and is strict where Discord is: every message payload is
 * checked against Discord's limits (content 2000; embeds: title 256, description 4096, 25 fields,
 * field name 256, value 1024, footer 2048, author 256, 6000 in total, 10 per message) and refused
 * with 400 / 50035 when over; a channel sent to faster than the configured interval gets 429;
 * deleted channels answer 404 / 10003, channels the bot cannot see 403 / 50001, channels where it may
 * not post 403 / 50013. A nonce sent with `enforce_nonce` returns the first message again.
 * Everything it accepted is recorded for the tests to inspect.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export interface FakeDiscordOptions {
  /** Token the fake accepts (REST `Authorization: Bot <token>` and gateway IDENTIFY). Default "fake-discord-token". */
  readonly token?: string;
  /** Application id. Default "900000000000000001". */
  readonly appId?: string;
  /** Minimum gap between two messages to one channel before 429; 0 disables. Default 0. */
  readonly perChannelIntervalMs?: number;
  /** Heartbeat interval the gateway's HELLO asks for. Default 41,250 ms. */
  readonly heartbeatIntervalMs?: number;
}

/** A message body as Discord receives it (the subset kilas uses). */
export interface MessageBody {
  readonly content?: string;
  readonly embeds?: readonly EmbedBody[];
  readonly allowed_mentions?: { readonly parse?: readonly string[] };
  readonly flags?: number;
  readonly nonce?: string | number;
  readonly enforce_nonce?: boolean;
  /** Message components (action rows with select menus), passed through as sent. */
  readonly components?: readonly { readonly type: number; readonly components: readonly Record<string, unknown>[] }[];
}

/** A file uploaded with a message (multipart `files[n]`). */
export interface UploadedFile {
  readonly name: string;
  readonly content: Buffer;
}

/** An attachment a user "uploaded", served by the fake's CDN path. */
export interface AttachmentInfo {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly url: string;
  readonly proxy_url: string;
  readonly content_type: string;
}

export interface EmbedBody {
  readonly title?: string;
  readonly description?: string;
  readonly url?: string;
  readonly color?: number;
  readonly fields?: readonly { readonly name: string; readonly value: string; readonly inline?: boolean }[];
  readonly footer?: { readonly text: string };
  readonly author?: { readonly name: string };
}

/** A message the fake accepted. */
export interface RecordedMessage {
  /**
   * channel: POST /channels/:id/messages; reply: interaction callback type 4; followup: webhook POST;
   * edit: PATCH @original; update: callback type 7 (a component's message updated in place).
   */
  readonly kind: 'channel' | 'reply' | 'followup' | 'edit' | 'update';
  readonly id: string;
  readonly channelId: string;
  readonly interactionId: string | null;
  readonly body: MessageBody;
  readonly ephemeral: boolean;
  readonly at: number;
  /** Files uploaded with it. */
  readonly files: readonly UploadedFile[];
}

/** A REST call as the fake saw it, with the status it answered. */
export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** An interaction callback (POST /interactions/:id/:token/callback). */
export interface RecordedCallback {
  readonly interactionId: string;
  readonly type: number;
  readonly data: unknown;
}

export interface CommandRegistration {
  /** "global" or the guild id. */
  readonly scope: string;
  readonly commands: readonly Record<string, unknown>[];
}

export interface ChannelInfo {
  readonly id: string;
  readonly guildId: string | null;
  /** Discord channel type: 0 text, 1 DM, 5 announcement, 11 public thread. Default 0. */
  readonly type?: number;
  readonly name?: string;
}

export interface FakeDiscord {
  /** The base to hand to discord.js `rest.api` (DISCORD_API_BASE). */
  readonly apiBase: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly appId: string;
  readonly botUser: { readonly id: string; readonly username: string };
  readonly calls: RecordedCall[];
  readonly messages: RecordedMessage[];
  readonly callbacks: RecordedCallback[];
  readonly registrations: CommandRegistration[];
  /** IDENTIFY payloads received (their `d`). */
  readonly identifies: Record<string, unknown>[];
  /** Makes a channel known (GET /channels/:id answers it). Channels are also created on first message. */
  addChannel(channel: ChannelInfo): void;
  /** The channel is deleted: 404 / 10003 from now on. */
  deleteChannel(id: string): void;
  /** The bot loses access: 403 / 50001 (`access`) or 403 / 50013 (`permissions`). */
  denyChannel(id: string, what: 'access' | 'permissions'): void;
  /** Changes the minimum gap between two messages to one channel (0: no 429s). */
  setPerChannelInterval(ms: number): void;
  /** The next `count` channel messages answer `status` (5xx: Discord's own failures) instead of being posted. */
  failNextMessages(count: number, status: number): void;
  /** Sends a gateway dispatch (op 0) to every identified session. */
  dispatch(t: string, d: unknown): void;
  /** Dispatches INTERACTION_CREATE and remembers its token so callbacks and webhooks are accepted. */
  interact(interaction: InteractionPayload): void;
  /** Drops every gateway connection abruptly (as a network failure would); clients must reconnect. */
  dropSessions(): void;
  /** Serves a file as a user attachment would be (GET /attachments/:id/:name, no auth); returns its resolved form. */
  addAttachment(filename: string, content: string | Buffer): AttachmentInfo;
  /** Number of identified gateway sessions open now. */
  sessions(): number;
  messagesIn(channelId: string): RecordedMessage[];
  /** Messages answering one interaction (reply, edit, follow-ups), in order. */
  responsesTo(interactionId: string): RecordedMessage[];
  /** Polls `predicate` every 10 ms until true; rejects after `timeoutMs` naming `what`. */
  waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

/** An INTERACTION_CREATE payload (`d`); built by {@link commandInteraction} / {@link autocompleteInteraction}. */
export type InteractionPayload = Record<string, unknown> & { readonly id: string; readonly token: string };

const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
} as const;

type FieldErrors = Record<string, unknown>;

/** Adds Discord's nested `{_errors: [...]}` at `path` of `errors`. */
function addError(errors: FieldErrors, path: readonly string[], code: string, message: string): void {
  let node: Record<string, unknown> = errors;
  for (const key of path) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  const list = (node['_errors'] ??= []) as { code: string; message: string }[];
  list.push({ code, message });
}

const tooLong = (max: number) => `Must be ${max} or fewer in length.`;

/**
 * Checks a message body against Discord's limits. Returns null when valid, else the error body
 * Discord answers with (400). Lengths are counted in code points, as Discord does.
 */
export function validateMessage(body: MessageBody): { code: number; message: string; errors?: FieldErrors } | null {
  const len = (s: string | undefined) => (s === undefined ? 0 : Array.from(s).length);
  const errors: FieldErrors = {};
  const content = body.content;
  const embeds = body.embeds ?? [];
  if (content !== undefined && typeof content !== 'string') addError(errors, ['content'], 'BASE_TYPE_STRING', 'Must be a string.');
  if (len(content) > DISCORD_LIMITS.content) addError(errors, ['content'], 'BASE_TYPE_MAX_LENGTH', tooLong(DISCORD_LIMITS.content));
  if (!Array.isArray(embeds)) addError(errors, ['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
  else {
    if (embeds.length > DISCORD_LIMITS.embeds) addError(errors, ['embeds'], 'BASE_TYPE_MAX_LENGTH', tooLong(DISCORD_LIMITS.embeds));
    let total = 0;
    (embeds as readonly EmbedBody[]).forEach((e: EmbedBody, i: number) => {
      const at = ['embeds', String(i)];
      const check = (value: string | undefined, max: number, ...path: string[]) => {
        if (len(value) > max) addError(errors, [...at, ...path], 'BASE_TYPE_MAX_LENGTH', tooLong(max));
      };
      check(e.title, DISCORD_LIMITS.title, 'title');
      check(e.description, DISCORD_LIMITS.description, 'description');
      check(e.footer?.text, DISCORD_LIMITS.footer, 'footer', 'text');
      check(e.author?.name, DISCORD_LIMITS.author, 'author', 'name');
      const fields: NonNullable<EmbedBody['fields']> = e.fields ?? [];
      if (fields.length > DISCORD_LIMITS.fields) addError(errors, [...at, 'fields'], 'BASE_TYPE_MAX_LENGTH', tooLong(DISCORD_LIMITS.fields));
      fields.forEach((f, j) => {
        check(f.name, DISCORD_LIMITS.fieldName, 'fields', String(j), 'name');
        check(f.value, DISCORD_LIMITS.fieldValue, 'fields', String(j), 'value');
        if (len(f.name) === 0 || len(f.value) === 0) addError(errors, [...at, 'fields', String(j)], 'BASE_TYPE_REQUIRED', 'This field is required');
      });
      if (e.url !== undefined && !/^https?:\/\//.test(e.url)) addError(errors, [...at, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
      const size = len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name) + fields.reduce((n, f) => n + len(f.name) + len(f.value), 0);
      if (size === 0) addError(errors, at, 'BASE_TYPE_REQUIRED', 'Embed must not be empty.');
      total += size;
    });
    if (total > DISCORD_LIMITS.total) addError(errors, ['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${DISCORD_LIMITS.total}`);
  }
  if (Object.keys(errors).length > 0) return { code: 50035, message: 'Invalid Form Body', errors };
  if (len(content) === 0 && (!Array.isArray(embeds) || embeds.length === 0)) return { code: 50006, message: 'Cannot send an empty message' };
  return null;
}

let snowflakeCounter = 0n;
/** A fresh snowflake-shaped id (19 digits: discord.js only treats 17–19 digit ids as ids). */
export function snowflake(): string {
  snowflakeCounter += 1n;
  return (1_200_000_000_000_000_000n + BigInt(Date.now()) * 1000n + snowflakeCounter).toString();
}

const INTERACTION_TYPE = { command: 2, component: 3, autocomplete: 4 } as const;
const CALLBACK = { pong: 1, message: 4, deferred: 5, deferredUpdate: 6, update: 7, autocomplete: 8 } as const;
const EPHEMERAL = 1 << 6;

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = options.token ?? 'fake-discord-token';
  const appId = options.appId ?? '900000000000000001';
  const botUser = { id: appId, username: 'kilas', discriminator: '0', global_name: 'Kilas', avatar: null, bot: true };
  let interval = options.perChannelIntervalMs ?? 0;
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const calls: RecordedCall[] = [];
  const messages: RecordedMessage[] = [];
  const callbacks: RecordedCallback[] = [];
  const registrations: CommandRegistration[] = [];
  const identifies: Record<string, unknown>[] = [];
  const channels = new Map<string, ChannelInfo>();
  const deleted = new Set<string>();
  const denied = new Map<string, 'access' | 'permissions'>();
  const lastSent = new Map<string, number>();
  const nonces = new Map<string, Record<string, unknown>>();
  /** Interactions by token: their id, channel and whether they were acknowledged. */
  const interactions = new Map<string, { id: string; channelId: string; acknowledged: boolean; ephemeral: boolean }>();
  const sockets = new Set<WebSocket>();
  const identified = new Set<WebSocket>();
  let seq = 0;

  const messageObject = (id: string, channelId: string, body: MessageBody, author: Record<string, unknown> = botUser) => ({
    id,
    type: 0,
    channel_id: channelId,
    author,
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: body.flags ?? 0,
    components: [],
    ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
  });

  const record = (kind: RecordedMessage['kind'], channelId: string, interactionId: string | null, body: MessageBody, ephemeral: boolean) => {
    const id = snowflake();
    const files = uploads.get(body as object) ?? [];
    messages.push({ kind, id, channelId, interactionId, body, ephemeral, at: Date.now(), files });
    return id;
  };
  /** Files of a multipart body, keyed by the parsed payload object they came with. */
  const uploads = new WeakMap<object, UploadedFile[]>();
  const attachments = new Map<string, { filename: string; content: Buffer }>();

  /** Checks a channel for a message or a GET; returns the error to answer with, if any. */
  const channelError = (id: string): [number, { message: string; code: number }] | null => {
    if (deleted.has(id)) return [404, { message: 'Unknown Channel', code: 10003 }];
    const deny = denied.get(id);
    if (deny === 'access') return [403, { message: 'Missing Access', code: 50001 }];
    if (deny === 'permissions') return [403, { message: 'Missing Permissions', code: 50013 }];
    return null;
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `fake failure: ${String(error)}`, code: 0 });
    });
  });

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (status === 204) {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const buffer = Buffer.concat(chunks);
    const raw = buffer.toString('utf8');
    if (raw === '') return null;
    const type = req.headers['content-type'] ?? '';
    if (type.includes('application/json')) return JSON.parse(raw) as unknown;
    if (type.startsWith('multipart/form-data')) {
      // discord.js sends files as multipart: `payload_json` plus `files[n]` parts.
      const form = await new Response(buffer, { headers: { 'content-type': type } }).formData();
      const payload = JSON.parse(String(form.get('payload_json') ?? '{}')) as Record<string, unknown>;
      const files: UploadedFile[] = [];
      for (const [key, value] of form.entries()) {
        if (key.startsWith('files[') && typeof value !== 'string') files.push({ name: value.name, content: Buffer.from(await value.arrayBuffer()) });
      }
      const message = (payload['type'] !== undefined && typeof payload['data'] === 'object' ? payload['data'] : payload) as object;
      uploads.set(message, files);
      return payload;
    }
    return { unparsed: raw };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const index = calls.push({ method, path: url.pathname + url.search, status: 0, body, headers: req.headers }) - 1;
    res.once('finish', () => {
      const call = calls[index];
      if (call) calls[index] = { ...call, status: res.statusCode };
    });
    const cdn = /^\/attachments\/([^/]+)\/[^/]+$/.exec(url.pathname);
    if (cdn && method === 'GET') {
      const file = attachments.get(cdn[1] ?? '');
      if (!file) return send(res, 404, { message: 'Not Found', code: 0 });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.content.length });
      res.end(file.content);
      return;
    }
    const match = /^\/api\/v10(\/.*)$/.exec(url.pathname);
    if (!match) return send(res, 404, { message: '404: Not Found', code: 0 });
    const path = match[1] ?? '/';
    const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));

    // Interaction callbacks and webhooks are authorised by the interaction token, not the bot token.
    if (parts[0] === 'interactions' && parts.length === 4 && parts[3] === 'callback' && method === 'POST') {
      return interactionCallback(res, parts[1] ?? '', parts[2] ?? '', body as { type?: number; data?: unknown } | null);
    }
    if (parts[0] === 'webhooks') return webhook(res, method, parts, body as MessageBody | null);

    if (req.headers.authorization !== `Bot ${token}`) return send(res, 401, { message: '401: Unauthorized', code: 0 });

    if (method === 'GET' && path === '/gateway/bot') {
      return send(res, 200, {
        url: gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && path === '/users/@me') return send(res, 200, botUser);
    if (method === 'GET' && path === '/applications/@me') return send(res, 200, { id: appId, name: 'Kilas', flags: 0, bot: botUser });
    if (method === 'PUT' && parts[0] === 'applications' && parts[1] === appId && parts[parts.length - 1] === 'commands') {
      const scope = parts[2] === 'guilds' ? (parts[3] ?? '?') : 'global';
      return registerCommands(res, scope, body);
    }
    if (parts[0] === 'channels' && parts.length === 2 && method === 'GET') {
      const id = parts[1] ?? '';
      const error = channelError(id);
      if (error) return send(res, error[0], error[1]);
      const channel = channels.get(id);
      if (!channel) return send(res, 404, { message: 'Unknown Channel', code: 10003 });
      return send(res, 200, { id, type: channel.type ?? 0, guild_id: channel.guildId, name: channel.name ?? 'berita', permission_overwrites: [], position: 0, nsfw: false, parent_id: null });
    }
    if (parts[0] === 'channels' && parts[2] === 'messages' && parts.length === 3 && method === 'POST') {
      return channelMessage(res, parts[1] ?? '', (body ?? {}) as MessageBody);
    }
    return send(res, 404, { message: '404: Not Found', code: 0 });
  }

  function registerCommands(res: ServerResponse, scope: string, body: unknown): void {
    if (!Array.isArray(body)) return send(res, 400, { message: 'Invalid Form Body', code: 50035 });
    const errors: FieldErrors = {};
    const commands = body as Record<string, unknown>[];
    commands.forEach((c, i) => {
      const name = c['name'];
      const description = c['description'];
      if (typeof name !== 'string' || !/^[-_\p{L}\p{N}]{1,32}$/u.test(name) || name !== name.toLowerCase()) {
        addError(errors, [String(i), 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      }
      if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
        addError(errors, [String(i), 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      }
      const opts = (c['options'] ?? []) as Record<string, unknown>[];
      let optionalSeen = false;
      opts.forEach((o, j) => {
        const d = o['description'];
        if (typeof d !== 'string' || d.length < 1 || d.length > 100) {
          addError(errors, [String(i), 'options', String(j), 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
        }
        if (o['required'] === true && optionalSeen) {
          addError(errors, [String(i), 'options'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
        }
        if (o['required'] !== true) optionalSeen = true;
      });
    });
    if (Object.keys(errors).length > 0) return send(res, 400, { message: 'Invalid Form Body', code: 50035, errors });
    registrations.push({ scope, commands });
    return send(
      res,
      200,
      commands.map((c) => ({ id: snowflake(), application_id: appId, version: snowflake(), ...c })),
    );
  }

  function channelMessage(res: ServerResponse, channelId: string, body: MessageBody): void {
    const error = channelError(channelId);
    if (error) return send(res, error[0], error[1]);
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      return send(res, failures.status, { message: `${failures.status}: Internal Server Error`, code: 0 });
    }
    const invalid = validateMessage(body);
    if (invalid) return send(res, 400, invalid);
    if (body.enforce_nonce && body.nonce !== undefined) {
      const previous = nonces.get(`${channelId}|${String(body.nonce)}`);
      if (previous) return send(res, 200, previous);
    }
    const now = Date.now();
    const last = lastSent.get(channelId);
    if (interval > 0 && last !== undefined && now - last < interval) {
      const waitSeconds = (interval - (now - last)) / 1000;
      return send(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: waitSeconds, global: false, code: 20028 },
        {
          'retry-after': waitSeconds.toFixed(3),
          'x-ratelimit-limit': '1',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': waitSeconds.toFixed(3),
          'x-ratelimit-bucket': `fake-channel-${channelId}`,
          'x-ratelimit-scope': 'user',
        },
      );
    }
    lastSent.set(channelId, now);
    if (!channels.has(channelId)) channels.set(channelId, { id: channelId, guildId: null });
    const id = record('channel', channelId, null, body, false);
    const message = messageObject(id, channelId, body);
    if (body.enforce_nonce && body.nonce !== undefined) nonces.set(`${channelId}|${String(body.nonce)}`, message);
    return send(res, 200, message);
  }

  function interactionCallback(res: ServerResponse, id: string, itoken: string, body: { type?: number; data?: unknown } | null): void {
    const interaction = interactions.get(itoken);
    if (!interaction || interaction.id !== id) return send(res, 404, { message: 'Unknown interaction', code: 10062 });
    if (interaction.acknowledged) return send(res, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    const type = body?.type;
    if (type === CALLBACK.message || type === CALLBACK.deferred) {
      const data = (body?.data ?? {}) as MessageBody;
      const ephemeral = ((data.flags ?? 0) & EPHEMERAL) !== 0;
      if (type === CALLBACK.message) {
        const invalid = validateMessage(data);
        if (invalid) return send(res, 400, invalid);
        record('reply', interaction.channelId, interaction.id, data, ephemeral);
      }
      interaction.ephemeral = ephemeral;
    } else if (type === CALLBACK.autocomplete) {
      const choices = ((body?.data ?? {}) as { choices?: { name?: unknown; value?: unknown }[] }).choices;
      const bad =
        !Array.isArray(choices) ||
        choices.length > 25 ||
        choices.some(
          (c) =>
            typeof c.name !== 'string' ||
            c.name.length < 1 ||
            c.name.length > 100 ||
            (typeof c.value === 'string' && c.value.length > 100),
        );
      if (bad) return send(res, 400, { message: 'Invalid Form Body', code: 50035 });
    } else if (type === CALLBACK.update) {
      const data = (body?.data ?? {}) as MessageBody;
      const invalid = validateMessage(data);
      if (invalid) return send(res, 400, invalid);
      record('update', interaction.channelId, interaction.id, data, false);
    } else if (type !== CALLBACK.pong && type !== CALLBACK.deferredUpdate) {
      return send(res, 400, { message: 'Invalid Form Body', code: 50035 });
    }
    interaction.acknowledged = true;
    callbacks.push({ interactionId: id, type: type ?? 0, data: body?.data ?? null });
    return send(res, 204, null);
  }

  function webhook(res: ServerResponse, method: string, parts: readonly string[], body: MessageBody | null): void {
    const [, app, itoken, messagesPart, target] = parts;
    const interaction = itoken ? interactions.get(itoken) : undefined;
    if (app !== appId || !interaction || !interaction.acknowledged) return send(res, 404, { message: 'Unknown Webhook', code: 10015 });
    if (parts.length === 3 && method === 'POST') {
      const data = body ?? {};
      const invalid = validateMessage(data);
      if (invalid) return send(res, 400, invalid);
      const ephemeral = ((data.flags ?? 0) & EPHEMERAL) !== 0;
      const id = record('followup', interaction.channelId, interaction.id, data, ephemeral);
      return send(res, 200, { ...messageObject(id, interaction.channelId, data), webhook_id: appId });
    }
    if (parts.length === 5 && messagesPart === 'messages' && target === '@original') {
      if (method === 'DELETE') return send(res, 204, null);
      if (method === 'PATCH') {
        const data = body ?? {};
        const invalid = validateMessage(data);
        if (invalid) return send(res, 400, invalid);
        const id = record('edit', interaction.channelId, interaction.id, data, interaction.ephemeral);
        return send(res, 200, { ...messageObject(id, interaction.channelId, data), webhook_id: appId });
      }
      if (method === 'GET') {
        const last = messages.filter((m) => m.interactionId === interaction.id && m.kind !== 'followup').pop();
        if (!last) return send(res, 404, { message: 'Unknown Message', code: 10008 });
        return send(res, 200, messageObject(last.id, interaction.channelId, last.body));
      }
    }
    return send(res, 404, { message: '404: Not Found', code: 0 });
  }

  // The gateway.
  const wss = new WebSocketServer({ noServer: true });
  const heartbeatInterval = options.heartbeatIntervalMs ?? 41_250;
  const frame = (ws: WebSocket, payload: Record<string, unknown>) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  };
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => {
      sockets.delete(ws);
      identified.delete(ws);
    });
    frame(ws, { op: 10, d: { heartbeat_interval: heartbeatInterval }, s: null, t: null });
    ws.on('message', (raw) => {
      let packet: { op?: number; d?: unknown };
      try {
        packet = JSON.parse(String(raw)) as { op?: number; d?: unknown };
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      if (packet.op === 1) frame(ws, { op: 11, d: null, s: null, t: null });
      else if (packet.op === 2) {
        const d = (packet.d ?? {}) as Record<string, unknown>;
        identifies.push(d);
        if (d['token'] !== token && d['token'] !== `Bot ${token}`) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        identified.add(ws);
        frame(ws, {
          op: 0,
          s: ++seq,
          t: 'READY',
          d: {
            v: 10,
            user: botUser,
            guilds: [],
            session_id: randomBytes(16).toString('hex'),
            resume_gateway_url: gatewayUrl,
            shard: [0, 1],
            application: { id: appId, flags: 0 },
            user_settings: {},
            private_channels: [],
            presences: [],
            relationships: [],
            guild_join_requests: [],
          },
        });
      } else if (packet.op === 6) {
        // No resume support: the client is told to identify again.
        frame(ws, { op: 9, d: false, s: null, t: null });
      }
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!(req.url ?? '').startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  const dispatch = (t: string, d: unknown) => {
    for (const ws of identified) frame(ws, { op: 0, s: ++seq, t, d });
  };

  return {
    apiBase: `http://127.0.0.1:${port}/api`,
    gatewayUrl,
    token,
    appId,
    botUser,
    calls,
    messages,
    callbacks,
    registrations,
    identifies,
    addChannel(channel) {
      channels.set(channel.id, channel);
      deleted.delete(channel.id);
    },
    deleteChannel(id) {
      deleted.add(id);
    },
    denyChannel(id, what) {
      denied.set(id, what);
    },
    setPerChannelInterval(ms) {
      interval = ms;
    },
    failNextMessages(count, status) {
      failures = { count, status };
    },
    dispatch,
    interact(interaction) {
      const channel = interaction['channel'] as { id?: string } | undefined;
      interactions.set(interaction.token, { id: interaction.id, channelId: channel?.id ?? '', acknowledged: false, ephemeral: false });
      dispatch('INTERACTION_CREATE', interaction);
    },
    addAttachment(filename, content) {
      const id = snowflake();
      const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      attachments.set(id, { filename, content: buffer });
      const url = `http://127.0.0.1:${port}/attachments/${id}/${encodeURIComponent(filename)}`;
      return { id, filename, size: buffer.length, url, proxy_url: url, content_type: 'text/x-opml' };
    },
    dropSessions() {
      for (const ws of sockets) ws.terminate();
    },
    sessions: () => identified.size,
    messagesIn: (channelId) => messages.filter((m) => m.channelId === channelId && m.kind === 'channel'),
    responsesTo: (interactionId) => messages.filter((m) => m.interactionId === interactionId),
    async waitFor(predicate, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!(await predicate())) {
        if (Date.now() > deadline) throw new Error(`fake discord: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Discord user as interactions carry it. */
export interface UserInfo {
  readonly id: string;
  readonly username: string;
}

/** Option of an interaction's `data.options`. */
export interface OptionInfo {
  readonly name: string;
  /** 3 string, 7 channel. */
  readonly type: number;
  readonly value: string;
  readonly focused?: boolean;
}

export interface InteractionSpec {
  readonly appId: string;
  readonly name: string;
  readonly options?: readonly OptionInfo[];
  readonly channel: ChannelInfo;
  readonly user: UserInfo;
  /** The member's permissions in the channel (guild channels). */
  readonly memberPermissions?: bigint;
  /** The bot's permissions in the channel. */
  readonly appPermissions?: bigint;
  /** Resolved attachment options (type 11 options name their id). */
  readonly resolvedAttachments?: readonly AttachmentInfo[];
  /** Resolved channel options: id -> the member's and the bot's permissions there. */
  readonly resolvedChannels?: readonly { readonly channel: ChannelInfo; readonly memberPermissions: bigint; readonly appPermissions?: bigint }[];
}

function interactionPayload(type: number, spec: InteractionSpec): InteractionPayload {
  const guildId = spec.channel.guildId;
  const user = { id: spec.user.id, username: spec.user.username, discriminator: '0', global_name: spec.user.username, avatar: null };
  const attachmentsResolved = spec.resolvedAttachments?.length
    ? { attachments: Object.fromEntries(spec.resolvedAttachments.map((a) => [a.id, { ...a, ephemeral: false }])) }
    : {};
  const resolved = spec.resolvedChannels?.length || spec.resolvedAttachments?.length
    ? {
        resolved: {
          ...attachmentsResolved,
          channels: Object.fromEntries(
            (spec.resolvedChannels ?? []).map((r) => [
              r.channel.id,
              {
                id: r.channel.id,
                name: r.channel.name ?? 'kanal',
                type: r.channel.type ?? 0,
                permissions: r.memberPermissions.toString(),
                ...(r.appPermissions !== undefined ? { app_permissions: r.appPermissions.toString() } : {}),
              },
            ]),
          ),
        },
      }
    : {};
  return {
    id: snowflake(),
    application_id: spec.appId,
    type,
    token: `itoken-${randomBytes(24).toString('hex')}`,
    version: 1,
    locale: 'id',
    entitlements: [],
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': spec.user.id },
    context: guildId ? 0 : 1,
    attachment_size_limit: 8_388_608,
    app_permissions: (spec.appPermissions ?? 0n).toString(),
    channel_id: spec.channel.id,
    channel: { id: spec.channel.id, type: spec.channel.type ?? (guildId ? 0 : 1), ...(guildId ? { guild_id: guildId, name: spec.channel.name ?? 'berita' } : {}) },
    ...(guildId
      ? {
          guild_id: guildId,
          guild_locale: 'id',
          member: {
            user,
            roles: [],
            permissions: (spec.memberPermissions ?? 0n).toString(),
            joined_at: '2024-01-01T00:00:00.000Z',
            deaf: false,
            mute: false,
            flags: 0,
            pending: false,
            nick: null,
            avatar: null,
            premium_since: null,
            communication_disabled_until: null,
          },
        }
      : { user }),
    data: { id: '800000000000000001', name: spec.name, type: 1, ...(spec.options ? { options: spec.options } : {}), ...resolved },
  };
}

/** A slash command (APPLICATION_COMMAND, chat input) interaction. */
export function commandInteraction(spec: InteractionSpec): InteractionPayload {
  return interactionPayload(INTERACTION_TYPE.command, spec);
}

/** An APPLICATION_COMMAND_AUTOCOMPLETE interaction; mark the option being typed `focused: true`. */
export function autocompleteInteraction(spec: InteractionSpec): InteractionPayload {
  return interactionPayload(INTERACTION_TYPE.autocomplete, spec);
}

/** Discord permission bits the tests use. */
export const PERMISSIONS = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  manageChannels: 1n << 4n,
  administrator: 1n << 3n,
} as const;

/** A MESSAGE_COMPONENT interaction: a pick in a string select menu (`customId`) of a message the bot sent. */
export function selectInteraction(
  spec: Omit<InteractionSpec, 'name' | 'options'> & {
    customId: string;
    values: readonly string[];
    messageId: string;
    /** The components of the message as the bot sent them (discord.js finds the menu there). */
    components: NonNullable<MessageBody['components']>;
  },
): InteractionPayload {
  const base = interactionPayload(INTERACTION_TYPE.component, { ...spec, name: 'x' });
  return {
    ...base,
    message: {
      id: spec.messageId,
      type: 0,
      channel_id: spec.channel.id,
      author: { id: spec.appId, username: 'kilas', discriminator: '0', avatar: null, bot: true },
      content: '',
      embeds: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
      components: spec.components,
    },
    data: { custom_id: spec.customId, component_type: 3, values: [...spec.values] },
  };
}
