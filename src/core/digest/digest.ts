/**
 * The Digest model: the stories of a time window, each with a headline, an extractive summary,
 * its key quotes merged across outlets and links to every source, ranked by importance.
 * Pure: the caller passes the window and the reference time; nothing here reads a clock.
 */
import type { Article, Digest, DigestStats, ExtractedArticle, Story, StoryQuote, StorySource } from '../model/index.ts';
import {
  type ClusterOptions,
  groupStories,
  storedGroups,
  type StoryGroup,
  mergeQuotes,
  outletKey,
  contentStems,
} from '../stories/index.ts';
import { compareStrings, splitSentences, wordTokens } from '../text/index.ts';
import { outletDisplayName } from '../article/index.ts';
import { EMPTY_DIRECTORY, type SpeakerDirectory, resolveStorySpeakers } from '../speakers/index.ts';
import { stripDateline, summarize, trimAtWord, type SummaryOptions } from './summary.ts';
import { zonedToInstant } from '../time/index.ts';

/** Options of `buildStories`; every field has a written default in `STORY_DEFAULTS`. */
export interface StoryOptions {
  /** Clustering tuning. Default: `CLUSTER_DEFAULTS`. */
  readonly cluster?: ClusterOptions;
  /** Summary tuning. Default: `SUMMARY_DEFAULTS`. */
  readonly summary?: SummaryOptions;
  /** Key quotes per story. Default 3. */
  readonly maxQuotes?: number;
  /** Quotes shorter than this many words are scare quotes, never key quotes. Default 4. */
  readonly minQuoteWords?: number;
  /**
   * Instant (ISO) recency is measured from. Default null: the newest article of the input, so the
   * result never depends on when it is computed.
   */
  readonly now?: string | null;
  /** Recency half-life in hours. Default 12. */
  readonly recencyHalfLifeHours?: number;
  /**
   * The story each article was stored in, when stories are kept (see `storedGroups`). Default null:
   * the articles are clustered here.
   */
  readonly storyOf?: ((articleId: string) => string | null) | null;
  /** The operator's speaker aliases, so one person is one speaker in a story. Default: none. */
  readonly speakers?: SpeakerDirectory;
}

export const STORY_DEFAULTS = {
  cluster: {},
  summary: {},
  maxQuotes: 3,
  minQuoteWords: 4,
  now: null,
  recencyHalfLifeHours: 12,
  storyOf: null,
  speakers: EMPTY_DIRECTORY,
} satisfies Required<StoryOptions>;

