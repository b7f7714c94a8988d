import Database from 'better-sqlite3';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { StoreError } from '../../src/errors.ts';
import { MIGRATIONS, migrate } from '../../src/store/sqlite/migrations.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { StoryCluster } from '../../src/store/ports.ts';
import { article, fixedClock, tempDir, tempDirPerTest } from './helpers.ts';

const temp = tempDirPerTest();

interface Step {
  clusters: string[][];
  stories: Record<string, string[]>;
  result?: Partial<Record<'created' | 'merged' | 'moved' | 'updated', number>>;
}
interface CasesFixture {
  articles: { id: string; publishedAt: string; title: string }[];
  cases: { name: string; steps: Step[] }[];
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/store/stories-cases.json'), 'utf8'),
) as CasesFixture;

/** Clusters as the core makes them: ids ascending, the cluster named by its smallest id. */
const asClusters = (groups: readonly (readonly string[])[]): StoryCluster[] =>
  groups.map((g) => {
    const articleIds = [...g].sort();
    return { id: articleIds[0]!, articleIds };
  });

/** Every row of both story tables, to compare a database before and after. */
function dump(store: SqliteStore): unknown {
  return {
    stories: store.db.prepare('SELECT * FROM stories ORDER BY id').all(),
    links: store.db.prepare('SELECT * FROM article_stories ORDER BY article_id').all(),
  };
}

async function storedWith(ids: readonly { id: string; publishedAt?: string; title?: string | null }[], clock = fixedClock()) {
  const store = openSqliteStore(temp.current.file(), { now: clock.now });
  await store.articles.saveArticles(ids.map((a) => article(a)));
  return store;
}

describe('story store: successive clusterings', () => {
  test.each(fixture.cases)('$name', async ({ steps }) => {
    const clock = fixedClock();
    const store = await storedWith(fixture.articles, clock);
    const idOfLabel = new Map<string, string>();
    for (const [index, step] of steps.entries()) {
      clock.advance(60_000);
      const result = await store.stories.saveStoryClusters(asClusters(step.clusters));
      if (step.result) expect(result, `step ${index + 1}`).toMatchObject(step.result);

      for (const [label, ids] of Object.entries(step.stories)) {
        const id = await store.stories.storyOf(ids[0]!);
        expect(id, `${label} in step ${index + 1}`).not.toBeNull();
        for (const a of ids) expect(await store.stories.storyOf(a), `story of ${a}`).toBe(id);
        expect([...(await store.stories.storyArticles(id!))].sort()).toEqual([...ids].sort());
        const before = idOfLabel.get(label);
        if (before !== undefined) expect(id, `${label} keeps its id`).toBe(before);
        idOfLabel.set(label, id!);
      }
      const current = Object.keys(step.stories).map((l) => idOfLabel.get(l));
      expect(new Set(current).size, 'different labels, different stories').toBe(current.length);
      expect(new Set(idOfLabel.values()).size, 'no id serves two events').toBe(idOfLabel.size);
      expect(store.db.prepare('SELECT COUNT(*) FROM stories').pluck().get()).toBe(current.length);

      // Saving the same clustering again is a no-op, down to the updated_at stamps.
      const snapshot = dump(store);
      clock.advance(60_000);
      expect(await store.stories.saveStoryClusters(asClusters(step.clusters))).toEqual({ created: 0, merged: 0, moved: 0, updated: 0 });
      expect(dump(store)).toEqual(snapshot);
    }
    await store.close();
  });
});

describe('story store: figures and lookups', () => {
  test('headline is the earliest titled article; first/last seen and count span every article', async () => {
    const store = await storedWith([
      { id: 'late', publishedAt: '2026-11-20T09:00:00.000Z', title: 'Judul yang terakhir' },
      { id: 'untitled', publishedAt: '2026-11-20T01:00:00.000Z', title: '  ' },
      { id: 'early', publishedAt: '2026-11-20T03:00:00.000Z', title: 'Judul pertama' },
    ]);
    await store.stories.saveStoryClusters(asClusters([['late', 'untitled', 'early']]));
    const [story] = await store.stories.recentStories(10);
    expect(story).toMatchObject({
      id: 'early',
      headline: 'Judul pertama',
      firstSeenMs: Date.parse('2026-11-20T01:00:00.000Z'),
      lastSeenMs: Date.parse('2026-11-20T09:00:00.000Z'),
      articleCount: 3,
    });
    expect(await store.stories.storyArticles('early')).toEqual(['untitled', 'early', 'late']);
    await store.close();
  });

  test('a story with no titled article has no headline', async () => {
    const store = await storedWith([{ id: 'x', publishedAt: '2026-11-20T01:00:00.000Z', title: '' }]);
    await store.stories.saveStoryClusters(asClusters([['x']]));
    expect((await store.stories.recentStories(1))[0]?.headline).toBeNull();
    await store.close();
  });

  test('recentStories: latest activity first, bounded by limit', async () => {
    const store = await storedWith(fixture.articles);
    await store.stories.saveStoryClusters(asClusters([['a', 'h'], ['b', 'c'], ['d', 'e', 'f'], ['g']]));
    expect((await store.stories.recentStories(3)).map((s) => [s.id, s.articleCount])).toEqual([
      ['a', 2],
      ['g', 1],
      ['d', 3],
    ]);
    expect(await store.stories.recentStories(0)).toEqual([]);
    await store.close();
  });

  test('unknown articles and stories: null and empty', async () => {
    const store = await storedWith(fixture.articles);
    expect(await store.stories.storyOf('a')).toBeNull();
    expect(await store.stories.storyOf('nope')).toBeNull();
    expect(await store.stories.storyArticles('nope')).toEqual([]);
    await store.close();
  });

  test('a cluster naming an article that is not stored fails as a whole with StoreError', async () => {
    const store = await storedWith(fixture.articles);
    await expect(store.stories.saveStoryClusters(asClusters([['a', 'b'], ['ghost']]))).rejects.toThrow(StoreError);
    expect(await store.stories.storyOf('a')).toBeNull();
    expect(await store.stories.recentStories(10)).toEqual([]);
    await store.close();
  });
});

