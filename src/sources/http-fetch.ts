/**
 * A fetch of feeds and article pages that cannot hang, cannot fill memory, cannot loop and cannot
 * be pointed at the machine's own network: one total deadline, a byte cap enforced while the body
 * streams in, manual redirects with a cap and loop detection, the outbound policy
 * (`outbound-policy.ts`) on the first URL, every redirect and every connection, conditional GET,
 * and charset decoding (`charset.ts`). Every failure is a `FeedError`.
 */
import { FeedError } from '../errors.ts';
import { decodeBody } from './charset.ts';
import { checkOutboundUrl, createPolicyFetch, OutboundRefused, refusalIn, type FetchLike } from './outbound-policy.ts';

export type { FetchLike } from './outbound-policy.ts';

/** The User-Agent kilas sends everywhere: names the program and where to read about it. */
export const KILAS_USER_AGENT = 'kilas/0.1 (Indonesian news digest bot)';

/** Accept header for article pages. */
export const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

/** Options of {@link createBoundedFetch}; every field is optional and has the default written beside it. */
export interface BoundedFetchOptions {
  /** Underlying fetch (tests inject one). Default: undici's fetch under the outbound address policy. */
  readonly fetch?: FetchLike;
  /** KILAS_ALLOW_PRIVATE_FETCH: reach private, loopback and link-local addresses too. Default: false. */
  readonly allowPrivate?: boolean;
  /** Deadline for the whole exchange, redirects and body included, in ms. Default: 15 000. */
  readonly timeoutMs?: number;
  /** Largest body accepted, in bytes; the download is aborted as soon as it is passed. Default: 5 MB. */
  readonly maxBytes?: number;
  /** Redirects followed before giving up. Default: 5. */
  readonly maxRedirects?: number;
  /** User-Agent header. Default: {@link KILAS_USER_AGENT}. */
  readonly userAgent?: string;
  /** Accept header. Default: RSS, Atom and XML types, then anything. */
  readonly accept?: string;
}

/** The defaults of {@link BoundedFetchOptions}. */
export const DEFAULT_FETCH_OPTIONS = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: false,
  userAgent: KILAS_USER_AGENT,
  accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
} satisfies Required<Omit<BoundedFetchOptions, 'fetch'>>;

type ResolvedOptions = Required<BoundedFetchOptions>;

/** Validators of the last full answer, sent back so an unchanged feed costs a 304 and no body. */
export interface ConditionalRequest {
  readonly etag?: string | null;
  readonly lastModified?: string | null;
}

/** A fetched and decoded body. */
export interface FetchedBody {
  readonly status: 'ok';
  /** URL the body came from after redirects (resolve relative links against it). */
  readonly url: string;
  readonly body: string;
  /** Charset the body was decoded from (iconv-lite name, lowercase). */
  readonly charset: string;
  readonly bytes: number;
  readonly contentType: string | null;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** The server answered 304: nothing changed since the validators were issued. */
export interface NotModified {
  readonly status: 'not-modified';
  readonly url: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

export type FetchOutcome = FetchedBody | NotModified;

/**
 * Fetches one feed URL.
 * @throws FeedError — `transient` for timeouts, network failures, 5xx, 408 and 429; not transient for
 *   other 4xx, bodies over the cap, redirect loops or too many redirects, non-HTTP URLs.
 */
export type BoundedFetch = (url: string, conditional?: ConditionalRequest) => Promise<FetchOutcome>;

/** A feed answered with an HTTP error status; carries the status and any Retry-After the server asked for. */
export class FeedHttpError extends FeedError {
  override name = 'FeedHttpError';
  constructor(
    message: string,
    feedUrl: string,
    transient: boolean,
    readonly status: number,
    /** Wait the server asked for (Retry-After on 429/503), in ms; null when it did not say. */
    readonly retryAfterMs: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, feedUrl, transient, options);
  }
}

/**
 * Retry-After as ms: delta-seconds, or an HTTP date measured against the response's own Date
 * header (so no local clock is needed). Null when absent or unreadable.
 */
export function retryAfterMs(headers: Headers): number | null {
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  const now = Date.parse(headers.get('date') ?? '');
  if (Number.isNaN(at) || Number.isNaN(now)) return null;
  return Math.max(0, at - now);
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Why the exchange was aborted, kept as the abort reason so the catch can tell the cases apart. */
class Aborted {
  constructor(readonly kind: 'timeout' | 'too-large') {}
}

/**
 * Builds a bounded fetch.
 * @example
 *   const get = createBoundedFetch({ timeoutMs: 10_000 });
 *   const out = await get('https://example.com/rss', { etag: state.etag });
 */
export function createBoundedFetch(options: BoundedFetchOptions = {}): BoundedFetch {
  const settings = { ...DEFAULT_FETCH_OPTIONS, ...definedOnly(options) };
  const opts: ResolvedOptions = { ...settings, fetch: options.fetch ?? createPolicyFetch(settings.allowPrivate) };

  return async (url, conditional = {}) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Aborted('timeout')), opts.timeoutMs);
    try {
      return await fetchWithRedirects(url, conditional, opts, controller);
    } catch (error) {
      throw classify(error, url, controller.signal, opts);
    } finally {
      clearTimeout(timer);
    }
  };
}

