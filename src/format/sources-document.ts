/**
 * Documents for `/sources`, `/import` and `/export`: the outlets a chat follows, what adding,
 * removing or importing feeds did, and every refusal; the words come from wording/id.ts.
 */
import { bold, code, italic, paragraph, simpleDocument, text } from './document.ts';
import type { Block, Document, Inline } from './document.ts';
import { clip } from './echo.ts';
import { id as words } from './wording/id.ts';

/** An outlet as the list shows it. */
export interface OutletView {
  readonly name: string;
  readonly url: string;
  readonly origin: 'operator' | 'chat';
  readonly following: boolean;
  /** Why the feed is not delivering ("gagal: HTTP 404"), when it is not. */
  readonly problem?: string | null;
}

/** /sources: every outlet with whether this chat follows it, and how to change that. */
export function sourcesListDocument(opts: {
  outlets: readonly OutletView[];
  /** Whether this chat has a subscription (choices need one). */
  subscribed: boolean;
  /** The platform shows buttons or a menu to pick outlets. */
  picker: boolean;
  chatFeeds: { readonly enabled: boolean; readonly max: number };
  seeds: number;
  articles: number;
}): Document {
  const w = words.sources;
  const blocks: Block[] = [];
  const operators = opts.outlets.filter((o) => o.origin === 'operator');
  const own = opts.outlets.filter((o) => o.origin === 'chat');
  if (operators.length === 0) {
    blocks.push(paragraph(w.noOperatorFeeds));
  } else {
    const following = operators.filter((o) => o.following).length;
    blocks.push(paragraph(bold(w.outlets(following, operators.length))));
    blocks.push({ kind: 'list', ordered: false, items: operators.map((o) => outletLine(o)) });
  }
  if (own.length > 0) {
    blocks.push(paragraph(bold(w.ownFeeds(own.length, opts.chatFeeds.max))));
    blocks.push({ kind: 'list', ordered: false, items: own.map((o) => outletLine(o)) });
  }
  blocks.push(paragraph(bold(words.status.seeds), `${opts.seeds}`, text(' · '), bold(words.status.stored), `${opts.articles}`));
  if (!opts.subscribed) {
    blocks.push(paragraph(...w.subscribeFirst));
  } else {
    if (opts.picker && operators.length > 0) blocks.push(paragraph(italic(w.picker)));
    blocks.push(paragraph(...(opts.chatFeeds.enabled ? w.howToAdd : []), ...w.howToManage));
  }
  return { title: [text(w.title)], sections: [{ blocks }] };
}

function outletLine(o: OutletView): Inline[] {
  const line: Inline[] = [text(o.following ? '✅ ' : '⬜ '), bold(o.name), text(' — '), code(o.url)];
  if (o.problem) line.push(text(` — ${clip(o.problem, 120)}`));
  return line;
}

/** What `/sources tambah URL` did. */
export type AddAnswer =
  | { readonly kind: 'added' | 'followed' | 'already'; readonly name: string }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'limit'; readonly max: number }
  | { readonly kind: 'invalid-url'; readonly given: string }
  | { readonly kind: 'not-a-feed'; readonly reason: string }
  | { readonly kind: 'missing' };

/** Answer to `/sources tambah URL`. */
export function sourceAddDocument(answer: AddAnswer): Document {
  const w = words.sources;
  switch (answer.kind) {
    case 'added':
      return simpleDocument(paragraph(...w.added(answer.name)));
    case 'followed':
      return simpleDocument(paragraph(...w.followed(answer.name)));
    case 'already':
      return simpleDocument(paragraph(...w.already(answer.name)));
    case 'disabled':
      return simpleDocument(paragraph(...w.addingDisabled));
    case 'limit':
      return simpleDocument(paragraph(...w.limit(answer.max)));
    case 'invalid-url':
      return simpleDocument(paragraph(...w.invalidUrl(clip(answer.given, 60))));
    case 'not-a-feed':
      return simpleDocument(paragraph(...w.notAFeed(clip(answer.reason, 160))));
    case 'missing':
      return simpleDocument(paragraph(...w.urlMissing));
  }
}

