/**
 * Raw article (scraped text or feed HTML) -> Article: headline, publication date, dateline, clean
 * paragraphs and source metadata. The one parsing path every source goes through.
 */
import { cleanLines } from './clean.ts';
import { furnitureKind } from './furniture.ts';
import { isDateLine, isHeaderByline, isHeaderMeta } from './header-lines.ts';
import { findDate, parseIsoDate, resolveDate, type ParsedDate } from './dates.ts';
import { fnv1a64, normalizeText, textKey, wordCount } from '../text/index.ts';
import { isOutletName } from './outlets.ts';
import type { Article, RawArticle } from '../model/index.ts';

/** Options for {@link parseArticle}. */
export interface ParseArticleOptions {
  /** IANA time zone dates are expressed in (`Article.date`). Required; kilas uses KILAS_TZ. */
  readonly timeZone: string;
  /**
   * Reference date (YYYY-MM-DD) that year-less dates ("Senin, 21 Februari") are resolved against,
   * biased to the past. Default: none, so year-less dates are ignored.
   */
  readonly referenceDate?: string | null;
}

/** How many lines before the first body paragraph may hold the headline, date and furniture. */
const HEADER_LINES = 10;


/**
 * Whether the first line of a scraped text reads as a headline: short, not a sentence ending in a
 * full stop, and not furniture or a date. A first line that ends with "." is the lead (seed 001).
 */
