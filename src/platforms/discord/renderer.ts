/**
 * Document -> Discord message payloads (the REST API JSON shape; no discord.js import here).
 *
 * A document with a title becomes: the title and intro as message content, one embed per section
 * (its first heading as the embed title, linked to the heading's URL), the outro as content of a last
 * message. A document without a title (a command answer) is message content only. Every payload is
 * within Discord's limits (content 2000, title 256, description 4096, 6000 per message across embeds,
 * 10 embeds per message); Markdown is escaped, line-start syntax (`>`, `#`, `-#`, lists) neutralised,
 * and mentions broken with a zero-width space besides `allowed_mentions: { parse: [] }`.
 * Lengths are counted in UTF-16 code units, which is never less than what Discord counts.
 */
import type { Document } from '../../format/document.ts';
import { blockUnit, type LeafMaker } from '../../format/block-units.ts';
import { layout } from '../../format/layout.ts';
import type { LaidBlock, Run } from '../../format/layout.ts';
import { mergeAlike, pack } from '../../format/pack.ts';
import type { Budget, PackLeaf, Unit } from '../../format/pack.ts';

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
}

export interface DiscordMessage {
  content?: string;
  embeds?: DiscordEmbed[];
  allowed_mentions: { parse: [] };
}

/** Discord's limits; tests lift them to render a document whole. */
export interface DiscordLimits {
  readonly content: number;
  readonly title: number;
  readonly description: number;
  readonly embedsPerMessage: number;
  readonly embedTotal: number;
}

export const DISCORD_MESSAGE_LIMITS: DiscordLimits = {
  content: 2000,
  title: 256,
  description: 4096,
  embedsPerMessage: 10,
  embedTotal: 6000,
};

export interface DiscordRenderOptions {
  /** Embed colour. Default 0x1f6feb. */
  readonly color?: number;
  /** Limits to render within. Default DISCORD_MESSAGE_LIMITS. */
  readonly limits?: DiscordLimits;
}

const DEFAULT_COLOR = 0x1f6feb;

interface DcLeaf extends PackLeaf {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly code: boolean;
  readonly href: string | null;
  readonly quote: boolean;
  /** Decoration the renderer adds (bullets, quote marks): written as is, never escaped. */
  readonly raw: boolean;
}

const ZWSP = '\u200B';

