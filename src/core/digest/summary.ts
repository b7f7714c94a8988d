/**
 * Extractive summaries in Indonesian: the 1–3 sentences of a story's articles that best say what
 * happened. Sentences are ranked by centrality (how much of the story's shared vocabulary they
 * carry, weighted by how many articles use it), position (leads say the most) and coverage; a
 * sentence that quotes, or repeats a quote already shown, never appears, nor does site furniture.
 */
import type { Article } from '../model/index.ts';
import { splitSentences, wordTokens } from '../text/index.ts';
import { contentStems } from '../stories/index.ts';
import { isOutletName } from '../article/index.ts';

/** Tuning of summaries; every field has a written default in `SUMMARY_DEFAULTS`. */
export interface SummaryOptions {
  /** At most this many sentences. Default 3. */
  readonly maxSentences?: number;
  /** Total length budget in characters; a single over-long sentence is cut at a word. Default 500. */
  readonly maxChars?: number;
  /** Sentences shorter than this many words are not summary material. Default 6. */
  readonly minWords?: number;
  /** Sentences longer than this many words are run-ons or scraping accidents. Default 70. */
  readonly maxWords?: number;
  /** Sentences read only this far into each article (the rest is background). Default 12 paragraphs. */
  readonly maxParagraphs?: number;
}

export const SUMMARY_DEFAULTS = {
  maxSentences: 3,
  maxChars: 500,
  minWords: 6,
  maxWords: 70,
  maxParagraphs: 12,
} satisfies Required<SummaryOptions>;

