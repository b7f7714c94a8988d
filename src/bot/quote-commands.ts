/**
 * /quotes NAME and /speakers: who said what, found by the speaker lookup (one person, people to
 * choose from, one answer per name asked, or suggestions) and the most quoted people of late.
 */
import type { SpeakerLookup } from '../core/speakers/index.ts';
import { invalidInputDocument, quotesNotFoundDocument } from '../format/answers-document.ts';
import type { Document } from '../format/document.ts';
import { chooseSpeakerDocument, topSpeakersDocument } from '../format/quotes-document.ts';
import type { Clock } from '../logger.ts';
import { reply, type CommandReply } from './command-reply.ts';
import type { NewsStore, QuoteHit } from './ports.ts';

/** Longest name `/quotes` accepts; real names are far shorter, longer input is refused, not cut. */
export const MAX_NAME_LENGTH = 60;
const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

/** What the quote commands need (a part of the command handlers' deps). */
export interface QuoteCommandDeps {
  readonly news: Pick<NewsStore, 'lookupSpeakers' | 'quotesOf' | 'topSpeakers'>;
  /** Renders quote hits for /quotes (the core formatter's quote list). */
  readonly quotesDocument: (query: string, hits: readonly QuoteHit[]) => Document;
  readonly clock: Clock;
  /** Most quotes /quotes returns. */
  readonly quotesLimit: number;
  /** Days `/speakers` counts back. */
  readonly speakersDays: number;
}

/** The quote commands. */
export function createQuoteCommands(deps: QuoteCommandDeps) {
  /** One person's quotes, a list to pick from, one answer per name asked, or suggestions. */
  async function answer(found: SpeakerLookup): Promise<CommandReply> {
    switch (found.kind) {
      case 'person': {
        const hits = await deps.news.quotesOf(found.person.keys, deps.quotesLimit);
        if (hits.length > 0) return reply('ok', deps.quotesDocument(found.person.name, hits));
        return reply('not-found', quotesNotFoundDocument(found.query, []));
      }
      case 'choose':
        return reply('ok', chooseSpeakerDocument(found.query, found.people));
      case 'each': {
        const parts: CommandReply[] = [];
        for (const part of found.parts) parts.push(await answer(part));
        return reply(parts.some((p) => p.outcome === 'ok') ? 'ok' : 'not-found', ...parts.flatMap((p) => p.documents));
      }
      case 'none':
        return reply('not-found', quotesNotFoundDocument(found.query, found.suggestions.map((p) => p.name)));
    }
  }

  return {
    /** `/quotes NAME`, the name checked before it is looked up. */
    async quotes(args: string): Promise<CommandReply> {
      const name = args.replace(/\s+/g, ' ');
      if (name === '') return reply('invalid', invalidInputDocument({ kind: 'name-missing' }));
      if (Array.from(name).length > MAX_NAME_LENGTH) {
        return reply('invalid', invalidInputDocument({ kind: 'name-too-long', max: MAX_NAME_LENGTH }));
      }
      if (!NAME_PATTERN.test(name)) return reply('invalid', invalidInputDocument({ kind: 'name-invalid' }));
      return answer(await deps.news.lookupSpeakers(name));
    },
    /** `/speakers`: the most quoted people of the last `speakersDays` days. */
    async speakers(): Promise<CommandReply> {
      const since = new Date(deps.clock().getTime() - deps.speakersDays * 86_400_000).toISOString();
      return reply('ok', topSpeakersDocument(await deps.news.topSpeakers(since, 10), deps.speakersDays));
    },
  };
}
