/**
 * An outlet's article page (HTML) -> the article's main text and metadata, outside `core/` because
 * it needs a DOM. The page fetcher and `kilas extract` on `.html` files both read pages through this
 * module; the core pipeline then cleans the text as for any source.
 *
 * The page is parsed with linkedom; metadata (JSON-LD, Open Graph) and the links to further pages
 * are read first, because Readability removes scripts and pagination; widget boxes marked by their
 * class ("baca-juga", "share", "tags" …) are taken out; then `@mozilla/readability` picks the main
 * content, which becomes paragraph text. Indonesian furniture that sits in plain paragraphs
 * ("Baca juga: …", "ADVERTISEMENT", "(ant/abc)") is left to the core's cleaning. See
 * docs/decisions/article-pages.md.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { domToText, htmlFragmentToText, isWidgetClass, streamHtml, TextBuilder, type DomNode } from './html-text.ts';
import { pageLinks } from './page-links.ts';
import { pageMetadata, type PageMetadata } from './page-metadata.ts';

/** What one article page yields. */
export interface ArticlePage {
  /** URL the page was read from (after redirects). */
  readonly url: string;
  /** `<link rel=canonical>` (absolute, http(s)), or null. */
  readonly canonicalUrl: string | null;
  /** Headline: JSON-LD `headline`, else `og:title`, else `<title>` without the site suffix; null when none. */
  readonly title: string | null;
  /** Publication instant (ISO 8601) from JSON-LD `datePublished` or `article:published_time`, or null. */
  readonly publishedAt: string | null;
  /** Author name(s) from JSON-LD or meta, or null. */
  readonly author: string | null;
  /** Publisher name (JSON-LD `publisher.name`, else `og:site_name`), or null. */
  readonly publisher: string | null;
  /**
   * The article's main content as plain text, one paragraph per block, paragraphs separated by a
   * blank line. Not yet cleaned of Indonesian furniture ("Baca juga", credit lines): the core does that.
   */
  readonly text: string;
  /** The next page of a split article on the same host ("Halaman selanjutnya", `rel=next`, `?page=N+1`), or null. */
  readonly nextPageUrl: string | null;
  /** A "show all" variant of a split article on the same host (`page=all`, `single=1`), or null. */
  readonly singlePageUrl: string | null;
}

/** Page chrome dropped whole when the text is taken from the whole body (no main content found). */
const CHROME = new Set(['nav', 'header', 'footer', 'aside']);

/**
 * Nesting deeper than this is not a news page: linkedom slows down superlinearly on it, so such
 * markup is read by the streaming parser instead of a DOM.
 */
const MAX_NESTING = 1500;

/** A DOM document as linkedom gives it, reduced to what this module touches. */
interface PageDocument {
  readonly body: DomNode | null;
  getElementsByTagName(name: string): Iterable<{ getAttribute(name: string): string | null; readonly textContent: string | null }>;
}

const EMPTY_META: PageMetadata = { title: null, publishedAt: null, author: null, publisher: null, canonicalUrl: null };

