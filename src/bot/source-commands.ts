/**
 * `/sources`, `/import`, `/export` and the outlet picker (Telegram buttons, Discord select menu),
 * platform-neutral: the chat's outlets in, Documents, a picker and files out.
 */
import type { Document } from '../format/document.ts';
import { importDocument, needsSubscriptionForSources, sourceAddDocument, sourceRemoveDocument, sourcesChosenDocument, sourcesListDocument, exportDocument } from '../format/sources-document.ts';
import type { ImportAnswer } from '../format/sources-document.ts';
import { id as words } from '../format/wording/id.ts';
import type { ChatSources, FeedCandidate, Outlet } from './chat-sources.ts';
import type { Subscription } from './ports.ts';

/** Choices a platform shows as buttons or a menu; picking one calls the handlers' `choose`. */
export interface Picker {
  readonly kind: 'sources';
  readonly options: readonly { readonly value: string; readonly label: string; readonly selected: boolean }[];
}

/** A file to send with a reply. */
export interface OutgoingFile {
  readonly name: string;
  readonly mimeType: string;
  readonly content: string;
}

/** A file the user attached to a command; `read` refuses bodies over `maxBytes`. */
export interface IncomingFile {
  readonly name: string;
  /** Size the platform reported, bytes (null when unknown). */
  readonly size: number | null;
  read(maxBytes: number): Promise<string>;
}

/** OPML reading and writing (sources/opml.ts), injected so the bot needs no XML library. */
export interface OpmlCodec {
  parse(xml: string): Promise<{ readonly feeds: readonly FeedCandidate[] } | { readonly error: string }>;
  write(title: string, outlets: readonly { readonly url: string; readonly name: string; readonly siteUrl: string | null }[]): string;
}

/** What the source commands answer with. */
export interface SourceReply {
  readonly outcome: 'ok' | 'invalid';
  readonly documents: readonly Document[];
  readonly picker?: Picker;
  readonly files?: readonly OutgoingFile[];
}

/** Largest OPML file `/import` reads. */
export const MAX_OPML_BYTES = 512 * 1024;

export interface SourceCommandDeps {
  readonly sources: ChatSources;
  readonly opml: OpmlCodec;
  readonly chatFeeds: { readonly enabled: boolean; readonly max: number };
  readonly seedCount: () => number;
  readonly articleCount: () => Promise<number>;
}

const ok = (documents: Document[], extra: Partial<SourceReply> = {}): SourceReply => ({ outcome: 'ok', documents, ...extra });
const invalid = (...documents: Document[]): SourceReply => ({ outcome: 'invalid', documents });

/** The picker of a chat's operator outlets (chat feeds are removed by name, not toggled). */
export function sourcesPicker(outlets: readonly Outlet[]): Picker {
  return {
    kind: 'sources',
    options: outlets.filter((o) => o.origin === 'operator').map((o) => ({ value: o.id, label: o.name, selected: o.following })),
  };
}

/** Whether `/sources ARGS` changes anything (and so needs an administrator in groups). */
export function sourcesChanges(args: string): boolean {
  return /^(tambah|add|hapus|remove|pilih|semua)\b/i.test(args.trim());
}

