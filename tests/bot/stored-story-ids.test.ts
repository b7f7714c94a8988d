import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createDigestService, withStoredStoryIds } from '../../src/bot/digest-service.ts';
import type { Digest, ExtractedArticle, Story } from '../../src/core/types.ts';

const story = (id: string, articleIds: string[]): Story => ({
  id,
  headline: `Cerita ${id}`,
  link: null,
  summary: [],
  quotes: [],
  sources: [],
  articleIds,
  publishedAt: null,
  score: 1,
});

const digestOf = (stories: Story[]): Digest => ({
  window: { from: null, to: null },
  timeZone: 'Asia/Jakarta',
  date: null,
  stories,
  stats: { stories: stories.length, articles: 0, outlets: 0, quotes: 0 },
});

describe('digest stories under their persisted ids', () => {
  test.each([
    { name: 'nothing stored: the core ids', stories: [['a', ['a', 'b']]], stored: {}, expected: ['a'] },
    { name: 'the stored story of its articles', stories: [['b', ['b', 'c']]], stored: { b: 'a', c: 'a' }, expected: ['a'] },
    { name: 'the story most of its articles belong to', stories: [['a', ['a', 'b', 'c']]], stored: { a: 'x', b: 'y', c: 'y' }, expected: ['y'] },
    { name: "on a tie, the earliest listed article's", stories: [['a', ['a', 'b']]], stored: { a: 'x', b: 'y' }, expected: ['x'] },
    { name: 'some articles not stored yet', stories: [['a', ['a', 'b', 'c']]], stored: { c: 'x' }, expected: ['x'] },
    {
      name: 'two digest stories of one stored story: the higher-ranked shows it, the other its next',
      stories: [['a', ['a', 'b']], ['c', ['c', 'd']]],
      stored: { a: 'x', b: 'x', c: 'x', d: 'y' },
      expected: ['x', 'y'],
    },
    {
      name: 'the lower-ranked keeps the core id when it has no other stored story',
      stories: [['a', ['a']], ['c', ['c']]],
      stored: { a: 'x', c: 'x' },
      expected: ['x', 'c'],
    },
    {
      name: 'a core id that an earlier story shows as its stored id is made distinct',
      stories: [['b', ['b']], ['c', ['c']]],
      stored: { b: 'c' },
      expected: ['c', 'c~1'],
    },
  ] as { name: string; stories: [string, string[]][]; stored: Record<string, string>; expected: string[] }[])(
    '$name',
    ({ stories, stored, expected }) => {
      const digest = digestOf(stories.map(([id, ids]) => story(id, ids)));
      const mapped = withStoredStoryIds(digest, (articleId) => stored[articleId] ?? null);
      expect(mapped.stories.map((s) => s.id)).toEqual(expected);
      // Only the ids change.
      expect(mapped.stories.map((s) => ({ ...s, id: '' }))).toEqual(digest.stories.map((s) => ({ ...s, id: '' })));
      expect(mapped.stats).toEqual(digest.stats);
    },
  );

  test('the digest service shows the persisted id when given storyOf', () => {
    const raw = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/store/stories-articles.json'), 'utf8')) as {
      articles: { key: string; url: string; outlet: string; publishedAt: string; title: string; paragraphs: string[] }[];
    };
    const items: ExtractedArticle[] = raw.articles
      .filter((a) => a.key.startsWith('banjir-'))
      .map((a) => ({
        article: {
          id: createHash('sha1').update(a.paragraphs.join('\n\n')).digest('hex').slice(0, 16),
          title: a.title,
          date: a.publishedAt.slice(0, 10),
          publishedAt: a.publishedAt,
          dateline: null,
          paragraphs: a.paragraphs,
          source: { url: a.url, outlet: a.outlet, file: null, credit: null },
        },
        quotes: [],
      }));
    const news = { articlesIn: () => items, articleCount: () => items.length };
    const now = new Date('2026-11-21T00:00:00Z');
    const plain = createDigestService({ news, timeZone: 'Asia/Jakarta' }).latest(now);
    expect(plain.stories).toHaveLength(1);
    const persisted = createDigestService({ news, timeZone: 'Asia/Jakarta', storyOf: () => 'stored-story' }).latest(now);
    expect(persisted.stories.map((s) => s.id)).toEqual(['stored-story']);
    expect(plain.stories[0]!.id).not.toBe('stored-story');
  });
});
