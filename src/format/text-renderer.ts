/**
 * Document -> plain text and Markdown for the console (`kilas digest --format text|markdown`).
 * No size limits apply; blocks are separated by a blank line, sections by a divider-free blank line.
 */
import type { Document } from './document.ts';
import { ATTRIBUTION_DASH, DIVIDER, QUOTE_CLOSE, QUOTE_OPEN, bullet, layout } from './layout.ts';
import type { LaidBlock, Run } from './layout.ts';

/** Plain text of runs; a link shows its URL after the text unless the text is the URL. */
function textRuns(runs: readonly Run[]): string {
  return runs.map((r) => (r.href !== null && r.href !== r.text ? `${r.text} (${r.href})` : r.text)).join('');
}

const indent = (value: string, prefix: string): string => value.replace(/\n/g, `\n${prefix}`);

function textBlock(block: LaidBlock): string {
  switch (block.kind) {
    case 'title': {
      const t = textRuns(block.runs);
      const width = Math.min(72, Math.max(...t.split('\n').map((l) => l.length)));
      return `${t}\n${'='.repeat(Math.max(3, width))}`;
    }
    case 'heading': {
      const t = textRuns(block.runs);
      if (block.level > 1) return t;
      const width = Math.min(72, Math.max(...t.split('\n').map((l) => l.length)));
      return `${t}\n${'-'.repeat(Math.max(3, width))}`;
    }
    case 'paragraph':
      return textRuns(block.runs);
    case 'quote': {
      const q = `  ${QUOTE_OPEN}${indent(textRuns(block.runs), '  ')}${QUOTE_CLOSE}`;
      return block.attribution.length ? `${q}\n    ${ATTRIBUTION_DASH}${indent(textRuns(block.attribution), '    ')}` : q;
    }
    case 'list':
      return block.items
        .map((item, i) => {
          const b = bullet(block.ordered, i);
          return `  ${b}${indent(textRuns(item), ' '.repeat(2 + b.length))}`;
        })
        .join('\n');
    case 'divider':
      return DIVIDER;
  }
}

function blocksOf(doc: Document): LaidBlock[] {
  const laid = layout(doc);
  return [...laid.head, ...laid.sections.flat(), ...laid.outro];
}

/** Plain text of a document, blocks separated by a blank line, ending with a newline ('' when empty). */
export function renderText(doc: Document): string {
  const blocks = blocksOf(doc);
  return blocks.length ? `${blocks.map(textBlock).join('\n\n')}\n` : '';
}

/** Escapes CommonMark punctuation in text so it shows literally. */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\\`*_{}[\]<>|~&]/g, (c) => `\\${c}`)
    .split('\n')
    .map((line) =>
      line
        .replace(/^(\s*)([#+=-])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
    )
    .join('\n');
}

function markdownRuns(runs: readonly Run[]): string {
  return runs
    .map((r) => {
      const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(r.text);
      const lead = m?.[1] ?? '';
      const core = m?.[2] ?? '';
      const trail = m?.[3] ?? '';
      if (core === '') return r.text;
      let inner: string;
      if (r.code) {
        const ticks = '`'.repeat((core.match(/`+/g) ?? []).reduce((n, t) => Math.max(n, t.length), 0) + 1);
        inner = core.includes('`') ? `${ticks} ${core} ${ticks}` : `${ticks}${core}${ticks}`;
      } else {
        inner = escapeMarkdown(core);
        if (r.italic) inner = `*${inner}*`;
        if (r.bold) inner = `**${inner}**`;
      }
      if (r.href !== null) inner = `[${inner}](<${r.href.replace(/[<>]/g, encodeURIComponent)}>)`;
      return lead + inner + trail;
    })
    .join('');
}

function markdownBlock(block: LaidBlock): string {
  switch (block.kind) {
    case 'title':
      return `# ${markdownRuns(block.runs).replace(/\n/g, ' ')}`;
    case 'heading':
      return `${'#'.repeat(block.level + 1)} ${markdownRuns(block.runs).replace(/\n/g, ' ')}`;
    case 'paragraph':
      return markdownRuns(block.runs).replace(/\n/g, '  \n');
    case 'quote': {
      const q = `> ${QUOTE_OPEN}${markdownRuns(block.runs).replace(/\n/g, '  \n> ')}${QUOTE_CLOSE}`;
      if (!block.attribution.length) return q;
      return `${q}\n>\n> ${ATTRIBUTION_DASH}*${markdownRuns(block.attribution).replace(/\n/g, ' ')}*`;
    }
    case 'list':
      return block.items
        .map((item, i) => `${block.ordered ? `${i + 1}. ` : '- '}${markdownRuns(item).replace(/\n/g, '  \n   ')}`)
        .join('\n');
    case 'divider':
      return '---';
  }
}

/** CommonMark of a document, ending with a newline ('' when empty). */
export function renderMarkdown(doc: Document): string {
  const blocks = blocksOf(doc);
  return blocks.length ? `${blocks.map(markdownBlock).join('\n\n')}\n` : '';
}
