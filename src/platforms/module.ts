/**
 * What a chat platform plugs into kilas with: one `PlatformModule` per folder under src/platforms/,
 * listed once in src/platforms/registry.ts. The module carries its name, its sending limits (for the
 * shared pacer), its environment variables (validated with the rest of the configuration), its
 * renderer and a factory for the running adapter. Nothing else in kilas names a platform.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { CommandHandlers } from '../bot/commands.ts';
import type { Pacer, PlatformLimits } from '../bot/pacer.ts';
import type { ChatPlatform, ChatRef, NewsStore, SubscriptionStore } from '../bot/ports.ts';
import type { ConfigIssue } from '../config-fields.ts';
import type { Document } from '../format/document.ts';
import type { Logger } from '../logger.ts';

/** A request handler mounted on kilas's HTTP server (KILAS_HTTP_PORT), for webhooks. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Routes a platform may add to kilas's HTTP server. */
export interface HttpRoutes {
  /** Serves POST requests to `path` with `handler`. */
  post(path: string, handler: HttpHandler): void;
}

/** Everything the composition root hands a platform adapter. */
export interface PlatformContext {
  /** The platform-neutral command handlers. */
  readonly handlers: CommandHandlers;
  /** Subscriptions to deactivate (blocked, kicked, channel deleted) or move (chat migrated). */
  readonly subscriptions: SubscriptionStore;
  /** Known speakers (autocomplete). */
  readonly news: Pick<NewsStore, 'speakers'>;
  /** Names of the outlets a chat follows (autocomplete). */
  readonly outletNames: (chat: ChatRef) => Promise<readonly string[]>;
  readonly logger: Logger;
  /** The pacer deliveries use: command replies share it. */
  readonly pacer: Pacer;
  /** Longest `stop()` waits for replies still being sent, ms. */
  readonly stopTimeoutMs: number;
  /** kilas's HTTP server when KILAS_HTTP_PORT is set, else null. */
  readonly http: HttpRoutes | null;
  /** Long-polling timeout, seconds, for platforms that long-poll (tests shorten it). */
  readonly pollingTimeoutSeconds?: number;
  /** Streams of a terminal platform. Default: the process's stdin and stdout. */
  readonly stdio?: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream };
}

/** A running platform adapter, as the app starts, stops and delivers through it. */
export interface PlatformAdapter {
  /** What the delivery loop sends digests through. */
  readonly platform: ChatPlatform;
  /** Connects (and registers commands); resolves once commands are being received. */
  start(signal?: AbortSignal): Promise<void>;
  /** Stops receiving, then waits (bounded) for replies being sent. Idempotent. */
  stop(): Promise<void>;
  /** Resolves when every command received so far has been answered (or failed). */
  idle(): Promise<void>;
  /**
   * True when `stop()` also ends sending (Discord's REST client goes with the gateway): the app then
   * stops this platform only after the deliveries being finished are done.
   */
  readonly stopEndsSends?: boolean;
}

/** The environment variables of one platform, validated together with the rest of the configuration. */
export interface PlatformConfig<Vars, Settings> {
  /** Variable name -> zod schema, in the order `kilas config` prints them. */
  readonly variables: z.ZodRawShape;
  /** Variables whose values are secrets (masked by `kilas config`, redacted from logs). */
  readonly secrets: readonly string[];
  /** Checks across variables (a token without its app id …); `all` is every parsed variable. */
  check?(vars: Vars, issue: ConfigIssue, all: Readonly<Record<string, unknown>>): void;
  /** The settings the adapter is built from, or null when the platform is not configured. */
  settings(vars: Vars): Settings | null;
}

/** One chat platform. See the module comment; docs/architecture.md "Adding a platform" walks through one. */
export interface PlatformModule<Vars = never, Settings = unknown> {
  /** The platform's name, stored with every subscription ("telegram"): never change it once released. */
  readonly name: string;
  /** Sending limits the shared pacer keeps for this platform. */
  readonly limits: PlatformLimits;
  readonly config: PlatformConfig<Vars, Settings>;
  /** Document -> the payloads of the messages to send, in order. */
  render(doc: Document): unknown[];
  /** The rendered messages as `kilas digest --format <name>` prints them; absent: no such format. */
  preview?(doc: Document): string;
  /** Builds the adapter (nothing touches the network before its `start()`); loads the platform library lazily. */
  create(settings: Settings, ctx: PlatformContext): Promise<PlatformAdapter>;
}

/** A module with its types erased, as the registry lists it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlatformModule = PlatformModule<any, any>;
