/**
 * KILAS_FEEDS -> the feeds to poll. The value is either comma-separated URLs or the path of a JSON
 * file holding `{"feeds":[{"url":"…","name":"…"}]}` or `["https://…", …]`. Only http and https.
 */
import { ConfigError, messageOf } from '../errors.ts';

/** One feed to poll. */
export interface FeedSpec {
  /** Absolute http(s) URL, fragment removed. */
  readonly url: string;
  /** Outlet name to show instead of the feed's own title, when configured. */
  readonly name: string | null;
}

/** A feed list entry that was left out, and why. */
export interface FeedListProblem {
  /** Where it stood: `#3` (position in a comma list) or `feeds[2]` (JSON path). */
  readonly at: string;
  readonly entry: string;
  readonly reason: string;
}

export interface FeedList {
  /** Valid feeds, each URL once, in the order given. */
  readonly feeds: readonly FeedSpec[];
  /** Entries that were skipped; one bad entry does not stop the others from being polled. */
  readonly problems: readonly FeedListProblem[];
}

/**
 * Reads the feed list.
 * @param value KILAS_FEEDS: URLs separated by commas (or whitespace), or a JSON file path.
 * @param readFile reads a file as UTF-8 text (injected; `(p) => readFileSync(p, 'utf8')`).
 * @throws ConfigError when the file cannot be read, is not JSON, or has the wrong shape. Single
 *   invalid entries are reported in `problems` instead.
 * @example parseFeedList('https://a.id/rss, https://b.id/feed', readFile)
 */
export function parseFeedList(value: string, readFile: (path: string) => string): FeedList {
  const trimmed = value.trim();
  if (!trimmed) return { feeds: [], problems: [] };
  if (looksLikeUrlList(trimmed)) return fromEntries(splitList(trimmed).map((url, i) => ({ at: `#${i + 1}`, url, name: null })));

  let source: string;
  try {
    source = trimmed.startsWith('{') || trimmed.startsWith('[') ? trimmed : readFile(trimmed);
  } catch (cause) {
    throw new ConfigError(`KILAS_FEEDS: cannot read feed list file ${trimmed}: ${messageOf(cause)}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (cause) {
    throw new ConfigError(`KILAS_FEEDS: ${trimmed} is not valid JSON: ${messageOf(cause)}`, { cause });
  }
  return fromEntries(entriesOf(json, trimmed));
}

interface Entry {
  readonly at: string;
  readonly url: unknown;
  readonly name: unknown;
}

function entriesOf(json: unknown, origin: string): Entry[] {
  const list: unknown = Array.isArray(json) ? json : isRecord(json) ? json['feeds'] : undefined;
  if (!Array.isArray(list)) {
    throw new ConfigError(`KILAS_FEEDS: ${origin} must hold {"feeds": [...]} or an array of URLs`);
  }
  const prefix = Array.isArray(json) ? '' : 'feeds';
  return list.map((item: unknown, i): Entry => {
    const at = `${prefix}[${i}]`;
    if (isRecord(item)) return { at, url: item['url'], name: item['name'] };
    return { at, url: item, name: null };
  });
}

function fromEntries(entries: readonly Entry[]): FeedList {
  const feeds: FeedSpec[] = [];
  const problems: FeedListProblem[] = [];
  const seen = new Set<string>();
  for (const { at, url, name } of entries) {
    const shown = typeof url === 'string' ? url : JSON.stringify(url) ?? String(url);
    if (typeof url !== 'string' || !url.trim()) {
      problems.push({ at, entry: shown, reason: 'expected a URL string' });
      continue;
    }
    const checked = checkFeedUrl(url.trim());
    if (!checked.ok) {
      problems.push({ at, entry: url, reason: checked.reason });
      continue;
    }
    if (name !== null && name !== undefined && typeof name !== 'string') {
      problems.push({ at, entry: url, reason: 'name must be a string' });
      continue;
    }
    if (seen.has(checked.url)) continue;
    seen.add(checked.url);
    feeds.push({ url: checked.url, name: typeof name === 'string' && name.trim() ? name.trim() : null });
  }
  return { feeds, problems };
}

/** Validates one feed URL: absolute, http or https, with a host. */
export function checkFeedUrl(candidate: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `only http and https feeds are polled, not ${url.protocol.replace(/:$/, '')}` };
  }
  if (!url.hostname) return { ok: false, reason: 'URL has no host' };
  if (url.username || url.password) return { ok: false, reason: 'credentials in feed URLs are not accepted' };
  url.hash = '';
  return { ok: true, url: url.href };
}

/** A comma list when any part has a scheme; a single token without one is a file path. */
function looksLikeUrlList(value: string): boolean {
  if (value.startsWith('{') || value.startsWith('[')) return false;
  return splitList(value).some((part) => /^[a-z][a-z0-9+.-]*:\/\//i.test(part));
}

function splitList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