const QUOTE_MARKS = /[“”"„‟«»]/;
const FURNITURE =
  /^(baca juga|lihat juga|simak juga|baca selengkapnya|editor|penulis|reporter|sumber|foto|video|halaman|copyright|loading|tags?|artikel terkait)\b|©|https?:\/\/|www\.|all rights reserved/i;
// Openers that lean on the sentence before them ("Menteri Luar Negeri Rusia itu …"): out of context
// they confuse the reader.
const DANGLING =
  /^(ia|dia|beliau|mereka|itu|hal itu|hal tersebut|dan|namun|tetapi|tapi|sementara|selain itu|adapun|kemudian|lalu|sebab|karena itu|oleh karena itu|dengan demikian|menurutnya|menurut (?:dia|ia|beliau|mereka)|katanya|ujarnya|meski begitu|di sisi lain|akibatnya|sebelumnya|dengan hasil ini|ancaman itu)\b|^[^,]{1,40}, (sementara itu|pun|namun|juga|pula),|^(?:[^\s,.]+\s){1,6}(?:itu|tersebut)\s/iu;
// The head of a dateline: anything up to a spaced dash (one or two) that opens the lead.
const DATELINE_HEAD = /^([^\n]{2,60}?)\s*[-–—]{1,2}\s+(?=[\p{Lu}\p{N}“"‘'])/u;
// A place: one to four capitalised words ("JAKARTA", "Kota Bandung"), optionally with an agency ("(ANTARA)").
const PLACE = /^\p{Lu}[\p{L}.'’]*(?: \p{Lu}[\p{L}.'’]*){0,3}(?:\s*\([\p{L} .]{1,30}\))?$/u;
const DOMAIN = /^[\p{L}\p{N}-]{2,30}\.(?:com|co\.id|co|id|net|tv)$/iu;

/** Whether a piece of a dateline names the outlet ("KOMPAS.com", "REPUBLIKA.CO.ID", "CNN Indonesia"). */
function isOutletPart(part: string): boolean {
  return DOMAIN.test(part) || isOutletName(part);
}

interface Candidate {
  readonly text: string;
  readonly stems: ReadonlySet<string>;
  readonly articleOrder: number;
  readonly paragraph: number;
  readonly sentence: number;
}

/**
 * Removes the dateline that opens a lead, in every outlet's style: "WASHINGTON - ",
 * "JAKARTA, KOMPAS.com - ", "Liputan6.com, Jakarta - ", "REPUBLIKA.CO.ID, JAKARTA -- ",
 * "Semarang (ANTARA) - ", "Jakarta, CNN Indonesia -- ", "CNN Indonesia -- ". The sentence stays.
 */
export function stripDateline(sentence: string, dateline: string | null = null): string {
  if (dateline && sentence.startsWith(dateline)) {
    // The parsed dateline, then an agency or outlet and the dash ("JOGJA—Pemerintah", "JAKARTA, KOMPAS.com - ").
    const rest = /^\s*(?:\([^)]{1,30}\))?\s*(?:,\s*[^,–—-]{2,30}?\s*)?[-–—:]{1,2}\s*/u.exec(sentence.slice(dateline.length));
    if (rest) return sentence.slice(dateline.length + rest[0].length);
  }
  const m = DATELINE_HEAD.exec(sentence);
  if (m?.[1]) {
    const parts = m[1].split(/\s*,\s*/);
    const outlets = parts.filter(isOutletPart).length;
    const places = parts.filter((p) => !isOutletPart(p) && PLACE.test(p)).length;
    const isDateline =
      parts.length <= 2 &&
      outlets + places === parts.length &&
      outlets <= 1 &&
      // A bare place ("Jakarta - ") only when it is the article's dateline or written like one.
      (outlets === 1 || places === 2 || (places === 1 && (parts[0] === dateline || /\(|^\p{Lu}{2,}\b/u.test(parts[0]!) || parts[0]!.split(' ').length <= 2)));
    if (isDateline) return sentence.slice(m[0].length);
  }
  return sentence;
}

/** Whether `next` comes straight after `prev` in the same article. */
function follows(prev: Candidate, next: Candidate): boolean {
  if (prev.articleOrder !== next.articleOrder) return false;
  if (prev.paragraph === next.paragraph) return prev.sentence === next.sentence - 1;
  return next.sentence === 0 && prev.paragraph === next.paragraph - 1;
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** Whether a sentence says what a shown quote says (its words, with or without the marks). */
function repeatsQuote(sentenceTokens: readonly string[], quotes: readonly (readonly string[])[]): boolean {
  const words = new Set(sentenceTokens);
  for (const q of quotes) {
    if (q.length === 0) continue;
    const qs = new Set(q);
    let shared = 0;
    for (const t of qs) if (words.has(t)) shared++;
    if (shared / qs.size >= 0.6 || shared / Math.max(1, words.size) >= 0.6) return true;
  }
  return false;
}

/** Cuts `text` to at most `max` characters at a word boundary, marking the cut with "…". */
export function trimAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(1, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/u, '')}…`;
}

function candidates(articles: readonly Article[], quotes: readonly (readonly string[])[], o: Required<SummaryOptions>): Candidate[] {
  const out: Candidate[] = [];
  articles.forEach((article, articleOrder) => {
    article.paragraphs.slice(0, o.maxParagraphs).forEach((paragraph, p) => {
      splitSentences(paragraph).forEach((raw, s) => {
        const text = (s === 0 ? stripDateline(raw, article.dateline) : raw).trim().replace(/([.!?])(?:\s*\.)+$/u, '$1');
        if (QUOTE_MARKS.test(text) || FURNITURE.test(text)) return;
        if (!/[.!?][)\]’']?$/u.test(text)) return; // cut off by the scraper
        if (!/^[\p{Lu}\p{N}]/u.test(text)) return;
        const tokens = wordTokens(text);
        if (tokens.length < o.minWords || tokens.length > o.maxWords) return;
        if (repeatsQuote(tokens, quotes)) return;
        out.push({ text, stems: contentStems(text), articleOrder, paragraph: p, sentence: s });
      });
    });
  });
  return out;
}

/**
 * The summary of a story: 1–3 sentences (none when no article has a usable sentence), at most
 * `maxChars` characters in all, in reading order (best article first, then by position).
 * `articles` should come best first; `shownQuotes` are the quote texts the digest shows, which
 * the summary must not repeat. Deterministic for the same input.
 */
export function summarize(
  articles: readonly Article[],
  shownQuotes: readonly string[] = [],
  options: SummaryOptions = {},
): string[] {
  const o = { ...SUMMARY_DEFAULTS, ...options };
  const quotes = shownQuotes.map((q) => wordTokens(q));
  const pool = candidates(articles, quotes, o);
  if (pool.length === 0) return [];

  // How many articles use each stem: words the outlets agree on say what happened.
  const articleUse = new Map<string, number>();
  const perArticle = new Map<number, Set<string>>();
  for (const c of pool) {
    let set = perArticle.get(c.articleOrder);
    if (!set) perArticle.set(c.articleOrder, (set = new Set()));
    for (const st of c.stems) set.add(st);
  }
  for (const set of perArticle.values()) for (const st of set) articleUse.set(st, (articleUse.get(st) ?? 0) + 1);
  const sentenceUse = new Map<string, number>();
  for (const c of pool) for (const st of c.stems) sentenceUse.set(st, (sentenceUse.get(st) ?? 0) + 1);
  const weight = (st: string) => (articleUse.get(st) ?? 0) * Math.log(1 + (sentenceUse.get(st) ?? 0));

  const scored = pool.map((c) => {
    let mass = 0;
    for (const st of c.stems) mass += weight(st);
    const centrality = mass / Math.sqrt(Math.max(4, c.stems.size));
    const position = 1 / (1 + c.paragraph * 0.6 + c.sentence * 0.4) + (c.articleOrder === 0 ? 0.2 : 0);
    const dangling = DANGLING.test(c.text) ? 0.5 : 1;
    return { c, centrality, position, dangling };
  });
  const maxCentrality = Math.max(...scored.map((s) => s.centrality), 1e-9);
  const ranked = scored
    .map((s) => ({ c: s.c, score: (0.6 * (s.centrality / maxCentrality) + 0.4 * s.position) * s.dangling }))
    .sort(
      (x, y) =>
        y.score - x.score ||
        x.c.articleOrder - y.c.articleOrder ||
        x.c.paragraph - y.c.paragraph ||
        x.c.sentence - y.c.sentence,
    );

  const chosen: Candidate[] = [];
  let used = 0;
  const take = (c: Candidate): void => {
    if (chosen.length >= o.maxSentences) return;
    if (chosen.some((x) => overlap(x.stems, c.stems) >= 0.5)) return;
    const cost = c.text.length + (chosen.length > 0 ? 1 : 0);
    if (chosen.length > 0 && used + cost > o.maxChars) return;
    chosen.push(c);
    used += cost;
  };
  // A sentence that leans on the one before it ("Menteri itu …", "Sebab, …") is shown only right
  // after that sentence; tried once the independent ones are in.
  // The summary opens with what happened: the lead of the best article that has a usable one.
  const lead = pool
    .filter((c) => c.paragraph === 0 && !DANGLING.test(c.text))
    .sort((x, y) => x.articleOrder - y.articleOrder || x.sentence - y.sentence)[0];
  if (lead) take(lead);
  const leaning: Candidate[] = [];
  for (const { c } of ranked) {
    if (DANGLING.test(c.text)) leaning.push(c);
    else take(c);
  }
  for (const c of leaning) if (chosen.some((x) => follows(x, c))) take(c);
  const opener = chosen[0];
  chosen.sort(
    (x, y) =>
      Number(y === opener) - Number(x === opener) || x.articleOrder - y.articleOrder || x.paragraph - y.paragraph || x.sentence - y.sentence,
  );
  return chosen.map((c) => (chosen.length === 1 ? trimAtWord(c.text, o.maxChars) : c.text));
}
