/** Temp SQLite files and hand-made extracted articles for the store tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ExtractedArticle, Quote } from '../../src/core/model/index.ts';

/** A fresh temp folder; `cleanup` removes it. */
export function tempDir(): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kilas-store-'));
  return {
    dir,
    file: (name = 'kilas.db') => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh temp folder per test, removed after it; read `.current` inside a test. */
export function tempDirPerTest(): { readonly current: ReturnType<typeof tempDir> } {
  const holder: { current: ReturnType<typeof tempDir> } = { current: undefined as never };
  beforeEach(() => {
    holder.current = tempDir();
  });
  afterEach(() => holder.current.cleanup());
  return holder;
}

export interface ArticleSpec {
  id: string;
  url?: string | null;
  outlet?: string | null;
  title?: string | null;
  date?: string | null;
  publishedAt?: string | null;
  paragraphs?: string[];
  quotes?: { text: string; speaker: string | null; speakerKey: string | null; paragraph?: number }[];
}

/** An ExtractedArticle from a short spec (defaults fill what the test does not care about). */
export function article(spec: ArticleSpec): ExtractedArticle {
  const quotes: Quote[] = (spec.quotes ?? []).map((q) => ({
    text: q.text,
    speaker: q.speaker,
    speakerKey: q.speakerKey,
    paragraph: q.paragraph ?? 0,
  }));
  return {
    article: {
      id: spec.id,
      title: spec.title ?? `Judul ${spec.id}`,
      date: spec.date ?? null,
      publishedAt: spec.publishedAt ?? null,
      dateline: 'JAKARTA',
      paragraphs: spec.paragraphs ?? [`JAKARTA - Isi berita ${spec.id}.`],
      source: { url: spec.url ?? null, outlet: spec.outlet ?? null, file: null, credit: null },
    },
    quotes,
  };
}

/** A fixed clock, advanced by hand. */
export function fixedClock(start = '2026-11-23T00:00:00.000Z'): { now: () => Date; advance: (ms: number) => void } {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

/** `items` mapped through an async `fn`, one after another (store calls in a fixed order), results in order. */
export async function inOrder<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const [i, item] of items.entries()) out.push(await fn(item, i));
  return out;
}
