/**
 * Saved article pages on disk (`kilas extract page.html`): read through {@link readArticlePage}
 * like a fetched page. A split article saved page by page follows the layout of the test fixtures:
 * page 1 is `slug.html`, further pages `slug.page-2.html` …, the show-all variant `slug.all.html`;
 * the page's own links (`slug.html?page=2`, `?page=all`, `?single=1`) name them. The show-all file
 * wins when it exists; otherwise the pages are followed (at most {@link MAX_PAGES}) and joined.
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RawArticle } from '../core/model/index.ts';
import { joinPages, readArticlePage, type ArticlePage } from './article-page.ts';

/** Most pages of one split article that are read. */
export const MAX_PAGES = 10;

/** Whether a file holds an HTML page: its name ends in .html/.htm, or its text opens with a doctype or `<html>`. */
export function isHtmlPage(path: string, text: string): boolean {
  if (/\.html?$/i.test(path)) return true;
  return /^(?:\uFEFF)?\s*(?:<!--[\s\S]{0,500}?-->\s*)?<(?:!doctype\s+html|html[\s>])/i.test(text.slice(0, 1024));
}

/** Reads a sibling page file's text, or null when there is none. */
export type SiblingReader = (path: string) => Promise<string | null>;

/**
 * The article of a saved page `text` read from `path`, with the other pages of a split article
 * read through `readSibling`. Never throws on the page's content.
 */
export async function pageFileArticle(text: string, path: string, readSibling: SiblingReader): Promise<RawArticle> {
  const first = readArticlePage(text, pathToFileURL(path).href);
  const page = await restOfArticle(first, readSibling);
  return {
    text: page.text,
    title: page.title,
    publishedAt: page.publishedAt,
    url: page.canonicalUrl,
    outlet: page.publisher,
    file: path,
  };
}

async function restOfArticle(first: ArticlePage, readSibling: SiblingReader): Promise<ArticlePage> {
  if (first.singlePageUrl) {
    const all = siblingPath(first.singlePageUrl);
    const html = all ? await readSibling(all) : null;
    if (html !== null && all) {
      const page = readArticlePage(html, pathToFileURL(all).href);
      if (page.text) return { ...page, url: first.url, title: first.title ?? page.title, canonicalUrl: first.canonicalUrl ?? page.canonicalUrl };
    }
  }
  const pages = [first];
  const seen = new Set([first.url]);
  let next = first.nextPageUrl;
  while (next && pages.length < MAX_PAGES && !seen.has(next)) {
    seen.add(next);
    const path = siblingPath(next);
    const html = path ? await readSibling(path) : null;
    if (html === null || !path) break;
    const page = readArticlePage(html, next);
    pages.push(page);
    next = page.nextPageUrl;
  }
  return joinPages(pages) ?? first;
}

/** `file:///dir/slug.html?page=2` -> `/dir/slug.page-2.html`; `?page=all` / `?single=1` -> `/dir/slug.all.html`. */
export function siblingPath(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'file:') return null;
  const path = fileURLToPath(new URL(parsed.pathname, 'file:///'));
  const stem = basename(path).replace(/\.html?$/i, '');
  const ext = /\.htm$/i.test(path) ? '.htm' : '.html';
  const page = parsed.searchParams.get('page') ?? parsed.searchParams.get('halaman');
  const all = page !== null && /^(?:all|semua)$/i.test(page) || /^(?:1|true)$/i.test(parsed.searchParams.get('single') ?? '');
  if (all) return join(dirname(path), `${stem}.all${ext}`);
  if (page !== null && /^\d{1,3}$/.test(page) && Number(page) > 1) return join(dirname(path), `${stem}.page-${Number(page)}${ext}`);
  return null;
}
