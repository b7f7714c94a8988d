/**
 * Links between the pages of a split article. A candidate must stay on the page's host and on the
 * page's own path (only the query differs: `?page=2`, `?page=all`, `?single=1`), so "Berita
 * selanjutnya" links to the outlet's next ARTICLE are never taken for the next page.
 */

import type { MetaDocument } from './page-metadata.ts';

/** Where the rest of a split article is. */
export interface PageLinks {
  readonly nextPageUrl: string | null;
  readonly singlePageUrl: string | null;
}

const PAGE_PARAMS = ['page', 'halaman', 'hal', 'p'];
const NEXT_TEXT = /^(?:halaman\s+)?(?:selanjutnya|berikutnya|lanjut(?:kan)?)\b|^next\b|^(?:›|»|>)$/i;
const ALL_TEXT = /^(?:tampilkan|lihat|baca)\s+(?:semua|seluruh)|^(?:show|view)\s+all\b|^(?:semua|satu)\s+halaman\b/i;

const PAGING_TEXT = new RegExp(`${NEXT_TEXT.source}|${ALL_TEXT.source}`, 'i');

/** Reads the next-page and show-all links of `doc`, a page read from `url`. */
export function pageLinks(doc: MetaDocument, url: string): PageLinks {
  const here = parse(url);
  if (!here || isAllVariant(here)) return { nextPageUrl: null, singlePageUrl: null };
  const current = pageNumber(here) ?? 1;
  let byRel: string | null = null;
  let byText: string | null = null;
  let byNumber: string | null = null;
  let single: string | null = null;
  for (const el of [...doc.getElementsByTagName('link'), ...doc.getElementsByTagName('a')]) {
    const href = el.getAttribute('href');
    // Most links of a page go elsewhere by path: only a query, a rel or a paging label can name a page.
    if (!href || (!href.includes('?') && !el.getAttribute('rel') && !PAGING_TEXT.test((el.textContent ?? '').trim()))) continue;
    const target = sameArticle(href, here);
    if (!target || target.href === here.href) continue;
    if (isAllVariant(target)) {
      single ??= target.href;
      continue;
    }
    const n = pageNumber(target);
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (ALL_TEXT.test(text)) single ??= target.href;
    if (n !== null && n <= current) continue;
    const rel = (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('next')) byRel ??= target.href;
    else if (NEXT_TEXT.test(text) && (n === null || n === current + 1)) byText ??= target.href;
    else if (n === current + 1) byNumber ??= target.href;
  }
  return { nextPageUrl: byRel ?? byText ?? byNumber, singlePageUrl: single };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** `href` resolved against the page when it stays on the page's host and path; else null. */
function sameArticle(href: string | null, here: URL): URL | null {
  if (!href || /^\s*(?:javascript|data|mailto|tel):/i.test(href)) return null;
  let target: URL;
  try {
    target = new URL(href.trim(), here);
  } catch {
    return null;
  }
  const web = (p: string) => (p === 'https:' ? 'http:' : p);
  if (web(target.protocol) !== web(here.protocol) || target.host.replace(/^www\./, '') !== here.host.replace(/^www\./, '')) return null;
  if (trimSlash(target.pathname) !== trimSlash(here.pathname)) return null;
  target.hash = '';
  return target;
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function pageNumber(url: URL): number | null {
  for (const key of PAGE_PARAMS) {
    const value = url.searchParams.get(key);
    if (value !== null && /^\d{1,3}$/.test(value)) return Number(value);
  }
  return null;
}

function isAllVariant(url: URL): boolean {
  const params = url.searchParams;
  return (
    PAGE_PARAMS.some((k) => /^(?:all|semua|full)$/i.test(params.get(k) ?? '')) ||
    ['single', 'showall', 'show_all', 'all', 'full'].some((k) => /^(?:1|true|yes|all)$/i.test(params.get(k) ?? ''))
  );
}
