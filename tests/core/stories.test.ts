import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractArticle } from '../../src/core/article/index.ts';
import {
  clusterStories,
  groupStories,
  type StoryArticle,
  mergeQuotes,
  contentStem,
  entities,
  latestMentionedDay,
  nameKey,
  stem,
} from '../../src/core/stories/index.ts';
import type { ExtractedArticle, Quote } from '../../src/core/model/index.ts';
import { loadEvents, loadSeedFixture, pairwiseScore, type LabelledArticle } from '../fixtures/stories/load.ts';

const events = loadEvents();
const byKey = new Map(events.articles.map((a) => [a.key, a]));

function labels(articles: readonly LabelledArticle[]): Map<string, string> {
  return new Map(articles.map((a) => [a.item.article.id, a.story]));
}

const all = (xs: readonly LabelledArticle[]) => xs.map((x) => x.item);

function score(articles: readonly LabelledArticle[]) {
  return pairwiseScore(clusterStories(articles.map((a) => a.item)), labels(articles));
}

describe('clustering scored as pairwise precision and recall', () => {
  test.each(Object.entries(events.cases).map(([name, keys]) => ({ name, keys })))('case $name', ({ keys }) => {
    const articles = keys.map((k) => byKey.get(k)!);
    const result = score(articles);
    expect(result.precision).toBe(1);
    expect(result.recall).toBe(1);
  });

  test('all hand-written events together, as one day of news', () => {
    const result = score(events.articles);
    expect(result.truePairs).toBeGreaterThan(5);
    expect(result).toMatchObject({ precision: 1, recall: 1 });
  });

  test('the seed articles (gold quotes): 000 and 001 form one story, 003 and 004 stay apart', () => {
    const seeds = loadSeedFixture();
    const result = score(seeds);
    expect(result).toMatchObject({ precision: 1, recall: 1, truePairs: 1 });
    expect(clusterStories(seeds.map((s) => s.item))).toHaveLength(4);
  });

  test('the seed files through the real pipeline (extractArticle): the gold stories exactly', () => {
    const dir = join(import.meta.dirname, '../../data/seeds');
    const extracted = loadSeedFixture().map((s) => ({
      ...s,
      item: extractArticle({ text: readFileSync(join(dir, s.key), 'utf8'), file: s.key }, { timeZone: 'Asia/Jakarta' }),
    }));
    expect(score(extracted)).toMatchObject({ precision: 1, recall: 1, truePairs: 1 });
  });

  test('every pair of articles on its own (a two-file run) is judged like in the full day', () => {
    const everything = [...loadSeedFixture(), ...events.articles];
    const wrong: string[] = [];
    for (let i = 0; i < everything.length; i++) {
      for (let j = i + 1; j < everything.length; j++) {
        const [a, b] = [everything[i]!, everything[j]!];
        if (a.item.article.id === b.item.article.id) continue;
        const together = clusterStories([a.item, b.item]).length === 1;
        if (together !== (a.story === b.story)) wrong.push(`${a.key} ~ ${b.key}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('long posting lists are cut into blocks without losing a story (posting cap 3)', () => {
    const result = pairwiseScore(clusterStories(all(events.articles), { maxPosting: 3 }), labels(events.articles));
    expect(result).toMatchObject({ precision: 1, recall: 1 });
  });

  test('a story that 150 outlets cover stays one story beside the other events', () => {
    const flood = ['banjir-kompas', 'banjir-detik', 'banjir-antara'].map((k) => byKey.get(k)!.item);
    const sentences = flood.flatMap((f) => f.article.paragraphs.flatMap((p) => p.split(/(?<=\.) /)));
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const many: ExtractedArticle[] = Array.from({ length: 150 }, (_, i) => {
      const picked = Array.from({ length: 5 }, () => sentences[Math.floor(next() * sentences.length)]!);
      return {
        article: {
          ...flood[i % 3]!.article,
          id: `flood-${String(i).padStart(3, '0')}`,
          paragraphs: picked,
          source: { url: `https://outlet${i}.example/banjir`, outlet: `outlet${i}.example`, file: null, credit: null },
        },
        quotes: [],
      };
    });
    const others = events.articles.filter((a) => a.story !== 'banjir-semarang');
    const clusters = clusterStories([...many, ...all(others)]);
    const floodClusters = clusters.filter((c) => c.articleIds.some((id) => id.startsWith('flood-')));
    expect(floodClusters).toHaveLength(1);
    expect(floodClusters[0]!.articleIds.filter((id) => id.startsWith('flood-'))).toHaveLength(150);
    expect(floodClusters[0]!.articleIds.every((id) => id.startsWith('flood-'))).toBe(true);
  });

  test('the seeds mixed into the hand-written day', () => {
    expect(score([...loadSeedFixture(), ...events.articles])).toMatchObject({ precision: 1, recall: 1 });
  });
});

