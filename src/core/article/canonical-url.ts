/**
 * The one place article URLs are normalised. `articleLink` is the link kilas keeps, shows and
 * fetches (absolute http(s), no fragment, no tracking parameters); `canonicalUrl` is the key an
 * article is stored under once: the same page reached through a tracking link, with a fragment, a
 * trailing slash or an upper-case host is the same article.
 */

/** Query parameters that only track the click and never change the page. */
const TRACKING = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga)$/i;

function parseHttp(link: string, base?: string): URL | null {
  try {
    const url = new URL(link, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function withoutTracking(url: URL): URL {
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING.test(key)) url.searchParams.delete(key);
  }
  return url;
}

/**
 * An article link as kilas keeps it: resolved against `base`, absolute http(s), no fragment, no
 * tracking parameters. Null when the link is missing, invalid or not http(s) (mailto:, javascript: …).
 * @example articleLink('/a?utm_source=rss#top', 'https://b.id/feed') === 'https://b.id/a'
 */
export function articleLink(link: string | null | undefined, base?: string): string | null {
  const trimmed = link?.trim() ?? '';
  if (trimmed === '') return null;
  const url = parseHttp(trimmed, base);
  return url ? withoutTracking(url).href : null;
}

/**
 * Normalises `url` into the key an article is stored under: lower-case scheme and host, no default
 * port, no fragment, no tracking parameters (utm_*, fbclid, gclid …), no trailing slash on the path.
 * Text that is not an absolute http(s) URL is returned trimmed, unchanged otherwise; empty text gives null.
 * @example canonicalUrl('HTTPS://News.Example.com/a/b/?utm_source=x#top') === 'https://news.example.com/a/b'
 */
export function canonicalUrl(url: string | null | undefined): string | null {
  const trimmed = url?.trim() ?? '';
  if (trimmed === '') return null;
  const parsed = parseHttp(trimmed);
  if (!parsed) return trimmed;
  withoutTracking(parsed);
  const path = parsed.pathname.replace(/\/+$/, '');
  const query = parsed.searchParams.toString();
  return `${parsed.protocol}//${parsed.host}${path}${query ? `?${query}` : ''}`;
}
