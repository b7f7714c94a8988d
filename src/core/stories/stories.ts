/**
 * Story clustering: which articles report the same event, across outlets and in different words.
 *
 * 1. Exact copies (equal article id) and near-duplicates (MinHash over word 3-shingles, banded LSH,
 *    then an exact shingle-set check) collapse into one article.
 * 2. Different write-ups of one event are found through an inverted index over each article's
 *    most distinctive features (names, content words, quote shingles; features in more than a
 *    share of all articles are not indexed, and long posting lists pair only within date-ordered
 *    blocks, so candidate generation never compares all pairs). Candidates sharing two features
 *    are scored by TF-IDF cosine of their non-name words, boosted by shared names, plus a bonus
 *    for a shared quote — within a time window when both dates are known.
 * 3. Union-find joins linked articles, strongest links first, and refuses links that would chain
 *    two groups together (more than half of each side, up to three members, must link to the
 *    other), and keeps stories within a time span and a size cap.
 *
 * Everything is computed over the input sorted by article id, so the result does not depend on
 * input order. The stages live in cluster-options, story-docs, duplicate-collapse, story-links and
 * guarded-join; this module puts them together.
 */
import type { ExtractedArticle } from '../model/index.ts';
import { CLUSTER_DEFAULTS, type ClusterOptions } from './cluster-options.ts';
import { collapseDuplicates } from './duplicate-collapse.ts';
import { joinLinked } from './guarded-join.ts';
import { compareStrings } from '../text/index.ts';
import { buildDocs, readAll, type RawDoc } from './story-docs.ts';
import { candidateEdges } from './story-links.ts';

/** One article of a story with the copies of it that collapsed into it. */
export interface StoryArticle {
  /** The fullest copy: the one shown and summarised. */
  readonly item: ExtractedArticle;
  /** Every copy including `item`, by article id. */
  readonly copies: readonly ExtractedArticle[];
}

/** A cluster of articles reporting one event. */
export interface StoryGroup {
  /** The smallest article id in the cluster. */
  readonly id: string;
  /** Every distinct article id in the cluster, ascending. */
  readonly articleIds: readonly string[];
  /** Distinct articles after collapsing copies, in article-id order. */
  readonly articles: readonly StoryArticle[];
}

/** A total order on items that does not depend on input order: id, then source. */
function itemOrder(a: ExtractedArticle, b: ExtractedArticle): number {
  return (
    compareStrings(a.article.id, b.article.id) ||
    compareStrings(a.article.source.url ?? '', b.article.source.url ?? '') ||
    compareStrings(a.article.source.outlet ?? '', b.article.source.outlet ?? '') ||
    compareStrings(a.article.source.file ?? '', b.article.source.file ?? '') ||
    compareStrings(a.article.title ?? '', b.article.title ?? '')
  );
}

/** Reads the sorted items, collapses copies and builds one doc per distinct article. */
function distinctDocs(sorted: readonly ExtractedArticle[], o: Required<ClusterOptions>) {
  const { vocab, raws } = readAll(sorted, o);
  const repOf = collapseDuplicates(sorted, raws, o);
  const repIndexes = [...new Set(repOf)].sort((a, b) => a - b);
  const rawOf = (i: number): RawDoc => {
    let j = i;
    while (!raws[j]) j--; // a repeated id reads as the first item with that id
    return raws[j]!;
  };
  const reps: (RawDoc | null)[] = repIndexes.map(rawOf);
  raws.fill(null); // buildDocs lets each raw pass go as it goes
  return { repOf, repIndexes, docs: buildDocs(reps, vocab, o) };
}

/**
 * Clusters articles into stories, copies collapsed. Deterministic and independent of input
 * order; groups come sorted by id, articles inside a group by article id.
 */
export function groupStories(items: readonly ExtractedArticle[], options: ClusterOptions = {}): StoryGroup[] {
  const o = { ...CLUSTER_DEFAULTS, ...options };
  const sorted = [...items].sort(itemOrder);
  const { repOf, repIndexes, docs } = distinctDocs(sorted, o);
  const docIndexOfRep = new Map(repIndexes.map((r, i) => [r, i]));
  const uf = joinLinked(docs, candidateEdges(docs, o), o);

  const byRoot = new Map<number, { reps: Map<number, ExtractedArticle[]> }>();
  sorted.forEach((item, i) => {
    const rep = repOf[i]!;
    const root = uf.find(docIndexOfRep.get(rep)!);
    let group = byRoot.get(root);
    if (!group) byRoot.set(root, (group = { reps: new Map() }));
    const copies = group.reps.get(rep);
    if (copies) copies.push(item);
    else group.reps.set(rep, [item]);
  });
  const groups: StoryGroup[] = [];
  for (const { reps } of byRoot.values()) {
    const articles = [...reps]
      .sort((x, y) => x[0] - y[0])
      .map(([rep, copies]) => ({ item: sorted[rep]!, copies }));
    const articleIds = [...new Set(articles.flatMap((a) => a.copies.map((c) => c.article.id)))].sort(compareStrings);
    groups.push({ id: articleIds[0]!, articleIds, articles });
  }
  return groups.sort((x, y) => compareStrings(x.id, y.id));
}

/**
 * Stories as the store already decided them: articles grouped by `storyOf` (exact copies collapse),
 * and only the articles without a story yet clustered among themselves. A digest over stored
 * stories costs little more than reading them.
 */
export function storedGroups(
  items: readonly ExtractedArticle[],
  storyOf: (articleId: string) => string | null,
  options: ClusterOptions = {},
): StoryGroup[] {
  const byStory = new Map<string, ExtractedArticle[]>();
  const loose: ExtractedArticle[] = [];
  for (const item of items) {
    const id = storyOf(item.article.id);
    if (id === null) loose.push(item);
    else {
      const list = byStory.get(id);
      if (list) list.push(item);
      else byStory.set(id, [item]);
    }
  }
  const groups: StoryGroup[] = [];
  for (const [id, members] of byStory) {
    // One story by decision of the store. Copies of one text share its id (a hash of the body) and
    // collapse; near-copies with extra furniture stay separate articles (no text is read here).
    const sorted = [...members].sort(itemOrder);
    const articles: StoryArticle[] = [];
    for (const item of sorted) {
      const last = articles.at(-1);
      if (last && last.item.article.id === item.article.id) (last.copies as ExtractedArticle[]).push(item);
      else articles.push({ item, copies: [item] });
    }
    groups.push({ id, articleIds: articles.map((a) => a.item.article.id), articles });
  }
  // A story id is never shared with a group of loose articles.
  for (const g of groupStories(loose, options)) groups.push(byStory.has(g.id) ? { ...g, id: `${g.id}~` } : g);
  return groups.sort((x, y) => compareStrings(x.id, y.id));
}

/**
 * Assigns every article to a story: `id` is the smallest article id of the story, `articleIds`
 * its distinct article ids ascending. The result is a partition of the distinct input ids.
 */
export function clusterStories(
  items: readonly ExtractedArticle[],
  options?: ClusterOptions,
): { id: string; articleIds: string[] }[] {
  return groupStories(items, options).map((g) => ({ id: g.id, articleIds: [...g.articleIds] }));
}
