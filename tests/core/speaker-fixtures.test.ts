/**
 * The multi-outlet speaker fixtures (tests/fixtures/speakers: dev and the hold-out) through the
 * whole core pipeline with the repository's alias list: every gold quote has exactly the gold
 * person's display name and key (stricter than the shared scorer, which accepts any shared word),
 * and the digest of those articles shows no quote twice, no person under two names, no place or
 * office as a person, and no key quote without a speaker.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildDigest } from '../../src/core/digest/index.ts';
import { extractArticle } from '../../src/core/article/index.ts';
import {
  PLACE_WORDS,
  createSpeakerDirectory,
  type SpeakerAliasEntry,
  resolveStorySpeakers,
} from '../../src/core/speakers/index.ts';
import { clusterStories } from '../../src/core/stories/index.ts';
import { wordTokens } from '../../src/core/text/index.ts';
import type { ExtractedArticle } from '../../src/core/model/index.ts';

interface Gold {
  file: string;
  story: string;
  quotes: { speaker: string; speaker_key: string; text: string }[];
}
const root = new URL('../fixtures/speakers/', import.meta.url);
const aliases = JSON.parse(readFileSync(new URL('../../data/speakers.json', import.meta.url), 'utf8')) as { speakers: SpeakerAliasEntry[] };
const speakers = createSpeakerDirectory(aliases.speakers);

function load(part: 'dev' | 'holdout' | 'holdout2'): { gold: Gold[]; items: ExtractedArticle[] } {
  const gold = JSON.parse(readFileSync(new URL(`gold-${part}.json`, root), 'utf8')) as Gold[];
  const files = readdirSync(new URL(`${part}/`, root)).filter((f) => f.endsWith('.txt')).sort();
  expect(files.sort()).toEqual(gold.map((g) => g.file).sort());
  const items = files.map((file) =>
    extractArticle({ text: readFileSync(new URL(`${part}/${file}`, root), 'utf8'), file, outlet: file }, { timeZone: 'Asia/Jakarta', speakers }),
  );
  return { gold, items };
}

/** Each story's articles with speakers joined across the story, as the store persists them. */
function byStory(items: readonly ExtractedArticle[]): ExtractedArticle[] {
  const byId = new Map(items.map((i) => [i.article.id, i]));
  return clusterStories(items).flatMap((c) => resolveStorySpeakers(c.articleIds.map((id) => byId.get(id) as ExtractedArticle), speakers));
}

const norm = (s: string) => wordTokens(s).join(' ');

describe.each(['dev', 'holdout', 'holdout2'] as const)('%s fixtures', (part) => {
  const { gold, items } = load(part);
  const resolved = byStory(items);

  test.each(gold)('$file: every quote with the gold person, name and key', (g) => {
    const item = resolved.find((i) => i.article.source.file === g.file) as ExtractedArticle;
    for (const gq of g.quotes) {
      const q = item.quotes.find((x) => norm(x.text) === norm(gq.text));
      expect(q, `missed: ${gq.text}`).toBeDefined();
      expect([q?.speaker, q?.speakerKey], gq.text).toEqual([gq.speaker, gq.speaker_key]);
    }
  });

  test('the stories are the gold stories', () => {
    const labelOf = new Map<string, string>();
    for (const c of clusterStories(items)) for (const id of c.articleIds) labelOf.set(id, c.id);
    const goldOf = new Map(gold.map((g) => [g.file, g.story]));
    for (const a of items) {
      for (const b of items) {
        const same = goldOf.get(a.article.source.file ?? '') === goldOf.get(b.article.source.file ?? '');
        expect(labelOf.get(a.article.id) === labelOf.get(b.article.id), `${a.article.source.file} ~ ${b.article.source.file}`).toBe(same);
      }
    }
  });

  test('the digest shows no quote twice, no person under two names, no place as a person, no quote without a speaker', () => {
    const digest = buildDigest(items, { timeZone: 'Asia/Jakarta', window: { from: null, to: null }, date: null, speakers, maxStories: 50 });
    const shown = digest.stories.flatMap((s) => s.quotes);
    expect(shown.length).toBeGreaterThan(gold.length);
    const texts = shown.map((q) => norm(q.text));
    expect(new Set(texts).size).toBe(texts.length);
    const nameOfKey = new Map<string, string>();
    const keyOfName = new Map<string, string>();
    for (const q of shown) {
      expect(q.speaker, q.text).not.toBeNull();
      expect(q.speakerKey, q.text).not.toBeNull();
      const key = q.speakerKey as string;
      const name = q.speaker as string;
      expect(nameOfKey.get(key) ?? name, `${key} shown as two names`).toBe(name);
      expect(keyOfName.get(name) ?? key, `${name} under two keys`).toBe(key);
      nameOfKey.set(key, name);
      keyOfName.set(name, key);
      // Never a place alone, never a one-word name that is only a place or a rank.
      expect(name.split(' ').every((w) => PLACE_WORDS.has(w.toLowerCase())), name).toBe(false);
      expect(['Pol', 'Demak', 'Persebaya'].some((w) => name.split(' ')[0] === w), name).toBe(false);
    }
    const goldNames = new Set(gold.flatMap((g) => g.quotes.map((q) => q.speaker)));
    for (const name of keyOfName.keys()) expect(goldNames, name).toContain(name);
  });
});
