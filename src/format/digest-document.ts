/**
 * Digest -> Document: the one place the daily brief is put together (its words come from
 * wording/id.ts). Every platform shows this same document through its renderer.
 */
import type { Digest, DigestStats, Story, StoryQuote } from '../core/model/index.ts';
import { digestStats, trimAtWord } from '../core/digest/index.ts';
import { wallClockAt, wallDate } from '../core/time/index.ts';
import { bold, italic, link, paragraph, text } from './document.ts';
import type { Block, Document, Inline, Section } from './document.ts';
import { formatIndonesianDate, formatIndonesianDateTime } from './indonesian-date.ts';
import { id as words } from './wording/id.ts';

/** How much of each story a digest shows: `ringkas` (the default, fits a phone) or `lengkap`. */
export type DigestLength = 'ringkas' | 'lengkap';

/** The lengths, default first. */
export const DIGEST_LENGTHS: readonly DigestLength[] = ['ringkas', 'lengkap'];

export interface DigestDocumentOptions {
  /** When the digest was put together; adds a "Disusun …" line. Default: no such line. */
  readonly now?: Date;
  /** `ringkas`: headline, one or two sentences, one quote, "+N media". `lengkap`: everything. Default ringkas. */
  readonly length?: DigestLength;
  /** Quotes shown per story in the full form. Default 3. */
  readonly maxQuotes?: number;
  /** The seed articles shown as a demo: the header says so and every story shows its own date. Default false. */
  readonly demo?: boolean;
  /** The chat's filters, named in the header so readers know the digest is not everything. Default: none. */
  readonly filter?: DigestFilterNote;
}

/** What a chat's digest was narrowed by. */
export interface DigestFilterNote {
  /** Stored `/topics` terms (`banjir`, `-politik`, `"harga beras"`); empty when none. */
  readonly topics: readonly string[];
  /** Names of the outlets the chat chose; null when it follows every outlet. */
  readonly outlets: readonly string[] | null;
}

/** "Saringan aktif: topik banjir, -politik; media Kompas, Tempo." or null when nothing is filtered. */
export function filterNoteLine(filter: DigestFilterNote | undefined): string | null {
  if (!filter) return null;
  const w = words.digest;
  const parts: string[] = [];
  if (filter.topics.length > 0) parts.push(w.filterTopics(filter.topics));
  if (filter.outlets !== null) {
    const names = filter.outlets.length > 6 ? w.andOthers(filter.outlets.slice(0, 6).join(', '), filter.outlets.length - 6) : filter.outlets.join(', ');
    parts.push(filter.outlets.length === 0 ? w.filterNoOutlets : w.filterOutlets(names));
  }
  return parts.length === 0 ? null : w.filter(parts);
}

/** Shown instead of stories when the window holds none. */
export const EMPTY_DIGEST_TEXT = words.digest.empty;

/** "Tidak ada berita untuk Senin, 23 November 2026." — or the undated wording. */
export function emptyDigestText(date: string | null): string {
  const formatted = date === null ? null : formatIndonesianDate(date);
  return formatted === null ? EMPTY_DIGEST_TEXT : words.digest.emptyOn(formatted);
}

/** "Kilas Berita — Minggu, 22 November 2026", or "Kilas Berita" without a (valid) date. */
export function digestTitle(date: string | null): string {
  const formatted = date === null ? null : formatIndonesianDate(date);
  return formatted === null ? words.digest.title : words.digest.titleOn(formatted);
}

/** "4 berita dari 3 media, 9 kutipan": the figures of what is shown. */
export function digestStatsLine(stats: DigestStats): string {
  return words.digest.stats(stats.stories, stats.outlets, stats.quotes);
}

