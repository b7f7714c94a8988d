/**
 * Feed XML (RSS 2.0, RSS 1.0, RSS 0.9x, Atom) -> `RawArticle`s, via rss-parser's `parseString`.
 * The HTML of an item (full text from content:encoded when present, else the content, summary or
 * description) becomes paragraph text through a real parser (html-text.ts) before the core sees it.
 */
import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import { articleLink, canonicalUrl, outletDisplayName } from '../core/article/index.ts';
import type { RawArticle } from '../core/model/index.ts';
import { FeedError } from '../errors.ts';
import { htmlFragmentToText } from './html-text.ts';

/** What one feed document yielded. */
export interface ParsedFeed {
  /** The feed's own title, whitespace-normalised, or null. */
  readonly title: string | null;
  /** Outlet given to every item: the configured name, else the feed title, else the host. */
  readonly outlet: string;
  /** Items in feed order, each once. */
  readonly items: readonly RawArticle[];
  /** Items dropped because an earlier item had the same guid, URL or content, or because they were empty. */
  readonly dropped: number;
}

export interface ParseFeedOptions {
  /** Outlet name from the feed list; wins over the feed title. Default: none. */
  readonly outlet?: string | null;
  /**
   * UTC offset for item dates that carry a time but no zone (Indonesian outlets mean WIB).
   * Default: `+07:00`.
   */
  readonly defaultOffset?: string;
}

type ItemFields = {
  'content:encoded'?: unknown;
  id?: unknown;
  'rdf:about'?: unknown;
  'dc:date'?: unknown;
};

/**
 * Parses one feed document.
 * @param feedUrl the URL the document came from (after redirects): relative links resolve against
 *   it and its host is the outlet of last resort.
 * @throws FeedError (not transient) when the text is not well-formed XML or not a feed.
 */
export async function parseFeed(xml: string, feedUrl: string, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const parser = createParser();
  const cleaned = xml.replace(INVALID_XML_CHARS, '');
  let feed: Parser.Output<ItemFields> & Record<string, unknown>;
  try {
    feed = await parser.parseString(cleaned);
  } catch (cause) {
    // Sloppy feeds put bare "&" in links and titles; one lenient retry saves the whole feed.
    const repaired = escapeBareAmpersands(cleaned);
    const retry = repaired === cleaned ? null : await parser.parseString(repaired).catch(() => null);
    if (!retry) {
      const reason = cause instanceof Error ? (cause.message.split('\n')[0] ?? cause.message) : String(cause);
      throw new FeedError(`not a readable feed: ${reason}`, feedUrl, false, { cause });
    }
    feed = retry;
  }

  const title = text(feed.title);
  // A feed title carries taglines ("ANTARA News - Berita Terkini"): the outlet is its name alone.
  const outlet = text(options.outlet) ?? (title ? outletDisplayName(title) : null) ?? hostOf(feedUrl) ?? feedUrl;
  const base = articleLink(text(feed.link), feedUrl) ?? feedUrl;
  const dedup = createItemDeduper();
  const items: RawArticle[] = [];
  let dropped = 0;
  for (const item of feed.items ?? []) {
    const raw = toRawArticle(item, base, outlet, options.defaultOffset ?? '+07:00');
    const guid = text(item.guid) ?? text(item.id) ?? text(item['rdf:about']);
    if (!raw || !dedup.accept(raw, guid)) {
      dropped++;
      continue;
    }
    items.push(raw);
  }
  return { title, outlet, items, dropped };
}

/** C0 control characters other than tab, newline and carriage return: not allowed in XML 1.0. */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes every "&" that does not start an entity or character reference, outside CDATA sections. */
export function escapeBareAmpersands(xml: string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part : part.replace(/&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][\w.-]*);)/g, '&amp;')))
    .join('');
}

/**
 * Remembers items by guid, canonical URL and content, so one poll returns each story once even
 * when a feed (or several feeds) repeat it under another guid or link.
 */
export interface ItemDeduper {
  /** True the first time an item is seen; false when its guid, URL or content was seen before. */
  accept(item: RawArticle, guid?: string | null): boolean;
}

export function createItemDeduper(): ItemDeduper {
  const seen = new Set<string>();
  return {
    accept(item, guid = null) {
      const keys: string[] = [];
      if (guid) keys.push(`g:${guid}`);
      // The store's key for the same article (core/canonical-url.ts), so a poll and the store agree.
      if (item.url) keys.push(`u:${canonicalUrl(item.url)}`);
      const content = contentKey(item);
      if (content) keys.push(`c:${content}`);
      if (keys.some((k) => seen.has(k))) return false;
      for (const k of keys) seen.add(k);
      return true;
    },
  };
}

/**
 * A key equal for items whose content is the same up to markup, case and whitespace; null when the
 * item has too little content to tell (a bare title is not enough to call two items the same).
 */
