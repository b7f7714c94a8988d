/**
 * Incremental story assignment: the articles of a recent window, indexed once, and each new article
 * assigned to a story when it arrives — so a poll costs in proportion to the articles it brings, not
 * to the window. The same reading, features, link score and chaining guard as `groupStories`; the
 * difference is order: an article joins the stories that exist when it arrives (stories never merge
 * afterwards). Pure: no I/O and no clock; the caller says what is new and what to forget.
 */
import type { ExtractedArticle } from '../model/index.ts';
import { CLUSTER_DEFAULTS, type ClusterOptions } from './cluster-options.ts';
import { setOverlap, shingleSet, wordTokens } from './similarity.ts';
import { countFeatures, createReader, docOf, Vocabulary, type Doc, type RawDoc } from './story-docs.ts';
import { scoreLink } from './story-links.ts';

/** An article to index, with the story it already belongs to (null: decide one). */
export interface IndexedArticle {
  readonly item: ExtractedArticle;
  readonly storyId: string | null;
}

/** Where an article went. */
export interface StoryAssignmentResult {
  readonly articleId: string;
  readonly storyId: string;
  /** True when this call chose the story, or moved the article when two stories merged (false: it was known). */
  readonly decided: boolean;
}

interface Entry {
  readonly raw: RawDoc;
  readonly doc: Doc;
  storyId: string;
  live: boolean;
}

interface StoryState {
  /** Entry indexes of its live members. */
  readonly entries: number[];
  members: number;
  first: number | null;
  last: number | null;
}

const DUPLICATE_BANDS_NEEDED = 1;

