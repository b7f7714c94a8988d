/**
 * HTML -> plain paragraph text, on real parsers: feed item fragments stream through htmlparser2,
 * page DOMs (linkedom) are walked node by node. Both feed one {@link TextBuilder}, so a fragment and
 * a page become text by the same rules: block elements are paragraphs, `<br>` a line break, entities
 * decoded by the parser, scripts, styles, captions, embeds and widget boxes ("Baca juga", share bars,
 * ads) dropped. Linear in the input; never throws.
 */
import { Parser } from 'htmlparser2';

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'blockquote', 'pre', 'ul', 'ol',
  'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'caption', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'hr', 'figure', 'address', 'details', 'summary', 'center', 'form', 'fieldset',
]);

/** Elements whose content is never article text. */
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'head', 'title',
  'figcaption', 'select', 'button', 'textarea', 'video', 'audio', 'canvas', 'map', 'input', 'option',
]);

/** Class names of embeds and widgets whose whole element is not article text. */
const WIDGET_CLASS =
  /^(?:twitter-tweet|instagram-media|tiktok-embed|baca-?juga[\w-]*|read-?also|related(?:-[\w-]+)?|advert[\w-]*|ads?|ads?-[\w-]+|iklan[\w-]*|share(?:-[\w-]+)?|social-share|sharebar|tags?|tag-?list|topik[\w-]*|newsletter[\w-]*|cookie[\w-]*|comments?|komentar[\w-]*)$/i;

/** Whether a class attribute marks an embed or widget box ("twitter-tweet", "box baca-juga"). */
export function isWidgetClass(className: string | null | undefined): boolean {
  return !!className && className.split(/\s+/).some((c) => WIDGET_CLASS.test(c));
}

/** Receives open/text/close events of one document and builds its paragraph text. */
export class TextBuilder {
  private readonly parts: string[] = [];
  private skipDepth = 0;

  /** An element opens; `className` is its class attribute. */
  open(name: string, className: string | null): void {
    if (this.skipDepth > 0) {
      this.skipDepth++;
      return;
    }
    if (SKIP.has(name) || isWidgetClass(className)) {
      this.skipDepth = 1;
      return;
    }
    if (name === 'br') this.parts.push('\n');
    else if (BLOCK.has(name)) this.parts.push('\n\n');
    else if (name === 'img' || name === 'td' || name === 'th') this.parts.push(' ');
  }

  /** The element opened last closes (events are balanced: void elements close at once). */
  close(name: string): void {
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    if (BLOCK.has(name)) this.parts.push('\n\n');
    else if (name === 'td' || name === 'th') this.parts.push(' ');
  }

  /** Decoded character data. */
  text(data: string): void {
    if (this.skipDepth === 0 && data !== '') this.parts.push(data.replace(/\s+/g, ' '));
  }

  /** Paragraphs separated by one blank line, lines trimmed, spaces collapsed. */
  result(): string {
    return this.parts
      .join('')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .split('\n')
      .map((l) => l.replace(/ {2,}/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}

/**
 * Streams `html` through htmlparser2 into `builder`. `skipTags` names extra elements to drop whole
 * (page chrome such as `nav` and `footer` when there is no main content to pick).
 */
export function streamHtml(html: string, builder: TextBuilder, skipTags: ReadonlySet<string> = new Set()): void {
  let chromeDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (chromeDepth > 0 || skipTags.has(name)) chromeDepth++;
        builder.open(chromeDepth > 0 ? 'script' : name, attribs['class'] ?? null);
      },
      ontext(data) {
        builder.text(data);
      },
      onclosetag(name) {
        builder.close(chromeDepth > 0 ? 'script' : name);
        if (chromeDepth > 0) chromeDepth--;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
}

/** Feed item HTML (description, `content:encoded`) -> plain text, paragraphs separated by a blank line. */
export function htmlFragmentToText(html: string): string {
  const builder = new TextBuilder();
  try {
    streamHtml(html, builder);
  } catch {
    // htmlparser2 does not throw on markup; this only guards against the unforeseen.
  }
  return builder.result();
}

/** The parts of a DOM node the text walk reads (linkedom's nodes have them). */
export interface DomNode {
  readonly nodeType: number;
  readonly localName?: string;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly parentNode: DomNode | null;
  readonly textContent: string | null;
  getAttribute?(name: string): string | null;
}

const ELEMENT = 1;
const TEXT = 3;

/**
 * Walks a DOM subtree (iteratively: deep nesting cannot overflow the stack) into `builder`,
 * `skipTags` dropped whole.
 */
export function walkDom(root: DomNode, builder: TextBuilder, skipTags: ReadonlySet<string> = new Set()): void {
  let node: DomNode | null = root;
  while (node) {
    let descend = false;
    if (node.nodeType === TEXT) builder.text(node.textContent ?? '');
    else if (node.nodeType === ELEMENT) {
      const name = (node.localName ?? '').toLowerCase();
      if (skipTags.has(name)) {
        builder.open('script', null);
        builder.close('script');
      } else {
        builder.open(name, node.getAttribute?.('class') ?? null);
        descend = node.firstChild !== null;
        if (!descend) builder.close(name);
      }
    }
    if (descend && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    // Climb until a node with a next sibling, closing the elements left behind.
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && node.nodeType === ELEMENT) builder.close((node.localName ?? '').toLowerCase());
    }
    node = node && node !== root ? node.nextSibling : null;
  }
}

/** A DOM subtree's paragraph text. */
export function domToText(root: DomNode, skipTags: ReadonlySet<string> = new Set()): string {
  const builder = new TextBuilder();
  walkDom(root, builder, skipTags);
  return builder.result();
}