export function contentKey(item: RawArticle): string | null {
  const body = (item.text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  if (body.length < 40) return null;
  return createHash('sha1').update(body).digest('base64url');
}

function toRawArticle(
  item: Parser.Item & ItemFields,
  base: string,
  outlet: string,
  defaultOffset: string,
): RawArticle | null {
  const rawTitle = text(item.title);
  // Titles carry HTML entities and now and then markup ("&#8220;", "<b>") inside the XML text.
  const title = rawTitle && /[&<]/.test(rawTitle) ? htmlFragmentToText(rawTitle).replace(/\s+/g, ' ') || null : rawTitle;
  const encoded = firstContent(item['content:encoded']);
  const html = encoded ?? firstContent(item.content, item.summary);
  if (!title && !html) return null;
  const guid = text(item.guid);
  const link = articleLink(text(item.link), base) ?? (guid && /^https?:\/\//i.test(guid) ? articleLink(guid, base) : null);
  const publishedAt =
    parseFeedDate(item.pubDate, defaultOffset) ?? parseFeedDate(item['dc:date'], defaultOffset) ?? parseFeedDate(item.isoDate);
  // Only content:encoded promises the full text; a description is a teaser until measured (page-enricher.ts).
  const origin = { body: encoded ? 'feed' : 'snippet', pageUrl: null } as const;
  const article: RawArticle = { title, url: link, publishedAt, outlet, origin };
  return html ? { ...article, text: htmlFragmentToText(html) } : article;
}

function createParser(): Parser<Record<string, unknown>, ItemFields> {
  const parser = new Parser<Record<string, unknown>, ItemFields>({
    customFields: { item: ['id', 'dc:date'] },
    // `<rss>` without a version attribute is read as RSS 2.0 rather than refused.
    defaultRSS: 2,
  });
  // rss-parser converts Atom dates with `toISOString()` unguarded, so one entry with a bad date
  // rejects the whole feed; retry such an entry without its dates instead.
  const patchable = parser as unknown as { parseItemAtom(entry: Record<string, unknown>): unknown };
  const original = patchable.parseItemAtom.bind(parser);
  patchable.parseItemAtom = (entry) => {
    try {
      return original(entry);
    } catch {
      const { published: _p, updated: _u, ...rest } = entry;
      return original(rest);
    }
  };
  return parser;
}

/** The first non-blank string among the candidates (rss-parser gives strings, or objects for odd markup). */
function firstContent(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    const value = typeof candidate === 'string' ? candidate : textOf(candidate);
    if (value && value.trim()) return value.trim();
  }
  return null;
}

/** A plain string from an xml2js value (string, `{ _: string }`), whitespace-collapsed; null if blank. */
function text(value: unknown): string | null {
  const raw = typeof value === 'string' ? value : textOf(value);
  if (raw === null) return null;
  const collapsed = raw.replace(/\s+/g, ' ').trim();
  return collapsed || null;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return textOf(value[0]);
  if (value && typeof value === 'object' && '_' in value) {
    const inner = (value as { _: unknown })._;
    return typeof inner === 'string' ? inner : null;
  }
  return null;
}

const WORDS = new Map<string, string>(Object.entries({
  januari: 'Jan', februari: 'Feb', pebruari: 'Feb', maret: 'Mar', april: 'Apr', mei: 'May', juni: 'Jun',
  juli: 'Jul', agustus: 'Aug', agu: 'Aug', agt: 'Aug', agus: 'Aug', september: 'Sep', oktober: 'Oct',
  okt: 'Oct', november: 'Nov', nopember: 'Nov', nop: 'Nov', desember: 'Dec', des: 'Dec',
  wib: '+0700', wita: '+0800', wit: '+0900',
}));

/**
 * A feed date as an ISO instant, or null when it cannot be read. Beyond what `Date.parse` reads
 * (RFC 822, ISO 8601) it accepts Indonesian month names and WIB/WITA/WIT, and reads a date-time
 * without a zone at `defaultOffset` instead of at the process's own zone.
 */
export function parseFeedDate(value: unknown, defaultOffset = '+07:00'): string | null {
  const raw = text(value);
  if (!raw) return null;
  let normalised = raw
    .replace(/\p{L}+/gu, (word) => WORDS.get(word.toLowerCase()) ?? word)
    .replace(/\s+-\s+(?=\d{1,2}[:.]\d{2})/, ' ')
    .replace(/(\s\d{1,2})\.(\d{2})(?=(?:\s+[+-]\d{4})?\s*$)/, '$1:$2');
  const hasTime = /\d{1,2}:\d{2}/.test(normalised);
  const hasZone = /(?:\dZ|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC?|[ECMP][SD]T)\b)\s*$/i.test(normalised);
  if (hasTime && !hasZone) normalised += /^\d{4}-\d{2}-\d{2}T/.test(normalised) ? defaultOffset : ` ${defaultOffset.replace(':', '')}`;
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