/** Reads one article page. Total: any string gives a page (possibly with empty text), never an exception. */
export function readArticlePage(html: string, url: string): ArticlePage {
  const page = { url, ...EMPTY_META, text: '', nextPageUrl: null, singlePageUrl: null };
  if (approximateNesting(html) > MAX_NESTING) return { ...page, text: streamedText(html) };
  let doc: PageDocument;
  try {
    doc = parseHTML(/<html[\s>]/i.test(html.slice(0, 4096)) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`)
      .document as unknown as PageDocument;
  } catch {
    return { ...page, text: streamedText(html) };
  }
  const meta = attempt(() => pageMetadata(doc, url), EMPTY_META);
  const links = attempt(() => pageLinks(doc, url), { nextPageUrl: null, singlePageUrl: null });
  const main = attempt(() => mainText(doc), '');
  // On short pages Readability's pick is unreliable (it may pick a menu): the chrome-less body is
  // then the article.
  return { ...page, ...meta, ...links, text: main.length >= 200 ? main : attempt(() => streamedText(html), '') };
}

function attempt<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

/** Elements that never hold the article: removed before Readability scores the page. */
const NEVER_CONTENT = new Set([
  'nav', 'aside', 'footer', 'script', 'style', 'noscript', 'iframe', 'svg', 'template', 'button', 'select',
  'input', 'textarea', 'object', 'embed', 'canvas', 'video', 'audio', 'map',
]);

/** An element as the pruning walk sees it (linkedom's elements have these). */
interface PrunedElement {
  readonly localName: string;
  readonly firstElementChild: PrunedElement | null;
  readonly nextElementSibling: PrunedElement | null;
  readonly parentElement: PrunedElement | null;
  getAttribute(name: string): string | null;
  remove(): void;
}

/**
 * Takes out page chrome (menus, sidebars, footers, a header outside the article), widget boxes and
 * comment sections in one walk. Readability would drop most of them too, but only after scoring
 * every node: on an outlet page (thousands of elements, most of them sidebars) this walk cuts its
 * work several times over. `form` stays: some CMSs wrap the whole page in one.
 */
function prune(body: PrunedElement): void {
  const doomed: PrunedElement[] = [];
  let el: PrunedElement | null = body.firstElementChild;
  let inArticle = 0;
  const stack: PrunedElement[] = [];
  while (el) {
    const name = el.localName;
    const chrome = NEVER_CONTENT.has(name) || (name === 'header' && inArticle === 0);
    if (chrome || isWidgetClass(el.getAttribute('class')) || isCommentSection(el)) doomed.push(el);
    else if (el.firstElementChild) {
      if (name === 'article' || name === 'main') inArticle++;
      stack.push(el);
      el = el.firstElementChild;
      continue;
    }
    while (el && !el.nextElementSibling) {
      el = stack.pop() ?? null;
      if (el && (el.localName === 'article' || el.localName === 'main')) inArticle--;
    }
    el = el ? el.nextElementSibling : null;
  }
  for (const d of doomed) d.remove();
}

/** The main content's text as Readability picks it, chrome and widget boxes taken out first. */
function mainText(doc: PageDocument): string {
  if (doc.body) prune(doc.body as unknown as PrunedElement);
  const article = attempt(() => {
    // Only Readability's content is used (pageMetadata reads the JSON-LD), so it need not parse it again.
    const reader = new Readability(doc as never, { keepClasses: true, disableJSONLD: true, serializer: (node) => node as unknown as DomNode });
    (reader as unknown as { _isProbablyVisible: typeof isProbablyVisible })._isProbablyVisible = isProbablyVisible;
    return reader.parse();
  }, null);
  return article?.content ? domToText(article.content) : '';
}

/** An element as Readability's visibility test sees it. */
interface VisibilityElement {
  readonly className?: unknown;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

/**
 * Readability's own visibility test (display:none, visibility:hidden, `hidden`, `aria-hidden`) read
 * from the `style` attribute, as linkedom's `element.style` reads it: that getter builds a proxied
 * style map on every element Readability visits, a sixth of the time on a large page.
 */
function isProbablyVisible(node: VisibilityElement): boolean {
  const style = node.getAttribute('style');
  if (style !== null && style !== '') {
    const declared = styleDeclarations(style);
    if (declared.get('display') === 'none' || declared.get('visibility') === 'hidden') return false;
  }
  if (node.hasAttribute('hidden')) return false;
  if (!node.hasAttribute('aria-hidden') || node.getAttribute('aria-hidden') !== 'true') return true;
  return typeof node.className === 'string' && node.className.includes('fallback-image');
}

/** `style` attribute -> its declarations, the last of a name winning (linkedom's CSSStyleDeclaration parse). */
function styleDeclarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of style.split(/\s*;\s*/)) {
    const [key = '', ...rest] = rule.split(':');
    if (rest.length === 0) continue;
    const name = key.trim();
    const value = rest.join(':').trim();
    if (name && value) out.set(name, value);
  }
  return out;
}

/** A class or id word naming readers' comments or discussion ("comment-body", "box_komentar", "kolom-diskusi", "disqus_thread"). */
const COMMENTS = /(?:^|[-_])(?:comments?|komentar|disqus|diskusi|discussions?)(?:[-_]|$)/i;
const NEVER_REMOVED = new Set(['html', 'body', 'main', 'article']);

/**
 * A readers' comment section. Readability strips those only in its first pass; on a short article
 * (under its character threshold) it retries without, and a long thread of comments then outweighs
 * the article.
 */
function isCommentSection(el: { getAttribute(name: string): string | null; readonly localName?: string }): boolean {
  if (NEVER_REMOVED.has(el.localName ?? '')) return false;
  const words = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.split(/\s+/);
  return words.some((w) => COMMENTS.test(w));
}

/** Text of markup read without a DOM (too deep to build one, or no main content found): chrome elements and widget boxes dropped. */
function streamedText(html: string): string {
  const builder = new TextBuilder();
  streamHtml(html, builder, CHROME);
  return builder.result();
}

const VOID = /^(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|!|\?)/i;

/** Maximum open-tag depth, roughly (implied end tags are not modelled; void and self-closing tags are). */
function approximateNesting(html: string): number {
  let depth = 0;
  let max = 0;
  for (let lt = html.indexOf('<'); lt >= 0 && lt < html.length - 1; lt = html.indexOf('<', lt + 1)) {
    const c = html.charCodeAt(lt + 1);
    if (c === 47) depth = Math.max(0, depth - 1);
    else if (((c | 32) >= 97 && (c | 32) <= 122) && !VOID.test(html.slice(lt + 1, lt + 8))) {
      const gt = html.indexOf('>', lt);
      if (gt < 0 || html.charCodeAt(gt - 1) !== 47) depth++;
      if (depth > max) max = depth;
    }
  }
  return max;
}

/**
 * Joins the pages of one split article, in order: the first page's metadata, the texts one after
 * another without the paragraphs every page repeats (shared header and footer lines).
 */
export function joinPages(pages: readonly ArticlePage[]): ArticlePage | null {
  const [first] = pages;
  if (!first) return null;
  const seen = new Set<string>();
  const paragraphs: string[] = [];
  for (const page of pages) {
    for (const paragraph of page.text.split(/\n\s*\n/)) {
      const key = paragraph.trim();
      if (!key || seen.has(key)) continue;
      seen.add(key);
      paragraphs.push(key);
    }
  }
  const filled = <K extends keyof PageMetadata>(key: K) => first[key] ?? pages.find((p) => p[key] !== null)?.[key] ?? null;
  return {
    ...first,
    title: filled('title'),
    publishedAt: filled('publishedAt'),
    author: filled('author'),
    publisher: filled('publisher'),
    canonicalUrl: filled('canonicalUrl'),
    text: paragraphs.join('\n\n'),
    nextPageUrl: null,
    singlePageUrl: null,
  };
}

/** Feed item HTML (description, `content:encoded`) -> plain text, paragraphs separated by a blank line. */
export function fragmentToText(html: string): string {
  return htmlFragmentToText(html);
}
