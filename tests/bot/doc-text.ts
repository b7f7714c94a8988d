/** Plain text of a Document (every inline run, blocks on their own lines), for assertions on answers. */
import type { Block, Document, Inline } from '../../src/format/document.ts';

const runs = (content: readonly Inline[]) => content.map((i) => i.text).join('');

function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
    case 'paragraph':
      return runs(block.content);
    case 'quote':
      return `${runs(block.content)}${block.attribution ? ` ${runs(block.attribution)}` : ''}`;
    case 'list':
      return block.items.map(runs).join('\n');
    case 'divider':
      return '';
  }
}

export function docText(doc: Document): string {
  const lines: string[] = [];
  if (doc.title) lines.push(runs(doc.title));
  for (const b of doc.intro ?? []) lines.push(blockText(b));
  for (const s of doc.sections) for (const b of s.blocks) lines.push(blockText(b));
  for (const b of doc.outro ?? []) lines.push(blockText(b));
  return lines.join('\n');
}
