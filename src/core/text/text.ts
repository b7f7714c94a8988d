/**
 * Text primitives for Indonesian news: normalisation, comparison keys and sentence splitting.
 * Pure and linear: every function scans its input a bounded number of times, with no regex that
 * can backtrack on nested quantifiers.
 */
import { wordRunsOf } from './words.ts';

/** Quotation marks that mean “double quote” but are rare on Indonesian sites; mapped to “ ” ". */
const QUOTE_MAP: Readonly<Record<string, string>> = {
  '„': '“',
  '‟': '“',
  '«': '“',
  '»': '”',
  '〝': '“',
  '〞': '”',
  '″': '"',
  '＂': '"',
  '‛': '‘',
  '‚': '‘',
};

// Zero-width characters, soft hyphen, BOM and bidi marks: invisible furniture that breaks matching.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF\u200E\u200F\u202A-\u202E]/g;
// Every Unicode space except the newline family, so paragraph structure survives. Only runs that
// change are matched (two or more spaces, or one other than U+0020): the single space between
// words, nearly every match of a plain pattern, costs a replacement each.
const SPACE_CLASS = String.raw`[\t\v\f \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]`;
const SPACES = new RegExp(String.raw`(?: ${SPACE_CLASS}|[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000])${SPACE_CLASS}*`, 'g');
const EXOTIC_QUOTES = /[„‟«»〝〞″＂‛‚]/g;
// Characters outside this set may change under NFKC; text made only of it (nearly all Indonesian
// news: ASCII, curly quotes, dashes) needs no normalize() call.
const NEEDS_NFKC = /[^\u0000-\u009f\u2013\u2014\u2018-\u201f]/;

/**
 * Normalises text without changing its meaning: NFKC, invisible characters removed, exotic quote
 * marks mapped to “ ” " ‘, runs of spaces collapsed, lines trimmed, line breaks unified (\r\n, \r,
 * U+2028/2029 -> \n) and at most one blank line kept between paragraphs.
 * Quote marks keep their direction; the ellipsis character (U+2026) is kept as written, where plain
 * NFKC would turn it into three dots.
 */
export function normalizeText(text: string): string {
  // ASCII, curly quotes and dashes are NFKC-stable: most Indonesian news skips normalize() entirely.
  const nfkc = NEEDS_NFKC.test(text)
    ? text
        .split('…')
        .map((part) => part.normalize('NFKC'))
        .join('…')
    : text;
  const unified = nfkc
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(INVISIBLE, '')
    .replace(EXOTIC_QUOTES, (m) => QUOTE_MAP[m] ?? m)
    .replace(SPACES, ' ');
  const lines = unified.split('\n').map((l) => l.trim());
  const out: string[] = [];
  let blank = 0;
  for (const line of lines) {
    if (line === '') {
      blank++;
      continue;
    }
    if (out.length > 0) out.push(blank > 0 ? '\n\n' : '\n');
    out.push(line);
    blank = 0;
  }
  return out.join('');
}

/**
 * A comparison key for a line or paragraph: normalised, lowercase, letters and digits only,
 * single spaces. Two renderings of the same paragraph (other quote marks, spacing, case) share it.
 */
export function textKey(text: string): string {
  // ASCII, curly quotes and dashes are NFKC-stable; skipping normalize() for such text (nearly all
  // Indonesian news) is the largest saving of the pipeline.
  const nfkc = NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text;
  // One scan over the string (words.ts): a Unicode-property regex replace costs several times more
  // on long bodies.
  return wordRunsOf(nfkc.toLowerCase()).join(' ');
}


/** Whether a line ends like a sentence: a terminal mark, then any closing quotes or brackets. */
export function endsSentence(line: string): boolean {
  return /[.!?…]["”’')\]]*$/.test(line);
}

// The furniture rules ask for the word count of the same line one after another: the last answer is kept.
let lastCounted = '';
let lastCount = 0;

/** Number of whitespace-separated words, without allocating them. */
export function wordCount(text: string): number {
  if (text === lastCounted) return lastCount;
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      count++;
    }
  }
  lastCounted = text;
  lastCount = count;
  return count;
}

/**
 * Abbreviations that end in a dot but do not end a sentence when a capitalised word follows
 * (titles, addresses, company forms that precede a name, money). Compared case-sensitively, without
 * the dot. Suffixes that usually close a name ("Tbk.", "Inc.", "Ltd.") are left out: followed by a
 * capital they mostly do end the sentence.
 */