/** Builds the source commands. */
export function createSourceCommands(deps: SourceCommandDeps) {
  const list = async (sub: Subscription | null, picker: boolean): Promise<SourceReply> => {
    const outlets = await deps.sources.outlets(sub);
    const doc = sourcesListDocument({
      outlets,
      subscribed: sub?.active === true,
      picker,
      chatFeeds: deps.chatFeeds,
      seeds: deps.seedCount(),
      articles: await deps.articleCount(),
    });
    return ok([doc], sub?.active && outlets.some((o) => o.origin === 'operator') ? { picker: sourcesPicker(outlets) } : {});
  };

  return {
    /** `/sources`, `/sources tambah URL`, `/sources hapus NAMA`, `/sources semua`. */
    async sources(sub: Subscription | null, args: string): Promise<SourceReply> {
      const [verb = '', ...rest] = args.trim().split(/\s+/);
      const value = rest.join(' ').trim();
      if (verb === '') return list(sub, true);
      if (!sub?.active) return invalid(needsSubscriptionForSources());
      switch (verb.toLowerCase()) {
        case 'tambah':
        case 'add': {
          if (value === '') return invalid(sourceAddDocument({ kind: 'missing' }));
          const outcome = await deps.sources.add(sub, value);
          if (outcome.kind === 'invalid-url') return invalid(sourceAddDocument({ kind: 'invalid-url', given: value }));
          if ('outlet' in outcome) return ok([sourceAddDocument({ kind: outcome.kind, name: outcome.outlet.name })]);
          return invalid(sourceAddDocument(outcome));
        }
        case 'hapus':
        case 'remove': {
          const removed = value === '' ? null : await deps.sources.remove(sub, value);
          const doc = sourceRemoveDocument({ given: value, name: removed?.name ?? null, ...(removed ? { origin: removed.origin } : {}) });
          return removed ? ok([doc]) : invalid(doc);
        }
        case 'semua':
          return chosen(sub, await deps.sources.choose(sub, null));
        default:
          return list(sub, true);
      }
    },

    /** A pick from the picker: toggle one outlet (Telegram) or set the whole choice (Discord). */
    async choose(sub: Subscription | null, pick: { toggle?: string; values?: readonly string[] | null; shown?: readonly string[] }): Promise<SourceReply> {
      if (!sub?.active) return invalid(needsSubscriptionForSources());
      if (pick.toggle !== undefined) {
        const after = pick.toggle === 'all' ? await deps.sources.choose(sub, null) : await deps.sources.toggle(sub, pick.toggle);
        if (after === null) return list(sub, true);
        return chosen(sub, after);
      }
      const values = pick.values ?? null;
      if (values === null || pick.shown === undefined) return chosen(sub, await deps.sources.choose(sub, values));
      // Outlets the menu could not show keep their state.
      const shown = new Set(pick.shown);
      const kept = (await deps.sources.outlets(sub)).filter((o) => o.origin === 'operator' && o.following && !shown.has(o.id)).map((o) => o.id);
      return chosen(sub, await deps.sources.choose(sub, [...values, ...kept]));
    },

    /** `/export`: this chat's followed outlets as an OPML file. */
    async exportFeeds(sub: Subscription | null, chatTitle: string): Promise<SourceReply> {
      const outlets = (await deps.sources.outlets(sub)).filter((o) => o.following);
      const content = deps.opml.write(`Kilas — ${chatTitle}`, outlets);
      return ok([exportDocument(outlets.length)], { files: [{ name: 'kilas-sumber.opml', mimeType: 'text/x-opml', content }] });
    },

    /** `/import [gabung|ganti]` with an attached OPML file. */
    async importFeeds(sub: Subscription | null, args: string, file: IncomingFile | undefined): Promise<SourceReply> {
      if (!sub?.active) return invalid(needsSubscriptionForSources());
      const answer = await importAnswer(deps, sub, args, file);
      return answer.kind === 'imported' ? ok([importDocument(answer)]) : invalid(importDocument(answer));
    },
  };

  /** The updated list, led by what was saved, with the picker again (the platform edits the list in place). */
  async function chosen(sub: Subscription, outlets: readonly Outlet[]): Promise<SourceReply> {
    const operators = outlets.filter((o) => o.origin === 'operator');
    const saved = sourcesChosenDocument({ following: operators.filter((o) => o.following).map((o) => o.name), total: operators.length });
    const listed = await list(sub, true);
    const [doc] = listed.documents;
    return { ...listed, documents: doc ? [{ ...doc, intro: [...saved.sections.flatMap((x) => x.blocks), ...(doc.intro ?? [])] }] : [] };
  }
}

/** What `/import` with `file` does: a refusal, or the chat's feeds imported. */
async function importAnswer(deps: SourceCommandDeps, sub: Subscription, args: string, file: IncomingFile | undefined): Promise<ImportAnswer> {
  if (!file) return { kind: 'no-file' };
  if (file.size !== null && file.size > MAX_OPML_BYTES) return { kind: 'too-large', maxBytes: MAX_OPML_BYTES };
  let xml: string;
  try {
    xml = await file.read(MAX_OPML_BYTES);
  } catch (error) {
    return /large|besar|bytes/i.test(String(error)) ? { kind: 'too-large', maxBytes: MAX_OPML_BYTES } : { kind: 'bad-file', reason: words.opml.downloadFailed };
  }
  const parsed = await deps.opml.parse(xml);
  if ('error' in parsed) return { kind: 'bad-file', reason: parsed.error };
  if (parsed.feeds.length === 0) return { kind: 'empty' };
  const mode = /\b(ganti|replace)\b/i.test(args) ? 'replace' : 'merge';
  return deps.sources.importFeeds(sub, parsed.feeds, mode);
}

/** The source commands' type. */
export type SourceCommands = ReturnType<typeof createSourceCommands>;
