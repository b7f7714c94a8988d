/**
 * `kilas digest [--format text|markdown|telegram|discord|json] [--length ringkas|lengkap] [--since DATE] [--input PATH...]`:
 * builds the digest and prints it on stdout in the chosen format. Articles come from `--input`
 * files or directories, else from the seed directory (KILAS_SEEDS, default data/seeds).
 * Unreadable files are reported on stderr (exit 1) while the others are still used; a bad option
 * is bad usage (exit 2) with a one-line reason.
 */
import { loadSpeakerAliases } from '../speaker-aliases.ts';
import type { SpeakerDirectory } from '../core/speakers/index.ts';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { dayRange, buildDigest } from '../core/digest/index.ts';
import { extractArticle } from '../core/article/index.ts';
import type { Digest, ExtractedArticle, RawArticle } from '../core/model/index.ts';
import { InputError, UsageError } from '../errors.ts';
import { DIGEST_LENGTHS, digestDocument, type DigestDocumentOptions, type DigestLength } from '../format/digest-document.ts';
import { renderJson } from '../format/json-renderer.ts';
import { PLATFORMS } from '../platforms/registry.ts';
import { renderMarkdown, renderText } from '../format/text-renderer.ts';
import { createDigestService } from '../bot/digest-service.ts';
import { loadSeeds, readArticleFile } from '../sources/seeds.ts';
import { newsOf } from '../store/ports.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { CliCommand, CliIO } from './io.ts';

/** text, markdown, then each platform module that previews its messages (telegram, discord), then json. */
export const DIGEST_FORMATS: readonly string[] = ['text', 'markdown', ...PLATFORMS.filter((p) => p.preview).map((p) => p.name), 'json'];
/** One of {@link DIGEST_FORMATS}. */
export type DigestFormat = string;

const HELP = `usage: kilas digest [--format ${DIGEST_FORMATS.join('|')}] [--length ringkas|lengkap] [--since DATE] [--input PATH...]

Prints the digest of the articles: the stored articles of the last 24 hours (an empty day says so),
or the seed articles as a demo when nothing is stored. --length ringkas (default: headline, one or
two sentences, one quote, other outlets) or lengkap (full summary, quotes and sources). --since DATE
keeps articles from DATE on (YYYY-MM-DD in KILAS_TZ, or an ISO instant). --input reads article files
or directories of *.txt files instead.
`;

export interface DigestArgs {
  readonly format: DigestFormat;
  readonly length: DigestLength;
  readonly since: string | null;
  readonly inputs: readonly string[];
  readonly help: boolean;
}

const optionValue = (args: readonly string[], i: number, name: string): string => {
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
};

/**
 * Parses the command line.
 * @throws UsageError naming the offending argument.
 */
export function parseDigestArgs(args: readonly string[]): DigestArgs {
  let format: string = 'text';
  let length: string = 'ringkas';
  let since: string | null = null;
  const inputs: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--format') {
      format = inline ?? optionValue(args, i++, '--format');
    } else if (flag === '--length') {
      length = inline ?? optionValue(args, i++, '--length');
    } else if (flag === '--since') {
      since = inline ?? optionValue(args, i++, '--since');
    } else if (flag === '--input') {
      if (inline !== null) inputs.push(inline);
      else {
        const start = inputs.length;
        while (i + 1 < args.length && !(args[i + 1] ?? '').startsWith('--')) inputs.push(args[++i] ?? '');
        if (inputs.length === start) throw new UsageError('--input needs at least one PATH');
      }
    } else if (flag.startsWith('-')) throw new UsageError(`unknown option '${flag}' (try 'kilas digest --help')`);
    else throw new UsageError(`unexpected argument '${arg}' (files go after --input)`);
  }
  if (!DIGEST_FORMATS.includes(format)) {
    throw new UsageError(`unknown format '${format}' (expected ${DIGEST_FORMATS.join(', ')})`);
  }
  if (!(DIGEST_LENGTHS as readonly string[]).includes(length)) {
    throw new UsageError(`unknown length '${length}' (expected ${DIGEST_LENGTHS.join(', ')})`);
  }
  return { format, length: length as DigestLength, since, inputs, help };
}

/**
 * The window of `--since`: from the start of DATE (YYYY-MM-DD in `timeZone`) or from an ISO
 * instant, open-ended; without it, every article.
 * @throws UsageError when DATE is neither.
 */
export function sinceWindow(since: string | null, timeZone: string): { from: string | null; to: string | null } {
  if (since === null) return { from: null, to: null };
  let from: number | null = null;
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(since);
  if (ymd) {
    const [year, month, day] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
    // A real calendar day only: 2026-02-30 or 9999-99-99 must not roll over into another date.
    const real = new Date(Date.UTC(year, month - 1, day));
    if (month >= 1 && month <= 12 && real.getUTCMonth() === month - 1 && real.getUTCDate() === day) {
      from = dayRange(since, timeZone)?.[0] ?? null;
    }
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(since) && Number.isFinite(Date.parse(since))) {
    from = Date.parse(since);
  }
  if (from === null || !Number.isFinite(from)) throw new UsageError(`--since expects a date YYYY-MM-DD or an ISO instant, got '${since}'`);
  return { from: new Date(from).toISOString(), to: null };
}

