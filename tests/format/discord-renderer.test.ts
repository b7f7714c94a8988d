import { describe, expect, test } from 'vitest';
import { bold, code, italic, link, paragraph, simpleDocument, text } from '../../src/format/document.ts';
import type { Document, Section } from '../../src/format/document.ts';
import { embedSize, renderDiscord } from '../../src/platforms/discord/renderer.ts';
import type { DiscordMessage } from '../../src/platforms/discord/renderer.ts';
import { decodeDiscord, discordProblems, discordTexts } from './helpers.ts';

const contentOf = (doc: Document): string => {
  const messages = renderDiscord(doc);
  expect(messages).toHaveLength(1);
  expect(discordProblems(messages[0] as DiscordMessage)).toEqual([]);
  return messages[0]?.content ?? '';
};

describe('escaping', () => {
  test.each([
    ['**bold** _it_ ~~s~~ `c` ||sp||', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|sp\\|\\|'],
    ['[masked](https://x.y)', '\\[masked\\](https://x.y)'],
    ['back\\slash', 'back\\\\slash'],
    ['> quote', '\\> quote'],
    ['>>> quote', '\\>>> quote'],
    ['# heading', '\\# heading'],
    ['-# subtext', '\\-# subtext'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['* item', '\\* item'],
    ['1. item', '1\\. item'],
    ['12) item', '12\\) item'],
    ['a\n# b\n> c', 'a\n\\# b\n\\> c'],
    ['mid # and > stay', 'mid # and > stay'],
    ['@everyone @here', '@\u200Beveryone @\u200Bhere'],
    ['<@123> <@!5> <#42> <@&7> </cmd:1> <t:1:R>', '<\u200B@123> <\u200B@!5> <\u200B#42> <\u200B@&7> <\u200B/cmd:1> <\u200Bt:1:R>'],
  ])('%j', (input, expected) => {
    const content = contentOf(simpleDocument(paragraph(input)));
    expect(content).toBe(expected);
    expect(decodeDiscord(content)).toBe(input.replace(/\u200B/g, ''));
  });

  test.each([
    ['bold', paragraph(bold('a b')), '**a b**'],
    ['italic', paragraph(italic('a')), '*a*'],
    ['bold keeps outer spaces outside the markers', paragraph(text('x'), bold(' a '), text('y')), 'x **a** y'],
    ['code', paragraph(code('a*b')), '`a*b`'],
    ['code with a backtick falls back to escaped text', paragraph(code('a`b')), 'a\\`b'],
    ['link', paragraph(link('t_x', 'https://a.b/p(1)')), '[t\\_x](https://a.b/p%281%29)'],
    ['non-http link keeps only its text', paragraph(link('t', 'javascript:alert(1)')), 't'],
    ['quote', { kind: 'quote' as const, content: [text('Q\n# R')], attribution: [text('X')] }, '> “Q\n> \\# R”\n> — *X*'],
  ])('%s', (_name, block, expected) => {
    expect(contentOf(simpleDocument(block))).toBe(expected);
  });
});

const story = (i: number, words = 20): Section => ({
  blocks: [
    { kind: 'heading', level: 2, content: [link(`Berita ${i}`, `https://news.example/${i}`)] },
    paragraph('kata '.repeat(words)),
  ],
});

describe('line starts found by the property tests', () => {
  test.each([
    [
      'a link ending in a newline inside a quote, then a heading',
      [{ text: '<\n', href: 'https://example.com/a' }, { text: '## ' }, { text: '!' }],
    ],
    ['a bold run ending in a newline inside a quote, then subtext', [{ text: 'a\n', bold: true }, { text: '-# kecil' }]],
  ])('%s', (_name, content) => {
    const doc: Document = { sections: [{ blocks: [{ kind: 'quote', content }] }] };
    for (const message of renderDiscord(doc)) {
      expect(discordProblems(message)).toEqual([]);
      // One quote level: a line never carries a second '> '.
      for (const t of discordTexts(message)) expect(t).not.toMatch(/(^|\n)> > /);
    }
  });
});

describe('layout', () => {
  test('title and intro are content; one story is one embed titled and linked by its heading', () => {
    const messages = renderDiscord({ title: [text('Kilas')], intro: [paragraph('3 berita')], sections: [story(1), story(2)], outro: [paragraph('akhir')] });
    expect(messages).toHaveLength(2);
    expect(messages[0]?.content).toBe('**Kilas**\n\n3 berita');
    expect(messages[0]?.embeds?.map((e) => [e.title, e.url])).toEqual([
      ['Berita 1', 'https://news.example/1'],
      ['Berita 2', 'https://news.example/2'],
    ]);
    expect(messages[1]).toEqual({ content: 'akhir', allowed_mentions: { parse: [] } });
  });

  test('a document without a title is plain content', () => {
    const messages = renderDiscord({ sections: [story(1)] });
    expect(messages).toEqual([{ content: '[**Berita 1**](https://news.example/1)\n\n' + 'kata '.repeat(20).trim(), allowed_mentions: { parse: [] } }]);
  });

  test('at most 10 embeds and 6000 embed characters per message', () => {
    const messages = renderDiscord({ title: [text('T')], sections: Array.from({ length: 23 }, (_, i) => story(i, 100)) });
    for (const m of messages) {
      expect(discordProblems(m)).toEqual([]);
      expect((m.embeds ?? []).reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(6000);
    }
    expect(messages.flatMap((m) => m.embeds ?? [])).toHaveLength(23);
    expect(messages.length).toBeGreaterThanOrEqual(3);
  });

  test('a story longer than one embed continues in untitled embeds, nothing lost', () => {
    const long = 'Kalimat panjang untuk diuji di sini. '.repeat(400).trim();
    const doc: Document = { title: [text('T')], sections: [{ blocks: [{ kind: 'heading', level: 2, content: [text('H')] }, paragraph(long)] }] };
    const messages = renderDiscord(doc);
    const embeds = messages.flatMap((m) => m.embeds ?? []);
    expect(embeds.length).toBeGreaterThan(3);
    expect(embeds[0]?.title).toBe('H');
    expect(embeds.slice(1).every((e) => e.title === undefined)).toBe(true);
    for (const m of messages) expect(discordProblems(m)).toEqual([]);
    expect(messages.flatMap(discordTexts).slice(2).map(decodeDiscord).join('')).toBe(long);
  });

  test('a heading longer than 256 characters goes into the description', () => {
    const heading = 'H'.repeat(300);
    const messages = renderDiscord({ title: [text('T')], sections: [{ blocks: [{ kind: 'heading', level: 2, content: [text(heading)] }] }] });
    const embed = messages[0]?.embeds?.[0];
    expect(embed?.title).toBeUndefined();
    expect(embed?.description).toBe(`**${heading}**`);
  });

  test('a 5,000-character word of emoji is hard-split between surrogate pairs', () => {
    const word = '😀'.repeat(5000);
    const messages = renderDiscord(simpleDocument(paragraph(word)));
    // 10,000 UTF-16 units at most 2000 a message (2 kept for a separator).
    expect(messages.length).toBe(6);
    for (const m of messages) expect(discordProblems(m)).toEqual([]);
    expect(messages.map((m) => m.content).join('')).toBe(word);
  });

  test('whitespace at a boundary never makes a blank message', () => {
    for (const gap of [' ', '   ', '\n\n\n']) {
      const messages = renderDiscord(simpleDocument(paragraph(text('x'.repeat(1990)), bold(gap), text('y'.repeat(1990)))));
      expect(messages.length).toBe(2);
      for (const m of messages) expect(discordProblems(m)).toEqual([]);
    }
  });
});