describe('copies collapse into one article', () => {
  const copies = ['gempa-asli', 'gempa-url-lain', 'gempa-salinan', 'gempa-rescrape'].map((k) => byKey.get(k)!.item);

  test('an exact copy at another URL, a syndicated copy and a re-scrape with furniture are one article', () => {
    const groups = groupStories(copies);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.articles).toHaveLength(1);
    expect(groups[0]!.articles[0]!.copies).toHaveLength(4);
  });

  test('the copy that stands for the others is the one without furniture', () => {
    const [group] = groupStories(copies);
    const shown = group!.articles[0]!.item.article.paragraphs.join('\n');
    expect(shown).not.toMatch(/loading|Baca Juga|Lihat Juga|Copyright|Editor:/);
  });

  test('a seed re-scraped with extra furniture, through the real pipeline, is one article', () => {
    const file = join(import.meta.dirname, '../../data/seeds/003_656384d799c66d7f.txt');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const middle = Math.floor(lines.length / 2);
    const rescraped = [
      'Beranda',
      ...lines.slice(0, middle),
      'Baca Juga: Harga Minyak Dunia Naik Tajam Setelah Pertemuan OPEC di Wina',
      ...lines.slice(middle),
      'Tags: Rusia, NATO, Ukraina',
      'Ikuti kami di Google News',
    ].join('\n');
    const a = extractArticle({ text, file: 'a.txt', url: 'https://sindonews.example/a' }, { timeZone: 'Asia/Jakarta' });
    const b = extractArticle({ text: rescraped, file: 'b.txt', url: 'https://mirror.example/a' }, { timeZone: 'Asia/Jakarta' });
    const groups = groupStories([a, b]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.articles).toHaveLength(1);
    expect(groups[0]!.articles[0]!.copies).toHaveLength(2);
  });

  test('the same text under different headlines (an outlet edited its headline) is one story', () => {
    const original = byKey.get('banjir-kompas')!.item;
    const edited: ExtractedArticle = {
      ...original,
      article: { ...original.article, title: 'UPDATE: Banjir Semarang, 2.300 Rumah Terendam', source: { ...original.article.source, url: 'https://kompas.example/banjir-semarang?update=1' } },
    };
    const groups = groupStories([original, edited]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.articles).toHaveLength(1);
  });
});

describe('story ids and shape', () => {
  test('cluster id is the smallest article id; ids ascending; clusters sorted by id', () => {
    const clusters = clusterStories(events.articles.map((a) => a.item));
    for (const c of clusters) {
      expect(c.articleIds).toEqual([...c.articleIds].sort());
      expect(c.id).toBe(c.articleIds[0]);
    }
    expect(clusters.map((c) => c.id)).toEqual(clusters.map((c) => c.id).sort());
  });

  test('a time window: the same event text two weeks later is another story', () => {
    const a = byKey.get('ikn-tempo')!.item;
    const b = byKey.get('ikn-cnn')!.item;
    const later: ExtractedArticle = { ...b, article: { ...b.article, publishedAt: '2026-12-04T07:45:00+07:00', date: '2026-12-04' } };
    expect(clusterStories([a, b])).toHaveLength(1);
    expect(clusterStories([a, later])).toHaveLength(2);
    expect(clusterStories([a, later], { windowDays: 30, maxSpanDays: 30 })).toHaveLength(1);
  });

  test('a bridging article that mixes two events does not chain them into one story', () => {
    const flood = ['banjir-kompas', 'banjir-detik', 'banjir-antara'].map((k) => byKey.get(k)!.item);
    const ikn = ['ikn-tempo', 'ikn-cnn'].map((k) => byKey.get(k)!.item);
    const bridge: ExtractedArticle = {
      article: {
        ...flood[0]!.article,
        id: 'bridge',
        title: 'Banjir Semarang dan Pemindahan ASN ke IKN',
        paragraphs: [...flood[0]!.article.paragraphs.slice(0, 3), ...ikn[0]!.article.paragraphs.slice(0, 3)],
      },
      quotes: [],
    };
    const clusters = clusterStories([...flood, ...ikn, bridge]);
    const floodIds = new Set(flood.map((f) => f.article.id));
    const iknIds = new Set(ikn.map((f) => f.article.id));
    for (const c of clusters) {
      const mixes = c.articleIds.some((id) => floodIds.has(id)) && c.articleIds.some((id) => iknIds.has(id));
      expect(mixes).toBe(false);
    }
  });
});

