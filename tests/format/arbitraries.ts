/** fast-check generators of Documents full of hostile text. */
import fc from 'fast-check';
import type { Block, Document, Inline, Section } from '../../src/format/document.ts';

const HOSTILE = [
  '<', '>', '&', '"', "'", '&amp;', '&lt;b&gt;', '<b>', '</i>', '<a href="x">',
  '@everyone', '@here', '<@123456789012345678>', '<#42>', '<@&7>', '<@!9>', '</cmd:1>', '<t:1:R>', '<:e:1>',
  '*', '**', '_', '__', '`', '```', '~~', '||', '\\', '[x](https://evil.example)', '](', ')',
  '# ', '## ', '-# ', '> ', '>>> ', '- ', '* ', '+ ', '1. ', '12) ',
  '\n', '\n\n', ' ', '  ', '\t', '\r\n',
  '👩‍👩‍👧‍👦', '🇮🇩', '😀', '𝔸', '\u202e', 'مرحبا', 'שלום', '\u200b', '\u200d', '\ufeff', 'é', 'e\u0301',
  '\u0000', '\u0007', '\ud800', '\udfff', 'Rp1.000', 'AS.', 'kata Lavrov.', '“kutipan”',
];

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.lorem({ maxCount: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

/** Occasionally a 5,000-character word, of ASCII or of surrogate pairs. */
const longWord = fc.oneof(
  fc.integer({ min: 4000, max: 6000 }).map((n) => 'w'.repeat(n)),
  fc.integer({ min: 2100, max: 3000 }).map((n) => '😀'.repeat(n)),
  fc.integer({ min: 500, max: 1500 }).map((n) => '&<'.repeat(n)),
);

export const hostileText = fc.oneof(
  { weight: 12, arbitrary: fc.array(piece, { maxLength: 16 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: longWord },
  { weight: 1, arbitrary: fc.array(fc.lorem({ maxCount: 40 }), { minLength: 10, maxLength: 60 }).map((p) => p.join('. ')) },
);

const href = fc.constantFrom(
  'https://example.com/a_(b)?q="x"&y=<z>',
  'http://kilas.test/path',
  'javascript:alert(1)',
  'not a url',
  'https://example.com/' + 'p'.repeat(300),
);

export const inline: fc.Arbitrary<Inline> = fc
  .record({
    text: hostileText,
    bold: fc.boolean(),
    italic: fc.boolean(),
    code: fc.boolean(),
    href: fc.option(href, { freq: 4 }),
  })
  .map(({ text, bold, italic, code, href: h }) => {
    const run: { text: string; bold?: boolean; italic?: boolean; code?: boolean; href?: string } = { text };
    if (bold) run.bold = true;
    if (italic) run.italic = true;
    if (code && !bold) run.code = true;
    if (h !== null) run.href = h;
    return run;
  });

const runs = fc.array(inline, { minLength: 0, maxLength: 5 });

export const block: fc.Arbitrary<Block> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ level: fc.constantFrom(1 as const, 2 as const, 3 as const), content: runs }).map(({ level, content }): Block => ({ kind: 'heading', level, content })) },
  { weight: 5, arbitrary: runs.map((content): Block => ({ kind: 'paragraph', content })) },
  {
    weight: 3,
    arbitrary: fc.record({ content: runs, attribution: fc.option(runs) }).map(({ content, attribution }): Block =>
      attribution === null ? { kind: 'quote', content } : { kind: 'quote', content, attribution },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({ ordered: fc.boolean(), items: fc.array(runs, { maxLength: 6 }) }).map(({ ordered, items }): Block => ({ kind: 'list', ordered, items })),
  },
  { weight: 1, arbitrary: fc.constant<Block>({ kind: 'divider' }) },
);

const section: fc.Arbitrary<Section> = fc.array(block, { maxLength: 6 }).map((blocks) => ({ blocks }));

export const documentArb: fc.Arbitrary<Document> = fc
  .record({
    title: fc.option(runs),
    intro: fc.option(fc.array(block, { maxLength: 3 })),
    sections: fc.array(section, { maxLength: 14 }),
    outro: fc.option(fc.array(block, { maxLength: 2 })),
  })
  .map(({ title, intro, sections, outro }) => {
    const doc: { title?: Inline[]; intro?: Block[]; sections: Section[]; outro?: Block[] } = { sections };
    if (title !== null) doc.title = title;
    if (intro !== null) doc.intro = intro;
    if (outro !== null) doc.outro = outro;
    return doc;
  });
