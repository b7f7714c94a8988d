/**
 * Pairs quotation marks inside one paragraph. Outlets mix “ ” and " and some open with ” too, so
 * marks are paired by position; the characters around a mark (space before, letter after) only
 * break ties: a mark that can only close while no quote is open is a stray closer and is skipped,
 * a mark that can only open while a quote is open starts a quote inside the quote. Linear time.
 */

import { speechVerb } from './speech-verbs.ts';

/** Double quotation marks of every direction and script in use. */
const MARKS = new Set(['"', '“', '”', '„', '‟', '«', '»', '〝', '〞', '＂']);

/** One quoted span of a paragraph. */
export interface QuoteSpan {
  /** Index of the opening mark; -1 when the quote continues from the previous paragraph. */
  readonly open: number;
  /** Index of the closing mark, or the paragraph length when the quote runs to the end unclosed. */
  readonly close: number;
  /** False when no closing mark was found in the paragraph. */
  readonly closed: boolean;
}

/** True for a double quotation mark of any style. */
function isQuoteMark(ch: string | undefined): boolean {
  return ch !== undefined && MARKS.has(ch);
}

const MARK_CLASS = /["“”„‟«»〝〞＂]/;

type Side = 'open' | 'close' | 'either';

const SPACE_OR_OPENER = /[\s([{\u2014\u2013-]/u;
const AFTER_CLOSE = /[\s,.;:!?)\]}…\u2014\u2013-]/u;

function side(p: string, i: number): Side {
  const before = i > 0 ? p[i - 1] : undefined;
  const after = i + 1 < p.length ? p[i + 1] : undefined;
  const canOpen = (before === undefined || SPACE_OR_OPENER.test(before) || isQuoteMark(before)) && after !== undefined && !/\s/u.test(after);
  const canClose = before !== undefined && !/\s/u.test(before) && (after === undefined || AFTER_CLOSE.test(after) || isQuoteMark(after));
  if (canOpen && !canClose) return 'open';
  if (canClose && !canOpen) return 'close';
  return 'either';
}

const NEXT_WORD = /\p{L}+/uy;

/** `“Kami siap, “kata dia`: a mark typed the wrong way round before a speech verb still closes. */
function speechVerbFollows(p: string, i: number): boolean {
  NEXT_WORD.lastIndex = i + 1;
  const m = NEXT_WORD.exec(p);
  const v = m ? speechVerb(m[0].toLowerCase()) : null;
  return v !== null && ((v.form === 'bare' && v.reporting) || v.form === 'nya');
}

/**
 * The top-level quoted spans of `paragraph`, in order. Quotes nested inside a quote stay part
 * of the outer span. A quote left open runs to the end of the paragraph (`closed: false`). With
 * `continuing` (the previous paragraph ended inside a quote), a first mark that can only close
 * ends a span that starts at the paragraph start (`open: -1`).
 */
export function findQuoteSpans(paragraph: string, options: { continuing?: boolean } = {}): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let depth = 0;
  let open = -1;
  let first = true;
  const marks = new RegExp(MARK_CLASS.source, 'g');
  for (let m = marks.exec(paragraph); m !== null; m = marks.exec(paragraph)) {
    const i = m.index;
    const s = side(paragraph, i);
    if (first && options.continuing && s === 'close') {
      // The quote left open in the previous paragraph ends here without a new opening mark.
      spans.push({ open: -1, close: i, closed: true });
      first = false;
      continue;
    }
    first = false;
    if (depth === 0) {
      if (s === 'close') continue;
      depth = 1;
      open = i;
    } else if (s === 'open' && depth < 3 && !speechVerbFollows(paragraph, i)) {
      depth++;
    } else {
      depth--;
      if (depth === 0) spans.push({ open, close: i, closed: true });
    }
  }
  if (depth > 0) spans.push({ open, close: paragraph.length, closed: false });
  return spans;
}
