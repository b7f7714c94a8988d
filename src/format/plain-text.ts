/**
 * Text helpers shared by every renderer: cleaning hostile input into text a platform accepts, and
 * cutting text at sentence, word and code point boundaries (never inside a surrogate pair).
 */
import type { Inline } from './document.ts';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Normalises line breaks, drops control characters and replaces lone surrogates with U+FFFD: such
 * characters are rejected by the platforms (invalid UTF-8) or render as garbage. Everything else,
 * including emoji, RTL text and zero-width characters, is kept.
 */
export function cleanText(value: string): string {
  return value
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(LONE_SURROGATE, '\uFFFD');
}

/** True when nothing in `value` would be visible: whitespace and zero-width characters only. */
export function isBlank(value: string): boolean {
  return /^[\s\u200B-\u200F\u2060-\u2064\u202A-\u202E\u2066-\u2069\uFEFF]*$/u.test(value);
}

/**
 * Cleans the runs of one block and trims the block's outer whitespace, so a block never starts or
 * ends with spaces (platforms trim them, and the split logic relies on it). A run of whitespace only
 * joins the run before it, so no piece of a split is ever blank (a blank message is refused).
 * Returns [] when the block has nothing visible.
 */
export function cleanRuns(runs: readonly Inline[]): Inline[] {
  const cleaned = runs.map((r) => ({ ...r, text: cleanText(r.text) })).filter((r) => r.text !== '');
  if (isBlank(cleaned.map((r) => r.text).join(''))) return [];
  const merged: Inline[] = [];
  for (const run of cleaned) {
    const prev = merged[merged.length - 1];
    if (/^\s*$/.test(run.text)) {
      if (prev) merged[merged.length - 1] = { ...prev, text: prev.text + run.text };
      // A leading blank run is dropped: the block's leading whitespace is trimmed anyway.
    } else merged.push(run);
  }
  const first = merged[0];
  if (first) merged[0] = { ...first, text: first.text.replace(/^\s+/, '') };
  const lastIndex = merged.length - 1;
  const last = merged[lastIndex];
  if (last) merged[lastIndex] = { ...last, text: last.text.replace(/\s+$/, '') };
  return merged.filter((r) => r.text !== '');
}

/** The text of runs without marks. */
export function runsText(runs: readonly Inline[]): string {
  return runs.map((r) => r.text).join('');
}

/** The href when it is an absolute http(s) URL, normalised; otherwise null (the text stays, the link goes). */
export function safeHref(href: string | undefined): string | null {
  if (href === undefined) return null;
  try {
    const url = new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function cutAfter(value: string, separator: RegExp): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of value.matchAll(separator)) {
    const end = (match.index ?? 0) + match[0].length;
    // Leading whitespace stays with the first word: a piece is never whitespace alone.
    if ((match.index ?? 0) <= start || end >= value.length) continue;
    pieces.push(value.slice(start, end));
    start = end;
  }
  pieces.push(value.slice(start));
  return pieces.filter((p) => p !== '');
}

const SENTENCE_END = /(?<=[.!?…]["”’»)\]]*)\s+/g;

/**
 * Where a text too long for one message may be cut: after each sentence-ending mark, each piece
 * keeping the whitespace that follows it, so joining the pieces gives `value` back. Not a sentence
 * splitter (core's `splitSentences` reads Indonesian sentences; this only finds safe cut points).
 */
export function sentencePieces(value: string): string[] {
  return cutAfter(value, SENTENCE_END);
}

/** Words, each keeping the whitespace that follows it, so joining the pieces gives `value` back. */
export function wordPieces(value: string): string[] {
  return cutAfter(value, /\s+/g);
}

/** Sentences when there are several, else words when there are several, else `[value]`. */
export function splitFiner(value: string): string[] {
  const sentences = sentencePieces(value);
  return sentences.length > 1 ? sentences : wordPieces(value);
}

/** Code points of `value`: cutting between them never splits a surrogate pair. */
export function codePoints(value: string): string[] {
  return Array.from(value);
}