describe('story store: what holds for any sequence of clusterings', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  // A clustering of a window: a subset of the articles, each labelled with a group number.
  const clustering = fc
    .array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), { minLength: ids.length, maxLength: ids.length })
    .map((labels) => {
      const groups = new Map<number, string[]>();
      labels.forEach((l, i) => {
        if (l === null) return;
        const g = groups.get(l) ?? [];
        g.push(ids[i]!);
        groups.set(l, g);
      });
      return asClusters([...groups.values()]);
    });

  test('clusters become stories, stories stay consistent, a re-save changes nothing', async () => {
    const dir = tempDir();
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(clustering, { minLength: 1, maxLength: 5 }), async (runs) => {
          const store = openSqliteStore(dir.file(`p${run++}.db`));
          try {
            await store.articles.saveArticles(fixture.articles.map((a) => article(a)));
            for (const clusters of runs) {
              const before = new Map<string, string | null>();
              for (const a of ids) before.set(a, await store.stories.storyOf(a));
              await store.stories.saveStoryClusters(clusters);
              const storyOfCluster: (string | null)[] = [];
              for (const c of clusters) storyOfCluster.push(await store.stories.storyOf(c.articleIds[0]!));
              for (const [i, c] of clusters.entries()) {
                for (const a of c.articleIds) expect(await store.stories.storyOf(a)).toBe(storyOfCluster[i]);
              }
              expect(new Set(storyOfCluster).size).toBe(clusters.length);
              // A cluster that is exactly one old story, untouched by the others, keeps its id.
              for (const [i, c] of clusters.entries()) {
                const old = new Set(c.articleIds.map((a) => before.get(a)));
                const [only] = old;
                const shared = clusters.some((o, j) => j !== i && o.articleIds.some((a) => before.get(a) === only));
                if (old.size === 1 && only && !shared) expect(storyOfCluster[i]).toBe(only);
              }
              // An article outside the clustering stays in a story exactly when it had one.
              const clustered = new Set(clusters.flatMap((c) => c.articleIds));
              for (const a of ids) {
                if (!clustered.has(a)) expect((await store.stories.storyOf(a)) === null).toBe(before.get(a) === null);
              }
              // Counts agree with the links; no story is empty.
              for (const s of await store.stories.recentStories(100)) {
                expect(s.articleCount).toBe((await store.stories.storyArticles(s.id)).length);
                expect(s.articleCount).toBeGreaterThan(0);
              }
              const snapshot = dump(store);
              expect(await store.stories.saveStoryClusters(clusters)).toEqual({ created: 0, merged: 0, moved: 0, updated: 0 });
              expect(dump(store)).toEqual(snapshot);
            }
          } finally {
            await store.close();
          }
        }),
        { numRuns: 60 },
      );
    } finally {
      dir.cleanup();
    }
  });
});

describe('story store: migration', () => {
  test('a database made before the stories migration is upgraded and keeps its articles', async () => {
    const path = temp.current.file();
    const raw = new Database(path);
    const before = MIGRATIONS.filter((m) => m.version <= 3);
    expect(migrate(raw, before)).toEqual([1, 2, 3]);
    raw
      .prepare(
        `INSERT INTO articles (id, canonical_url, url, title, sort_ms, paragraphs, fetched_at)
         VALUES ('old', 'https://x.example/old', 'https://x.example/old', 'Berita lama', ?, '["Isi."]', '2026-11-20T00:00:00.000Z')`,
      )
      .run(Date.parse('2026-11-20T00:00:00.000Z'));
    raw.close();

    const store = openSqliteStore(path);
    expect(await store.articles.articleCount()).toBe(1);
    expect(await store.stories.storyOf('old')).toBeNull();
    await store.stories.saveStoryClusters([{ id: 'old', articleIds: ['old'] }]);
    expect(await store.stories.recentStories(5)).toMatchObject([{ id: 'old', headline: 'Berita lama', articleCount: 1 }]);
    await store.close();

    const again = new Database(path);
    expect(migrate(again)).toEqual([]);
    expect(again.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.at(-1)!.version);
    again.close();
    const reopened = openSqliteStore(path);
    expect(await reopened.stories.storyOf('old')).toBe('old');
    await reopened.close();
  });

  test('deleting an article removes its link and the story figures follow on the next save', async () => {
    const store = await storedWith(fixture.articles);
    await store.stories.saveStoryClusters(asClusters([['a', 'b', 'c']]));
    store.db.prepare("DELETE FROM articles WHERE id = 'c'").run();
    expect(await store.stories.storyArticles('a')).toEqual(['a', 'b']);
    expect(await store.stories.saveStoryClusters(asClusters([['a', 'b']]))).toMatchObject({ updated: 1, moved: 0 });
    expect((await store.stories.recentStories(1))[0]?.articleCount).toBe(2);
    await store.close();
  });
});