/** Creates an empty index; `options` are the clustering's (same defaults). */
export function createStoryIndex(options: ClusterOptions = {}) {
  const o = { ...CLUSTER_DEFAULTS, ...options };
  const vocab = new Vocabulary();
  const reader = createReader(o, vocab);
  let entries: Entry[] = [];
  const byArticle = new Map<string, number>();
  const postings = new Map<number, number[]>();
  const bandIndex = new Map<number, number[]>();
  const stories = new Map<string, StoryState>();
  let live = 0;

  const post = (map: Map<number, number[]>, key: number, at: number) => {
    const list = map.get(key);
    if (list) list.push(at);
    else map.set(key, [at]);
  };
  const maxDf = () => Math.max(o.maxPosting, Math.ceil(o.maxFeatureShare * live));
  const featuresOf = (r: RawDoc): Iterable<number> => [...r.words.ids, ...r.names.ids, ...r.quoteShingles, ...r.factIds];

  const join = (storyId: string, day: number | null, at: number) => {
    let s = stories.get(storyId);
    if (!s) stories.set(storyId, (s = { entries: [], members: 0, first: null, last: null }));
    s.entries.push(at);
    s.members++;
    if (day !== null) {
      s.first = s.first === null ? day : Math.min(s.first, day);
      s.last = s.last === null ? day : Math.max(s.last, day);
    }
  };

  /** The live entry this raw doc is a copy of (near-duplicate body), or -1. */
  const copyOf = (raw: RawDoc): number => {
    if (!raw.bands) return -1;
    const hits = new Map<number, number>();
    for (const key of raw.bands) for (const at of bandIndex.get(key) ?? []) if (entries[at]!.live) hits.set(at, (hits.get(at) ?? 0) + 1);
    if (hits.size === 0) return -1;
    const mine = shingleSet(bodyTokens(raw.item), 3);
    for (const [at, n] of [...hits].sort((x, y) => y[1] - x[1] || x[0] - y[0])) {
      if (n < DUPLICATE_BANDS_NEEDED) continue;
      const { jaccard, containment } = setOverlap(mine, shingleSet(bodyTokens(entries[at]!.raw.item), 3));
      if (jaccard >= o.duplicateJaccard || containment >= o.duplicateContainment) return at;
    }
    return -1;
  };

  /** The stories a new doc may join (the chaining guard of `joinLinked`), best first. */
  const chooseStory = (doc: Doc): string[] => {
    const shared = new Map<number, number>();
    const limit = Math.max(2, o.maxPosting) * 2;
    for (const f of doc.index_features) {
      const list = postings.get(f);
      if (!list || list.length > maxDf() * 2) continue;
      const weight = doc.quoteFeatures.has(f) ? 2 : 1;
      // Long lists: the most recent articles, where a new article's event is.
      for (let i = Math.max(0, list.length - limit); i < list.length; i++) {
        const at = list[i]!;
        if (entries[at]!.live) shared.set(at, (shared.get(at) ?? 0) + weight);
      }
    }
    const perStory = new Map<string, { links: number; best: number }>();
    for (const [at, count] of shared) {
      if (count < 2) continue;
      const other = entries[at]!;
      const link = scoreLink(doc, other.doc, o);
      if (!link) continue;
      const p = perStory.get(other.storyId) ?? { links: 0, best: 0 };
      p.links++;
      p.best = Math.max(p.best, link.score);
      perStory.set(other.storyId, p);
    }
    const eligible: { storyId: string; links: number; best: number }[] = [];
    for (const [storyId, p] of perStory) {
      const s = stories.get(storyId)!;
      if (p.links < needed(s.members) || s.members + 1 > o.maxClusterSize) continue;
      if (doc.day !== null && s.first !== null && Math.max(s.last!, doc.day) - Math.min(s.first, doc.day) > o.maxSpanDays) continue;
      eligible.push({ storyId, ...p });
    }
    return eligible.sort((x, y) => y.links - x.links || y.best - x.best || (x.storyId < y.storyId ? -1 : 1)).map((e) => e.storyId);
  };

  // Members of a side that must link to the other side: more than half, at most maxLinksNeeded.
  const needed = (members: number) => (members === 1 ? 1 : Math.min(o.maxLinksNeeded, Math.floor(o.linkFraction * members) + 1));

  /** Whether enough members of `a` link to `b` and of `b` to `a` (the chaining guard between two stories). */
  const backedBothWays = (a: StoryState, b: StoryState): boolean => {
    const live = (x: StoryState) => x.entries.filter((at) => entries[at]!.live).slice(-10);
    const [ma, mb] = [live(a), live(b)];
    const linkedA = new Set<number>();
    const linkedB = new Set<number>();
    for (const x of ma) {
      for (const y of mb) {
        if (linkedA.has(x) && linkedB.has(y)) continue;
        if (scoreLink(entries[x]!.doc, entries[y]!.doc, o) === null) continue;
        linkedA.add(x);
        linkedB.add(y);
      }
    }
    return linkedA.size >= needed(a.members) && linkedB.size >= needed(b.members);
  };

  /**
   * The story a new doc joins, or null for a new one. When it reaches two stories that also link to
   * each other well enough (the guard of `joinLinked`), they were one event all along: the newer
   * merges into the older, and its articles are reported as moved.
   */
  const place = (doc: Doc, moved: StoryAssignmentResult[]): string | null => {
    const [first, ...others] = chooseStory(doc);
    if (first === undefined) return null;
    let target = first;
    for (const other of others) {
      const [a, b] = [stories.get(target)!, stories.get(other)!];
      if (a.members + b.members + 1 > o.maxClusterSize) continue;
      const span = [a.first, a.last, b.first, b.last, doc.day].filter((d): d is number => d !== null);
      if (span.length > 0 && Math.max(...span) - Math.min(...span) > o.maxSpanDays) continue;
      if (!backedBothWays(a, b)) continue;
      // The older story keeps its id.
      const older = (b.first ?? Infinity) < (a.first ?? Infinity) || ((b.first ?? Infinity) === (a.first ?? Infinity) && other < target);
      const [keep, gone] = older ? [other, target] : [target, other];
      const from = stories.get(gone)!;
      for (const at of from.entries) {
        const e = entries[at]!;
        if (!e.live) continue;
        e.storyId = keep;
        moved.push({ articleId: e.raw.item.article.id, storyId: keep, decided: true });
        join(keep, e.doc.day, at);
      }
      stories.delete(gone);
      target = keep;
    }
    return target;
  };

  /** A story id not in use: the article's own id, suffixed when taken. */
  const freshStoryId = (articleId: string): string => {
    if (!stories.has(articleId)) return articleId;
    for (let n = 2; ; n++) if (!stories.has(`${articleId}-${n}`)) return `${articleId}-${n}`;
  };

  const index = (e: Entry, at: number) => {
    byArticle.set(e.raw.item.article.id, at);
    for (const f of featuresOf(e.raw)) post(postings, f, at);
    if (e.raw.bands) for (const key of e.raw.bands) post(bandIndex, key, at);
  };
  const compact = () => {
    entries = entries.filter((e) => e.live);
    byArticle.clear();
    postings.clear();
    bandIndex.clear();
    for (const st of stories.values()) st.entries.length = 0;
    entries.forEach((e, at) => {
      index(e, at);
      stories.get(e.storyId)?.entries.push(at);
    });
  };

  return {
    /**
     * Indexes articles (known ones first, then in time order) and returns where each went: a known story is kept, an article
     * already indexed keeps its story, a copy of an indexed article joins its story, any other joins
     * the story it links to (see `groupStories`) or starts one named after its article id.
     */
    add(articles: readonly IndexedArticle[]): StoryAssignmentResult[] {
      // Known stories first (a new article may join any of them), then the new articles oldest first.
      const ordered = [...articles].sort(
        (x, y) =>
          Number(x.storyId === null) - Number(y.storyId === null) ||
          (timeOf(x.item) ?? Infinity) - (timeOf(y.item) ?? Infinity) ||
          (x.item.article.id < y.item.article.id ? -1 : 1),
      );
      const out: StoryAssignmentResult[] = [];
      for (const { item, storyId } of ordered) {
        const id = item.article.id;
        const seen = byArticle.get(id);
        if (seen !== undefined) {
          out.push({ articleId: id, storyId: entries[seen]!.storyId, decided: false });
          continue;
        }
        const raw = reader.read(item);
        countFeatures(raw, vocab.df);
        live++;
        const max = maxDf();
        const doc = docOf(raw, entries.length, vocab.df, live, o, (f) => vocab.df[f]! >= 2 && vocab.df[f]! <= max);
        let story = storyId;
        if (story === null) {
          const copy = copyOf(raw);
          story = copy >= 0 ? entries[copy]!.storyId : (place(doc, out) ?? freshStoryId(id));
        }
        const entry = { raw, doc, storyId: story, live: true };
        const at = entries.length;
        index(entry, at);
        entries.push(entry);
        join(story, doc.day, at);
        out.push({ articleId: id, storyId: story, decided: storyId === null });
      }
      return out;
    },
    /** Forgets articles published before `ms` (they can no longer join anything new). */
    evictBefore(ms: number): number {
      let evicted = 0;
      entries.forEach((e) => {
        const t = timeOf(e.raw.item);
        if (!e.live || t === null || t >= ms) return;
        e.live = false;
        live--;
        evicted++;
        countFeatures(e.raw, vocab.df, -1);
        const s = stories.get(e.storyId);
        if (s && --s.members === 0) stories.delete(e.storyId);
      });
      // Once most entries are gone, rebuild the lists without them: a long-running process stays bounded.
      if (entries.length > 2 * live + 64) compact();
      return evicted;
    },
    /** The indexed (not evicted) articles of a story, in arrival order. */
    membersOf(storyId: string): ExtractedArticle[] {
      return (stories.get(storyId)?.entries ?? []).map((at) => entries[at]!).filter((e) => e.live && e.storyId === storyId).map((e) => e.raw.item);
    },
    /** Articles indexed and not evicted. */
    get size(): number {
      return live;
    },
  };
}

/** An indexed window of articles; see `createStoryIndex`. */
export type StoryIndex = ReturnType<typeof createStoryIndex>;

function timeOf(item: ExtractedArticle): number | null {
  const { publishedAt, date } = item.article;
  const ms = Date.parse(publishedAt ?? (date ? `${date}T12:00:00Z` : ''));
  return Number.isFinite(ms) ? ms : null;
}

function bodyTokens(item: ExtractedArticle): string[] {
  return item.article.paragraphs.flatMap((p) => wordTokens(p));
}
