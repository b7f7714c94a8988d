/**
 * Where a new article goes in a story index: into the story of an indexed article it copies, else
 * into the stories it links to under the chaining guard of `joinLinked` (enough members linked, size
 * cap, time span). When it reaches two stories that also link to each other well enough, they were
 * one event all along and merge.
 */
import { wordTokens } from '../text/index.ts';
import type { ExtractedArticle } from '../model/index.ts';
import { setOverlap, shingleSet } from './similarity.ts';
import type { Doc, RawDoc } from './story-docs.ts';
import { scoreLink } from './story-links.ts';
import type { StoryState, StoryWindow } from './story-window.ts';

/** Where an article went. */
export interface StoryAssignmentResult {
  readonly articleId: string;
  readonly storyId: string;
  /** True when this call chose the story, or moved the article when two stories merged (false: it was known). */
  readonly decided: boolean;
}

const DUPLICATE_BANDS_NEEDED = 1;

function bodyTokens(item: ExtractedArticle): string[] {
  return item.article.paragraphs.flatMap((p) => wordTokens(p));
}

/** The live entry this raw doc is a copy of (near-duplicate body), or -1. */
export function copyOf(w: StoryWindow, raw: RawDoc): number {
  if (!raw.bands) return -1;
  const hits = new Map<number, number>();
  for (const key of raw.bands) for (const at of w.bandIndex.get(key) ?? []) if (w.entries[at]!.live) hits.set(at, (hits.get(at) ?? 0) + 1);
  if (hits.size === 0) return -1;
  const mine = shingleSet(bodyTokens(raw.item), 3);
  for (const [at, n] of [...hits].sort((x, y) => y[1] - x[1] || x[0] - y[0])) {
    if (n < DUPLICATE_BANDS_NEEDED) continue;
    const { jaccard, containment } = setOverlap(mine, shingleSet(bodyTokens(w.entries[at]!.raw.item), 3));
    if (jaccard >= w.o.duplicateJaccard || containment >= w.o.duplicateContainment) return at;
  }
  return -1;
}

/** Members of a side that must link to the other side: more than half, at most maxLinksNeeded. */
function needed(w: StoryWindow, members: number): number {
  return members === 1 ? 1 : Math.min(w.o.maxLinksNeeded, Math.floor(w.o.linkFraction * members) + 1);
}

/** Live entries sharing at least two distinctive features with `doc` (quote features count twice). */
function sharedFeatures(w: StoryWindow, doc: Doc): Map<number, number> {
  const shared = new Map<number, number>();
  const limit = Math.max(2, w.o.maxPosting) * 2;
  for (const f of doc.index_features) {
    const list = w.postings.get(f);
    if (!list || list.length > w.maxDf() * 2) continue;
    const weight = doc.quoteFeatures.has(f) ? 2 : 1;
    // Long lists: the most recent articles, where a new article's event is.
    for (let i = Math.max(0, list.length - limit); i < list.length; i++) {
      const at = list[i]!;
      if (w.entries[at]!.live) shared.set(at, (shared.get(at) ?? 0) + weight);
    }
  }
  return shared;
}

/** The stories a new doc may join (the chaining guard of `joinLinked`), best first. */
function chooseStory(w: StoryWindow, doc: Doc): string[] {
  const perStory = new Map<string, { links: number; best: number }>();
  for (const [at, count] of sharedFeatures(w, doc)) {
    if (count < 2) continue;
    const other = w.entries[at]!;
    const link = scoreLink(doc, other.doc, w.o);
    if (!link) continue;
    const p = perStory.get(other.storyId) ?? { links: 0, best: 0 };
    p.links++;
    p.best = Math.max(p.best, link.score);
    perStory.set(other.storyId, p);
  }
  const eligible: { storyId: string; links: number; best: number }[] = [];
  for (const [storyId, p] of perStory) {
    const s = w.stories.get(storyId)!;
    if (p.links < needed(w, s.members) || s.members + 1 > w.o.maxClusterSize) continue;
    if (doc.day !== null && s.first !== null && Math.max(s.last!, doc.day) - Math.min(s.first, doc.day) > w.o.maxSpanDays) continue;
    eligible.push({ storyId, ...p });
  }
  return eligible.sort((x, y) => y.links - x.links || y.best - x.best || (x.storyId < y.storyId ? -1 : 1)).map((e) => e.storyId);
}

/** Whether enough members of `a` link to `b` and of `b` to `a` (the chaining guard between two stories). */
function backedBothWays(w: StoryWindow, a: StoryState, b: StoryState): boolean {
  const live = (x: StoryState) => x.entries.filter((at) => w.entries[at]!.live).slice(-10);
  const [ma, mb] = [live(a), live(b)];
  const linkedA = new Set<number>();
  const linkedB = new Set<number>();
  for (const x of ma) {
    for (const y of mb) {
      if (linkedA.has(x) && linkedB.has(y)) continue;
      if (scoreLink(w.entries[x]!.doc, w.entries[y]!.doc, w.o) === null) continue;
      linkedA.add(x);
      linkedB.add(y);
    }
  }
  return linkedA.size >= needed(w, a.members) && linkedB.size >= needed(w, b.members);
}

/** Whether stories `a` and `b`, with a new article of `day`, may become one (size cap, time span, links both ways). */
function mayMerge(w: StoryWindow, a: StoryState, b: StoryState, day: number | null): boolean {
  if (a.members + b.members + 1 > w.o.maxClusterSize) return false;
  const span = [a.first, a.last, b.first, b.last, day].filter((d): d is number => d !== null);
  if (span.length > 0 && Math.max(...span) - Math.min(...span) > w.o.maxSpanDays) return false;
  return backedBothWays(w, a, b);
}

/** Moves the live members of story `gone` into `keep`, reporting each as moved. */
function mergeInto(w: StoryWindow, keep: string, gone: string, moved: StoryAssignmentResult[]): void {
  for (const at of w.stories.get(gone)!.entries) {
    const e = w.entries[at]!;
    if (!e.live) continue;
    e.storyId = keep;
    moved.push({ articleId: e.raw.item.article.id, storyId: keep, decided: true });
    w.join(keep, e.doc.day, at);
  }
  w.stories.delete(gone);
}

/**
 * The story a new doc joins, or null for a new one. When it reaches two stories that also link to
 * each other well enough (the guard of `joinLinked`), they were one event all along: the newer
 * merges into the older, and its articles are reported as moved.
 */
export function place(w: StoryWindow, doc: Doc, moved: StoryAssignmentResult[]): string | null {
  const [first, ...others] = chooseStory(w, doc);
  if (first === undefined) return null;
  let target = first;
  for (const other of others) {
    const [a, b] = [w.stories.get(target)!, w.stories.get(other)!];
    if (!mayMerge(w, a, b, doc.day)) continue;
    // The older story keeps its id.
    const older = (b.first ?? Infinity) < (a.first ?? Infinity) || ((b.first ?? Infinity) === (a.first ?? Infinity) && other < target);
    const [keep, gone] = older ? [other, target] : [target, other];
    mergeInto(w, keep, gone, moved);
    target = keep;
  }
  return target;
}
