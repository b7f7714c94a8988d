/**
 * `kilas speakers [--json] [--days N]`: the most quoted people of the last N days (default 7),
 * each with the number of distinct quotes, one line per person however outlets wrote the name.
 */
import { loadConfig } from '../config.ts';
import { topSpeakersDocument } from '../format/quotes-document.ts';
import { renderText } from '../format/text-renderer.ts';
import { createLogger } from '../logger.ts';
import { loadSpeakerAliases } from '../speaker-aliases.ts';
import { parseCommandArgs, wholeNumberOption } from './argument-error.ts';
import type { CliCommand } from './io.ts';
import { openFilledStore } from './quotes-command.ts';

const HELP = `usage: kilas speakers [--json] [--days N] [--limit N]

The most quoted people of the last N days (1-365, default 7), with their number of quotes.
`;

export const speakersCommand: CliCommand = async (args, io) => {
  const { values } = parseCommandArgs('speakers', args, {
    json: { type: 'boolean', default: false },
    days: { type: 'string' },
    limit: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const days = wholeNumberOption(values.days, 'days', 7, 365);
  const limit = wholeNumberOption(values.limit, 'limit', 20, 1000);
  const config = loadConfig(io.env);
  const speakers = loadSpeakerAliases(io.env, io.cwd);
  const store = await openFilledStore(config, speakers, io, createLogger(config.logLevel, io.stderr));
  try {
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    let top = await store.quotes.topSpeakers(since, limit);
    let span: number | null = days;
    // Seed articles are old: with nothing recent, every stored quote is what a new user has.
    if (top.length === 0) {
      top = await store.quotes.topSpeakers(new Date(0).toISOString(), limit);
      if (top.length > 0) {
        span = null;
        io.stderr.write(`kilas speakers: no quotes in the last ${days} days; showing every stored quote\n`);
      }
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ days: span, speakers: top }, null, 2)}\n`);
    else {
      const out = renderText(topSpeakersDocument(top, span));
      io.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
};
