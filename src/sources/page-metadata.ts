/**
 * An article page's metadata: JSON-LD `NewsArticle` first (an object, an array, an `@graph`; a
 * malformed block is skipped, not fatal), then Open Graph / `article:` meta tags, then `<title>`.
 */
import { htmlFragmentToText } from './html-text.ts';
import { parseFeedDate } from './rss-source.ts';

/** The parts of a DOM document the metadata and link readers use. */
export interface MetaDocument {
  getElementsByTagName(name: string): Iterable<MetaElement>;
}

export interface MetaElement {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}

/** What the page says about the article. */
export interface PageMetadata {
  readonly title: string | null;
  readonly publishedAt: string | null;
  readonly author: string | null;
  readonly publisher: string | null;
  readonly canonicalUrl: string | null;
}

const ARTICLE_TYPES = /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|BlogPosting|OpinionNewsArticle|WebPage)$/;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Reads the metadata of `doc`, a page read from `url`. */
export function pageMetadata(doc: MetaDocument, url: string): PageMetadata {
  const ld = jsonLdArticle(doc);
  // One pass over the <meta> elements (a selector per key would walk the whole page each time).
  const metas = new Map<string, string>();
  for (const el of doc.getElementsByTagName('meta')) {
    const content = el.getAttribute('content');
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = el.getAttribute(attr);
      if (key && !metas.has(key)) metas.set(key, content);
    }
  }
  const meta = (key: string): string | null => clean(metas.get(key));
  const title = str(ld?.['headline']) ?? str(ld?.['name']) ?? meta('og:title') ?? meta('twitter:title') ?? documentTitle(doc);
  const published =
    str(ld?.['datePublished']) ?? meta('article:published_time') ?? meta('datePublished') ?? meta('pubdate') ?? meta('publishdate') ?? meta('content_PublishedDate');
  let canonical: string | null = null;
  for (const el of doc.getElementsByTagName('link')) {
    if ((el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) canonical ??= httpUrl(el.getAttribute('href'), url);
  }
  return {
    title,
    publishedAt: published ? parseFeedDate(published) : null,
    author: names(ld?.['author']) ?? meta('author') ?? meta('article:author'),
    publisher: names(ld?.['publisher']) ?? meta('og:site_name'),
    canonicalUrl: canonical,
  };
}

/** The first article object among the page's JSON-LD blocks, or null. */
function jsonLdArticle(doc: MetaDocument): Record<string, Json> | null {
  let fallback: Record<string, Json> | null = null;
  for (const script of doc.getElementsByTagName('script')) {
    if ((script.getAttribute('type') ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    const parsed = parseJson(script.textContent ?? '');
    for (const node of flatten(parsed, 0)) {
      const types = node['@type'];
      const typeList = Array.isArray(types) ? types : [types];
      if (!typeList.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) continue;
      if (typeList.includes('WebPage')) fallback ??= node;
      else return node;
    }
  }
  return fallback && str(fallback['headline']) ? fallback : null;
}

function parseJson(text: string): Json {
  const body = text.trim().replace(/^<!--|-->$/g, '').replace(/^\s*\/\/<!\[CDATA\[|\/\/\]\]>\s*$/g, '');
  try {
    return JSON.parse(body) as Json;
  } catch {
    try {
      // Raw line breaks inside strings and trailing commas are the usual CMS slips.
      return JSON.parse(body.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1')) as Json;
    } catch {
      return null;
    }
  }
}

function* flatten(value: Json, depth: number): Generator<Record<string, Json>> {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) yield* flatten(v, depth + 1);
    return;
  }
  yield value;
  const graph = value['@graph'];
  if (graph) yield* flatten(graph, depth + 1);
  const main = value['mainEntity'];
  if (main) yield* flatten(main, depth + 1);
}

function str(value: Json | undefined): string | null {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return str(value[0]);
  return null;
}

/** "A", {name: "A"}, ["A", {name: "B"}] -> "A" / "A, B". */
function names(value: Json | undefined): string | null {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out: string[] = [];
  for (const v of list) {
    const name = typeof v === 'string' ? clean(v) : v && typeof v === 'object' && !Array.isArray(v) ? str(v['name']) : null;
    if (name && !out.includes(name)) out.push(name);
  }
  return out.length ? out.join(', ') : null;
}

function clean(value: string | null | undefined): string | null {
  // CMSs escape twice ("&amp;quot;" in JSON-LD and meta): decode what is left.
  const raw = value && /&[#\w]+;/.test(value) ? htmlFragmentToText(value) : (value ?? '');
  const text = raw.replace(/\s+/g, ' ').trim();
  return text || null;
}

/** `<title>` without a trailing " - Outlet" / " | Outlet" part. */
function documentTitle(doc: MetaDocument): string | null {
  for (const el of doc.getElementsByTagName('title')) {
    const title = clean(el.textContent);
    if (!title) continue;
    const m = /^(.+?)\s+[-–—|]\s+[^-–—|]{2,60}$/u.exec(title);
    return m?.[1] && m[1].split(' ').length >= 3 ? m[1] : title;
  }
  return null;
}

/** `href` resolved against `base` when the result is http(s), else null. */
export function httpUrl(href: string | null | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
