/**
 * Incremental story assignment: the articles of a recent window, indexed once, and each new article
 * assigned to a story when it arrives — so a poll costs in proportion to the articles it brings, not
 * to the window. The same reading, features, link score and chaining guard as `groupStories`; the
 * difference is order: an article joins the stories that exist when it arrives (stories never merge
 * afterwards). Pure: no I/O and no clock; the caller says what is new and what to forget.
 */
import type { ExtractedArticle } from '../model/index.ts';
import { CLUSTER_DEFAULTS, type ClusterOptions } from './cluster-options.ts';
import { countFeatures, createReader, docOf, Vocabulary } from './story-docs.ts';
import { copyOf, place, type StoryAssignmentResult } from './story-placement.ts';
import { StoryWindow } from './story-window.ts';

export type { StoryAssignmentResult } from './story-placement.ts';

/** An article to index, with the story it already belongs to (null: decide one). */
export interface IndexedArticle {
  readonly item: ExtractedArticle;
  readonly storyId: string | null;
}

/** Known stories first (a new article may join any of them), then the new articles oldest first. */
function arrivalOrder(x: IndexedArticle, y: IndexedArticle): number {
  return (
    Number(x.storyId === null) - Number(y.storyId === null) ||
    (timeOf(x.item) ?? Infinity) - (timeOf(y.item) ?? Infinity) ||
    (x.item.article.id < y.item.article.id ? -1 : 1)
  );
}

/** Creates an empty index; `options` are the clustering's (same defaults). */
export function createStoryIndex(options: ClusterOptions = {}) {
  const o = { ...CLUSTER_DEFAULTS, ...options };
  const vocab = new Vocabulary();
  const reader = createReader(o, vocab);
  const w = new StoryWindow(o);

  /** Indexes one article not seen before and returns the story it joins (`moved`: articles of merged stories). */
  const addNew = (item: ExtractedArticle, storyId: string | null, moved: StoryAssignmentResult[]): string => {
    const raw = reader.read(item);
    countFeatures(raw, vocab.df);
    w.live++;
    const max = w.maxDf();
    const doc = docOf(raw, w.entries.length, vocab.df, w.live, o, (f) => vocab.df[f]! >= 2 && vocab.df[f]! <= max);
    let story = storyId;
    if (story === null) {
      const copy = copyOf(w, raw);
      story = copy >= 0 ? w.entries[copy]!.storyId : (place(w, doc, moved) ?? w.freshStoryId(item.article.id));
    }
    const at = w.push({ raw, doc, storyId: story, live: true });
    w.join(story, doc.day, at);
    return story;
  };

  return {
    /**
     * Indexes articles (known ones first, then in time order) and returns where each went: a known story is kept, an article
     * already indexed keeps its story, a copy of an indexed article joins its story, any other joins
     * the story it links to (see `groupStories`) or starts one named after its article id.
     */
    add(articles: readonly IndexedArticle[]): StoryAssignmentResult[] {
      const out: StoryAssignmentResult[] = [];
      for (const { item, storyId } of [...articles].sort(arrivalOrder)) {
        const id = item.article.id;
        const seen = w.byArticle.get(id);
        if (seen !== undefined) out.push({ articleId: id, storyId: w.entries[seen]!.storyId, decided: false });
        else {
          const story = addNew(item, storyId, out);
          out.push({ articleId: id, storyId: story, decided: storyId === null });
        }
      }
      return out;
    },
    /** Forgets articles published before `ms` (they can no longer join anything new). */
    evictBefore(ms: number): number {
      let evicted = 0;
      w.entries.forEach((e) => {
        const t = timeOf(e.raw.item);
        if (!e.live || t === null || t >= ms) return;
        e.live = false;
        w.live--;
        evicted++;
        countFeatures(e.raw, vocab.df, -1);
        const s = w.stories.get(e.storyId);
        if (s && --s.members === 0) w.stories.delete(e.storyId);
      });
      // Once most entries are gone, rebuild the lists without them: a long-running process stays bounded.
      if (w.entries.length > 2 * w.live + 64) w.compact();
      return evicted;
    },
    /** The indexed (not evicted) articles of a story, in arrival order. */
    membersOf(storyId: string): ExtractedArticle[] {
      return (w.stories.get(storyId)?.entries ?? []).map((at) => w.entries[at]!).filter((e) => e.live && e.storyId === storyId).map((e) => e.raw.item);
    },
    /** Articles indexed and not evicted. */
    get size(): number {
      return w.live;
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