/** Answer to `/sources hapus NAMA`; `name` null when nothing matched. */
export function sourceRemoveDocument(opts: { given: string; name: string | null; origin?: 'operator' | 'chat' }): Document {
  const w = words.sources;
  if (opts.given === '') return simpleDocument(paragraph(...w.nameMissing));
  if (opts.name === null) return simpleDocument(paragraph(...w.noSuchOutlet(clip(opts.given, 60))));
  return simpleDocument(paragraph(bold(w.removed(opts.origin === 'chat')), bold(opts.name), '.'));
}

/** Answer to a button or menu pick: the new state, short. */
export function sourcesChosenDocument(opts: { following: readonly string[]; total: number }): Document {
  const w = words.sources;
  const state =
    opts.following.length === opts.total ? w.followsAll : opts.following.length === 0 ? w.followsNone : w.followsSome(opts.following, opts.total);
  return simpleDocument(paragraph(bold(w.chosen), state));
}

/** What an `/import` did. */
export type ImportAnswer =
  | {
      readonly kind: 'imported';
      readonly mode: 'merge' | 'replace';
      readonly followed: readonly string[];
      readonly added: readonly string[];
      readonly skipped: readonly { readonly url: string; readonly reason: string }[];
    }
  | { readonly kind: 'limit'; readonly max: number; readonly wanted: number }
  | { readonly kind: 'empty' }
  | { readonly kind: 'bad-file'; readonly reason: string }
  | { readonly kind: 'no-file' }
  | { readonly kind: 'too-large'; readonly maxBytes: number };

/** Answer to `/import`. Refusals say that nothing changed. */
export function importDocument(answer: ImportAnswer): Document {
  const w = words.opml;
  switch (answer.kind) {
    case 'no-file':
      return simpleDocument(paragraph(...w.noFile));
    case 'too-large':
      return simpleDocument(paragraph(bold(w.tooLarge), w.tooLargeDetail(Math.round(answer.maxBytes / 1024), w.unchanged)));
    case 'bad-file':
      return simpleDocument(paragraph(bold(w.badFile), text(clip(answer.reason, 200)), `. ${w.unchanged}`));
    case 'empty':
      return simpleDocument(paragraph(bold(w.empty), w.emptyDetail(w.unchanged)));
    case 'limit':
      return simpleDocument(paragraph(bold(w.limit), w.limitDetail(answer.wanted, answer.max, w.unchanged)));
    case 'imported':
      return importedDocument(answer);
  }
}

function importedDocument(answer: Extract<ImportAnswer, { kind: 'imported' }>): Document {
  const w = words.opml;
  const blocks: Block[] = [paragraph(bold(answer.mode === 'replace' ? w.replaced : w.merged))];
  if (answer.followed.length > 0) blocks.push(paragraph(w.followed(answer.followed.length), answer.followed.join(', '), '.'));
  if (answer.added.length > 0) blocks.push(paragraph(w.added(answer.added.length), answer.added.join(', '), '.'));
  if (answer.skipped.length > 0) {
    blocks.push(paragraph(w.skipped(answer.skipped.length)));
    blocks.push({ kind: 'list', ordered: false, items: answer.skipped.slice(0, 10).map((s) => [code(clip(s.url, 80)), text(` — ${clip(s.reason, 100)}`)]) });
  }
  return simpleDocument(...blocks);
}

/** The message that carries the `/export` file. */
export function exportDocument(count: number): Document {
  return simpleDocument(paragraph(...words.opml.exported(count)));
}

/** Refusal of a chat-only command where the chat has no subscription yet. */
export function needsSubscriptionForSources(): Document {
  return simpleDocument(paragraph(...words.sources.needsSubscription));
}