describe('clustering properties', () => {
  const pool = [...events.articles, ...loadSeedFixture()].map((a) => a.item);

  /** Articles built from sentences of the pool, so generated inputs overlap the way news does. */
  const remix = fc
    .tuple(fc.array(fc.nat(pool.length - 1), { minLength: 1, maxLength: 3 }), fc.nat(1000), fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }))
    .map(([sources, salt, day]): ExtractedArticle => {
      const paragraphs = sources.flatMap((s) => pool[s]!.article.paragraphs.slice(salt % 3, (salt % 3) + 2));
      return {
        article: {
          id: `gen-${salt}-${sources.join('.')}`,
          title: pool[sources[0]!]!.article.title,
          date: day === null ? null : `2026-11-${String(day + 1).padStart(2, '0')}`,
          publishedAt: null,
          dateline: null,
          paragraphs,
          source: { url: null, outlet: `outlet-${salt % 4}`, file: null, credit: null },
        },
        quotes: sources.flatMap((s) => pool[s]!.quotes.slice(0, 1)),
      };
    });
  const input = fc.tuple(fc.subarray(pool), fc.array(remix, { maxLength: 8 }));

  test('clustering is a partition of the distinct input ids, with min-id cluster ids', () => {
    fc.assert(
      fc.property(input, ([picked, generated]) => {
        const items = [...picked, ...generated];
        const clusters = clusterStories(items);
        const all = clusters.flatMap((c) => c.articleIds);
        expect(new Set(all).size).toBe(all.length);
        expect(new Set(all)).toEqual(new Set(items.map((i) => i.article.id)));
        for (const c of clusters) expect(c.id).toBe([...c.articleIds].sort()[0]);
      }),
      { numRuns: 40 },
    );
  });

  test('clustering does not depend on input order', () => {
    fc.assert(
      fc.property(
        input.chain(([picked, generated]) => fc.tuple(fc.constant([...picked, ...generated]), fc.shuffledSubarray([...picked, ...generated], { minLength: picked.length + generated.length }))),
        ([items, shuffled]) => {
          expect(clusterStories(shuffled)).toEqual(clusterStories(items));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('quotes across outlets', () => {
  let n = 0;
  function article(outlet: string | null, quotes: Partial<Quote>[]): StoryArticle {
    const item: ExtractedArticle = {
      article: {
        id: `q${n++}`,
        title: null,
        date: null,
        publishedAt: null,
        dateline: null,
        paragraphs: [],
        source: { url: null, outlet, file: null, credit: null },
      },
      quotes: quotes.map((q) => ({ text: '', speaker: 'Hendra Wijaya', speakerKey: 'wijaya', paragraph: 0, ...q })),
    };
    return { item, copies: [item] };
  }
  const full = 'Kami prioritaskan keselamatan warga, terutama lansia dan anak-anak. Dapur umum sudah kami buka di tiga titik pengungsian,';

  test.each([
    {
      name: 'a fragment merges into the full quote, which is kept',
      articles: () => [article('a', [{ text: 'Dapur umum sudah kami buka di tiga titik pengungsian,' }]), article('b', [{ text: full }])],
      expected: [{ text: full, outlets: 2 }],
    },
    {
      name: 'the same quote from three outlets counts three',
      articles: () => [article('kompas', [{ text: full }]), article('detik', [{ text: full }]), article('antara', [{ text: `${full}` }])],
      expected: [{ text: full, outlets: 3 }],
    },
    {
      name: 'two articles of one outlet count one outlet',
      articles: () => [article('kompas', [{ text: full }]), article('Kompas ', [{ text: full }])],
      expected: [{ text: full, outlets: 1 }],
    },
    {
      name: 'articles of unknown origin are one unknown source, never several outlets',
      articles: () => [article(null, [{ text: full }]), article(null, [{ text: full }])],
      expected: [{ text: full, outlets: 1 }],
    },
    {
      name: 'different speakers never merge, even with the same words',
      articles: () => [
        article('a', [{ text: full }]),
        article('b', [{ text: full, speaker: 'Rina Kusumawati', speakerKey: 'kusumawati' }]),
      ],
      expected: [
        { text: full, outlets: 1, speakerKey: 'wijaya' },
        { text: full, outlets: 1, speakerKey: 'kusumawati' },
      ],
    },
    {
      name: 'an unattributed fragment merges and the attributed speaker is kept',
      articles: () => [article('a', [{ text: 'tiga titik pengungsian', speaker: null, speakerKey: null }]), article('b', [{ text: full }])],
      expected: [{ text: full, outlets: 2, speakerKey: 'wijaya' }],
    },
    {
      name: 'spelling variants of one speaker key merge',
      articles: () => [
        article('a', [{ text: 'Ukraina sudah tergabung dalam aliansi secara de facto', speaker: 'Volodymyr Zelenskyy', speakerKey: 'zelenskyy' }]),
        article('b', [{ text: 'Ukraina sudah tergabung dalam aliansi', speaker: 'Volodymyr Zelensky', speakerKey: 'zelensky' }]),
      ],
      expected: [{ text: 'Ukraina sudah tergabung dalam aliansi secara de facto', outlets: 2 }],
    },
    {
      name: 'different quotes of one speaker stay apart',
      articles: () => [article('a', [{ text: full }, { text: 'Kami minta warga di bantaran sungai tetap waspada,' }])],
      expected: [
        { text: full, outlets: 1 },
        { text: 'Kami minta warga di bantaran sungai tetap waspada,', outlets: 1 },
      ],
    },
  ])('$name', ({ articles, expected }) => {
    const merged = mergeQuotes(articles());
    expect(merged).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(merged[i]).toMatchObject(e));
  });

  test('merged quotes in the banjir story: the full quote once, carried by three outlets', () => {
    const [group] = groupStories(['banjir-kompas', 'banjir-detik', 'banjir-antara'].map((k) => byKey.get(k)!.item));
    const merged = mergeQuotes(group!.articles);
    const hendra = merged.filter((q) => q.speakerKey === 'wijaya');
    expect(hendra).toHaveLength(1);
    expect(hendra[0]!.outlets).toBe(3);
    expect(hendra[0]!.text.startsWith('Kami prioritaskan')).toBe(true);
  });
});

describe('story features', () => {
  test.each([
    { text: 'Kremlin marah pada KTT yang dimulai Selasa (11/7/2023).', day: '2023-07-11' },
    { text: 'Sebelum invasi pada 24 Februari 2022, dan pada 3 maret 2021.', day: '2022-02-24' },
    { text: 'Tanpa tanggal lengkap: Januari 2027, pukul 10.30, 1.000 orang.', day: null },
    { text: 'Bukan tanggal: (31/13/2022).', day: null },
    { text: 'Diumumkan Senin (16/11/2026), pemilu akan digelar pada 14 Februari 2029.', day: '2026-11-16' },
    { text: 'Aturan berlaku mulai 1 Januari 2027.', day: null },
  ])('latest mentioned date of "$text"', ({ text, day }) => {
    const found = latestMentionedDay([text]);
    expect(found === null ? null : new Date(found * 86_400_000).toISOString().slice(0, 10)).toBe(day);
  });

  test('an undated article that mentions a later date is not a report of an older dated event', () => {
    const dated = byKey.get('ikn-tempo')!.item;
    const undated = byKey.get('ikn-cnn')!.item;
    const strip = (item: ExtractedArticle, extra: string): ExtractedArticle => ({
      ...item,
      article: { ...item.article, date: null, publishedAt: null, paragraphs: [...item.article.paragraphs, extra] },
    });
    expect(clusterStories([dated, strip(undated, 'Rencana ini diumumkan pada 19 November 2026.')])).toHaveLength(1);
    expect(clusterStories([dated, strip(undated, 'Pemindahan gelombang pertama akan selesai pada 2 Maret 2027.')])).toHaveLength(1);
    expect(clusterStories([dated, strip(undated, 'Evaluasi pemindahan diumumkan pada 2 Maret 2027.')])).toHaveLength(2);
  });

  test.each([
    ['Sergey', 'Sergei'],
    ['Zelenskyy', 'Zelensky'],
    ['Kiev', 'Kyiv'],
    ['Lithuania', 'Lituania'],
    ['Peskov', 'PESKOV'],
  ])('name key: %s = %s', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  test.each([
    ['Lavrov', 'Peskov'],
    ['Antonov', 'Gavrilov'],
    ['Semarang', 'Cianjur'],
  ])('name key: %s ≠ %s', (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });

  test.each([
    ['mengungsi', 'pengungsian'],
    ['diungsikan', 'mengungsi'],
    ['merendam', 'direndam'],
    ['bersubsidi', 'subsidi'],
    ['pemindahan', 'dipindahkan'],
  ])('stem: %s and %s meet', (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });

  test('stopwords and numbers carry no topic', () => {
    expect(contentStem('yang')).toBeNull();
    expect(contentStem('mengatakan')).toBeNull();
    expect(contentStem('2026')).toBeNull();
    expect(contentStem('banjir')).not.toBeNull();
  });

  test('capitalised sentence openers are not names unless capitalised mid-sentence too', () => {
    const { words } = entities([
      'Namun Antonov mengatakan bahwa Barat kalah. Berbicara di Wina, Antonov menambahkan hal itu.',
      'Wina menjadi tempat pertemuan.',
    ]);
    expect(words.has('antonov')).toBe(true);
    expect(words.has('wina')).toBe(true);
    expect(words.has('barat')).toBe(true);
    expect(words.has('namun')).toBe(false);
    expect(words.has('berbicara')).toBe(false);
  });
});