async function fetchWithRedirects(
  startUrl: string,
  conditional: ConditionalRequest,
  opts: ResolvedOptions,
  controller: AbortController,
): Promise<FetchOutcome> {
  const signal = controller.signal;
  const visited = new Set<string>();
  let current = checkedUrl(startUrl, startUrl, opts.allowPrivate);
  for (let redirects = 0; ; redirects++) {
    visited.add(current);
    const headers: Record<string, string> = { 'user-agent': opts.userAgent, accept: opts.accept };
    if (conditional.etag) headers['if-none-match'] = conditional.etag;
    if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;

    const response = await untilAborted(opts.fetch(current, { headers, redirect: 'manual', signal }), signal);

    if (REDIRECT_STATUSES.has(response.status)) {
      discard(response);
      const location = response.headers.get('location');
      if (!location) throw new FeedError(`redirect ${response.status} without a Location header`, startUrl, false);
      const next = checkedUrl(resolveUrl(location, current, startUrl), startUrl, opts.allowPrivate);
      if (visited.has(next)) throw new FeedError(`redirect loop at ${next}`, startUrl, false);
      if (redirects >= opts.maxRedirects) {
        throw new FeedError(`more than ${opts.maxRedirects} redirects`, startUrl, false);
      }
      current = next;
      continue;
    }

    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    if (response.status === 304) {
      discard(response);
      return { status: 'not-modified', url: current, etag, lastModified };
    }
    if (response.status < 200 || response.status > 299) {
      discard(response);
      const transient = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new FeedHttpError(
        `HTTP ${response.status} ${response.statusText}`.trim(),
        startUrl,
        transient,
        response.status,
        retryAfterMs(response.headers),
      );
    }

    const contentType = response.headers.get('content-type');
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      discard(response);
      throw tooLarge(startUrl, opts.maxBytes);
    }
    const bytes = await readCapped(response, opts.maxBytes, controller);
    const decoded = decodeBody(bytes, contentType);
    return {
      status: 'ok',
      url: current,
      body: decoded.text,
      charset: decoded.charset,
      bytes: bytes.byteLength,
      contentType,
      etag,
      lastModified,
    };
  }
}

/** Reads the body chunk by chunk and aborts the download the moment it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number, controller: AbortController): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await untilAborted(reader.read(), controller.signal);
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      controller.abort(new Aborted('too-large'));
      reader.cancel().catch(() => {});
      throw new Aborted('too-large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function resolveUrl(location: string, base: string, feedUrl: string): string {
  try {
    return new URL(location, base).href;
  } catch (cause) {
    throw new FeedError(`redirect to an invalid URL: ${location}`, feedUrl, false, { cause });
  }
}

/** The URL under the outbound policy; a refusal is a permanent `FeedError`. */
function checkedUrl(candidate: string, feedUrl: string, allowPrivate: boolean): string {
  try {
    return checkOutboundUrl(candidate, allowPrivate);
  } catch (cause) {
    const message = cause instanceof OutboundRefused ? cause.message : String(cause);
    throw new FeedError(message, feedUrl, false, { cause });
  }
}

/** Races a promise against the abort signal so even a fetch that ignores `signal` cannot outlive the deadline. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

function tooLarge(feedUrl: string, maxBytes: number): FeedError {
  return new FeedError(`response larger than ${maxBytes} bytes`, feedUrl, false);
}

function classify(error: unknown, feedUrl: string, signal: AbortSignal, opts: ResolvedOptions): FeedError {
  if (error instanceof FeedError) return error;
  const refused = refusalIn(error);
  if (refused) return new FeedError(refused.message, feedUrl, false, { cause: error });
  const reason: unknown = signal.aborted ? signal.reason : error;
  if (reason instanceof Aborted || error instanceof Aborted) {
    const kind = reason instanceof Aborted ? reason.kind : (error as Aborted).kind;
    return kind === 'too-large'
      ? tooLarge(feedUrl, opts.maxBytes)
      : new FeedError(`timed out after ${opts.timeoutMs} ms`, feedUrl, true);
  }
  const message = error instanceof Error ? describeNetworkError(error) : String(error);
  return new FeedError(`network error: ${message}`, feedUrl, true, { cause: error });
}

/** undici hides the useful part ("ECONNREFUSED") in `cause`. */
function describeNetworkError(error: Error): string {
  const cause: unknown = error.cause;
  if (cause instanceof Error && cause.message) return `${error.message} (${cause.message})`;
  return error.message;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
