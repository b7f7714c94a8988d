/**
 * Rare names as evidence of one event: the same rare people and places on close days link reports
 * told from different angles; generic same-day news and one person at two events do not. Also the
 * pages development set (tests/fixtures/pages, written by another engineer in outlets' page styles)
 * scored for stories; its hold-out is scored in docs/decisions/story-clustering.md, never here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { extractArticle } from '../../src/core/article/index.ts';
import { createStoryIndex, entityEvidence, clusterStories, entities, nameKey } from '../../src/core/stories/index.ts';
import type { ExtractedArticle } from '../../src/core/model/index.ts';
import { extractPage, loadPageGold } from '../helpers/page-gold.ts';
import { loadEvents } from '../fixtures/stories/load.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('headline words and names', () => {
  test.each([
    {
      name: 'Title Case headline words are not names when the body writes them in lower case',
      paragraphs: ['KPK Tetapkan Bupati Tersangka Suap', 'Penyidik KPK menetapkan bupati itu tersangka suap proyek jalan.'],
      names: ['kpk'],
      notNames: ['tetapkan', 'tersangka', 'suap'],
    },
    {
      name: 'a headline name stays a name when the body capitalises it too',
      paragraphs: ['Banjir Rendam Cawang', 'Air merendam permukiman di Cawang sejak pagi.'],
      names: ['cawang'],
      notNames: ['banjir', 'rendam'],
    },
  ])('$name', ({ paragraphs, names, notNames }) => {
    const found = entities(paragraphs, 1);
    for (const n of names) expect(found.words).toContain(n);
    for (const n of notNames) expect(found.words).not.toContain(n);
  });

  test.each([
    { text: 'Kemarin Gubernur Ratna Kumalasari meninjau Sungai Lengkong.', phrases: [['Gubernur', 'Ratna', 'Kumalasari'], ['Sungai', 'Lengkong']] },
    { text: 'Warga Dusun Kedungsari, Desa Wanareja dan BPBD datang.', phrases: [['Dusun', 'Kedungsari'], ['Desa', 'Wanareja'], ['BPBD']] },
  ])('names written together are one name: $text', ({ text, phrases }) => {
    expect(entities([text]).phrases).toEqual(phrases.map((p) => p.map((w) => nameKey(w.toLowerCase()))));
  });
});

describe('what shared rare names add to a link', () => {
  const two = () => 2;
  test.each([
    { name: 'rare names, same day, some shared topic', topic: 0.08, entities: 0.5, proximity: 1, sharedNames: two, adds: true },
    { name: 'rare names but topics share next to nothing', topic: 0.02, entities: 0.9, proximity: 1, sharedNames: two, adds: false },
    { name: 'the same names, a window apart in time', topic: 0.2, entities: 0.9, proximity: 0, sharedNames: two, adds: false },
    { name: 'only common names in common', topic: 0.2, entities: 0.1, proximity: 1, sharedNames: two, adds: false },
    { name: 'all shared names are one name (one person)', topic: 0.2, entities: 0.9, proximity: 1, sharedNames: () => 1, adds: false },
  ])('$name', ({ topic, entities: e, proximity, sharedNames, adds }) => {
    expect(entityEvidence(topic, e, proximity, sharedNames) > 0).toBe(adds);
  });
});

interface PairCase {
  readonly name: string;
  readonly together: boolean;
  readonly articles: { title: string; publishedAt: string; paragraphs: string[] }[];
}

const pairCases = (JSON.parse(readFileSync(join(root, 'tests/fixtures/stories/entity-pairs.json'), 'utf8')) as { cases: PairCase[] }).cases;
const read = (a: PairCase['articles'][number]): ExtractedArticle =>
  extractArticle({ text: `${a.title}\n\n${a.paragraphs.join('\n\n')}`, file: null, publishedAt: a.publishedAt }, { timeZone: 'Asia/Jakarta' });

describe('own article pairs', () => {
  const background = loadEvents().articles.map((a) => a.item);
  test.each(pairCases)('$name (together: $together)', ({ together, articles }) => {
    const items = articles.map(read);
    const ids = items.map((i) => i.article.id);
    const sameStory = (clusters: { articleIds: string[] }[]) => clusters.some((c) => ids.every((id) => c.articleIds.includes(id)));
    // Alone (a two-file run), beside a day of other news, and one article per poll.
    expect(sameStory(clusterStories(items))).toBe(together);
    expect(sameStory(clusterStories([...background, ...items]))).toBe(together);
    const index = createStoryIndex();
    const stories = items.map((item) => index.add([{ item, storyId: null }])[0]!.storyId);
    expect(stories[0] === stories[1]).toBe(together);
  });
});

describe('stories on the pages development set', () => {
  const gold = loadPageGold(root, 'tests/fixtures/pages/gold.json');
  const score = (storyOf: (i: number) => string) => {
    let tp = 0;
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < gold.length; i++) {
      for (let j = i + 1; j < gold.length; j++) {
        const same = gold[i]!.story === gold[j]!.story;
        const together = storyOf(i) === storyOf(j);
        actual += Number(same);
        predicted += Number(together);
        tp += Number(same && together);
      }
    }
    const precision = predicted === 0 ? 1 : tp / predicted;
    const recall = tp / actual;
    return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
  };

  // One article per poll judges each article against the stories of its moment (IDF over fewer
  // articles, stories never split): two stories of this set stay in halves (see the decision record).
  test.each([
    { mode: 'batch', minF1: 0.9 },
    { mode: 'one article per poll', minF1: 0.75 },
  ])('$mode: precision 1, pairwise F1 ≥ $minF1', async ({ mode, minF1 }) => {
    const items = await Promise.all(gold.map((g) => extractPage(root, g)));
    const of = new Map<string, string>();
    if (mode === 'batch') {
      for (const c of clusterStories(items)) for (const id of c.articleIds) of.set(id, c.id);
    } else {
      const index = createStoryIndex();
      const byTime = [...items].sort((a, b) => (a.article.publishedAt ?? '').localeCompare(b.article.publishedAt ?? ''));
      for (const item of byTime) for (const r of index.add([{ item, storyId: null }])) of.set(r.articleId, r.storyId);
      // A later merge moves earlier articles: read each article's final story.
      for (const item of items) for (const r of index.add([{ item, storyId: null }])) of.set(r.articleId, r.storyId);
    }
    const result = score((i) => of.get(items[i]!.article.id)!);
    expect(result.precision).toBe(1);
    expect(result.f1).toBeGreaterThanOrEqual(minF1);
  });
});
