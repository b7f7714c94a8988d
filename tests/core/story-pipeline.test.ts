/**
 * Clustering through the whole pipeline on raw article text: one event reported by two outlets in
 * different words (and different headlines) is one story; other events about the same people are not.
 * Scored as pairwise precision and recall against hand labels.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { extractArticle } from '../../src/core/article/index.ts';
import { clusterStories } from '../../src/core/stories/index.ts';

const dir = join(import.meta.dirname, '../fixtures/stories/pipeline');
const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Record<string, string>;
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

describe('story clustering on raw articles', () => {
  test('every fixture is labelled', () => {
    expect(files.sort()).toEqual(Object.keys(labels).sort());
  });

  test('pairwise precision and recall are 1 against the hand labels', () => {
    const items = files.map((f) => extractArticle({ text: readFileSync(join(dir, f), 'utf8'), file: f }, { timeZone: 'Asia/Jakarta' }));
    const storyOf = new Map<string, string>();
    for (const c of clusterStories(items)) for (const id of c.articleIds) storyOf.set(id, c.id);
    const pairs: string[] = [];
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const same = labels[files[i]!] === labels[files[j]!];
        const merged = storyOf.get(items[i]!.article.id) === storyOf.get(items[j]!.article.id);
        if (same !== merged) pairs.push(`${files[i]} ~ ${files[j]}: ${merged ? 'merged' : 'not merged'}`);
      }
    }
    expect(pairs).toEqual([]);
  });
});
