/**
 * Per-chat topic filters: what `/topics` accepts and how a story is matched against it. Terms are
 * plain words compared after folding case and accents, never patterns: nothing a user types is ever
 * compiled into a regular expression. Matching is on whole words by default, so "AS" (Amerika
 * Serikat) does not match inside "atas" or "masyarakat".
 *
 * Forms: `kata` (whole word), `~kata` (anywhere inside a word), `-kata` or `!kata` (exclude stories
 * that mention it), `"harga beras"` (the words in this order; also `-"…"` and `~"…"`).
 */
import { wordRuns } from '../text/index.ts';

/** How a term matches. */
export type TermKind = 'word' | 'substring';

/** One parsed term. */
export interface TopicTerm {
  /** True for `-kata` / `!kata`: a story that mentions it is left out. */
  readonly exclude: boolean;
  readonly kind: TermKind;
  /** Folded words of the term ("harga beras" -> ["harga", "beras"]). */
  readonly words: readonly string[];
  /** The term as stored and shown: `banjir`, `~korup`, `-politik`, `"harga beras"`. */
  readonly source: string;
}

/** A compiled filter: what a story must mention, and what it must not. */
export interface TopicFilter {
  readonly include: readonly TopicTerm[];
  readonly exclude: readonly TopicTerm[];
}

/** Most terms a chat may filter by (inclusions and exclusions together). */
export const MAX_TOPIC_TERMS = 15;
/** Longest term, in characters, quotes and prefix left out. */
export const MAX_TERM_LENGTH = 40;

