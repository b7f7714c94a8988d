import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ExtractedArticle } from '../../src/core/model/index.ts';
import { assignStories, mergeRanges } from '../../src/ingest/story-assignment.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { fixedClock, inOrder, tempDirPerTest } from '../store/helpers.ts';

const temp = tempDirPerTest();

interface FixtureArticle {
  key: string;
  event: string;
  outlet: string;
  url: string;
  publishedAt: string;
  title: string;
  paragraphs: string[];
  quotes?: { text: string; speaker: string | null; speakerKey: string | null }[];
}
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/store/stories-articles.json'), 'utf8'),
) as { articles: FixtureArticle[]; sequences: { name: string; batches: string[][] }[] };
const byKey = new Map(fixture.articles.map((a) => [a.key, a]));

/** As the pipeline makes them: the id is a hash of the body, so an edited headline keeps neither. */
function extracted(a: FixtureArticle, edit: Partial<Pick<FixtureArticle, 'title' | 'url' | 'paragraphs'>> = {}): ExtractedArticle {
  const paragraphs = edit.paragraphs ?? a.paragraphs;
  return {
    article: {
      id: createHash('sha1').update(paragraphs.join('\n\n')).digest('hex').slice(0, 16),
      title: edit.title ?? a.title,
      date: a.publishedAt.slice(0, 10),
      publishedAt: a.publishedAt,
      dateline: null,
      paragraphs,
      source: { url: edit.url ?? a.url, outlet: a.outlet, file: null, credit: null },
    },
    quotes: (a.quotes ?? []).map((q) => ({ ...q, paragraph: Math.max(0, paragraphs.findIndex((p) => p.includes(q.text.slice(0, 20)))) })),
  };
}
const item = (key: string) => extracted(byKey.get(key)!);

/** Two days after the fixture's news: every article is inside the default three-day window. */
const NOW = '2026-11-22T00:00:00.000Z';

function open(): { store: SqliteStore; assign: () => ReturnType<typeof assignStories> } {
  const clock = fixedClock(NOW);
  const store = openSqliteStore(temp.current.file(), { now: clock.now });
  return { store, assign: () => assignStories(store, { now: clock.now }) };
}

function dump(store: SqliteStore): unknown {
  return {
    stories: store.db.prepare('SELECT * FROM stories ORDER BY id').all(),
    links: store.db.prepare('SELECT * FROM article_stories ORDER BY article_id').all(),
  };
}

