/**
 * The shape every renderer gives a laid-out block before packing it into messages: a heading's runs,
 * a quote between quote marks with its attribution after a dash, list items with their bullets and
 * line breaks, a divider, then the separator to the next block. Renderers differ only in the leaves
 * they make, so they pass a {@link LeafMaker} and share the structure.
 */
import { ATTRIBUTION_DASH, DIVIDER, QUOTE_CLOSE, QUOTE_OPEN, bullet } from './layout.ts';
import type { LaidBlock, Run } from './layout.ts';
import type { PackLeaf, Unit } from './pack.ts';

/** How one renderer turns runs and its own decoration into leaves. */
export interface LeafMaker<L extends PackLeaf> {
  /** A run of a title or heading (shown bold). */
  heading(run: Run): L;
  /** A run of body text; `quote` when it stands inside a quotation. */
  text(run: Run, quote: boolean): L;
  /** A run of a quote's attribution (shown italic, inside the quotation). */
  attribution(run: Run): L;
  /** Text the renderer adds itself (quote marks, the dash, the divider); `quote` inside a quotation. */
  decoration(text: string, quote?: boolean): L;
  /** A list item's bullet as `layout.bullet` writes it ("• ", "1. "). */
  bullet(text: string): L;
  /** A separator (line breaks between items and blocks): where a message may be split. */
  glue(text: string): L;
}

/** The unit of one block, followed by `separator` when it is not null. */
export function blockUnit<L extends PackLeaf>(block: LaidBlock, separator: string | null, make: LeafMaker<L>): Unit<L> {
  const children: Unit<L>[] = [];
  switch (block.kind) {
    case 'title':
    case 'heading':
      for (const r of block.runs) children.push({ leaf: make.heading(r) });
      break;
    case 'paragraph':
      for (const r of block.runs) children.push({ leaf: make.text(r, false) });
      break;
    case 'quote':
      children.push({ leaf: make.decoration(QUOTE_OPEN, true) });
      for (const r of block.runs) children.push({ leaf: make.text(r, true) });
      children.push({ leaf: make.decoration(QUOTE_CLOSE, true) });
      if (block.attribution.length) {
        children.push({ leaf: make.decoration(`\n${ATTRIBUTION_DASH}`, true) });
        for (const r of block.attribution) children.push({ leaf: make.attribution(r) });
      }
      break;
    case 'list':
      block.items.forEach((item, i) => {
        const itemChildren: Unit<L>[] = [{ leaf: make.bullet(bullet(block.ordered, i)) }];
        for (const r of item) itemChildren.push({ leaf: make.text(r, false) });
        if (i < block.items.length - 1) itemChildren.push({ leaf: make.glue('\n') });
        children.push({ children: itemChildren });
      });
      break;
    case 'divider':
      children.push({ leaf: make.decoration(DIVIDER) });
      break;
  }
  if (separator !== null) children.push({ leaf: make.glue(separator) });
  return { children };
}