const CLEAR_WORDS: ReadonlySet<string> = new Set(['hapus', 'semua', 'reset', 'clear', '-']);
const TERM_BODY = /^[\p{L}\p{N}][\p{L}\p{N} '’.&-]*$/u;
const OPEN_QUOTES = new Set(['"', '“', '”', '„']);

/**
 * Reads `/topics` input into stored terms, or the reason it is refused (a sentence in Indonesian).
 * With a comma, semicolon or line break each part is one term (a part of several words is a phrase);
 * without one, each word is a term. Quotes always group a phrase. "hapus" clears the filter ([]).
 * @example parseTopicInput('banjir -politik "harga beras"') // ['banjir', '-politik', '"harga beras"']
 */
export function parseTopicInput(input: string): string[] | string {
  const value = input.trim();
  if (CLEAR_WORDS.has(value.toLowerCase())) return [];
  const raw = splitTerms(value);
  if (typeof raw === 'string') return raw;
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const part of raw) {
    const checked = canonicalTerm(part.text, part.quoted);
    if ('error' in checked) return checked.error;
    const term = checked.term;
    if (term === '') continue;
    const key = term.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  if (terms.length === 0) return 'tidak ada kata kunci.';
  if (terms.length > MAX_TOPIC_TERMS) return `paling banyak ${MAX_TOPIC_TERMS} kata kunci.`;
  return terms;
}

interface RawTerm {
  readonly text: string;
  readonly quoted: boolean;
}

/** Splits input into raw terms, honouring quotes; a string when a quote is left open. */
function splitTerms(value: string): RawTerm[] | string {
  const listMode = /[,;\n]/.test(value.replace(/["“”„][^"“”„]*["“”„]/g, ''));
  const out: RawTerm[] = [];
  let current = '';
  let quoted = false;
  const flush = () => {
    const text = current.trim().replace(/\s+/g, ' ');
    if (text !== '') out.push({ text, quoted });
    current = '';
    quoted = false;
  };
  const chars = Array.from(value);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (OPEN_QUOTES.has(ch)) {
      const close = chars.findIndex((c, j) => j > i && OPEN_QUOTES.has(c));
      if (close < 0) return 'tanda kutip tidak ditutup.';
      // A prefix typed right before the quote (-"…", ~"…") stays with the phrase.
      const prefix = current.trim();
      if (prefix !== '' && !/^[-!~]$/.test(prefix)) flush();
      current = `${/^[-!~]$/.test(prefix) ? prefix : ''}${chars.slice(i + 1, close).join('')}`;
      quoted = true;
      flush();
      i = close;
      continue;
    }
    if (/[,;\n]/.test(ch) || (!listMode && /\s/.test(ch))) {
      flush();
      continue;
    }
    current += ch;
  }
  flush();
  return out;
}

/**
 * The stored form of one raw term ("-Politik" -> "-politik", "harga  beras" quoted -> "\"harga beras\""),
 * '' to skip it, or why it is refused.
 */
function canonicalTerm(text: string, quoted: boolean): { term: string } | { error: string } {
  let body = text;
  let prefix = '';
  if (/^[-!~]/.test(body)) {
    prefix = body[0] === '~' ? '~' : '-';
    body = body.slice(1).trim();
  }
  if (body === '') return { term: '' };
  const shown = Array.from(body).slice(0, MAX_TERM_LENGTH).join('');
  if (Array.from(body).length > MAX_TERM_LENGTH) return { error: `“${shown}…” terlalu panjang (paling banyak ${MAX_TERM_LENGTH} huruf).` };
  if (!TERM_BODY.test(body) || !/[\p{L}\p{N}]$/u.test(body)) return { error: `“${shown}” bukan kata kunci biasa.` };
  const words = wordRuns(body);
  if (words.join('').length < 2) return { error: `“${shown}” terlalu pendek (paling sedikit 2 huruf).` };
  const lower = body.toLowerCase();
  return { term: quoted || /\s/.test(body) ? `${prefix}"${lower}"` : `${prefix}${lower}` };
}

/**
 * A stored term read back. Terms stored before quotes and prefixes existed ("harga beras") read as
 * phrases. Null for a blank term.
 */
export function parseTerm(stored: string): TopicTerm | null {
  let body = stored.trim();
  let exclude = false;
  let kind: TermKind = 'word';
  if (body.startsWith('-') || body.startsWith('!')) {
    exclude = true;
    body = body.slice(1);
  } else if (body.startsWith('~')) {
    kind = 'substring';
    body = body.slice(1);
  }
  if (body.length >= 2 && OPEN_QUOTES.has(body[0]!) && OPEN_QUOTES.has(body[body.length - 1]!)) body = body.slice(1, -1);
  const words = wordRuns(body);
  return stored.trim() === '' ? null : { exclude, kind, words, source: stored.trim() };
}

/** Compiles stored terms into a filter; a term without words (stored by hand) matches nothing. */
export function compileTopicFilter(stored: readonly string[]): TopicFilter {
  const terms = stored.map(parseTerm).filter((t): t is TopicTerm => t !== null);
  return { include: terms.filter((t) => !t.exclude), exclude: terms.filter((t) => t.exclude) };
}

/** Whether a filter lets everything through. */
export function isEmptyFilter(filter: TopicFilter): boolean {
  return filter.include.length === 0 && filter.exclude.length === 0;
}

/**
 * A text prepared for matching: its folded words joined by single spaces, with a space at each end,
 * so a whole word or phrase is found with one `includes` of " w1 w2 ".
 */
export interface MatchText {
  readonly joined: string;
}

/** Prepares a text (title and body of an article) for {@link termMatches}. */
export function matchText(value: string): MatchText {
  return { joined: ` ${wordRuns(value).join(' ')} ` };
}

/** Whether `text` mentions `term`: whole words in order, or anywhere for `~` terms. */
function termMatches(term: TopicTerm, text: MatchText): boolean {
  if (term.words.length === 0) return false;
  const needle = term.words.join(' ');
  return term.kind === 'substring' ? text.joined.includes(needle) : text.joined.includes(` ${needle} `);
}

/**
 * Whether a story whose articles read `texts` passes the filter: it mentions at least one included
 * term (when there are any) and none of the excluded ones.
 */
export function storyPasses(filter: TopicFilter, texts: readonly MatchText[]): boolean {
  if (filter.exclude.some((t) => texts.some((x) => termMatches(t, x)))) return false;
  return filter.include.length === 0 || filter.include.some((t) => texts.some((x) => termMatches(t, x)));
}
