/**
 * `kilas quotes NAME [--json] [--limit N]`: what NAME said, newest first, each quote once however
 * many outlets carried it, through the core's speaker lookup (the same engine as the bots). Reads
 * the store; an empty store is filled from the seed articles first, so the command works out of
 * the box. An unknown name exits 1 with suggestions ("Maksud Anda: Sergey Lavrov?"); several
 * people of one name print a list to pick from; an empty or unusable NAME is bad usage (exit 2).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { UsageError } from '../errors.ts';
import { chooseSpeakerDocument, notFoundBlocks, quotesDocument } from '../format/quotes-document.ts';
import { text } from '../format/document.ts';
import type { Config } from '../config.ts';
import type { SpeakerDirectory, Person, SpeakerLookup } from '../core/speakers/index.ts';
import { assignStories } from '../ingest/story-assignment.ts';
import type { Logger } from '../logger.ts';
import { loadSpeakerAliases } from '../speaker-aliases.ts';
import { renderText } from '../format/text-renderer.ts';
import { ingestSeeds } from '../ingest/seed-ingest.ts';
import { createLogger } from '../logger.ts';
import { openConfiguredStore } from '../store/open-store.ts';
import type { Store } from '../store/ports.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { parseCommandArgs, wholeNumberOption } from './argument-error.ts';
import type { CliCommand, CliIO } from './io.ts';

const HELP = `usage: kilas quotes NAME [--json] [--limit N]

What NAME said, newest first, deduplicated across outlets. NAME is any name people use: a
word of the name, the full name, an alias from data/speakers.json (jokowi), title + name
(menlu retno), any case or accents, a typo or two. Several people of that name: a list to pick
from. Two names ("lavrov stoltenberg"): one answer each. --limit N: at most N quotes (1-100, default 10).
`;

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const MAX_NAME = 80;

/**
 * The NAME a user typed, trimmed and checked.
 * @throws UsageError with a one-line reason when it is empty, too long, or not a name.
 */
export function checkName(words: readonly string[]): string {
  const name = words.join(' ').replace(/\s+/g, ' ').trim();
  if (name === '') throw new UsageError("missing NAME (try 'kilas quotes lavrov')");
  if ([...name].length > MAX_NAME) throw new UsageError(`NAME is too long (at most ${MAX_NAME} characters)`);
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u.test(name)) throw new UsageError('NAME contains control or invisible characters');
  if (!/\p{L}/u.test(name)) throw new UsageError('NAME must contain letters');
  return name;
}

export const quotesCommand: CliCommand = async (args, io) => {
  // "--limit -1" would read as an unknown option "-1": keep a value that looks negative a value.
  const kept = args.map((a, i) => (i > 0 && args[i - 1] === '--limit' && /^-\d/.test(a) ? ` ${a}` : a));
  const { values, positionals } = parseCommandArgs('quotes', kept, { json: { type: 'boolean', default: false }, limit: { type: 'string' } }, true);
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const name = checkName(positionals);
  const limit = wholeNumberOption(values.limit, 'limit', DEFAULT_LIMIT, MAX_LIMIT);

  const config = loadConfig(io.env);
  const speakers = loadSpeakerAliases(io.env, io.cwd);
  const logger = createLogger(config.logLevel, io.stderr);
  const store = await openFilledStore(config, speakers, io, logger);
  try {
    const found = await store.quotes.lookupSpeakers(name);
    const answers = [];
    for (const a of answersOf(found)) answers.push({ ...a, hits: a.person ? await store.quotes.quotesOf(a.person.keys, limit) : [] });
    if (values.json) {
      const body = answers.map((a) => ({
        query: a.query,
        speaker: a.person ? { key: a.person.key, name: a.person.name, keys: a.person.keys } : null,
        speakers: a.person ? [...a.person.keys] : [],
        choices: a.choices.map((p) => ({ key: p.key, name: p.name, count: p.count })),
        quotes: a.hits,
        suggestions: a.suggestions.map((p) => p.key),
      }));
      io.stdout.write(`${JSON.stringify(body.length === 1 ? body[0] : body, null, 2)}\n`);
    }
    let found1 = false;
    for (const a of answers) {
      if (a.hits.length > 0) {
        found1 = true;
        if (!values.json) io.stdout.write(ensureNewline(renderText(quotesDocument(a.person?.name ?? a.query, a.hits))));
      } else if (a.choices.length > 0) {
        found1 = true;
        if (!values.json) io.stdout.write(ensureNewline(renderText(chooseSpeakerDocument(a.query, a.choices))));
      } else {
        // The bot's own "not found" answer, on one line of stderr.
        const answer = renderText({ sections: [{ blocks: notFoundBlocks(text(`"${a.query}"`), a.suggestions.map((p) => p.name)) }] });
        io.stderr.write(`kilas quotes: ${answer.replace(/\s+/g, ' ').trim()}\n`);
      }
    }
    return found1 ? 0 : 1;
  } finally {
    await store.close();
  }
};

const ensureNewline = (s: string): string => (s.endsWith('\n') ? s : `${s}\n`);

/** One name's answer: the person and their quotes, or people to choose from, or suggestions. */
interface NameAnswer {
  readonly query: string;
  readonly person: Person | null;
  readonly choices: readonly Person[];
  readonly suggestions: readonly Person[];
}

/** The lookup flattened to one answer per name asked (two names in one query: two answers). */
function answersOf(found: SpeakerLookup): NameAnswer[] {
  switch (found.kind) {
    case 'person':
      return [{ query: found.query, person: found.person, choices: [], suggestions: [] }];
    case 'choose':
      return [{ query: found.query, person: null, choices: found.people, suggestions: [] }];
    case 'none':
      return [{ query: found.query, person: null, choices: [], suggestions: found.suggestions }];
    case 'each':
      return found.parts.flatMap(answersOf);
  }
}

/**
 * Opens the store; an empty one is filled from the seed articles first (and their stories
 * assigned, so names are joined within each story), so the command works out of the box.
 */
export async function openFilledStore(config: Config, speakers: SpeakerDirectory, io: CliIO, logger: Logger): Promise<Store> {
  const dbPath = resolve(io.cwd, config.dbPath);
  // Reading only when there is something to read: works on a database this process may not write.
  if (config.database.kind === 'sqlite' && existsSync(dbPath)) {
    const stored = openSqliteStore(dbPath, { timeZone: config.timeZone, speakers, readonly: true });
    if ((await stored.articles.articleCount()) > 0) return stored;
    await stored.close();
  }
  const store = await openConfiguredStore(config.database, { cwd: io.cwd, timeZone: config.timeZone, speakers });
  try {
    if ((await store.articles.articleCount()) === 0) {
      io.stderr.write(`kilas: the store is empty, loading the seed articles from ${config.seedsDir}\n`);
      const seeds = await ingestSeeds({ store: store.articles, seedsDir: config.seedsDir, cwd: io.cwd, timeZone: config.timeZone, logger, speakers });
      for (const e of seeds.errors) io.stderr.write(`kilas: ${e.message.replace(`${io.cwd}/`, '')}\n`);
      await assignStories(store, { now: () => new Date(), backfill: true, speakers });
    }
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}
