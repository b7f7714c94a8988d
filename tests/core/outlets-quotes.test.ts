/**
 * Quotes through the whole pipeline on the lead's hand-annotated articles from other outlets
 * (tests/fixtures/core/outlets-dev): every gold quote is found once with its speaker, and nothing
 * else is reported but the annotated fragments. Speakers match the way the project's scorer does:
 * a word of the predicted key is a word of the gold name or key.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { extractArticle } from '../../src/core/article/index.ts';

interface GoldQuote {
  readonly text: string;
  readonly speaker: string;
  readonly speaker_key: string;
}
interface Gold {
  readonly file: string;
  readonly quotes: readonly GoldQuote[];
  readonly fragments: readonly string[];
}

const dir = new URL('../fixtures/core/outlets-dev/', import.meta.url);
const gold: Gold[] = JSON.parse(readFileSync(new URL('gold.json', dir), 'utf8'));

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[“”"]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"',.;:!?…-]+|[\s"',.;:!?…-]+$/gu, '')
    .toLowerCase();
const words = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

describe('quotes on articles from other outlets', () => {
  test.each(gold)('$file', (g) => {
    const { quotes } = extractArticle({ text: readFileSync(new URL(g.file, dir), 'utf8'), file: g.file }, { timeZone: 'Asia/Jakarta' });
    const unmatched = [...quotes];
    for (const gq of g.quotes) {
      const i = unmatched.findIndex((q) => norm(q.text) === norm(gq.text));
      expect(i, `missed: ${gq.text}`).toBeGreaterThanOrEqual(0);
      const [q] = unmatched.splice(i, 1);
      const allowed = new Set([...words(gq.speaker), ...words(gq.speaker_key)]);
      expect(words(q?.speakerKey ?? '').some((w) => allowed.has(w)), `${gq.text} -> ${q?.speakerKey}`).toBe(true);
    }
    const extra = unmatched.filter((q) => !g.fragments.some((f) => norm(f).includes(norm(q.text)) || norm(q.text).includes(norm(f))));
    expect(extra.map((q) => q.text)).toEqual([]);
  });
});