describe('assignStories over real clustering', () => {
  test('a new event gets a new story headed by its title', async () => {
    const { store, assign } = open();
    await store.articles.saveArticles([item('banjir-kompas')]);
    expect(await assign()).toMatchObject({ articles: 1, stories: 1, created: 1 });
    const id = await store.stories.storyOf(item('banjir-kompas').article.id);
    expect(id).not.toBeNull();
    expect(await store.stories.recentStories(5)).toMatchObject([{ id, headline: byKey.get('banjir-kompas')!.title, articleCount: 1 }]);
    await store.close();
  });

  test("a second and third outlet's articles of the same event join the existing story id", async () => {
    const { store, assign } = open();
    await store.articles.saveArticles([item('banjir-antara')]);
    await assign();
    const id = await store.stories.storyOf(item('banjir-antara').article.id);
    for (const key of ['banjir-detik', 'banjir-kompas']) {
      await store.articles.saveArticles([item(key)]);
      expect(await assign()).toMatchObject({ created: 0, merged: 0, moved: 1 });
      expect(await store.stories.storyOf(item(key).article.id)).toBe(id);
    }
    expect(await store.stories.storyArticles(id!)).toHaveLength(3);
    // The headline is the earliest article's, whichever outlet came first.
    expect((await store.stories.recentStories(1))[0]?.headline).toBe(byKey.get('banjir-kompas')!.title);
    await store.close();
  });

  test('a headline edit at the same URL is no new article and keeps the story as it was', async () => {
    const { store, assign } = open();
    const original = byKey.get('gempa-asli')!;
    await store.articles.saveArticles([extracted(original)]);
    await assign();
    const before = dump(store);
    const edited = extracted(original, {
      title: 'UPDATE: Gempa M 5,1 Cianjur, 46 Rumah Rusak',
      paragraphs: [...original.paragraphs, 'Artikel ini telah diperbarui.'],
    });
    expect(await store.articles.saveArticles([edited])).toEqual(['duplicate']);
    expect(await assign()).toMatchObject({ created: 0, merged: 0, moved: 0, updated: 0 });
    expect(dump(store)).toEqual(before);
    await store.close();
  });

  test('a headline edit republished at another URL joins the same story', async () => {
    const { store, assign } = open();
    const original = byKey.get('gempa-asli')!;
    await store.articles.saveArticles([extracted(original)]);
    await assign();
    const id = await store.stories.storyOf(extracted(original).article.id);
    const edited = extracted(original, {
      title: 'UPDATE: Gempa M 5,1 Cianjur, 46 Rumah Rusak',
      url: `${original.url}-update`,
      paragraphs: [...original.paragraphs, 'Artikel ini telah diperbarui.'],
    });
    expect(await store.articles.saveArticles([edited])).toEqual(['inserted']);
    expect(await assign()).toMatchObject({ created: 0, moved: 1 });
    expect(await store.stories.storyOf(edited.article.id)).toBe(id);
    expect(await store.stories.recentStories(5)).toHaveLength(1);
    await store.close();
  });

  test('different events stay different stories', async () => {
    const { store, assign } = open();
    await store.articles.saveArticles(['banjir-kompas', 'ott-kompas', 'cianjur-kecelakaan', 'harga-emas'].map(item));
    expect(await assign()).toMatchObject({ articles: 4, stories: 4, created: 4 });
    const ids = await inOrder(['banjir-kompas', 'ott-kompas', 'cianjur-kecelakaan', 'harga-emas'], (k) => store.stories.storyOf(item(k).article.id));
    expect(new Set(ids).size).toBe(4);
    await store.close();
  });

  test('idempotent: a second run without new articles changes nothing', async () => {
    const { store, assign } = open();
    await store.articles.saveArticles(fixture.articles.map((a) => extracted(a)));
    expect((await assign()).created).toBeGreaterThan(0);
    const before = dump(store);
    expect(await assign()).toMatchObject({ created: 0, merged: 0, moved: 0, updated: 0 });
    expect(dump(store)).toEqual(before);
    await store.close();
  });

  test('only the window is clustered: an older article keeps no story, a wider window takes it', async () => {
    const clock = fixedClock('2026-11-25T00:00:00.000Z');
    const store = openSqliteStore(temp.current.file(), { now: clock.now });
    const old = item('harga-emas');
    const recent = extracted(byKey.get('ott-tempo')!, { paragraphs: byKey.get('ott-tempo')!.paragraphs });
    await store.articles.saveArticles([old, { ...recent, article: { ...recent.article, publishedAt: '2026-11-24T08:00:00+07:00', date: '2026-11-24' } }]);
    expect(await assignStories(store, { now: clock.now })).toMatchObject({ articles: 1, stories: 1 });
    expect(await store.stories.storyOf(old.article.id)).toBeNull();
    expect(await store.stories.storyOf(recent.article.id)).not.toBeNull();
    // Only the article without a story is assigned; the recent one keeps its story.
    expect(await assignStories(store, { now: clock.now, days: 7 })).toMatchObject({ articles: 1, created: 1 });
    expect(await store.stories.storyOf(old.article.id)).not.toBeNull();
    await store.close();
  });

  test('a back-fill clusters articles without a story around their own dates, then rests', async () => {
    const clock = fixedClock('2026-12-15T00:00:00.000Z');
    const store = openSqliteStore(temp.current.file(), { now: clock.now });
    await store.articles.saveArticles(['banjir-kompas', 'banjir-detik', 'harga-emas'].map(item));
    expect(await assignStories(store, { now: clock.now })).toMatchObject({ articles: 0, stories: 0 });
    expect(await assignStories(store, { now: clock.now, backfill: true })).toMatchObject({ articles: 3, stories: 2, created: 2 });
    const [kompas, detik, emas] = await inOrder(['banjir-kompas', 'banjir-detik', 'harga-emas'], (k) => store.stories.storyOf(item(k).article.id));
    expect(kompas).not.toBeNull();
    expect(detik).toBe(kompas);
    expect(emas).not.toBeNull();
    expect(emas).not.toBe(kompas);
    // Everything has a story now: the back-fill finds nothing more to do.
    expect(await store.stories.unassignedInstants(10)).toEqual([]);
    expect(await assignStories(store, { now: clock.now, backfill: true })).toMatchObject({ articles: 0, created: 0, moved: 0 });
    await store.close();
  });

  test('a back-fill takes the newest articles without a story first, at most backfillLimit', async () => {
    const clock = fixedClock('2026-12-15T00:00:00.000Z');
    const store = openSqliteStore(temp.current.file(), { now: clock.now });
    const old = item('harga-emas');
    const older = { ...old, article: { ...old.article, id: 'lebih-lama', publishedAt: '2026-10-01T09:30:00+07:00', date: '2026-10-01', source: { ...old.article.source, url: null } } };
    await store.articles.saveArticles([old, older]);
    expect(await store.stories.unassignedInstants(10)).toEqual([Date.parse(old.article.publishedAt!), Date.parse('2026-10-01T09:30:00+07:00')]);
    expect(await assignStories(store, { now: clock.now, backfill: true, backfillLimit: 1 })).toMatchObject({ articles: 1 });
    expect(await store.stories.storyOf(old.article.id)).not.toBeNull();
    expect(await store.stories.storyOf('lebih-lama')).toBeNull();
    expect(await assignStories(store, { now: clock.now, backfill: true, backfillLimit: 1 })).toMatchObject({ articles: 1, created: 1 });
    expect(await store.stories.storyOf('lebih-lama')).not.toBeNull();
    await store.close();
  });

  test.each([
    { name: 'apart', ranges: [[0, 10], [20, 30]], expected: [[0, 10], [20, 30]] },
    { name: 'overlapping, out of order', ranges: [[20, 30], [0, 25]], expected: [[0, 30]] },
    { name: 'touching', ranges: [[0, 10], [10, 20]], expected: [[0, 20]] },
    { name: 'contained', ranges: [[0, 100], [10, 20], [30, 40]], expected: [[0, 100]] },
    { name: 'open-ended', ranges: [[50, Infinity], [0, 10], [45, 60]], expected: [[0, 10], [45, Infinity]] },
  ])('mergeRanges: $name', ({ ranges, expected }) => {
    const toRange = ([from, to]: number[]) => ({ from: from!, to: to! });
    expect(mergeRanges(ranges.map(toRange))).toEqual(expected.map(toRange));
  });

  test('an empty window does nothing', async () => {
    const { store, assign } = open();
    expect(await assign()).toEqual({ articles: 0, stories: 0, created: 0, merged: 0, moved: 0, updated: 0 });
    expect(await store.stories.recentStories(5)).toEqual([]);
    await store.close();
  });
});

