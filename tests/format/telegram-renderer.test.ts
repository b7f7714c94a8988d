import { describe, expect, test } from 'vitest';
import { bold, code, italic, link, paragraph, simpleDocument, text } from '../../src/format/document.ts';
import type { Block, Document, Section } from '../../src/format/document.ts';
import { escapeTelegramHtml, renderTelegram } from '../../src/platforms/telegram/renderer.ts';
import { parseTelegramHtml, telegramProblems } from './helpers.ts';

const visible = (html: string) => parseTelegramHtml(html).text;
const only = (doc: Document): string => {
  const messages = renderTelegram(doc);
  expect(messages).toHaveLength(1);
  return messages[0] ?? '';
};

describe('escaping and tags', () => {
  test.each([
    ['<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['a & b', 'a &amp; b'],
    ['&amp;', '&amp;amp;'],
    ['"q" \'s\'', '"q" \'s\''],
    ['1 < 2 > 0', '1 &lt; 2 &gt; 0'],
  ])('text %j is escaped as %j', (input, expected) => {
    expect(escapeTelegramHtml(input)).toBe(expected);
    expect(only(simpleDocument(paragraph(input)))).toBe(expected);
  });

  test.each<[string, Block, string]>([
    ['bold', paragraph(bold('a')), '<b>a</b>'],
    ['italic', paragraph(italic('a')), '<i>a</i>'],
    ['code', paragraph(code('a<b')), '<code>a&lt;b</code>'],
    ['code never nests with marks', paragraph({ text: 'x', code: true, bold: true, href: 'https://a.b/' }), '<code>x</code>'],
    ['link with quote in href', paragraph(link('t', 'https://a.b/?q="x"&y=1')), '<a href="https://a.b/?q=%22x%22&amp;y=1">t</a>'],
    ['non-http link keeps only its text', paragraph(link('t', 'javascript:alert(1)')), 't'],
    ['relative link keeps only its text', paragraph(link('t', '/path')), 't'],
    ['heading is bold', { kind: 'heading', level: 2, content: [text('H')] }, '<b>H</b>'],
    ['quote with attribution', { kind: 'quote', content: [text('Q')], attribution: [text('X')] }, '<blockquote>“Q”\n— <i>X</i></blockquote>'],
    ['no link or code inside a blockquote', { kind: 'quote', content: [link('L', 'https://a.b/'), code('c')] }, '<blockquote>“Lc”</blockquote>'],
    ['ordered list', { kind: 'list', ordered: true, items: [[text('a')], [text('b')]] }, '1. a\n2. b'],
    ['unordered list', { kind: 'list', ordered: false, items: [[text('a')], [text('b')]] }, '• a\n• b'],
  ])('%s', (_name, block, expected) => {
    const html = only(simpleDocument(block));
    expect(html).toBe(expected);
    expect(telegramProblems(html)).toEqual([]);
  });

  test('control characters go, lone surrogates become U+FFFD, emoji stay whole', () => {
    const html = only(simpleDocument(paragraph('a\u0000b\u0007c \ud800 😀\r\nd')));
    expect(visible(html)).toBe('abc \uFFFD 😀\nd');
  });

  test('a document with nothing visible renders to no message', () => {
    expect(renderTelegram(simpleDocument(paragraph('  \u200b '), { kind: 'list', ordered: false, items: [] }))).toEqual([]);
    expect(renderTelegram({ sections: [] })).toEqual([]);
  });
});

const sectionOf = (chars: number, tag: string): Section => ({
  blocks: [{ kind: 'heading', level: 2, content: [text(tag)] }, paragraph(`${'kata '.repeat(Math.floor(chars / 5))}`)],
});

describe('splitting', () => {
  test('sections that fit stay whole: a message boundary falls between sections', () => {
    const doc: Document = { title: [text('Judul')], sections: ['A', 'B', 'C', 'D'].map((t) => sectionOf(1500, t)) };
    const messages = renderTelegram(doc);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(telegramProblems(m)).toEqual([]);
      // Each section is heading + paragraph: every message holds whole sections only.
      const headings = (m.match(/<b>[A-D]<\/b>/g) ?? []).length;
      const paragraphs = (visible(m).match(/(kata ){299}kata/g) ?? []).length;
      expect(paragraphs).toBe(headings);
    }
  });

  test('a section too long alone is split at block boundaries first', () => {
    const blocks = Array.from({ length: 6 }, (_, i) => paragraph(`${i}`.repeat(1200)));
    const messages = renderTelegram({ sections: [{ blocks }] });
    expect(messages.length).toBe(2);
    for (const m of messages) {
      expect(telegramProblems(m)).toEqual([]);
      for (const run of visible(m).trim().split('\n\n')) expect(run).toMatch(/^(\d)\1{1199}$/);
    }
  });

  test('a paragraph too long is split between sentences, each piece keeping its whitespace', () => {
    const sentence = 'Ini kalimat yang cukup panjang untuk diuji. ';
    const body = sentence.repeat(200).trim();
    const messages = renderTelegram(simpleDocument(paragraph(body)));
    expect(messages.length).toBe(3);
    expect(messages.map(visible).join('')).toBe(body);
    for (const m of messages.slice(0, -1)) expect(visible(m)).toMatch(/diuji\. $/);
  });

  test('a 5,000-character word is hard-split, never inside a surrogate pair', () => {
    for (const word of ['x'.repeat(5000), '😀'.repeat(5000)]) {
      const messages = renderTelegram(simpleDocument(paragraph(word)));
      expect(messages.length).toBeGreaterThan(1);
      for (const m of messages) expect(telegramProblems(m)).toEqual([]);
      expect(messages.map(visible).join('')).toBe(word);
    }
  });

  test('a bold run split across messages is closed and reopened in each', () => {
    const messages = renderTelegram(simpleDocument(paragraph(bold('tebal '.repeat(1000)))));
    expect(messages.length).toBe(2);
    for (const m of messages) {
      expect(m.startsWith('<b>')).toBe(true);
      expect(m.endsWith('</b>')).toBe(true);
      expect(parseTelegramHtml(m).entities).toBe(1);
    }
  });

  test('a blockquote split across messages is reopened in each', () => {
    const messages = renderTelegram(simpleDocument({ kind: 'quote', content: [text('kata '.repeat(1000))], attribution: [text('X')] }));
    expect(messages.length).toBe(2);
    for (const m of messages) {
      expect(m).toMatch(/^<blockquote>[\s\S]*<\/blockquote>$/);
      expect(telegramProblems(m)).toEqual([]);
    }
  });

  test('no message holds more than 100 formatting entities', () => {
    const runs = Array.from({ length: 250 }, (_, i) => [bold(`b${i}`), text(' · ')]).flat();
    const messages = renderTelegram(simpleDocument(paragraph(...runs)));
    expect(messages.length).toBe(3);
    for (const m of messages) {
      expect(parseTelegramHtml(m).entities).toBeLessThanOrEqual(100);
      expect(telegramProblems(m)).toEqual([]);
    }
    expect(messages.map(visible).join('')).toBe(runs.map((r) => r.text).join('').trim());
  });

  test('limits are options (maxLength)', () => {
    const messages = renderTelegram(simpleDocument(paragraph('a b c d e f g h')), { maxLength: 6 });
    expect(messages.map(visible)).toEqual(['a b ', 'c d ', 'e f ', 'g h']);
  });

  test('whitespace at a boundary never makes a blank message', () => {
    for (const gap of [' ', '   ', '\n\n\n']) {
      const doc = simpleDocument(paragraph(bold('x'.repeat(4090)), text(gap), italic('y'.repeat(4094))));
      const messages = renderTelegram(doc);
      expect(messages.length).toBe(2);
      for (const m of messages) expect(telegramProblems(m)).toEqual([]);
      expect(messages.map(visible).join('')).toBe(`${'x'.repeat(4090)}${gap}${'y'.repeat(4094)}`);
    }
  });
});
