import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createDigestService } from '../../src/bot/digest-service.ts';
import { storedGroups } from '../../src/core/stories/index.ts';
import type { ExtractedArticle } from '../../src/core/model/index.ts';

function banjirArticles(): ExtractedArticle[] {
  const raw = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/store/stories-articles.json'), 'utf8')) as {
    articles: { key: string; url: string; outlet: string; publishedAt: string; title: string; paragraphs: string[] }[];
  };
  return raw.articles
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
}

describe('digest stories read from the store', () => {
  const items = banjirArticles();
  const news = { articlesIn: async () => items, articleCount: async () => items.length };
  const now = new Date('2026-11-21T00:00:00Z');

  test('the digest service shows the stored story and its id, without clustering again', async () => {
    const plain = await createDigestService({ news, timeZone: 'Asia/Jakarta' }).latest(now);
    expect(plain.stories).toHaveLength(1);
    const ids = new Map(items.map((i) => [i.article.id, 'stored-story']));
    const persisted = await createDigestService({ news, timeZone: 'Asia/Jakarta', storyIdsIn: async () => ids }).latest(now);
    expect(persisted.stories.map((s) => s.id)).toEqual(['stored-story']);
    expect(persisted.stories[0]!.articleIds).toEqual(plain.stories[0]!.articleIds);
    expect(plain.stories[0]!.id).not.toBe('stored-story');
  });

  test('the store decides: articles of two stored stories stay two stories, however alike', () => {
    const split = new Map(items.map((i, n) => [i.article.id, n % 2 === 0 ? 'even' : 'odd']));
    const groups = storedGroups(items, (id) => split.get(id) ?? null);
    expect(groups.map((g) => g.id)).toEqual(['even', 'odd']);
    expect(groups.flatMap((g) => g.articleIds).sort()).toEqual(items.map((i) => i.article.id).sort());
  });

  test('articles without a stored story are clustered among themselves, never under a stored id', () => {
    const [first, ...rest] = items;
    const groups = storedGroups(items, (id) => (id === first!.article.id ? first!.article.id : null));
    expect(groups.map((g) => g.id)).toContain(first!.article.id);
    const loose = groups.filter((g) => g.articleIds.some((id) => rest.some((r) => r.article.id === id)));
    for (const g of loose) expect(g.articleIds).not.toContain(first!.article.id);
    expect(new Set(groups.map((g) => g.id)).size).toBe(groups.length);
  });
});
