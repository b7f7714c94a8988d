/**
 * Every gold quote of a person is returned by each of that person's name forms: the multi-outlet
 * speaker fixtures (dev and hold-out) ingested into a real SQLite store with the repository's alias
 * file, stories assigned (so names are joined per story and persisted), then looked up through the
 * store and through `kilas quotes --json` in-process. A shared first name gives a list to pick from;
 * two names give one answer each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, afterAll, describe, expect, test } from 'vitest';
import { ingestSeeds } from '../../src/ingest/seed-ingest.ts';
import { assignStories } from '../../src/ingest/story-assignment.ts';
import { silentLogger } from '../../src/logger.ts';
import { loadSpeakerAliases } from '../../src/speaker-aliases.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runKilas } from '../cli/cli-helpers.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const REPO = new URL('../../', import.meta.url).pathname;
const fixtures = (name: string) => new URL(`../fixtures/speakers/${name}`, import.meta.url);
const gold = [...JSON.parse(readFileSync(fixtures('gold-dev.json'), 'utf8')), ...JSON.parse(readFileSync(fixtures('gold-holdout.json'), 'utf8'))] as {
  quotes: { speaker: string; text: string }[];
}[];
const forms = JSON.parse(readFileSync(fixtures('lookup-forms.json'), 'utf8')) as {
  people: Record<string, string[]>;
  several: Record<string, string[]>;
  each: Record<string, string[]>;
};
const cases = Object.entries(forms.people).flatMap(([person, names]) => names.map((name) => ({ person, name })));
const core = (s: string) => s.replace(/[\s,.;:]+$/u, '');
const saidBy = (person: string) => [...new Set(gold.flatMap((g) => g.quotes).filter((q) => q.speaker === person).map((q) => core(q.text)))];

let dir = '';
let store: SqliteStore;
const speakers = loadSpeakerAliases({}, REPO);
const env = () => ({ KILAS_DB: join(dir, 'kilas.db'), KILAS_SPEAKERS: join(REPO, 'data/speakers.json'), KILAS_LOG_LEVEL: 'error' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kilas-speakers-'));
  store = openSqliteStore(join(dir, 'kilas.db'), { speakers });
  for (const part of ['dev', 'holdout']) {
    const got = await ingestSeeds({ store: store.articles, seedsDir: fixtures(part).pathname, cwd: REPO, timeZone: 'Asia/Jakarta', logger: silentLogger, speakers });
    expect(got.errors).toEqual([]);
  }
  await assignStories(store, { now: () => new Date('2025-03-20T00:00:00Z'), backfill: true, speakers });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('every name form finds every gold quote of the person', () => {
  test.each(cases)('$name -> $person (store)', async ({ person, name }) => {
    const found = await store.quotes.lookupSpeakers(name);
    expect(found.kind, JSON.stringify(found)).toBe('person');
    if (found.kind !== 'person') return;
    expect(found.person.name).toBe(person);
    const texts = (await store.quotes.quotesOf(found.person.keys, 100)).map((h) => core(h.text));
    for (const q of saidBy(person)) expect(texts).toContain(q);
    // Nobody else's words: every hit is one of this person's gold quotes.
    for (const t of texts) expect(saidBy(person)).toContain(t);
  });

  test.each(cases)('$name -> $person (kilas quotes --json)', async ({ person, name }) => {
    const run = await runKilas(['quotes', ...name.split(' '), '--json', '--limit', '100'], env(), dir);
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as { speaker: { name: string } | null; quotes: { text: string }[] };
    expect(body.speaker?.name).toBe(person);
    expect(body.quotes.map((q) => core(q.text)).sort()).toEqual(saidBy(person).sort());
  });
});

describe('story-level names are persisted', () => {
  test('no stored quote keeps a short, misspelt, glued or place form of a fixture person', () => {
    const rows = store.db.prepare('SELECT DISTINCT speaker, speaker_key AS key FROM quotes WHERE speaker IS NOT NULL').all() as { speaker: string; key: string }[];
    const names = rows.map((r) => r.speaker);
    for (const bad of ['Dwikorita', 'Dwikorita Karnawti', 'Jokowi', 'Bayu', 'Pol', 'Demak', 'Persebaya Paul Munster', 'Sergei Lavrov', 'Zelenskiy']) expect(names).not.toContain(bad);
    const counted = store.db.prepare('SELECT key, SUM(count) AS n FROM speakers GROUP BY key').all() as { key: string; n: number }[];
    const stored = store.db.prepare('SELECT speaker_key AS key, COUNT(*) AS n FROM quotes WHERE speaker_key IS NOT NULL GROUP BY speaker_key').all() as { key: string; n: number }[];
    // The speaker list is recounted for every renamed key: it matches the quotes exactly.
    expect(new Map(counted.map((c) => [c.key, c.n]))).toEqual(new Map(stored.map((c) => [c.key, c.n])));
  });
});

describe('several people, several names', () => {
  test.each(Object.entries(forms.several))('"%s" lists the people to pick from', async (name, people) => {
    const found = await store.quotes.lookupSpeakers(name);
    expect(found.kind).toBe('choose');
    if (found.kind === 'choose') expect(found.people.map((p) => p.name).sort()).toEqual([...people].sort());
    const run = await runKilas(['quotes', name], env(), dir);
    expect(run.code).toBe(0);
    for (const p of people) expect(run.stdout).toContain(`/quotes ${p}`);
  });

  test.each(Object.entries(forms.each))('"%s" answers for each', async (name, people) => {
    const found = await store.quotes.lookupSpeakers(name);
    expect(found.kind).toBe('each');
    if (found.kind === 'each') expect(found.parts.map((p) => (p.kind === 'person' ? p.person.name : p.kind))).toEqual(people);
    const run = await runKilas(['quotes', ...name.split(' '), '--json', '--limit', '100'], env(), dir);
    const body = JSON.parse(run.stdout) as { speaker: { name: string } | null; quotes: { text: string }[] }[];
    expect(body.map((b) => b.speaker?.name)).toEqual(people);
    body.forEach((b, i) => expect(b.quotes.map((q) => core(q.text)).sort()).toEqual(saidBy(people[i] as string).sort()));
  });
});

describe('kilas speakers', () => {
  test('one line per person however outlets wrote the name, most quoted first', async () => {
    const run = await runKilas(['speakers', '--json', '--days', '365', '--limit', '100'], env(), dir);
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as { speakers: { name: string; count: number }[] };
    const names = body.speakers.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const person of Object.keys(forms.people)) expect(names).toContain(person);
    for (const bad of ['Dwikorita', 'Demak', 'Jokowi', 'Pol', 'Persebaya Paul Munster', 'Karnawti']) expect(names).not.toContain(bad);
    const counts = body.speakers.map((s) => s.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(body.speakers.find((s) => s.name === 'Dwikorita Karnawati')?.count).toBe(saidBy('Dwikorita Karnawati').length);
  });
});

describe('hostile input', () => {
  test('store lookups never throw on any Unicode input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (q) => {
        const found = await store.quotes.lookupSpeakers(q);
        expect(['person', 'choose', 'none', 'each']).toContain(found.kind);
        await store.quotes.speakers(q, 25);
        await store.quotes.suggestSpeakers(q, 3);
      }),
      { numRuns: 300 },
    );
  });
});