/** Raw articles of the inputs: files as given, directories as their *.txt files; failures listed. */
async function readInputs(paths: readonly string[], io: CliIO): Promise<{ raws: RawArticle[]; errors: InputError[] }> {
  const raws: RawArticle[] = [];
  const errors: InputError[] = [];
  const onWarning = (message: string) => io.stderr.write(`kilas digest: warning: ${message}\n`);
  for (const path of paths) {
    const full = resolve(io.cwd, path);
    const isDir = await stat(full).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (isDir) {
      const loaded = await loadSeeds(full, { onWarning });
      raws.push(...loaded.articles);
      errors.push(...loaded.errors);
      continue;
    }
    try {
      raws.push(await readArticleFile(full, { onWarning }));
    } catch (error) {
      if (error instanceof InputError) errors.push(new InputError(error.message.replace(full, path), path, { cause: error }));
      else throw error;
    }
  }
  return { raws, errors };
}

/**
 * The articles a digest is built from when it does not come from the store (--input files, or the
 * seed articles), extracted by the core pipeline, with what could not be read.
 */
export async function loadDigestArticles(
  options: { readonly inputs: readonly string[]; readonly config: Config; readonly window: { from: string | null; to: string | null }; readonly speakers?: SpeakerDirectory },
  io: CliIO,
): Promise<{ items: ExtractedArticle[]; errors: InputError[] }> {
  const paths = options.inputs.length ? options.inputs : [options.config.seedsDir];
  const { raws, errors } = await readInputs(paths, io);
  const items: ExtractedArticle[] = [];
  for (const raw of raws) {
    try {
      items.push(extractArticle(raw, { timeZone: options.config.timeZone, ...(options.speakers ? { speakers: options.speakers } : {}) }));
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
      errors.push(new InputError(`${raw.file ?? 'article'}: cannot be processed (${message})`, raw.file ?? null, { cause: error }));
    }
  }
  return { items, errors };
}

/**
 * The digest of the stored articles, or null when there is no store yet or it is empty (then the
 * seed articles are read instead). Without --since it is the last 24 hours, empty when nothing was
 * published then (older articles are never shown as today's); the store file is never created here.
 */
async function storedDigest(dbPath: string, config: Config, window: { from: string | null; to: string | null }, speakers: SpeakerDirectory): Promise<Digest | null> {
  if (!existsSync(dbPath)) return null;
  // Reading only: a digest works on a database this process may not write (a read-only mount, a
  // file owned by the bot's user), and never takes a write lock from a running bot.
  const store = openSqliteStore(dbPath, { timeZone: config.timeZone, speakers, readonly: true });
  try {
    if ((await store.articles.articleCount()) === 0) return null;
    if (window.from !== null) {
      return buildDigest(await store.articles.articlesIn(window), { timeZone: config.timeZone, window, date: null, speakers });
    }
    return await createDigestService({ news: newsOf(store), timeZone: config.timeZone, speakers }).latest(new Date());
  } finally {
    await store.close();
  }
}

/** The digest printed in `format`: Telegram messages and Discord payloads are numbered and separated. */
export function renderDigest(digest: Digest, format: DigestFormat, options: DigestDocumentOptions = {}): string {
  if (format === 'json') return renderJson(digest);
  const doc = digestDocument(digest, options);
  if (format === 'text') return renderText(doc);
  if (format === 'markdown') return renderMarkdown(doc);
  const preview = PLATFORMS.find((p) => p.name === format)?.preview;
  if (!preview) throw new UsageError(`unknown format '${format}' (expected ${DIGEST_FORMATS.join(', ')})`);
  return preview(doc);
}

export const digestCommand: CliCommand = async (args, io) => {
  const parsed = parseDigestArgs(args);
  if (parsed.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig(io.env);
  const speakers = loadSpeakerAliases(io.env, io.cwd);
  const window = sinceWindow(parsed.since, config.timeZone);
  if (parsed.inputs.length === 0) {
    const stored = await storedDigest(resolve(io.cwd, config.dbPath), config, window, speakers);
    if (stored) {
      io.stdout.write(renderDigest(stored, parsed.format, { length: parsed.length }));
      return 0;
    }
  }
  const { items, errors } = await loadDigestArticles(
    { inputs: parsed.inputs, config: { ...config, seedsDir: resolve(io.cwd, config.seedsDir) }, window, speakers },
    io,
  );
  for (const error of errors) io.stderr.write(`kilas digest: ${error.message.split('\n')[0]}\n`);
  if (items.length === 0 && errors.length > 0) return 1;
  const digest = buildDigest(items, { timeZone: config.timeZone, window, date: null, speakers });
  // The seed articles are the offline demo: the header says so, every story shows its own date.
  io.stdout.write(renderDigest(digest, parsed.format, { length: parsed.length, demo: parsed.inputs.length === 0 }));
  return errors.length > 0 ? 1 : 0;
};
