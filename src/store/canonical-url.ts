/**
 * The form of a URL under which an article is stored once: the same page reached through a
 * tracking link, with a fragment, a trailing slash or an upper-case host is the same article.
 */

/** Query parameters that only track the click and never change the page. */
const TRACKING = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga)$/i;

/**
 * Normalises `url`: lower-case scheme and host, no default port, no fragment, no tracking
 * parameters (utm_*, fbclid, gclid …), no trailing slash on the path. Text that is not an absolute
 * http(s) URL is returned trimmed, unchanged otherwise; empty text gives null.
 * @example canonicalUrl('HTTPS://News.Example.com/a/b/?utm_source=x#top') === 'https://news.example.com/a/b'
 */
export function canonicalUrl(url: string | null | undefined): string | null {
  const trimmed = url?.trim() ?? '';
  if (trimmed === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return trimmed;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return trimmed;
  parsed.hash = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (TRACKING.test(key)) parsed.searchParams.delete(key);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  const query = parsed.searchParams.toString();
  return `${parsed.protocol}//${parsed.host}${path}${query ? `?${query}` : ''}`;
}