/** Breaks mentions with a zero-width space (besides allowed_mentions, which clients may not honour in previews). */
const neutraliseMentions = (value: string): string =>
  value.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(?=[@#/:!&a-z])/gi, `<${ZWSP}`);

/** Escapes inline Markdown and breaks mentions; line-start syntax is handled by `escapeLineStart`. */
function escapeInline(value: string): string {
  return neutraliseMentions(value.replace(/[\\*_~`|[\]]/g, (c) => `\\${c}`));
}

/** Neutralises what Markdown reads at the start of a line: quotes, headings, subtext, lists. */
function escapeLineStart(line: string): string {
  return line
    .replace(/^(\s*)([>#+-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** One line (no newline) of a leaf; `lineStart` when nothing precedes it on its line. */
function renderSegment(l: DcLeaf, segment: string, lineStart: boolean): string {
  if (l.raw || l.glue) return segment;
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(segment);
  const lead = match?.[1] ?? '';
  const core = match?.[2] ?? '';
  const trail = match?.[3] ?? '';
  if (core === '') return segment;
  if (l.code && !core.includes('`')) return `${lead}\`${neutraliseMentions(core)}\`${trail}`;
  const wrapped = l.bold || l.italic || l.href !== null;
  let inner = escapeInline(core);
  if (!wrapped) return lineStart ? escapeLineStart(lead + inner) + trail : lead + inner + trail;
  if (l.italic) inner = `*${inner}*`;
  if (l.bold) inner = `**${inner}**`;
  if (l.href !== null) inner = `[${inner}](${l.href.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
  return lead + inner + trail;
}

/**
 * Markdown of one leaf. Marks wrap each line on its own (Markdown emphasis does not cross lines
 * reliably) and every line of a quote leaf that starts a line gets the `> ` prefix.
 */
function renderLeaf(l: DcLeaf, atLineStart: boolean): string {
  const lines = l.text.split('\n');
  return lines
    .map((line, i) => {
      // A leaf ending in a newline leaves the next line to the next leaf, which quotes and escapes it
      // as a line start ("[<](…)\n" then "## " must not become "> ## ", a heading).
      if (i > 0 && i === lines.length - 1 && line === '') return '';
      const lineStart = i > 0 || atLineStart;
      const prefix = lineStart && l.quote && !l.glue ? '> ' : '';
      return prefix + renderSegment(l, line, lineStart);
    })
    .join('\n');
}

const keyOf = (l: DcLeaf): string =>
  `${l.bold ? 'b' : ''}${l.italic ? 'i' : ''}${l.code ? 'c' : ''}${l.quote ? 'q' : ''}${l.raw ? 'r' : ''}${l.glue ? 'g' : ''}|${l.href ?? ''}`;

/**
 * Rendering state of a chunk: the finished runs' length and whether they end a line, and the run
 * still growing (equal neighbours merge, so a split bold run is `**a b**`, not `**a** **b**`).
 */
interface DcState {
  readonly done: number;
  readonly doneEndsLine: boolean;
  readonly pending: DcLeaf | null;
  readonly length: number;
}

function addLeaf(state: DcState, l: DcLeaf): DcState {
  let { done, doneEndsLine, pending } = state;
  if (pending && keyOf(pending) === keyOf(l)) pending = { ...pending, text: pending.text + l.text };
  else {
    if (pending) {
      const out = renderLeaf(pending, doneEndsLine);
      done += out.length;
      doneEndsLine = endsAtLineStart(out, doneEndsLine);
    }
    pending = l;
  }
  return { done, doneEndsLine, pending, length: done + renderLeaf(pending, doneEndsLine).length };
}

/** Whether what follows `piece` starts a line (and so is escaped and quoted as a line start). */
function endsAtLineStart(piece: string, before: boolean): boolean {
  return piece === '' ? before : piece.endsWith('\n');
}

const EMPTY: DcState = { done: 0, doneEndsLine: true, pending: null, length: 0 };

/** Markdown of a chunk, rendered exactly as the budget measured it. */
function renderChunk(leaves: readonly DcLeaf[]): string {
  let out = '';
  let endsLine = true;
  for (const l of mergeAlike(leaves, keyOf)) {
    const piece = renderLeaf(l, endsLine);
    out += piece;
    endsLine = endsAtLineStart(piece, endsLine);
  }
  return out;
}

function budget(limit: number): Budget<DcLeaf, DcState> {
  return {
    start: () => EMPTY,
    add(state, l) {
      const next = addLeaf(state, l);
      return next.length <= (l.glue ? limit : limit - GLUE_RESERVE) ? next : null;
    },
    withText: (l, text) => ({ ...l, text }),
  };
}

const GLUE_RESERVE = 2;

/** A text leaf; code stands alone (no marks or link around a code span), like on Telegram. */
const run = (r: Run, quote: boolean, extra: Partial<DcLeaf> = {}): DcLeaf => {
  const l: DcLeaf = { text: r.text, glue: false, bold: r.bold, italic: r.italic, code: r.code, href: r.href, quote, raw: false, ...extra };
  return l.code ? { ...l, bold: false, italic: false, href: null } : l;
};
const deco = (text: string, quote = false): DcLeaf => ({
  text,
  glue: false,
  bold: false,
  italic: false,
  code: false,
  href: null,
  quote,
  raw: true,
});
const glue = (text: string): DcLeaf => ({ ...deco(text), glue: true });

const DISCORD_LEAVES: LeafMaker<DcLeaf> = {
  heading: (r) => run(r, false, { bold: !r.code }),
  text: (r, quote) => run(r, quote),
  attribution: (r) => run(r, true, { italic: !r.code }),
  decoration: deco,
  // "1." would start a Markdown ordered list, which renumbers and re-indents the item.
  bullet: (text) => deco(text.replace('.', '\\.')),
  glue,
};

function blockUnits(blocks: readonly LaidBlock[]): Unit<DcLeaf>[] {
  return blocks.map((b, i) => blockUnit(b, i < blocks.length - 1 ? '\n\n' : null, DISCORD_LEAVES));
}

/** Title text of an embed: one line, inline Markdown escaped. */
function embedTitle(runs: readonly Run[]): string {
  return escapeLineStart(
    escapeInline(
      runs
        .map((r) => r.text)
        .join('')
        .replace(/\s*\n\s*/g, ' '),
    ),
  );
}

function contentChunks(blocks: readonly LaidBlock[], limit: number): string[] {
  return blocks.length ? pack(blockUnits(blocks), budget(limit)).map(renderChunk) : [];
}

function sectionEmbeds(blocks: readonly LaidBlock[], limits: DiscordLimits, color: number): DiscordEmbed[] {
  const [first, ...rest] = blocks;
  let title: string | null = null;
  let url: string | null = null;
  let body = blocks;
  if (first && first.kind === 'heading') {
    const t = embedTitle(first.runs);
    if (t.length <= limits.title) {
      title = t;
      url = first.runs.find((r) => r.href !== null)?.href ?? null;
      body = rest;
    }
  }
  const descriptions = contentChunks(body, Math.min(limits.description, limits.embedTotal - (title?.length ?? 0)));
  const embeds: DiscordEmbed[] = [];
  const head: DiscordEmbed = { color };
  if (title !== null) head.title = title;
  if (url !== null) head.url = url;
  const [firstDescription, ...more] = descriptions;
  if (firstDescription !== undefined) head.description = firstDescription;
  embeds.push(head);
  for (const d of more) embeds.push({ color, description: d });
  return embeds;
}

/** Characters of an embed that count towards the 6000 per message. */
export function embedSize(e: DiscordEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * Renders a document as Discord message payloads, in order; [] when it has no visible text.
 * Each section is one embed when it fits; a long one continues in further embeds.
 */
export function renderDiscord(doc: Document, options: DiscordRenderOptions = {}): DiscordMessage[] {
  const limits = options.limits ?? DISCORD_MESSAGE_LIMITS;
  const color = options.color ?? DEFAULT_COLOR;
  const laid = layout(doc);
  const hasTitle = laid.head[0]?.kind === 'title';
  const messages: DiscordMessage[] = [];
  const contentMessage = (content: string): DiscordMessage => ({ content, allowed_mentions: { parse: [] } });

  if (!hasTitle) {
    const all = [...laid.head, ...laid.sections.flat(), ...laid.outro];
    return contentChunks(all, limits.content).map(contentMessage);
  }
  for (const c of contentChunks(laid.head, limits.content)) messages.push(contentMessage(c));
  let last: DiscordMessage | undefined = messages[messages.length - 1];
  for (const section of laid.sections) {
    for (const embed of sectionEmbeds(section, limits, color)) {
      const embeds = last?.embeds ?? [];
      const fits =
        last !== undefined &&
        embeds.length < limits.embedsPerMessage &&
        embeds.reduce((n, e) => n + embedSize(e), 0) + embedSize(embed) <= limits.embedTotal;
      if (last !== undefined && fits) last.embeds = [...embeds, embed];
      else {
        last = { embeds: [embed], allowed_mentions: { parse: [] } };
        messages.push(last);
      }
    }
  }
  for (const c of contentChunks(laid.outro, limits.content)) messages.push(contentMessage(c));
  return messages;
}
