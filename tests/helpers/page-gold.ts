/**
 * Scores extracted article pages against a gold file of tests/fixtures/pages* the way the project's
 * scorer (score-quotes.mjs) does, in-process: quotes matched on normalised text, speakers on a shared
 * word, annotated fragments neither required nor wrong, boilerplate lines that must not be body lines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractArticle } from '../../src/core/article/index.ts';
import type { ExtractedArticle } from '../../src/core/model/index.ts';
import { readArticleFile } from '../../src/sources/seeds.ts';

export interface PageGold {
  readonly file: string;
  readonly path: string;
  readonly title: string;
  readonly date: string;
  readonly story: string;
  readonly quotes: readonly { text: string; speaker: string; speaker_key: string }[];
  readonly fragments: readonly string[];
  readonly boilerplate_lines: readonly string[];
}

export interface PageScore {
  readonly f1: number;
  readonly attribution: number;
  readonly boilerplateRemoved: number;
  readonly misses: string[];
}

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[“”„"«»]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"',.;:!?…-]+|[\s"',.;:!?…-]+$/gu, '')
    .toLowerCase();
const words = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Reads a gold file (path relative to the repository root). */
export function loadPageGold(root: string, goldPath: string): PageGold[] {
  return JSON.parse(readFileSync(join(root, goldPath), 'utf8')) as PageGold[];
}

/** Extracts one gold article's page (split pages joined) through the same path as `kilas extract`. */
export async function extractPage(root: string, g: PageGold): Promise<ExtractedArticle> {
  const raw = await readArticleFile(join(root, g.path));
  return extractArticle(raw, { timeZone: 'Asia/Jakarta' });
}

/** Scores extracted articles, in gold order. */
export function scorePages(gold: readonly PageGold[], extracted: readonly ExtractedArticle[]): PageScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let attributed = 0;
  let bpTotal = 0;
  let bpLeft = 0;
  const misses: string[] = [];
  gold.forEach((g, i) => {
    const item = extracted[i];
    if (!item) throw new Error(`no extraction for ${g.file}`);
    const unmatched = [...item.quotes];
    for (const gq of g.quotes) {
      const at = unmatched.findIndex((q) => norm(q.text) === norm(gq.text));
      if (at < 0) {
        fn++;
        misses.push(`${g.file}: missed ${gq.text.slice(0, 60)}`);
        continue;
      }
      const [q] = unmatched.splice(at, 1);
      tp++;
      const allowed = new Set([...words(gq.speaker), ...words(gq.speaker_key)]);
      if (words(q?.speakerKey ?? '').some((w) => allowed.has(w))) attributed++;
      else misses.push(`${g.file}: ${gq.text.slice(0, 40)} -> ${q?.speakerKey ?? 'nobody'}`);
    }
    for (const q of unmatched) {
      const neutral = g.fragments.some((f) => norm(f).includes(norm(q.text)) || norm(q.text).includes(norm(f)));
      if (!neutral) {
        fp++;
        misses.push(`${g.file}: extra ${q.text.slice(0, 60)}`);
      }
    }
    const lines = new Set(item.article.paragraphs.flatMap((p) => p.split('\n')).map((l) => l.trim()));
    for (const line of new Set(g.boilerplate_lines)) {
      bpTotal++;
      if (lines.has(line.trim())) {
        bpLeft++;
        misses.push(`${g.file}: boilerplate kept ${line.slice(0, 60)}`);
      }
    }
  });
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return {
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    attribution: attributed / Math.max(1, tp),
    boilerplateRemoved: bpTotal ? 1 - bpLeft / bpTotal : 1,
    misses,
  };
}
