/**
 * Golden files for every format over fixed Digest and quote-list fixtures (not the live pipeline).
 * `UPDATE_GOLDEN=1 npx vitest run tests/format/golden.test.ts` rewrites them; review the diff.
 * Each golden is also checked against the platform rules, so a regenerated golden cannot hide a
 * broken message.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Digest, QuoteHit } from '../../src/core/model/index.ts';
import { digestDocument } from '../../src/format/digest-document.ts';
import type { Document } from '../../src/format/document.ts';
import { renderDiscord } from '../../src/platforms/discord/renderer.ts';
import { renderJson } from '../../src/format/json-renderer.ts';
import { quotesDocument } from '../../src/format/quotes-document.ts';
import { renderTelegram } from '../../src/platforms/telegram/renderer.ts';
import { renderMarkdown, renderText } from '../../src/format/text-renderer.ts';
import { discordProblems, telegramProblems } from './helpers.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures/format');
const goldenDir = join(fixtures, 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';
const NOW = new Date('2026-11-23T00:05:00Z');

const readJson = <T>(name: string): T => JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as T;

function golden(file: string, actual: string): void {
  const path = join(goldenDir, file);
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`missing golden ${file}: run with UPDATE_GOLDEN=1`);
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const telegramFile = (messages: string[]) =>
  messages.map((m, i) => `<!-- message ${i + 1}/${messages.length} -->\n${m}\n`).join('\n');

function documentGoldens(name: string, doc: Document) {
  test(`${name}: text`, () => golden(`${name}.txt`, renderText(doc)));
  test(`${name}: markdown`, () => golden(`${name}.md`, renderMarkdown(doc)));
  test(`${name}: telegram`, () => {
    const messages = renderTelegram(doc);
    for (const m of messages) expect(telegramProblems(m)).toEqual([]);
    golden(`${name}.telegram.html`, telegramFile(messages));
  });
  test(`${name}: discord`, () => {
    const messages = renderDiscord(doc);
    for (const m of messages) expect(discordProblems(m)).toEqual([]);
    golden(`${name}.discord.json`, `${JSON.stringify(messages, null, 2)}\n`);
  });
}

const DIGESTS = ['digest-basic', 'digest-hostile', 'digest-long', 'digest-empty', 'digest-coverage'];

describe.each(DIGESTS)('golden %s', (name) => {
  const digest = readJson<Digest>(name);
  // ringkas is the default daily form; lengkap the full one (/digest lengkap, /format lengkap).
  documentGoldens(name, digestDocument(digest, { now: NOW }));
  documentGoldens(`${name}.lengkap`, digestDocument(digest, { now: NOW, length: 'lengkap' }));
  test(`${name}: json`, () => {
    const json = renderJson(digest);
    expect(JSON.parse(json)).toEqual(digest);
    golden(`${name}.json`, json);
  });
});

describe.each(['quotes-lavrov', 'quotes-none', 'quotes-hostile-name'])('golden %s', (name) => {
  const { name: query, hits, suggestions } = readJson<{ name: string; hits: QuoteHit[]; suggestions: string[] }>(name);
  documentGoldens(name, quotesDocument(query, hits, suggestions));
});
