/**
 * Digest -> Document: the one place the daily brief is worded (in Indonesian). Every platform shows
 * this same document through its renderer.
 */
import type { Digest, Story, StoryQuote } from '../core/types.ts';
import { bold, italic, link, paragraph, text } from './document.ts';
import type { Block, Document, Inline, Section } from './document.ts';
import { formatIndonesianDate, formatIndonesianDateTime } from './indonesian-date.ts';

export interface DigestDocumentOptions {
  /** When the digest was put together; adds a "Disusun …" line. Default: no such line. */
  readonly now?: Date;
  /** Quotes shown per story. Default 3. */
  readonly maxQuotes?: number;
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
  const parts: string[] = [];
  if (filter.topics.length > 0) parts.push(`topik ${filter.topics.join(', ')}`);
  if (filter.outlets !== null) {
    const names = filter.outlets.length > 6 ? `${filter.outlets.slice(0, 6).join(', ')} dan ${filter.outlets.length - 6} lainnya` : filter.outlets.join(', ');
    parts.push(filter.outlets.length === 0 ? 'tanpa media pilihan' : `media ${names}`);
  }
  return parts.length === 0 ? null : `Saringan aktif: ${parts.join('; ')}.`;
}

/** Shown instead of stories when the window holds none. */
export const EMPTY_DIGEST_TEXT = 'Belum ada berita untuk periode ini.';

/** "Kilas Berita — Minggu, 22 November 2026", or "Kilas Berita" without a (valid) date. */
export function digestTitle(date: string | null): string {
  const formatted = date === null ? null : formatIndonesianDate(date);
  return formatted === null ? 'Kilas Berita' : `Kilas Berita — ${formatted}`;
}

/** "4 berita dari 3 media, 9 kutipan" (articles stand in for outlets when no outlet is known). */
export function digestStatsLine(digest: Digest): string {
  const { stories, outlets, articles, quotes } = digest.stats;
  const from = outlets > 0 ? `${outlets} media` : `${articles} artikel`;
  return `${stories} berita dari ${from}, ${quotes} kutipan`;
}

/** Attribution of a quote: speaker, and "dikutip N media" when several outlets carried it. */
export function quoteAttribution(q: Pick<StoryQuote, 'speaker' | 'outlets'>): Inline[] {
  const runs: Inline[] = [];
  if (q.speaker) runs.push(text(q.speaker));
  if (q.outlets > 1) runs.push(text(`${runs.length ? ', ' : ''}dikutip ${q.outlets} media`));
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
    const label = outlet ?? title ?? (url !== null ? 'Artikel' : null);
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

function storySection(story: Story, maxQuotes: number): Section {
  const url = story.sources.find((s) => hostOf(s.url) !== null)?.url ?? null;
  const blocks: Block[] = [{ kind: 'heading', level: 2, content: [url ? link(story.headline, url) : text(story.headline)] }];
  const summary = story.summary.map((s) => s.trim()).filter((s) => s !== '');
  if (summary.length) blocks.push(paragraph(summary.join(' ')));
  for (const q of story.quotes.slice(0, maxQuotes)) {
    const attribution = quoteAttribution(q);
    blocks.push(
      attribution.length
        ? { kind: 'quote', content: [text(quoteForDisplay(q.text))], attribution }
        : { kind: 'quote', content: [text(quoteForDisplay(q.text))] },
    );
  }
  const sources = sourcesList(story);
  if (sources) blocks.push(paragraph(italic('Sumber:')), sources);
  return { blocks };
}

/**
 * The digest as a Document: title with the Indonesian date, a stats line, one section per story
 * (linked headline, summary, up to three attributed quotes, sources). An empty digest says so.
 */
export function digestDocument(digest: Digest, options: DigestDocumentOptions = {}): Document {
  const maxQuotes = options.maxQuotes ?? 3;
  const title = [text(digestTitle(digest.date))];
  const outro: Block[] = options.now
    ? [paragraph(italic(`Disusun ${formatIndonesianDateTime(options.now, digest.timeZone)}.`))]
    : [];
  const note = filterNoteLine(options.filter);
  const noteBlocks: Block[] = note === null ? [] : [paragraph(italic(note))];
  if (digest.stories.length === 0) {
    return { title, intro: [paragraph(EMPTY_DIGEST_TEXT), ...noteBlocks], sections: [], outro };
  }
  return {
    title,
    intro: [paragraph(bold(digestStatsLine(digest))), ...noteBlocks],
    sections: digest.stories.map((s) => storySection(s, maxQuotes)),
    outro,
  };
}
