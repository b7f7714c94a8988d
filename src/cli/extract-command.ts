/**
 * `kilas extract [--json] FILE...`: runs the core pipeline over article files. With --json prints
 * one JSON array (one object per readable FILE, in the order given) on stdout and nothing else
 * there; without it, a short human summary. Unreadable files get a one-line error on stderr and
 * exit code 1; the other files are still printed. No FILE or an unknown option is bad usage (2).
 */
import { loadSpeakerAliases } from '../speaker-aliases.ts';
import { resolveStorySpeakers } from '../core/speakers/index.ts';
import type { SpeakerDirectory } from '../core/speakers/index.ts';
import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { UsageError, messageOf } from '../errors.ts';
import { mapBounded } from '../core/pacing/index.ts';
import { extractArticle } from '../core/article/index.ts';
import { clusterStories } from '../core/stories/index.ts';
import type { ExtractedArticle } from '../core/model/index.ts';
import { readArticleFile } from '../sources/seeds.ts';
import { parseCommandArgs } from './argument-error.ts';
import { readUrlArticle } from './extract-url.ts';
import type { CliCommand, CliIO } from './io.ts';

type Clusterer = (items: readonly ExtractedArticle[]) => { id: string; articleIds: string[] }[];

/**
 * Story labels "s1", "s2", ... per item, numbered by first appearance in `items`. Items the
 * clusterer leaves out (or all items, without a clusterer) get a story of their own.
 */
export function storyLabels(items: readonly ExtractedArticle[], clusterer: Clusterer | null): string[] {
  const clusterOf = new Map<string, string>();
  if (clusterer) {
    for (const cluster of clusterer(items)) for (const id of cluster.articleIds) clusterOf.set(id, cluster.id);
  }
  const labels = new Map<string, string>();
  return items.map((item, i) => {
    const cluster = clusterOf.get(item.article.id) ?? `article:${item.article.id}:${i}`;
    let label = labels.get(cluster);
    if (label === undefined) {
      label = `s${labels.size + 1}`;
      labels.set(cluster, label);
    }
    return label;
  });
}

/** The JSON object `extract --json` prints for one file (docs/cli.md). */
export function extractJson(file: string, item: ExtractedArticle, story: string): Record<string, unknown> {
  const { article, quotes } = item;
  return {
    file,
    title: article.title,
    date: article.date,
    body: article.paragraphs.join('\n\n'),
    story,
    quotes: quotes.map((q) => ({ text: q.text, speaker: q.speaker, speakerKey: q.speakerKey })),
    id: article.id,
    dateline: article.dateline,
    publishedAt: article.publishedAt,
    credit: article.source.credit,
  };
}

export const extractCommand: CliCommand = async (args, io) => {
  const parsed = parseCommandArgs(undefined, args, { json: { type: 'boolean', default: false }, url: { type: 'string' } }, true);
  if (parsed.values.help) {
    io.stdout.write('usage: kilas extract [--json] FILE...\n       kilas extract [--json] --url URL\n');
    return 0;
  }
  const files = parsed.positionals;
  const url = parsed.values.url;
  if (url !== undefined && files.length > 0) throw new UsageError('give either --url URL or FILE..., not both');
  if (files.length === 0 && url === undefined) throw new UsageError('no FILE given (usage: kilas extract [--json] FILE... | --url URL)');
  const config = loadConfig(io.env);
  const context = { timeZone: config.timeZone, speakers: loadSpeakerAliases(io.env, io.cwd) };

  const ok: Extracted[] = [];
  if (url !== undefined) ok.push({ file: url, item: extractArticle(await readUrlArticle(url, config), context) });
  const fromFiles = await extractFiles(files, context, io);
  ok.push(...fromFiles.ok);
  const labels = labelStories(ok.map((o) => o.item), io);
  resolveSpeakersByStory(ok, labels, context.speakers);
  if (parsed.values.json) {
    const out = ok.map((o, i) => extractJson(o.file, o.item, labels[i] ?? `s${i + 1}`));
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    printSummary(ok, labels, fromFiles.failed, io);
  }
  return fromFiles.failed > 0 ? 1 : 0;
};

/** One extracted input: the file (or URL) as the user named it, and what the pipeline made of it. */
interface Extracted {
  readonly file: string;
  item: ExtractedArticle;
}

type ExtractContext = { readonly timeZone: string; readonly speakers: SpeakerDirectory };

/** Reads and extracts `files`; an unreadable or broken file is one line on stderr and counts as failed. */
async function extractFiles(files: readonly string[], context: ExtractContext, io: CliIO): Promise<{ ok: Extracted[]; failed: number }> {
  // Files are read concurrently (a bounded pool) so the pipeline never idles waiting for one read.
  const reads = await mapBounded(files, 32, (file) =>
    readArticleFile(resolve(io.cwd, file), {
      onWarning: (message) => io.stderr.write(`kilas extract: warning: ${message.replace(resolve(io.cwd, file), file)}\n`),
    }).then(
      (raw) => ({ raw }),
      (error: unknown) => ({ error }),
    ),
  );
  const ok: Extracted[] = [];
  let failed = 0;
  for (const [i, file] of files.entries()) {
    const read = reads[i];
    try {
      if (!read || 'error' in read) throw read?.error;
      ok.push({ file, item: extractArticle({ ...read.raw, file }, context) });
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message.replace(resolve(io.cwd, file), file) : String(error);
      io.stderr.write(`kilas extract: ${message.split('\n')[0]}\n`);
    }
  }
  return { ok, failed };
}

/** Story labels of `items`; clustering is a refinement: if it fails, every file gets its own story. */
function labelStories(items: readonly ExtractedArticle[], io: CliIO): string[] {
  try {
    return storyLabels(items, (xs) => clusterStories(xs));
  } catch (error) {
    const message = messageOf(error);
    io.stderr.write(`kilas extract: warning: story clustering failed (${message.split('\n')[0]}); one story per file\n`);
    return storyLabels(items, null);
  }
}

/** One person is one speaker across the files of a story ("Dwikorita" in one, the full name in another). */
function resolveSpeakersByStory(ok: Extracted[], labels: readonly string[], speakers: SpeakerDirectory): void {
  const filesOf = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const at = filesOf.get(label);
    if (at) at.push(i);
    else filesOf.set(label, [i]);
  });
  for (const at of filesOf.values()) {
    const resolved = resolveStorySpeakers(at.map((i) => (ok[i] as Extracted).item), speakers);
    at.forEach((i, k) => ((ok[i] as Extracted).item = resolved[k] as ExtractedArticle));
  }
}

function printSummary(ok: readonly Extracted[], labels: readonly string[], failed: number, io: CliIO): void {
  for (const [i, o] of ok.entries()) {
    const a = o.item.article;
    io.stdout.write(
      `${o.file}  [${labels[i]}]\n  ${a.title ?? '(no title)'}\n  date ${a.date ?? 'unknown'}, ` +
        `${a.paragraphs.length} paragraphs, ${o.item.quotes.length} quotes\n`,
    );
  }
  io.stdout.write(`${ok.length} file(s) extracted, ${failed} failed, ${new Set(labels).size} story(ies)\n`);
}
