import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { checkFeedUrl, parseFeedList } from '../../src/sources/feed-list.ts';

const dir = join(import.meta.dirname, '..', 'fixtures', 'feeds', 'lists');
const readFile = (path: string) => readFileSync(path, 'utf8');
const noFiles = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

describe('comma-separated URLs', () => {
  test.each([
    ['one URL', 'https://a.id/rss', ['https://a.id/rss'], 0],
    ['comma list with spaces', ' https://a.id/rss , http://b.id/feed ', ['https://a.id/rss', 'http://b.id/feed'], 0],
    ['newlines and empty parts', 'https://a.id/rss,,\nhttps://b.id/rss,', ['https://a.id/rss', 'https://b.id/rss'], 0],
    ['duplicates kept once', 'https://a.id/rss,https://a.id/rss#x', ['https://a.id/rss'], 0],
    ['bad entries reported, good kept', 'https://a.id/rss, ftp://b.id/x, mailto:x@y.id', ['https://a.id/rss'], 2],
    ['host normalised', 'HTTPS://A.ID/Rss', ['https://a.id/Rss'], 0],
    ['empty value', '   ', [], 0],
  ])('%s', (_name, value, urls, problems) => {
    const list = parseFeedList(value, noFiles);
    expect(list.feeds.map((f) => f.url)).toEqual(urls);
    expect(list.feeds.every((f) => f.name === null)).toBe(true);
    expect(list.problems).toHaveLength(problems);
  });

  test('problems say where and why', () => {
    const { problems } = parseFeedList('https://a.id/rss, ftp://b.id/x', noFiles);
    expect(problems).toEqual([{ at: '#2', entry: 'ftp://b.id/x', reason: expect.stringContaining('only http and https') }]);
  });
});

describe('JSON files', () => {
  test('objects with names: valid feeds kept in order, each problem reported', () => {
    const list = parseFeedList(join(dir, 'objects.json'), readFile);
    expect(list.feeds).toEqual([
      { url: 'https://www.antaranews.com/rss/terkini.xml', name: 'ANTARA' },
      { url: 'https://rss.kompas.example/nasional', name: null },
      { url: 'http://lokal.example.id:8080/feed?kategori=politik', name: 'Lokal' },
    ]);
    expect(list.problems.map((p) => p.at)).toEqual(['feeds[2]', 'feeds[3]', 'feeds[4]', 'feeds[6]']);
    expect(list.problems[0]?.reason).toMatch(/only http and https/);
    expect(list.problems[1]?.reason).toMatch(/not an absolute URL/);
    expect(list.problems[2]?.reason).toMatch(/expected a URL/);
    expect(list.problems[3]?.reason).toMatch(/name must be a string/);
  });

  test('a plain array of strings', () => {
    const list = parseFeedList(join(dir, 'strings.json'), readFile);
    expect(list.feeds.map((f) => f.url)).toEqual(['https://a.example.id/rss', 'https://b.example.id/atom.xml']);
    expect(list.problems.map((p) => p.at)).toEqual(['[2]', '[3]']);
  });

  test('an empty list and the shipped data/feeds.json are valid', () => {
    expect(parseFeedList(join(dir, 'empty.json'), readFile)).toEqual({ feeds: [], problems: [] });
    const shipped = parseFeedList(join(import.meta.dirname, '..', '..', 'data', 'feeds.json'), readFile);
    expect(shipped.problems).toEqual([]);
  });

  test('inline JSON is read without a file', () => {
    const list = parseFeedList('{"feeds":[{"url":"https://a.id/rss","name":"A"}]}', noFiles);
    expect(list.feeds).toEqual([{ url: 'https://a.id/rss', name: 'A' }]);
  });

  test.each([
    ['missing file', join(dir, 'no-such-file.json'), /cannot read feed list file/],
    ['broken JSON', join(dir, 'broken.json'), /is not valid JSON/],
    ['wrong shape', join(dir, 'wrong-shape.json'), /must hold \{"feeds": \[\.\.\.\]\}/],
    ['a bare host is taken for a file and says so', 'kompas.com/rss', /cannot read feed list file kompas\.com\/rss/],
  ])('%s is a ConfigError', (_name, value, message) => {
    expect(() => parseFeedList(value, readFile)).toThrow(ConfigError);
    expect(() => parseFeedList(value, readFile)).toThrow(message);
  });
});

describe('checkFeedUrl', () => {
  test.each([
    ['https://a.id/rss', true],
    ['http://127.0.0.1:8080/feed', true],
    ['https://user:pw@a.id/rss', false],
    ['file:///etc/passwd', false],
    ['a.id/rss', false],
    ['', false],
  ])('%s -> %s', (url, ok) => {
    expect(checkFeedUrl(url).ok).toBe(ok);
  });

  test('never throws, and every accepted URL is http(s)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl()), (value) => {
        const result = checkFeedUrl(value);
        if (result.ok) expect(result.url).toMatch(/^https?:\/\//);
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
    );
  });

  test('a comma list of arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.webUrl(), fc.string()), { maxLength: 6 }), (parts) => {
        const value = ['https://ok.example.id/rss', ...parts].join(',');
        const list = parseFeedList(value, noFiles);
        for (const feed of list.feeds) expect(feed.url).toMatch(/^https?:\/\//);
      }),
    );
  });
});