export function looksLikeHeadline(line: string): boolean {
  const words = wordCount(line);
  if (words < 2 || words > 30 || line.length > 250) return false;
  if (/[.:;,]$/.test(line) && !/\.\.\.$/.test(line)) return false;
  if (/^\p{Ll}/u.test(line)) return false;
  // A line opening with a quote is a headline only in Title Case ("“Saya Tidak Takut”, Kata Jokowi");
  // an opening quote paragraph is a sentence ("“Kami tidak menginginkan perang,” tegas Lavrov").
  if (/^[“"‘']/.test(line) && !isTitleCase(line)) return false;
  // A line cut off mid-sentence ("… untuk menutup", "… belum di") is a truncated lead, not a headline.
  // Headlines end on such a word only capitalised ("Harga Emas Turun Hari Ini") or when short.
  if ((words >= 12 || line.includes(', ')) && /\s(?:yang|dan|di|ke|dari|untuk|dengan|akan|atau|pada|dalam|bahwa|oleh|para|sebagai|karena|serta|tetapi|namun|juga|itu|ini)$/.test(line)) return false;
  // "Headline - Kompas.com" is a page title; "Andhika Prasetia - detikNews" is a byline.
  const bare = withoutSiteSuffix(line);
  if (bare !== line) return wordCount(bare) >= 4 && looksLikeHeadline(bare);
  if (furnitureKind(line) !== null || isDateLine(line)) return false;
  // Header lines that name the author with a marker or join it to the date ("Oleh Rina Sari",
  // "Andhika Prasetia - detikNews") sit where a headline could be, but are not one. A bare name
  // cannot be told from a short Title Case headline, so it is not tested here.
  return !isHeaderByline(line) && !isHeaderMeta(line);
}

/**
 * A site section or category label printed above a headline: one word ("Nasional", "Megapolitan")
 * or a short path ("Ekonomi / Makro", "News | Internasional"). Only meaningful before the headline.
 */
function isSectionLabel(line: string): boolean {
  const words = wordCount(line);
  if (words > 6 || line.length > 50 || /[.!?:;,"“”]$/.test(line)) return false;
  if (words === 1) return /^\p{L}[\p{L}-]{1,24}$/u.test(line);
  // "Ekonomi / Makro", "Tempo.co | Nasional", "detikNews · Berita": labels and site names joined by separators.
  const parts = line.split(/\s[/|>»›•·]\s/);
  return parts.length >= 2 && parts.every((p) => (wordCount(p) <= 3 && /^\p{L}[\p{L} ]*$/u.test(p)) || isOutletName(p));
}

/** Most words of four letters or more start with a capital, as in headlines written in Title Case. */
function isTitleCase(line: string): boolean {
  let long = 0;
  let capital = 0;
  for (const word of line.split(' ')) {
    const w = word.replace(/^[^\p{L}\p{N}]+/u, '');
    if (w.length < 4) continue;
    long++;
    if (/^[\p{Lu}\p{N}]/u.test(w)) capital++;
  }
  return long >= 2 && capital / long >= 0.75;
}

/**
 * "Rusia Ancam NATO - Kompas.com" -> "Rusia Ancam NATO": a page title carrying the site's name,
 * whatever the outlet (the name must be a known outlet or a site address).
 */
function withoutSiteSuffix(title: string): string {
  const m = /^(.{8,}?)\s[-–—|]\s([^-–—|]{2,60})$/u.exec(title);
  return m?.[1] !== undefined && m[2] !== undefined && isOutletName(m[2]) ? m[1] : title;
}

/** Joins lines that a scraper hard-wrapped mid-sentence: a line without final punctuation followed by a lowercase start. */
function joinWrapped(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (prev !== undefined && /[\p{L}\p{N},]$/u.test(prev) && /^\p{Ll}/u.test(line) && wordCount(prev) >= 6 && furnitureKind(prev) === null && furnitureKind(line) === null) {
      out[out.length - 1] = `${prev} ${line}`;
    } else out.push(line);
  }
  return out;
}

/**
 * The place line opening a lead: "BRUSSELS - …" -> "BRUSSELS"; "JAKARTA, KOMPAS.com - …" and
 * "JAKARTA (ANTARA) - …" -> "JAKARTA"; "Jakarta, CNN Indonesia -- …" -> "Jakarta"; outlet first,
 * as in "TEMPO.CO, Jakarta - …" or "Liputan6.com, Jakarta - …" -> "Jakarta". Null when the lead has none.
 */
export function datelineOf(paragraph: string): string | null {
  const head = paragraph.slice(0, 90);
  const domainFirst = /^[\p{L}\p{N}-]{2,30}\.(?:com|co\.id|co|id|net|tv)(?:\s?,\s?|\s)(\p{Lu}[\p{L}.'’-]{1,30}(?:\s\p{Lu}[\p{L}.'’-]{0,30}){0,2})\s?(?:\([^()]{1,30}\)\s?)?[-–—]{1,2}\s/iu.exec(head);
  if (domainFirst?.[1]) return domainFirst[1];
  const caps = /^(\p{Lu}[\p{Lu}.'’-]{1,30}(?:\s\p{Lu}[\p{Lu}.'’-]{0,30}){0,3})(?:\s?\([^()]{1,30}\))?(?:\s?,\s?[^\s,–—-][^,–—]{0,40}?)?\s?(?:[-–—]{1,2}\s|[–—](?=\p{Lu}\p{Ll})(?![^–—.]{0,80}[–—]))/u.exec(head);
  // An outlet opening the lead ("VIVA – Presiden …") is not a place.
  if (caps?.[1] && /\p{Lu}{3}/u.test(caps[1].replace(/[^\p{L}]/gu, ''))) return isOutletName(caps[1]) ? null : caps[1];
  const titled = /^(\p{Lu}\p{Ll}+(?:\s\p{Lu}[\p{L}'’.-]*){0,2})(?:\s?\([^()]{1,30}\)|,\s?[^,–—\s-][^,–—]{0,30}?)\s?[-–—]{1,2}\s/u.exec(head);
  if (titled?.[1]) return titled[1];
  // "Jakarta - Menteri …" (detik style): a bare place name, a spaced dash, then a capitalised word.
  const bare = /^(\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?)\s[-–—]{1,2}\s["“]?[\p{Lu}\p{N}]/u.exec(head);
  return bare?.[1] !== undefined && !isOutletName(bare[1]) ? bare[1] : null;
}

/**
 * "Rusia Ancam NATO - Kompas.com" -> "Rusia Ancam NATO" when the suffix names the article's outlet
 * (aggregator feeds append it), so the same headline from the outlet's own feed matches.
 */
export function stripOutletSuffix(title: string, outlet: string | null): string {
  if (!outlet) return title;
  const name = outlet.toLowerCase().replace(/^www\./, '');
  const bare = name.replace(/\.(?:com|co\.id|id|net|org|tv)$/, '');
  const m = /^(.{8,}?)\s[-–—|]\s([^-–—|]{2,60})$/u.exec(title);
  if (!m?.[1] || !m[2]) return title;
  const suffix = m[2].trim().toLowerCase();
  const suffixBare = suffix.replace(/^www\./, '').replace(/\.(?:com|co\.id|id|net|org|tv)$/, '');
  return suffix === name || suffixBare === bare || suffixBare.replace(/\s+/g, '') === bare.replace(/\s+/g, '') ? m[1] : title;
}

function resolved(parsed: ParsedDate | null, timeZone: string): { date: string | null; publishedAt: string | null } {
  return parsed ? resolveDate(parsed, timeZone) : { date: null, publishedAt: null };
}

/**
 * Parses and cleans one article. The headline is `raw.title` when given, else the first line that
 * is not furniture, when it reads as one. The publication date is, in order: `raw.publishedAt`; a
 * date in the header lines (before the first body paragraph); a line holding only a date anywhere;
 * a "Kamis (31/3/2022)" in the lead paragraph. Dates deeper in the body are the dates of events and
 * are ignored. Never throws on any string input.
 */
export function parseArticle(raw: RawArticle, options: ParseArticleOptions): Article {
  const source = raw.text ?? '';
  // A spaced » separates breadcrumbs ("Home » Nasional"); normalisation would read it as a quote mark.
  const text = source.includes('»') ? source.replace(/ » /g, ' › ') : source;
  const lines = joinWrapped(normalizeText(text).split('\n').filter((l) => l !== ''));

  let title = raw.title ? withoutSiteSuffix(stripOutletSuffix(normalizeText(raw.title).replace(/\s+/g, ' '), raw.outlet ?? null)) || null : null;
  // The headline is the first line that is not furniture ("loading...", a menu, a date), within the
  // first few lines; furniture before it is still cleaned away with the body.
  let titleAt = -1;
  if (title === null) {
    for (let i = 0; i < Math.min(lines.length - 1, 6); i++) {
      const line = lines[i] ?? '';
      if (looksLikeHeadline(line)) {
        titleAt = i;
        break;
      }
      if (furnitureKind(line) === null && !isSectionLabel(line) && !isHeaderByline(line) && !isHeaderMeta(line)) break;
    }
    if (titleAt >= 0) title = withoutSiteSuffix(lines[titleAt] ?? '') || null;
  }
  // Section labels above the headline ("Nasional", "Ekonomi / Makro") are header furniture.
  const body = titleAt >= 0 ? lines.filter((line, i) => i > titleAt || (i < titleAt && !isSectionLabel(line))) : lines;
  let headerEnd = 0;
  while (headerEnd < body.length && headerEnd < HEADER_LINES) {
    const line = body[headerEnd] ?? '';
    if (wordCount(line) >= 8 && furnitureKind(line) === null) break;
    headerEnd++;
  }

  const cleaned = cleanLines(body, { title });
  const paragraphs = cleaned.paragraphs;

  const reference = options.referenceDate ?? null;
  let when: { date: string | null; publishedAt: string | null } = { date: null, publishedAt: null };
  const fromFeed = raw.publishedAt ? parseIsoDate(raw.publishedAt) : null;
  if (fromFeed) when = resolved(fromFeed, options.timeZone);
  for (let i = 0; when.date === null && i < headerEnd; i++) {
    const line = body[i] ?? '';
    if (line.length <= 120) when = resolved(findDate(line, { reference }), options.timeZone);
  }
  // A line that is nothing but a date is the publication date wherever the scraper put it.
  for (const r of cleaned.removed) {
    if (when.date !== null) break;
    if (r.kind === 'date-line') when = resolved(findDate(r.line, { reference }), options.timeZone);
  }
  if (when.date === null && paragraphs[0] !== undefined) {
    when = resolved(findDate(paragraphs[0], { forms: 'numeric-day' }), options.timeZone);
  }

  // Equal to textKey(paragraphs.join('\n')): keys of non-empty paragraphs joined by one space.
  const bodyKey = cleaned.keys.filter((k) => k !== '').join(' ');
  const idSource = bodyKey !== '' ? bodyKey : `${textKey(title ?? '')}\n${raw.url ?? ''}\n${raw.file ?? ''}`;
  return {
    id: fnv1a64(idSource),
    title,
    date: when.date,
    publishedAt: when.publishedAt,
    // The lead normally opens the body; a header line the rules did not catch may precede it.
    dateline: (paragraphs[0] !== undefined ? datelineOf(paragraphs[0]) : null) ?? (paragraphs[1] !== undefined && wordCount(paragraphs[0] ?? '') < 15 ? datelineOf(paragraphs[1]) : null),
    paragraphs,
    source: {
      url: raw.url ?? null,
      outlet: raw.outlet ?? null,
      file: raw.file ?? null,
      credit: cleaned.credit,
    },
  };
}