const NON_TERMINAL_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'Dr', 'dr', 'Drs', 'Dra', 'Prof', 'Ir', 'H', 'Hj', 'KH', 'K.H', 'Sdr', 'Sdri', 'Bpk', 'Bp', 'Ny', 'Nn', 'Tn',
  'St', 'Mr', 'Mrs', 'Ms', 'Mt', 'Jl', 'Jln', 'Gg', 'Kec', 'Kab', 'Kel', 'Ds', 'Prov', 'No', 'Nomor', 'Rp', 'PT',
  'CV', 'UD', 'Kol', 'Letjen', 'Mayjen', 'Brigjen', 'Jend', 'Laksda', 'Marsda', 'Kapt', 'Lettu', 'Serka',
  'AKBP', 'AKP', 'Kompol', 'Ipda', 'Iptu', 'Aipda', 'Bripka', 'Brigpol', 'Irjen', 'Kombes', 'vs', 'Vol', 'hlm',
  'Hlm', 'tgl', 'Tgl', 'S.H', 'S.E', 'S.Pd', 'M.Si', 'M.Sc', 'S.Kom', 'Ph.D', 'a.n', 'u.p', 'Yth', 'yth', 'Sen',
  'Rep', 'Gov', 'Gen', 'Lt', 'Col', 'Sgt', 'Capt', 'Fig', 'Psl',
]);

const TERMINALS = new Set(['.', '!', '?']);
const CLOSERS = new Set([')', ']', '’', "'"]);

function isUpperStart(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return /[\p{Lu}\p{Lt}\p{N}]/u.test(ch);
}

/**
 * Positions of the double quote marks that open and close a quotation in `text`, paired by
 * position: “ always opens; ” closes an open quotation, or opens one when a word follows it at
 * once (some outlets open with ”); a straight " opens after a space or bracket and closes otherwise.
 * Returns a mask: `inside[i]` is true for characters strictly inside a closed quotation.
 */
function quotationMask(text: string): Uint8Array {
  const inside = new Uint8Array(text.length);
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '“' && ch !== '”' && ch !== '"') continue;
    const prev = i > 0 ? text[i - 1] : ' ';
    const next = i + 1 < text.length ? text[i + 1] : ' ';
    const prevBoundary = prev === undefined || /[\s([{—–-]/.test(prev);
    const nextWord = next !== undefined && /[\p{L}\p{N}]/u.test(next);
    let opens: boolean;
    if (ch === '“') opens = true;
    else if (open >= 0) opens = false;
    else opens = ch === '"' ? prevBoundary || nextWord : nextWord && prevBoundary;
    if (opens) {
      open = i;
    } else if (open >= 0) {
      inside.fill(1, open + 1, i);
      open = -1;
    }
  }
  return inside;
}

function lastWordBefore(text: string, dot: number): string {
  let start = dot;
  while (start > 0) {
    const ch = text[start - 1];
    if (ch === undefined || /[\s(“"‘]/.test(ch)) break;
    start--;
  }
  return text.slice(start, dot);
}

/** Whether the dot at `dot` ends an abbreviation, an initial or a number rather than a sentence. */
function isNonTerminalDot(text: string, dot: number): boolean {
  const word = lastWordBefore(text, dot);
  if (word === '') return false;
  if (NON_TERMINAL_ABBREVIATIONS.has(word)) return true;
  // A single capital letter: an initial ("Joko S. Widodo", "H. Agus").
  if (/^\p{Lu}$/u.test(word)) return true;
  // Dotted abbreviations such as "S.H." or "a.n." (the last dot is this one).
  if (/^(?:\p{L}{1,3}\.){1,4}\p{L}{1,3}$/u.test(word) && word.length <= 12) return true;
  return false;
}

/**
 * Splits Indonesian text into sentences. A sentence ends at . ! ? or an ellipsis, after any closing
 * quote marks or brackets, when whitespace and a capitalised word, a digit or an opening quote
 * follow. It never splits inside a closed quotation, after non-terminal abbreviations ("Dr.",
 * "Jl.", "Rp.", "PT.", "No."), after initials, or inside numbers ("1.000", "3,5", "11/7/2023").
 * "AS." and "WIB." do end sentences. Line breaks always end a sentence. Returns trimmed,
 * non-empty sentences whose concatenation (with spaces) restores the words of `text`.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of text.split(/\n+/)) {
    const line = rawLine.replace(/\s+/g, ' ').trim();
    if (line === '') continue;
    splitLine(line, out);
  }
  return out;
}

function splitLine(line: string, out: string[]): void {
  const inside = quotationMask(line);
  let start = 0;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === undefined) break;
    if (!TERMINALS.has(ch)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < line.length && TERMINALS.has(line[end] ?? '')) end++;
    const run = end - i;
    const closesQuote = (line[end] === '”' || line[end] === '"') && inside[end] === 0 && inside[i] === 1;
    if (inside[i] === 1 && !closesQuote) {
      i = end;
      continue;
    }
    // Closing quote marks and brackets belong to the sentence they close.
    if (closesQuote) end++;
    while (end < line.length && (CLOSERS.has(line[end] ?? '') || line[end] === '”')) end++;
    if (line[end] !== ' ') {
      i = end;
      continue;
    }
    const next = line[end + 1];
    const opensQuote = next === '“' || next === '"' || next === '‘' || next === '(' || next === '[';
    let split = isUpperStart(next) || opensQuote;
    if (split && ch === '.' && run === 1 && !closesQuote && isNonTerminalDot(line, i)) split = false;
    if (split) {
      const sentence = line.slice(start, end).trim();
      if (sentence) out.push(sentence);
      start = end + 1;
    }
    i = end;
  }
  const rest = line.slice(start).trim();
  if (rest) out.push(rest);
}