/** Publication instant in ms: the exact time, or noon UTC of the date; null when unknown. */
function articleTime(article: Article): number | null {
  if (article.publishedAt) {
    const ms = Date.parse(article.publishedAt);
    if (Number.isFinite(ms)) return ms;
  }
  if (article.date) {
    const ms = Date.parse(`${article.date}T12:00:00Z`);
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

/**
 * The headline: among the articles' titles, the one that shares most words with the others and
 * the story's text (the consensus wording, not one outlet's clickbait), of a readable length.
 * Without any title, the lead sentence of the best article, cut at a word.
 */
function chooseHeadline(articles: readonly Article[]): { headline: string; from: Article | null } {
  const titles = articles
    .map((a, order) => ({ title: a.title?.replace(/\s+/g, ' ').trim() ?? '', order, article: a }))
    .filter((t) => t.title.length >= 8 && /[\p{L}\p{N}]/u.test(t.title));
  if (titles.length > 0) {
    const body = new Map<string, number>();
    for (const a of articles) for (const s of contentStems(a.paragraphs.slice(0, 4).join(' '))) body.set(s, (body.get(s) ?? 0) + 1);
    const scored = titles.map((t) => {
      const stems = contentStems(t.title);
      let support = 0;
      for (const s of stems) support += body.get(s) ?? 0;
      const length = t.title.length;
      const lengthFit = length < 30 ? 0.7 : length > 130 ? 0.8 : 1;
      const shouting = t.title === t.title.toUpperCase() ? 0.5 : 1;
      return { t, score: (support / Math.sqrt(Math.max(3, stems.size))) * lengthFit * shouting };
    });
    scored.sort((x, y) => y.score - x.score || x.t.order - y.t.order);
    return { headline: trimAtWord(scored[0]!.t.title, 200), from: scored[0]!.t.article };
  }
  for (const a of articles) {
    const first = a.paragraphs.find((p) => p.trim().length > 0);
    if (!first) continue;
    const lead = splitSentences(first)[0];
    const headline = lead ? trimAtWord(stripDateline(lead, a.dateline).replace(/[.!?]+$/u, '').trim(), 140) : '';
    if (/[\p{L}\p{N}]/u.test(headline)) return { headline, from: a };
  }
  return { headline: 'Tanpa judul', from: null };
}

interface RankedQuote {
  readonly quote: StoryQuote;
  readonly score: number;
  readonly order: number;
}

/**
 * Key quotes: by outlets that carried them, then substance (length up to a point) and speaker
 * importance (attributed, quoted often in this story, named in the headline); at most two per speaker.
 */
function chooseQuotes(merged: readonly StoryQuote[], headline: string, o: Required<StoryOptions>): StoryQuote[] {
  const inHeadline = new Set(wordTokens(headline));
  const bySpeaker = new Map<string, number>();
  for (const q of merged) if (q.speakerKey) bySpeaker.set(q.speakerKey, (bySpeaker.get(q.speakerKey) ?? 0) + q.outlets);
  // A quote nobody is credited with stays in the store but is never a key quote.
  const ranked: RankedQuote[] = merged
    .filter((q) => q.speakerKey !== null && wordTokens(q.text).length >= o.minQuoteWords)
    .map((quote, order) => {
      const words = wordTokens(quote.text).length;
      const speaker = quote.speakerKey
        ? 0.6 + 0.15 * Math.min(4, bySpeaker.get(quote.speakerKey) ?? 0) + (inHeadline.has(quote.speakerKey) ? 0.4 : 0)
        : -0.8;
      const substance = Math.min(words, 35) / 25 - (words > 80 ? 0.5 : 0);
      return { quote, order, score: 1.2 * Math.log2(1 + quote.outlets) + substance + speaker };
    })
    .sort((x, y) => y.score - x.score || x.order - y.order);
  const chosen: StoryQuote[] = [];
  const shown: string[] = [];
  const perSpeaker = new Map<string, number>();
  for (const { quote } of ranked) {
    if (chosen.length >= o.maxQuotes) break;
    // The same words credited to two people by two outlets are still one quote: shown once.
    const words = ` ${wordTokens(quote.text).join(' ')} `;
    if (shown.some((w) => w.includes(words) || words.includes(w))) continue;
    const key = quote.speakerKey ?? '';
    if ((perSpeaker.get(key) ?? 0) >= 2) continue;
    perSpeaker.set(key, (perSpeaker.get(key) ?? 0) + 1);
    shown.push(words);
    chosen.push(quote);
  }
  return chosen;
}

/** Orders a story's articles best first: more text, a title and a date make a better lead. */
function orderArticles(group: StoryGroup): Article[] {
  return group.articles
    .map((a) => a.item.article)
    .map((article) => ({
      article,
      weight:
        Math.min(article.paragraphs.join(' ').length, 4000) / 4000 +
        (article.title ? 0.3 : 0) +
        (articleTime(article) !== null ? 0.1 : 0),
    }))
    .sort((x, y) => y.weight - x.weight || compareStrings(x.article.id, y.article.id))
    .map((x) => x.article);
}

interface RankedGroup {
  readonly group: StoryGroup;
  readonly headline: string;
  readonly headlineFrom: Article | null;
  readonly articles: Article[];
  readonly quotes: StoryQuote[];
  readonly copies: readonly ExtractedArticle[];
  readonly latest: { ms: number; iso: string } | null;
  readonly score: number;
}

/** Most the quotes can add to a story's score (three key quotes, ten merged quotes). */
const QUOTE_SCORE_MAX = 0.3 * 3 + 0.1 * 10;

/**
 * The part of a story's importance that needs no reading of its text: distinct outlets, distinct
 * articles and recency (half-life `recencyHalfLifeHours` before `reference`; undated: half-recent).
 */
function groupBase(group: StoryGroup, reference: number | null, o: Required<StoryOptions>) {
  let latest: { ms: number; iso: string } | null = null;
  const outlets = new Set<string>();
  for (const a of group.articles) {
    for (const c of a.copies) {
      outlets.add(outletKey(c));
      const ms = articleTime(c.article);
      if (ms === null) continue;
      if (!latest || ms > latest.ms) latest = { ms, iso: c.article.publishedAt ?? c.article.date! };
    }
  }
  const recency =
    reference === null || latest === null
      ? 0.5
      : Math.pow(0.5, Math.max(0, reference - latest.ms) / 3_600_000 / o.recencyHalfLifeHours);
  return { latest, base: 2 * Math.log2(1 + outlets.size) + Math.log2(1 + group.articles.length) + 1.5 * recency };
}

/**
 * The cheap half of a story: its articles in order, headline, merged and chosen quotes, and its importance
 * from distinct outlets, distinct articles, quotes and recency (half-life `recencyHalfLifeHours`
 * before `reference`; undated stories count as half-recent).
 */
function rankGroup(group: StoryGroup, reference: number | null, o: Required<StoryOptions>): RankedGroup {
  const articles = orderArticles(group);
  const { headline, from: headlineFrom } = chooseHeadline(articles);
  const merged = mergeQuotes(withPeople(group, o.speakers));
  const quotes = chooseQuotes(merged, headline, o);
  const rank = new Map(articles.map((a, i) => [a.id, i]));
  const copies = group.articles
    .flatMap((a) => a.copies.map((c) => ({ c, rank: rank.get(a.item.article.id) ?? 0 })))
    .sort(
      (x, y) =>
        x.rank - y.rank ||
        compareStrings(x.c.article.id, y.c.article.id) ||
        Number(x.c.article.source.url === null) - Number(y.c.article.source.url === null) ||
        compareStrings(x.c.article.source.url ?? '', y.c.article.source.url ?? ''),
    )
    .map(({ c }) => c);

  const { latest, base } = groupBase(group, reference, o);
  const score =
    base +
    0.3 * Math.min(quotes.length, 3) +
    0.1 * Math.min(merged.length, 10);
  return { group, headline, headlineFrom, articles, quotes, copies, latest, score: Math.round(score * 1e6) / 1e6 };
}

/** The story's articles with each speaker named as one person across its outlets. */
function withPeople(group: StoryGroup, speakers: SpeakerDirectory): StoryGroup['articles'] {
  const resolved = resolveStorySpeakers(group.articles.map((a) => a.item), speakers);
  return group.articles.map((a, i) => (resolved[i] === a.item ? a : { ...a, item: resolved[i] as ExtractedArticle }));
}

/** The expensive half: summary and the source links. */
function finishStory(r: RankedGroup, o: Required<StoryOptions>): Story {
  const sources: StorySource[] = [];
  const seenUrls = new Set<string>();
  for (const c of r.copies) {
    const url = c.article.source.url;
    const key = url ?? `article:${c.article.id}`;
    if (seenUrls.has(key)) continue;
    seenUrls.add(key);
    const outlet = c.article.source.outlet?.trim() ? outletDisplayName(c.article.source.outlet) : null;
    sources.push({ articleId: c.article.id, title: c.article.title, url, outlet, sourceKey: outletKey(c) });
  }
  // The headline's own article leads the sources, so its link and its outlet go together.
  const from = r.headlineFrom;
  const lead = from ? sources.findIndex((s) => s.articleId === from.id && (s.url === from.source.url || from.source.url === null)) : -1;
  if (lead > 0) sources.unshift(...sources.splice(lead, 1));
  return {
    id: r.group.id,
    headline: r.headline,
    link: from?.source.url ?? null,
    summary: summarize(r.articles, r.quotes.map((q) => q.text), o.summary),
    quotes: r.quotes,
    sources,
    articleIds: r.group.articleIds,
    publishedAt: r.latest?.iso ?? null,
    score: r.score,
  };
}

/** Stories ranked by score (ties by id); only the first `limit` are completed. */
function rankedStories(items: readonly ExtractedArticle[], o: Required<StoryOptions>, limit: number): Story[] {
  let reference = o.now ? Date.parse(o.now) : Number.NaN;
  if (!Number.isFinite(reference)) {
    reference = -Infinity;
    for (const i of items) reference = Math.max(reference, articleTime(i.article) ?? -Infinity);
  }
  const ref = Number.isFinite(reference) ? reference : null;
  const groups = o.storyOf ? storedGroups(items, o.storyOf, o.cluster) : groupStories(items, o.cluster);
  // Headlines and quotes are read only for stories that can still make the cut: a story's score is
  // its base plus at most QUOTE_SCORE_MAX, so once `limit` stories beat a bound, the rest cannot.
  const bounded = groups
    .map((group) => ({ group, bound: groupBase(group, ref, o).base + QUOTE_SCORE_MAX + 1e-6 }))
    .sort((x, y) => y.bound - x.bound || compareStrings(x.group.id, y.group.id));
  const order = (x: RankedGroup, y: RankedGroup) => y.score - x.score || compareStrings(x.group.id, y.group.id);
  const ranked: RankedGroup[] = [];
  const keep = Math.max(0, limit);
  for (const { group, bound } of bounded) {
    if (ranked.length >= keep && keep !== Infinity) {
      ranked.sort(order);
      ranked.length = keep;
      if (keep === 0 || bound < ranked[keep - 1]!.score) break;
    }
    ranked.push(rankGroup(group, ref, o));
  }
  return ranked.sort(order).slice(0, keep).map((r) => finishStory(r, o));
}

/**
 * Builds the stories of a set of articles, most important first (ties by id). Articles that
 * report one event form one story; copies collapse; quotes merge across outlets.
 */
export function buildStories(items: readonly ExtractedArticle[], options: StoryOptions = {}): Story[] {
  return rankedStories(items, { ...STORY_DEFAULTS, ...options }, Infinity);
}

/** The instants [start, end) of calendar day `date` (YYYY-MM-DD) in `timeZone`. */
export function dayRange(date: string, timeZone: string): [number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return [zonedToInstant(year, month, day, 0, 0, timeZone), zonedToInstant(year, month, day + 1, 0, 0, timeZone)];
}

/**
 * Whether an article falls in [from, to). An exact time must lie inside; a date without a time
 * counts when its day (in `timeZone`) overlaps the window. With a bounded window, an article of
 * unknown date is left out; with no bounds, every article is in.
 */
export function inWindow(article: Article, window: { from: string | null; to: string | null }, timeZone: string): boolean {
  if (window.from === null && window.to === null) return true;
  const from = window.from === null ? -Infinity : Date.parse(window.from);
  const to = window.to === null ? Infinity : Date.parse(window.to);
  if (article.publishedAt) {
    const ms = Date.parse(article.publishedAt);
    if (Number.isFinite(ms)) return ms >= from && ms < to;
  }
  if (article.date) {
    const range = dayRange(article.date, timeZone);
    if (range) return range[0] < to && range[1] > from;
  }
  return false;
}

/** Options of `buildDigest`. */
export interface DigestOptions extends StoryOptions {
  /** IANA time zone the digest is written for. */
  readonly timeZone: string;
  /** [from, to) as ISO instants; null bounds mean all articles (the seed digest). */
  readonly window: { readonly from: string | null; readonly to: string | null };
  /** The date the digest is for (YYYY-MM-DD in `timeZone`), or null. */
  readonly date: string | null;
  /** Stories shown, best first. Default 10. */
  readonly maxStories?: number;
}

/**
 * The digest of a window: its best `maxStories` stories and totals over what it shows (stories,
 * distinct articles, distinct outlets — articles when the outlet is unknown — and quotes).
 * Recency is measured from the window's end when it has one. Deterministic for the same input.
 */
export function buildDigest(items: readonly ExtractedArticle[], options: DigestOptions): Digest {
  const { timeZone, window, date, maxStories = 10, ...storyOptions } = options;
  const inside = items.filter((i) => inWindow(i.article, window, timeZone));
  const now = storyOptions.now ?? window.to;
  const stories = rankedStories(inside, { ...STORY_DEFAULTS, ...storyOptions, now }, maxStories);
  return { window: { from: window.from, to: window.to }, timeZone, date, stories, stats: digestStats(stories) };
}

/**
 * Totals over what is shown: stories, distinct articles, distinct sources (`sourceKey`: articles of
 * unknown origin are one source) and the quotes shown, at most `quotesPerStory` per story. Called
 * again after any filter, so every figure always adds up to what the reader sees.
 */
export function digestStats(stories: readonly Story[], quotesPerStory = Infinity): DigestStats {
  const articles = new Set(stories.flatMap((s) => s.articleIds));
  const outlets = new Set(stories.flatMap((s) => s.sources.map((x) => x.sourceKey)));
  return {
    stories: stories.length,
    articles: articles.size,
    outlets: outlets.size,
    quotes: stories.reduce((n, s) => n + Math.min(quotesPerStory, s.quotes.length), 0),
  };
}
