import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeEntities, htmlToText } from '../../src/core/html.ts';

const cases: { name: string; html: string; text: string }[] = JSON.parse(
  readFileSync(new URL('../fixtures/core/html.json', import.meta.url), 'utf8'),
);

describe('htmlToText', () => {
  test.each(cases)('$name', ({ html, text }) => {
    expect(htmlToText(html)).toBe(text);
  });

  test('never throws and never leaves a generated tag behind', () => {
    const word = fc.constantFrom('Rusia', 'NATO', 'kata', '“Kami”', 'Lavrov,', '&amp;', '1 < 2');
    const tag = fc.constantFrom('<p>', '</p>', '<br>', '<b>', '</b>', '<div class="a>b">', '</div>', '<script>x<p>y</p></script>', '<!-- c -->');
    fc.assert(
      fc.property(fc.array(fc.oneof(word, tag), { maxLength: 40 }), (parts) => {
        const text = htmlToText(parts.join(' '));
        expect(text).not.toMatch(/<\/?(?:p|br|b|div|script)\b/);
        expect(text).not.toMatch(/\n{3,}/);
      }),
      { numRuns: 300 },
    );
  });

  test('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(typeof htmlToText(s)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  test('keeps every word of text that has no markup', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z]{1,8}$/), { maxLength: 30 }), (words) => {
        expect(htmlToText(words.join(' '))).toBe(words.join(' '));
      }),
    );
  });
});

describe('decodeEntities', () => {
  test.each([
    ['&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['&#65;&#x42;&#X43;', 'ABC'],
    ['&#0; &#xD800; &#x110000;', '\uFFFD \uFFFD \uFFFD'],
    ['AT&T dan & sendiri', 'AT&T dan & sendiri'],
    ['&#8220;kutipan&#8221;', '“kutipan”'],
  ])('%s', (input, expected) => {
    expect(decodeEntities(input)).toBe(expected);
  });
});
