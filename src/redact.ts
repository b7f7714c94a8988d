/**
 * Secrets out of every line kilas writes: the configured tokens wherever they appear (also
 * URL-encoded, as in a Bot API path an error echoes), plus the shapes of secrets kilas may not
 * know about — a Bot API token in a URL path, a Discord token, the password of a database URL.
 */

/** Rewrites a text so no secret is left in it. */
export type Redact = (text: string) => string;

const MASK = '[redacted]';

/** Shapes of secrets, replaced even when the value is not one of the configured ones. */
const PATTERNS: readonly [RegExp, string][] = [
  // Telegram Bot API paths: /bot123456:AA…/getMe (and the %3A-encoded form).
  [/\bbot\d{3,}(?::|%3A)[A-Za-z0-9_-]{10,}/gi, `bot${MASK}`],
  // A bare Telegram token: digits, colon, 30+ token characters.
  [/\b\d{6,}:[A-Za-z0-9_-]{30,}/g, MASK],
  // Discord bot tokens: three base64url parts separated by dots.
  [/\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g, MASK],
  // user:password@ in any URL (postgres://, https://, …).
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${MASK}@`],
  // Authorization headers an error may quote.
  [/\b(Bot|Bearer)\s+[A-Za-z0-9._~+/-]{16,}=*/g, `$1 ${MASK}`],
];

/** Builds a redactor for these secret values (empty and very short values are ignored). */
export function createRedactor(secrets: Iterable<string | null | undefined>): Redact {
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.trim().length < 6) continue;
    literals.add(secret);
    literals.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret containing another is replaced whole.
  const ordered = [...literals].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const literal of ordered) if (out.includes(literal)) out = out.split(literal).join(MASK);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
}

/** A redactor that knows only the shapes of secrets. */
export const redactShapes: Redact = createRedactor([]);

/**
 * An error's message followed by its causes' ("A: B: C"), each once: libraries wrap the real
 * reason (a DNS failure, a refused connection) in a generic message.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (message && !parts.some((p) => p.includes(message))) parts.push(message);
    const next = current instanceof Error ? (current.cause ?? (current as { error?: unknown }).error) : undefined;
    if (next === current) break;
    current = next;
  }
  return parts.join(': ');
}
