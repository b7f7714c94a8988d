/**
 * The platform-neutral Document: what every answer, quote list and digest becomes before a renderer
 * turns it into Telegram HTML, Discord messages, plain text, Markdown or JSON. Nothing outside
 * `format/` renders text for a platform; everything builds one of these instead.
 */

/** A run of inline text with its marks. `href` makes it a link. */
export interface Inline {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly code?: boolean;
  readonly href?: string;
}

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly content: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[] }
  /** A quotation with who said it; `note` carries extras such as "3 media". */
  | {
      readonly kind: 'quote';
      readonly content: readonly Inline[];
      readonly attribution?: readonly Inline[];
    }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Inline[])[] }
  | { readonly kind: 'divider' };

/**
 * A section groups the blocks of one unit (one story of a digest). Renderers keep a section
 * together when they can (one Discord embed, no Telegram split inside it unless it alone is too long).
 */
export interface Section {
  readonly blocks: readonly Block[];
}

export interface Document {
  /** Optional headline of the whole document. */
  readonly title?: readonly Inline[];
  /** Leading blocks before the sections (intro, stats). */
  readonly intro?: readonly Block[];
  readonly sections: readonly Section[];
  /** Trailing blocks (footer, hints). */
  readonly outro?: readonly Block[];
}

/** Plain text run. */
export const text = (value: string): Inline => ({ text: value });
/** Bold run. */
export const bold = (value: string): Inline => ({ text: value, bold: true });
/** Italic run. */
export const italic = (value: string): Inline => ({ text: value, italic: true });
/** Monospace run. */
export const code = (value: string): Inline => ({ text: value, code: true });
/** Link run. */
export const link = (value: string, href: string): Inline => ({ text: value, href });

/** Paragraph block from runs or a plain string. */
export function paragraph(...content: (Inline | string)[]): Block {
  return { kind: 'paragraph', content: content.map((c) => (typeof c === 'string' ? text(c) : c)) };
}

/** A short document of a few paragraphs: the shape of most command answers. */
export function simpleDocument(...blocks: Block[]): Document {
  return { sections: [{ blocks }] };
}
