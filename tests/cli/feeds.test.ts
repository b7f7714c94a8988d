/** `kilas feeds import FILE.opml` and `kilas feeds export` over a real SQLite file. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseOpml } from '../../src/sources/opml.ts';
import { runKilas } from './cli-helpers.ts';

let dir: string;
let env: Record<string, string>;
const opml = (name: string) => readFileSync(new URL(`../fixtures/opml/${name}`, import.meta.url), 'utf8').replaceAll('{{BASE}}', 'https://operator.example');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kilas-feeds-'));
  env = { KILAS_DB: join(dir, 'kilas.db'), KILAS_FEEDS: 'https://dikonfigurasi.example/rss' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('kilas feeds', () => {
  test('import adds the feeds of a Feedly export; export prints them with the configured one; --replace drops the rest', async () => {
    writeFileSync(join(dir, 'feedly.opml'), opml('feedly.opml'));
    const imported = await runKilas(['feeds', 'import', 'feedly.opml'], env, dir);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/imported 3 feeds from .*: 3 new, 0 updated/);
    const exported = await runKilas(['feeds', 'export'], env, dir);
    expect(exported.code).toBe(0);
    const parsed = await parseOpml(exported.stdout);
    expect('feeds' in parsed && parsed.feeds.map((f) => f.url).sort()).toEqual(
      ['https://dikonfigurasi.example/rss', 'https://lenterakota.example/rss.xml', 'https://operator.example/suara.xml', 'https://operator.example/warta.xml'].sort(),
    );
    writeFileSync(join(dir, 'miniflux.opml'), opml('miniflux.opml'));
    const replaced = await runKilas(['feeds', 'import', '--replace', 'miniflux.opml'], env, dir);
    expect(replaced.stdout).toMatch(/imported 2 feeds .*: 0 new, 2 updated, 1 removed/);
    const again = await parseOpml((await runKilas(['feeds', 'export'], env, dir)).stdout);
    expect('feeds' in again && again.feeds.map((f) => f.title)).toEqual(['dikonfigurasi.example', 'Lentera Kota', 'Suara Timur']);
  });

  test.each([
    ['not XML', 'bukan xml', /not usable OPML: bukan XML/],
    ['no feeds', '<opml version="2.0"><body><outline text="kosong"/></body></opml>', /names no http\(s\) feed/],
    ['an entity bomb', '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="https://a.example/r"/></body></opml>', /not usable OPML/],
  ])('import of %s exits 1 with the reason and changes nothing', async (_name, content, reason) => {
    writeFileSync(join(dir, 'x.opml'), content);
    const run = await runKilas(['feeds', 'import', 'x.opml'], env, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const exported = await parseOpml((await runKilas(['feeds', 'export'], env, dir)).stdout);
    expect('feeds' in exported && exported.feeds).toHaveLength(1);
  });

  test('bad usage exits 2; a missing file exits 1', async () => {
    expect((await runKilas(['feeds'], env, dir)).code).toBe(2);
    expect((await runKilas(['feeds', 'import'], env, dir)).code).toBe(2);
    expect((await runKilas(['feeds', 'delete'], env, dir)).code).toBe(2);
    const missing = await runKilas(['feeds', 'import', 'nope.opml'], env, dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.opml/);
  });
});