describe('stories across ingests', () => {
  // Stories are decided when articles arrive: after each ingest every article has a story, no story
  // ever holds two events, and a story id given once moves only when its story merges into an older
  // one (a new article bridging two stories that link to each other); at the end each event is one story.
  test.each(fixture.sequences)('$name: stories are decided on arrival and never mix events', async ({ batches }) => {
    const { store, assign } = open();
    const stored: ExtractedArticle[] = [];
    const eventOf = new Map<string, string>();
    let previous = new Map<string, { story: string; firstSeenMs: number | null }>();
    for (const batch of batches) {
      const outcomes = await store.articles.saveArticles(batch.map(item));
      batch.forEach((key, i) => {
        if (outcomes[i] !== 'inserted') return;
        stored.push(item(key));
        eventOf.set(item(key).article.id, byKey.get(key)!.event);
      });
      await assign();
      const stories = await store.stories.recentStories(100);
      for (const s of stories) {
        const events = new Set((await store.stories.storyArticles(s.id)).map((id) => eventOf.get(id)));
        expect([...events], s.id).toHaveLength(1);
      }
      expect((await inOrder(stored, (a) => store.stories.storyOf(a.article.id))).every((id) => id !== null)).toBe(true);
      const firstSeen = new Map(stories.map((s) => [s.id, s.firstSeenMs]));
      for (const [articleId, was] of previous) {
        const now = (await store.stories.storyOf(articleId))!;
        if (now === was.story) continue;
        const mergedIntoOlder = !firstSeen.has(was.story) && (firstSeen.get(now) ?? Infinity) <= (was.firstSeenMs ?? Infinity);
        expect(mergedIntoOlder, `${articleId} left ${was.story} for ${now}`).toBe(true);
      }
      previous = new Map(
        await inOrder(stored, async (a) => {
          const story = (await store.stories.storyOf(a.article.id))!;
          return [a.article.id, { story, firstSeenMs: firstSeen.get(story) ?? null }] as const;
        }),
      );
    }
    const storiesOfEvent = new Map<string, Set<string>>();
    for (const [articleId, event] of eventOf) {
      const set = storiesOfEvent.get(event) ?? new Set();
      set.add((await store.stories.storyOf(articleId))!);
      storiesOfEvent.set(event, set);
    }
    for (const [event, ids] of storiesOfEvent) expect([...ids], event).toHaveLength(1);
    expect(await store.stories.recentStories(100)).toHaveLength(storiesOfEvent.size);
    await store.close();
  });
});
