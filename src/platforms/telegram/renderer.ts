/**
 * Document -> Telegram HTML messages (parse_mode "HTML"). Only b, i, code, a href and blockquote are
 * emitted; text is escaped; every message holds 1–4096 visible characters (UTF-16 code units after
 * entity parsing) and at most 100 formatting entities, with its tags balanced. Splits fall on section,
 * then block, then sentence and word boundaries, and only as a last resort between code points.
 *
 * Telegram's nesting rules are respected: code is never nested with anything, and inside a
 * blockquote only bold and italic are used (links and code there are rendered as their text).
 */
import type { Document } from '../../format/document.ts';
import { blockUnit, type LeafMaker } from '../../format/block-units.ts';
import { layout } from '../../format/layout.ts';
import type { Run } from '../../format/layout.ts';
import { mergeAlike, pack } from '../../format/pack.ts';
import type { Budget, PackLeaf, Unit } from '../../format/pack.ts';

export interface TelegramRenderOptions {
  /** Visible characters per message (UTF-16 code units). Default 4096, Telegram's limit. */
  readonly maxLength?: number;
  /** Formatting entities per message. Default 100. */
  readonly maxEntities?: number;
}

const DEFAULTS = { maxLength: 4096, maxEntities: 100 } satisfies Required<TelegramRenderOptions>;

interface TgLeaf extends PackLeaf {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly code: boolean;
  readonly href: string | null;
  readonly quote: boolean;
}

/** Longest separator leaf; the budget keeps this much room so a separator never opens a message. */
const GLUE_RESERVE = 2;

function leaf(run: Run, quote: boolean): TgLeaf {
  if (quote) return { text: run.text, glue: false, bold: run.bold, italic: run.italic, code: false, href: null, quote };
  if (run.code) return { text: run.text, glue: false, bold: false, italic: false, code: true, href: null, quote };
  return { text: run.text, glue: false, bold: run.bold, italic: run.italic, code: false, href: run.href, quote };
}

const plain = (text: string, quote = false): TgLeaf => ({
  text,
  glue: false,
  bold: false,
  italic: false,
  code: false,
  href: null,
  quote,
});
const glue = (text: string): TgLeaf => ({ ...plain(text), glue: true });
const boldLeaf = (run: Run): TgLeaf => ({ ...leaf(run, false), bold: !run.code });

const TELEGRAM_LEAVES: LeafMaker<TgLeaf> = {
  heading: boldLeaf,
  text: leaf,
  attribution: (r) => leaf({ ...r, italic: true }, true),
  decoration: plain,
  bullet: (text) => plain(text),
  glue,
};

/** Groups (head, each section, outro) of block units, separated by blank lines. */
export function telegramUnits(doc: Document): Unit<TgLeaf>[] {
  const laid = layout(doc);
  const groups = [laid.head, ...laid.sections, laid.outro].filter((g) => g.length > 0);
  const total = groups.reduce((n, g) => n + g.length, 0);
  let seen = 0;
  return groups.map((g) => ({
    children: g.map((b) => blockUnit(b, ++seen < total ? '\n\n' : null, TELEGRAM_LEAVES)),
  }));
}

const marks = (l: TgLeaf): number => (l.bold ? 1 : 0) + (l.italic ? 1 : 0) + (l.code ? 1 : 0) + (l.href !== null ? 1 : 0);
const styleKey = (l: TgLeaf): string =>
  `${l.bold ? 'b' : ''}${l.italic ? 'i' : ''}${l.code ? 'c' : ''}${l.quote ? 'q' : ''}|${l.href ?? ''}`;

interface TgState {
  readonly length: number;
  readonly entities: number;
  readonly lastKey: string | null;
  readonly lastQuote: boolean;
}

function budget(o: Required<TelegramRenderOptions>): Budget<TgLeaf, TgState> {
  return {
    start: () => ({ length: 0, entities: 0, lastKey: null, lastQuote: false }),
    add(state, l) {
      const length = state.length + l.text.length;
      if (length > (l.glue ? o.maxLength : o.maxLength - GLUE_RESERVE)) return null;
      const key = styleKey(l);
      const entities =
        state.entities + (key === state.lastKey ? 0 : marks(l)) + (l.quote && !state.lastQuote ? 1 : 0);
      if (entities > o.maxEntities) return null;
      return { length, entities, lastKey: key, lastQuote: l.quote };
    },
    withText: (l, text) => ({ ...l, text }),
  };
}

/** Escapes text for Telegram HTML. */
export function escapeTelegramHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const escapeAttribute = (value: string): string => escapeTelegramHtml(value).replace(/"/g, '&quot;');

function renderRun(l: TgLeaf): string {
  let html = escapeTelegramHtml(l.text);
  if (l.code) return `<code>${html}</code>`;
  if (l.italic) html = `<i>${html}</i>`;
  if (l.bold) html = `<b>${html}</b>`;
  if (l.href !== null) html = `<a href="${escapeAttribute(l.href)}">${html}</a>`;
  return html;
}

/** One message from its leaves: equal neighbours merge, consecutive quote leaves share a blockquote. */
function renderMessage(leaves: readonly TgLeaf[]): string {
  let html = '';
  let inQuote = false;
  for (const l of mergeAlike(leaves, styleKey)) {
    if (l.quote !== inQuote) {
      html += l.quote ? '<blockquote>' : '</blockquote>';
      inQuote = l.quote;
    }
    html += renderRun(l);
  }
  return inQuote ? `${html}</blockquote>` : html;
}

/**
 * Renders a document as Telegram HTML messages, in order. Returns [] when the document has no
 * visible text. The visible text of the messages, concatenated, equals the visible text of the whole
 * document rendered without limits: nothing is lost or repeated at a split.
 */
export function renderTelegram(doc: Document, options: TelegramRenderOptions = {}): string[] {
  const o = { ...DEFAULTS, ...options };
  return pack(telegramUnits(doc), budget(o)).map(renderMessage);
}
