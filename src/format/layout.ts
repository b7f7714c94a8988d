/**
 * A Document cleaned for rendering: hostile characters removed (see `cleanText`), blank blocks and
 * empty sections dropped, hrefs checked. Every renderer starts from this, so they agree on what the
 * document says.
 */
import type { Block, Document, Inline } from './document.ts';
import { cleanRuns, safeHref } from './plain-text.ts';

/** A run with a checked href (null when absent or not http(s)). */
export interface Run {
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly code: boolean;
  readonly href: string | null;
}

export type LaidBlock =
  | { readonly kind: 'title'; readonly runs: readonly Run[] }
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly runs: readonly Run[] }
  | { readonly kind: 'paragraph'; readonly runs: readonly Run[] }
  | { readonly kind: 'quote'; readonly runs: readonly Run[]; readonly attribution: readonly Run[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Run[])[] }
  | { readonly kind: 'divider' };

export interface Layout {
  /** Title (as a `title` block) and intro blocks. */
  readonly head: readonly LaidBlock[];
  readonly sections: readonly (readonly LaidBlock[])[];
  readonly outro: readonly LaidBlock[];
}

function runs(content: readonly Inline[]): Run[] {
  return cleanRuns(content).map((r) => ({
    text: r.text,
    bold: r.bold === true,
    italic: r.italic === true,
    code: r.code === true,
    href: safeHref(r.href),
  }));
}

function layBlock(block: Block): LaidBlock | null {
  switch (block.kind) {
    case 'heading': {
      const r = runs(block.content);
      return r.length ? { kind: 'heading', level: block.level, runs: r } : null;
    }
    case 'paragraph': {
      const r = runs(block.content);
      return r.length ? { kind: 'paragraph', runs: r } : null;
    }
    case 'quote': {
      const r = runs(block.content);
      const attribution = runs(block.attribution ?? []);
      if (r.length) return { kind: 'quote', runs: r, attribution };
      // An attribution without words to attribute is still text the document says.
      return attribution.length ? { kind: 'paragraph', runs: attribution } : null;
    }
    case 'list': {
      const items = block.items.map(runs).filter((i) => i.length > 0);
      return items.length ? { kind: 'list', ordered: block.ordered, items } : null;
    }
    case 'divider':
      return { kind: 'divider' };
  }
}

function layBlocks(blocks: readonly Block[] | undefined): LaidBlock[] {
  return (blocks ?? []).map(layBlock).filter((b): b is LaidBlock => b !== null);
}

/** Cleans a document; the result holds no block without visible text. */
export function layout(doc: Document): Layout {
  const title = runs(doc.title ?? []);
  const head: LaidBlock[] = title.length ? [{ kind: 'title', runs: title }] : [];
  head.push(...layBlocks(doc.intro));
  return {
    head,
    sections: doc.sections.map((s) => layBlocks(s.blocks)).filter((s) => s.length > 0),
    outro: layBlocks(doc.outro),
  };
}

/** Text shown in front of list item `index`. */
export function bullet(ordered: boolean, index: number): string {
  return ordered ? `${index + 1}. ` : '• ';
}

/** Opening and closing marks around quote text. */
export const QUOTE_OPEN = '“';
export const QUOTE_CLOSE = '”';
/** Put between a quote and its attribution (on a new line). */
export const ATTRIBUTION_DASH = '— ';
/** Visible divider line. */
export const DIVIDER = '──────────';
