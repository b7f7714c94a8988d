/**
 * The word scanner every tokenizer of kilas stands on: what a word character is (a letter or a
 * digit, decided by code point with a fast path for Latin), and the folded word tokens that
 * clustering, summaries, topic filters and quote merging compare. Quote attribution's tokens
 * (quotes/quote-tokens.ts) scan with the same {@link isWordCode}.
 */
import { foldCase } from './fold.ts';

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Letter or digit; ASCII and Latin letters (U+00C0–U+024F) are decided by code point, anything else by Unicode property. */
export function isWordCode(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(c));
}

/** Width in UTF-16 units of the letter or digit at `i` (2 for an astral one), or 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.codePointAt(i) as number;
  return isWordCode(c) ? (c > 0xffff ? 2 : 1) : 0;
}

/**
 * Runs of word characters in `text` as written (no folding); with `joinCompounds`, runs joined across
 * one hyphen or apostrophe between word characters. One linear scan.
 */
export function wordRunsOf(text: string, joinCompounds = false): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let w = wordCharAt(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    for (;;) {
      while (w > 0) {
        i += w;
        w = i < text.length ? wordCharAt(text, i) : 0;
      }
      if (!joinCompounds) break;
      const joiner = text.charCodeAt(i);
      if ((joiner === 45 || joiner === 39 || joiner === 0x2019) && i + 1 < text.length && (w = wordCharAt(text, i + 1)) > 0) i++;
      else break;
    }
    out.push(text.slice(start, i));
  }
  return out;
}

/**
 * Word tokens of `value`, case-folded: runs of letters and digits, joined across a single hyphen or
 * apostrophe ("langkah-langkah", "jum'at" stay one token), as clustering and summaries compare them.
 * A scan, not `[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*` with /gu: that regex is most of clustering's
 * reading time.
 */
export function wordTokens(value: string): string[] {
  return wordRunsOf(foldCase(value), true);
}

/**
 * Case-folded runs of letters and digits, split at every other character: a compound's parts are
 * words of their own ("banjir-bandang" -> banjir, bandang), as topic terms and quote keys match them.
 */
export function wordRuns(value: string): string[] {
  return wordRunsOf(foldCase(value));
}
