/**
 * Properties of the size-limited renderers over generated Documents full of hostile text.
 *
 * "Plain text of a part" is defined per renderer:
 * - Telegram: the visible text of the message after Telegram's entity parsing (tags removed,
 *   entities decoded, not trimmed), as `parseTelegramHtml` computes it.
 * - Discord: the text fields of the message in display order (content, then per embed title,
 *   description, fields, footer), each decoded from kilas's Markdown by `decodeDiscord`.
 * The whole is the same plain text of the document rendered with the limits lifted (one part).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { renderDiscord } from '../../src/platforms/discord/renderer.ts';
import { renderTelegram } from '../../src/platforms/telegram/renderer.ts';
import { renderMarkdown, renderText } from '../../src/format/text-renderer.ts';
import { documentArb } from './arbitraries.ts';
import { containsInOrder, decodeDiscord, discordProblems, discordTexts, documentWords, parseTelegramHtml, telegramProblems } from './helpers.ts';

const RUNS = Number(process.env['KILAS_PROPERTY_RUNS'] ?? 150);
const UNLIMITED_DISCORD = {
  limits: { content: Infinity, title: 256, description: Infinity, embedsPerMessage: Infinity, embedTotal: Infinity },
};

const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const visibleWords = (words: readonly string[]) => words.map((w) => w.replace(INVISIBLE, '')).filter((w) => w !== '');

describe('telegram renderer properties', () => {
  test('every message parses under Telegram HTML rules and fits', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        for (const message of renderTelegram(doc)) expect(telegramProblems(message)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test('the parts concatenated equal the whole, and the whole keeps every word in order', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const parts = renderTelegram(doc).map((m) => parseTelegramHtml(m).text).join('');
        const whole = renderTelegram(doc, { maxLength: Infinity, maxEntities: Infinity });
        expect(whole.length).toBeLessThanOrEqual(1);
        const wholeText = whole[0] === undefined ? '' : parseTelegramHtml(whole[0]).text;
        expect(parts).toBe(wholeText);
        expect(containsInOrder(wholeText.replace(INVISIBLE, ''), visibleWords(documentWords(doc)))).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('discord renderer properties', () => {
  test('every payload is within every limit, with mentions and line-start markup neutralised', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        for (const message of renderDiscord(doc)) expect(discordProblems(message)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test('the parts concatenated equal the whole, and the whole keeps every word in order', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const plain = (messages: ReturnType<typeof renderDiscord>) =>
          messages.flatMap(discordTexts).map(decodeDiscord).join('');
        const parts = plain(renderDiscord(doc));
        const whole = renderDiscord(doc, UNLIMITED_DISCORD);
        expect(parts).toBe(plain(whole));
        // Titles are one line; compare words, which newlines do not change.
        expect(containsInOrder(plain(whole).replace(INVISIBLE, ''), visibleWords(documentWords(doc)))).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('text renderer properties', () => {
  test('plain text keeps every word in order', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        expect(containsInOrder(renderText(doc).replace(INVISIBLE, ''), visibleWords(documentWords(doc)))).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('markdown renderer properties', () => {
  test('every word of the non-code runs survives escaping', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const shown = renderMarkdown(doc).replace(/\\([\s\S])/g, '$1').replace(INVISIBLE, '');
        const words = visibleWords(documentWords(doc, (r) => r.code !== true));
        // Words are checked one by one: code spans between them are not escaped, so they are skipped.
        for (const w of words) expect(shown).toContain(w);
      }),
      { numRuns: RUNS },
    );
  });
});
