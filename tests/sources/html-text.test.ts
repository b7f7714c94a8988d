/**
 * HTML -> text on the parsers (htmlparser2 for feed fragments, linkedom DOM walk for pages): block
 * elements become paragraphs, scripts/styles/captions/widgets are dropped, entities are decoded by
 * the parser. Both paths give the same text for the same markup.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, test } from 'vitest';
import { fragmentToText } from '../../src/sources/article-page.ts';
import { domToText, type DomNode } from '../../src/sources/html-text.ts';

const cases: { name: string; html: string; text: string }[] = JSON.parse(
  readFileSync(new URL('../fixtures/sources/html-text.json', import.meta.url), 'utf8'),
);

function viaDom(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  return domToText((document as unknown as { body: DomNode }).body);
}

describe('fragmentToText', () => {
  test.each(cases)('$name', ({ html, text }) => {
    expect(fragmentToText(html)).toBe(text);
  });

  test.each(cases)('DOM walk agrees: $name', ({ html, text }) => {
    expect(viaDom(html)).toBe(text);
  });

  test('never throws and never leaves a generated tag behind', () => {
    const word = fc.constantFrom('Rusia', 'NATO', 'kata', '“Kami”', 'Lavrov,', '&amp;', '1 < 2');
    const tag = fc.constantFrom('<p>', '</p>', '<br>', '<b>', '</b>', '<div class="a>b">', '</div>', '<script>x<p>y</p></script>', '<!-- c -->');
    fc.assert(
      fc.property(fc.array(fc.oneof(word, tag), { maxLength: 40 }), (parts) => {
        const text = fragmentToText(parts.join(' '));
        expect(text).not.toMatch(/<\/?(?:p|br|b|div|script)\b/);
        expect(text).not.toMatch(/\n{3,}/);
      }),
      { numRuns: 300 },
    );
  });

  test('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(typeof fragmentToText(s)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  test('keeps every word of text that has no markup', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z]{1,8}$/), { maxLength: 30 }), (words) => {
        expect(fragmentToText(words.join(' '))).toBe(words.join(' '));
      }),
    );
  });

  test('deeply nested and unclosed markup stays linear', () => {
    const text = fragmentToText(`${'<div><b>'.repeat(50_000)}isi`);
    expect(text).toBe('isi');
  });
});
