/**
 * `kilas feeds import FILE.opml [--replace]` and `kilas feeds export`: the operator's own outlets as
 * OPML. Imported feeds join the configured list (KILAS_FEEDS) in the store: every chat is offered
 * them and they are polled. `export` prints the configured and imported outlets as OPML on stdout.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createChatSources, normaliseFeedUrl } from '../bot/chat-sources.ts';
import { loadConfig } from '../config.ts';
import { InputError, UsageError, messageOf } from '../errors.ts';
import { parseFeedList } from '../sources/feed-list.ts';
import { parseOpml, writeOpml } from '../sources/opml.ts';
import type { Store } from '../store/ports.ts';
import { openConfiguredStore } from '../store/open-store.ts';
import { parseCommandArgs } from './argument-error.ts';
import type { CliCommand, CliIO } from './io.ts';

const HELP = `usage: kilas feeds import FILE.opml [--replace]
       kilas feeds export

import   adds the feeds of an OPML file (Feedly, Inoreader, Miniflux, FreshRSS … exports) to the
         operator's outlets offered to every chat; --replace first removes imported feeds the file
         does not name (the KILAS_FEEDS list itself is never changed)
export   prints the configured and imported outlets as OPML on stdout
`;

/** Largest OPML file the operator import reads. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export const feedsCommand: CliCommand = async (args, io) => {
  const parsed = parseCommandArgs('feeds', args, { replace: { type: 'boolean', default: false } }, true);
  const [action, ...rest] = parsed.positionals;
  if (parsed.values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (action === 'import') {
    if (rest.length !== 1) throw new UsageError("expected one OPML file (try 'kilas feeds import media.opml')");
    return importFeeds(resolve(io.cwd, rest[0]!), parsed.values.replace, io);
  }
  if (action === 'export') {
    if (rest.length > 0) throw new UsageError('export takes no arguments');
    return withStore(io, async (store, configured) => {
      const outlets = await sourcesOf(store, configured).outlets(null);
      io.stdout.write(writeOpml('Kilas — media operator', outlets));
      return 0;
    });
  }
  throw new UsageError(action === undefined ? "missing action: import or export (try 'kilas feeds --help')" : `unknown action '${action}' (import or export)`);
};

async function importFeeds(path: string, replace: boolean, io: CliIO): Promise<number> {
  let xml: string;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw new InputError(`${path} is larger than ${MAX_FILE_BYTES} bytes`, path);
    xml = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${path}: ${messageOf(error)}`, path, { cause: error });
  }
  const opml = await parseOpml(xml);
  if ('error' in opml) throw new InputError(`${path} is not usable OPML: ${opml.error}; nothing imported`, path);
  const feeds = opml.feeds.flatMap((f) => {
    const url = normaliseFeedUrl(f.url);
    return url === null ? [] : [{ ...f, url }];
  });
  if (feeds.length === 0) throw new InputError(`${path} names no http(s) feed (no outline with xmlUrl); nothing imported`, path);
  return withStore(io, async (store) => {
    const before = new Set((await store.sources.listFeeds()).filter((f) => f.origin === 'operator').map((f) => f.url));
    const removed = await store.sources.importOperatorFeeds(
      feeds.map((f) => {
        const name = f.title ?? new URL(f.url).hostname.replace(/^www\./, '');
        return { url: f.url, name: Array.from(name).slice(0, 60).join(''), origin: 'operator', siteUrl: f.siteUrl };
      }),
      replace,
    );
    const added = feeds.filter((f) => !before.has(f.url)).length;
    io.stdout.write(`imported ${feeds.length} feeds from ${path}: ${added} new, ${feeds.length - added} updated${replace ? `, ${removed} removed` : ''}\n`);
    return 0;
  });
}

async function withStore(io: CliIO, run: (store: Store, configured: () => readonly { url: string; name: string | null }[]) => Promise<number>): Promise<number> {
  const config = loadConfig(io.env);
  const configured = () => parseFeedList(config.feeds, (p) => readFileSync(resolve(io.cwd, p), 'utf8')).feeds;
  const store = await openConfiguredStore(config.database, { cwd: io.cwd, timeZone: config.timeZone });
  try {
    return await run(store, configured);
  } finally {
    await store.close();
  }
}

function sourcesOf(store: Store, configured: () => readonly { url: string; name: string | null }[]) {
  return createChatSources({
    store: store.sources,
    configuredFeeds: configured,
    checkFeed: () => Promise.reject(new Error('not used')),
    chatFeedsEnabled: false,
    maxFeedsPerChat: 0,
  });
}