/** Attribution of a quote: speaker, and "dikutip N media" when several outlets carried it. */
export function quoteAttribution(q: Pick<StoryQuote, 'speaker' | 'outlets'>): Inline[] {
  const runs: Inline[] = [];
  if (q.speaker) runs.push(text(q.speaker));
  if (q.outlets > 1) runs.push(text(`${runs.length ? ', ' : ''}${words.quotes.quotedBy(q.outlets)}`));
  return runs;
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/**
 * The story's sources: a link per article (labelled by outlet, or host), with the article title when
 * it differs from the headline. A source with neither link nor outlet is listed only by a title that
 * says something the headline does not; none left means no list at all.
 */
function sourcesList(story: Story): Block | null {
  const seen = new Set<string>();
  const items: Inline[][] = [];
  for (const s of story.sources) {
    const url = hostOf(s.url) !== null ? s.url : null;
    const outlet = s.outlet?.trim() || hostOf(s.url);
    const title = s.title !== null && s.title.trim() !== '' && s.title.trim() !== story.headline.trim() ? s.title.trim() : null;
    const label = outlet ?? title ?? (url !== null ? words.digest.article : null);
    if (label === null) continue;
    const key = url ?? `${label}|${title ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const item: Inline[] = [url !== null ? link(label, url) : text(label)];
    if (title !== null && title !== label) item.push(text(`: ${title}`));
    items.push(item);
  }
  return items.length ? { kind: 'list', ordered: false, items } : null;
}

/** Quote text as shown: the comma that led into "kata X" becomes a full stop. */
export function quoteForDisplay(value: string): string {
  const trimmed = value.trim();
  if (!/[,;:]$/.test(trimmed)) return trimmed;
  const body = trimmed.replace(/\s*[,;:]+$/, '');
  return /[.!?…]$/.test(body) || body === '' ? body : `${body}.`;
}

/** The story's local date (YYYY-MM-DD in `timeZone`), or null when unknown. */
function storyDate(story: Story, timeZone: string): string | null {
  const at = story.publishedAt;
  if (at === null) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? wallDate(wallClockAt(ms, timeZone)) : null;
}

/** "Senin, 23 November 2026 · " before the summary of a story that is not from the digest's day. */
function dateRuns(story: Story, digest: Digest): Inline[] {
  const date = storyDate(story, digest.timeZone);
  if (date === null || date === digest.date) return [];
  const formatted = formatIndonesianDate(date);
  return formatted ? [italic(formatted), text(' · ')] : [];
}

function quoteBlock(q: StoryQuote): Block {
  const attribution = quoteAttribution(q);
  return attribution.length
    ? { kind: 'quote', content: [text(quoteForDisplay(q.text))], attribution }
    : { kind: 'quote', content: [text(quoteForDisplay(q.text))] };
}

/** The headline, linked to the article it was taken from. */
function headingBlock(story: Story): Block {
  const url = hostOf(story.link) !== null ? story.link : (story.sources.find((s) => hostOf(s.url) !== null)?.url ?? null);
  return { kind: 'heading', level: 2, content: [url ? link(story.headline, url) : text(story.headline)] };
}

function fullSection(story: Story, digest: Digest, maxQuotes: number): Section {
  const blocks: Block[] = [headingBlock(story)];
  const summary = story.summary.map((s) => s.trim()).filter((s) => s !== '');
  const date = dateRuns(story, digest);
  if (summary.length || date.length) blocks.push(paragraph(...date, summary.join(' ')));
  for (const q of story.quotes.slice(0, maxQuotes)) blocks.push(quoteBlock(q));
  const sources = sourcesList(story);
  if (sources) blocks.push(paragraph(italic(words.digest.sources)), sources);
  return { blocks };
}

/** Brief summary: the lead and, when short enough, the sentence after it. */
const BRIEF_CHARS = 200;
/** The one quote of a brief story, cut at a word beyond this many characters. */
const BRIEF_QUOTE_CHARS = 180;

/** One link per other outlet: "+2 media: Tempo.co · detikNews". */
function otherOutlets(story: Story): Inline[] {
  const first = story.sources[0]?.sourceKey;
  const seen = new Set<string>(first === undefined ? [] : [first]);
  const runs: Inline[] = [];
  for (const s of story.sources) {
    if (seen.has(s.sourceKey)) continue;
    seen.add(s.sourceKey);
    const label = s.outlet?.trim() || hostOf(s.url) || words.digest.otherSource;
    if (runs.length) runs.push(text(' · '));
    const url = hostOf(s.url) !== null ? s.url : null;
    runs.push(url ? link(label, url) : text(label));
  }
  return runs.length ? [italic(words.digest.otherOutlets(seen.size - 1)), ...runs] : [];
}

function briefSection(story: Story, digest: Digest): Section {
  const blocks: Block[] = [headingBlock(story)];
  const sentences = story.summary.map((s) => s.trim()).filter((s) => s !== '');
  let brief = sentences[0] ?? '';
  if (sentences[1] && brief.length + 1 + sentences[1].length <= BRIEF_CHARS) brief = `${brief} ${sentences[1]}`;
  if (brief.length > BRIEF_CHARS + 60) brief = trimAtWord(brief, BRIEF_CHARS + 60);
  const date = dateRuns(story, digest);
  if (brief || date.length) blocks.push(paragraph(...date, brief));
  const quote = story.quotes[0];
  if (quote) blocks.push(quoteBlock({ ...quote, text: trimAtWord(quoteForDisplay(quote.text), BRIEF_QUOTE_CHARS) }));
  const others = otherOutlets(story);
  if (others.length) blocks.push(paragraph(...others));
  return { blocks };
}

/**
 * The digest as a Document: title with the Indonesian date, a stats line counted over what is shown,
 * one section per story. `ringkas` (default): linked headline, one or two sentences, one quote and
 * "+N media" links; `lengkap`: the summary, up to three attributed quotes and every source. A story
 * from another day shows its date. An empty digest says there is no news for its day.
 */
export function digestDocument(digest: Digest, options: DigestDocumentOptions = {}): Document {
  const length = options.length ?? 'ringkas';
  const maxQuotes = length === 'ringkas' ? 1 : (options.maxQuotes ?? 3);
  const title = [text(options.demo ? words.digest.demoTitle : digestTitle(digest.date))];
  const outro: Block[] = options.now ? [paragraph(italic(words.digest.composed(formatIndonesianDateTime(options.now, digest.timeZone))))] : [];
  const note = filterNoteLine(options.filter);
  const noteBlocks: Block[] = note === null ? [] : [paragraph(italic(note))];
  if (digest.stories.length === 0) {
    return { title, intro: [paragraph(emptyDigestText(digest.date)), ...noteBlocks], sections: [], outro };
  }
  const intro: Block[] = [paragraph(bold(digestStatsLine(digestStats(digest.stories, maxQuotes))))];
  if (options.demo) intro.push(paragraph(italic(words.digest.demoNote)));
  return {
    title,
    intro: [...intro, ...noteBlocks],
    sections: digest.stories.map((s) => (length === 'ringkas' ? briefSection(s, digest) : fullSection(s, digest, maxQuotes))),
    outro,
  };
}
