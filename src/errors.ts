/**
 * One small error tree for kilas. Raw failures (fs, HTTP, SQLite, platform libraries) are
 * classified once, at the edge, into one of these; the original error stays in `cause`.
 * Expected outcomes ("already subscribed", "duplicate article") are values, not exceptions.
 */

export class KilasError extends Error {
  override name = 'KilasError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad usage or bad user input: the CLI prints the message and exits 2. */
export class UsageError extends KilasError {
  override name = 'UsageError';
}

/** Invalid configuration (environment). */
export class ConfigError extends KilasError {
  override name = 'ConfigError';
}

/** The environment failed validation before anything started: the CLI lists every problem and exits 2. */
export class ConfigInvalidError extends ConfigError {
  override name = 'ConfigInvalidError';
  constructor(
    /** One "VARIABLE: what is wrong" per problem. */
    readonly problems: readonly string[],
  ) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** An input file or document that cannot be read as an article. */
export class InputError extends KilasError {
  override name = 'InputError';
  constructor(
    message: string,
    readonly path: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A feed that could not be fetched or parsed. */
export class FeedError extends KilasError {
  override name = 'FeedError';
  constructor(
    message: string,
    readonly feedUrl: string,
    /** Whether trying again later may succeed (timeouts, 5xx) as opposed to a permanent failure. */
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failure of the SQLite store. */
export class StoreError extends KilasError {
  override name = 'StoreError';
}

/** Base of failures reported by a chat platform while sending. */
export class PlatformError extends KilasError {
  override name = 'PlatformError';
}

/** The platform asked us to wait: send again after `retryAfterMs`. */
export class RateLimitedError extends PlatformError {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The chat can no longer receive messages (bot blocked or kicked, unknown channel, missing access):
 * the subscription is deactivated, never retried.
 */
export class ChatUnavailableError extends PlatformError {
  override name = 'ChatUnavailableError';
}

/** A temporary failure (5xx, timeout, network): retry with bounded backoff. */
export class TransientPlatformError extends PlatformError {
  override name = 'TransientPlatformError';
}

/** The platform refused this payload (400): retrying the same payload cannot succeed. */
export class RejectedPayloadError extends PlatformError {
  override name = 'RejectedPayloadError';
}

/** The message of a thrown value for logs and error texts: `error.message` for an Error, `String(error)` otherwise. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
