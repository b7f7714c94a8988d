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
 * input order.
 */
import type { ExtractedArticle, Quote, StoryQuote } from './types.ts';
import {
  UnionFind,
  bandKeys,
  cosine,
  createMinHasher,
  hash32,
  lshCandidatePairs,
  setOverlap,
  shingleSet,
  sparseVectorOf,
  wordTokens,
  type SparseVector,
} from './similarity.ts';
import {
  articleText,
  compatibleSpeakers,
  contentStem,
  dayNumber,
  entities,
  latestMentionedDay,
  nameKey,
  quoteContained,
  quoteKeys,
  type QuoteKey,
} from './story-features.ts';

/** Tuning of story clustering; every field has a written default in `CLUSTER_DEFAULTS`. */
export interface ClusterOptions {
  /** Articles whose dates are further apart than this many days never share a story. Default 3. */
  readonly windowDays?: number;
  /** Largest span (first to last article, in days) a story may cover. Default 7. */
  readonly maxSpanDays?: number;
  /** Link score (cosine + name and quote bonuses) at which two articles report one event. Default 0.19. */
  readonly linkThreshold?: number;
  /** Exact shingle Jaccard at which two texts are copies of one article. Default 0.6. */
  readonly duplicateJaccard?: number;
  /** Exact shingle containment (shared / smaller) at which two texts are copies. Default 0.85. */
  readonly duplicateContainment?: number;
  /** MinHash permutations. Default 128. */
  readonly permutations?: number;
  /** LSH bands (permutations / bands rows each). Default 32. */
  readonly bands?: number;
  /** Distinctive features per article used to find candidate pairs. Default 16. */
  readonly indexFeatures?: number;
  /**
   * Longest posting list paired all-against-all. Longer lists (a story many outlets cover) are
   * ordered by date and cut into overlapping blocks of this size, so work stays linear. Default 80.
   */
  readonly maxPosting?: number;
  /** Features found in more than this share of the articles are too common to index. Default 0.05. */
  readonly maxFeatureShare?: number;
  /**
   * IDF is computed as if the corpus had at least this many articles: in a run over two or three
   * files every shared word would otherwise weigh almost nothing. Default 10.
   */
  readonly minCorpus?: number;
  /**
   * More than this share of the members of each of two groups must link to the other group
   * before they join (guards against chaining two stories through one bridging article). Default 0.5.
   */
  readonly linkFraction?: number;
  /** …but never more than this many linked members per side. Default 3. */
  readonly maxLinksNeeded?: number;
  /** No story grows beyond this many distinct articles. Default 1000. */
  readonly maxClusterSize?: number;
}

export const CLUSTER_DEFAULTS = {
  windowDays: 3,
  maxSpanDays: 7,
  linkThreshold: 0.19,
  duplicateJaccard: 0.6,
  duplicateContainment: 0.85,
  permutations: 128,
  bands: 32,
  indexFeatures: 16,
  maxPosting: 80,
  maxFeatureShare: 0.05,
  minCorpus: 10,
  linkFraction: 0.5,
  maxLinksNeeded: 3,
  maxClusterSize: 1000,
} satisfies Required<ClusterOptions>;

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

interface Doc {
  readonly index: number;
  readonly day: number | null;
  /** For an undated article, the latest date its text mentions: it was written no earlier. */
  readonly notBefore: number | null;
  /** TF-IDF of content words that are not names: what happened. */
  readonly topic: SparseVector;
  /** TF-IDF of names: who and where. */
  readonly names: SparseVector;
  readonly quotes: QuoteKey[];
  /** Features the inverted index finds candidates by: distinctive words and names, quote shingles. */
  readonly index_features: number[];
  readonly quoteFeatures: ReadonlySet<number>;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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

/**
 * Groups items into distinct articles: equal ids and near-duplicate texts collapse. `raws[i]` is
 * the text pass of `sorted[i]` (null for a repeat of the previous item's id). Returns, per item,
 * the index of its representative (see `representative`).
 */
function collapseDuplicates(
  sorted: readonly ExtractedArticle[],
  raws: readonly (RawDoc | null)[],
  o: Required<ClusterOptions>,
): Int32Array {
  const n = sorted.length;
  const uf = new UnionFind(n);
  const lengths = new Int32Array(n);
  const uniques: number[] = [];
  const keys: Uint32Array[] = [];
  for (let i = 0; i < n; i++) {
    const raw = raws[i];
    if (!raw) {
      uf.union(i - 1, i);
      lengths[i] = lengths[i - 1]!;
      continue;
    }
    lengths[i] = raw.length;
    if (raw.bands) {
      uniques.push(i);
      keys.push(raw.bands);
    }
  }
  // Shingle sets are rebuilt only for the few LSH candidates: keeping all of them costs memory.
  const sets = new Map<number, Uint32Array>();
  const setOf = (u: number) => {
    let set = sets.get(u);
    if (!set) sets.set(u, (set = shingleSet(bodyTokens(sorted[uniques[u]!]!), 3)));
    return set;
  };
  for (const [a, b] of lshCandidatePairs(keys, o.bands)) {
    const { jaccard, containment } = setOverlap(setOf(a), setOf(b));
    if (jaccard >= o.duplicateJaccard || containment >= o.duplicateContainment) uf.union(uniques[a]!, uniques[b]!);
  }

  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = uf.find(i);
    const list = members.get(root);
    if (list) list.push(i);
    else members.set(root, [i]);
  }
  const best = new Map<number, number>();
  for (const [root, list] of members) best.set(root, representative(sorted, list, lengths));
  return Int32Array.from({ length: n }, (_, i) => best.get(uf.find(i))!);
}

/** The body's words in order (what near-duplicate shingles are made of; the headline is not). */
function bodyTokens(item: ExtractedArticle): string[] {
  return item.article.paragraphs.flatMap((p) => wordTokens(p));
}

/**
 * The copy that stands for its duplicates: the one whose paragraphs the other copies confirm —
 * words in paragraphs other copies also have, minus words only it has (furniture a re-scrape
 * picked up, a syndicator's "Baca Juga" lines); ties go to the longer text, then to input order.
 */
function representative(sorted: readonly ExtractedArticle[], list: readonly number[], lengths: Int32Array): number {
  if (list.length === 1) return list[0]!;
  const keysOf = list.map((i) => sorted[i]!.article.paragraphs.map((p) => wordTokens(p)).map((t) => ({ key: t.join(' '), words: t.length })));
  const support = new Map<string, number>();
  keysOf.forEach((keys) => new Set(keys.map((k) => k.key)).forEach((k) => support.set(k, (support.get(k) ?? 0) + 1)));
  let bestIndex = list[0]!;
  let bestScore = -Infinity;
  list.forEach((i, x) => {
    let score = 0;
    for (const { key, words } of keysOf[x]!) score += (support.get(key) ?? 0) > 1 ? words : -words;
    if (score > bestScore || (score === bestScore && lengths[i]! > lengths[bestIndex]!)) {
      bestScore = score;
      bestIndex = i;
    }
  });
  return bestIndex;
}

/** Interns features into dense ids, one namespace per kind, and counts document frequency. */
class Vocabulary {
  private readonly words = new Map<string, number>();
  private readonly names = new Map<string, number>();
  private readonly quotes = new Map<number, number>();
  df = new Int32Array(1024);
  size = 0;
  private next(): number {
    if (this.size === this.df.length) {
      const grown = new Int32Array(this.df.length * 2);
      grown.set(this.df);
      this.df = grown;
    }
    return this.size++;
  }
  word(stem: string): number {
    let id = this.words.get(stem);
    if (id === undefined) this.words.set(stem, (id = this.next()));
    return id;
  }
  name(key: string): number {
    let id = this.names.get(key);
    if (id === undefined) this.names.set(key, (id = this.next()));
    return id;
  }
  quote(hash: number): number {
    let id = this.quotes.get(hash);
    if (id === undefined) this.quotes.set(hash, (id = this.next()));
    return id;
  }
}

/** Term counts of one doc as parallel arrays (compact: a corpus keeps 100,000 of them). */
interface TermCounts {
  readonly ids: Int32Array;
  readonly counts: Float32Array;
}

/** What one pass over an article's text gives: its near-duplicate signature and term counts. */
interface RawDoc {
  readonly item: ExtractedArticle;
  /** Words in the body. */
  readonly length: number;
  /** LSH band keys of the body's shingles; null for an empty body. */
  readonly bands: Uint32Array | null;
  readonly words: TermCounts;
  readonly names: TermCounts;
  readonly quotes: QuoteKey[];
  readonly quoteShingles: Int32Array;
}

const compact = (tf: Map<number, number>): TermCounts => ({
  ids: Int32Array.from(tf.keys()),
  counts: Float32Array.from(tf.values()),
});

/**
 * Reads articles once each: tokens feed both the MinHash signature and the topic counts, so the
 * text is tokenised a single time. Holds the vocabulary shared by all articles of a run.
 */
function createReader(o: Required<ClusterOptions>) {
  const vocab = new Vocabulary();
  const hasher = createMinHasher(o.permutations);
  // Token -> word id (-1: no topic), so each distinct token is stemmed and interned once.
  const tokenIds = new Map<string, number>();
  const words = new Map<number, number>();
  const names = new Map<number, number>();
  const count = (tokens: readonly string[], exclude: ReadonlySet<string>, weight: number) => {
    for (const t of tokens) {
      if (exclude.has(t)) continue;
      let id = tokenIds.get(t);
      if (id === undefined) {
        const stem = contentStem(t);
        tokenIds.set(t, (id = stem ? vocab.word(stem) : -1));
      }
      if (id >= 0) words.set(id, (words.get(id) ?? 0) + weight);
    }
  };
  const read = (item: ExtractedArticle): RawDoc => {
    words.clear();
    names.clear();
    const found = entities(articleText(item));
    if (item.article.title) count(wordTokens(item.article.title), found.words, 2);
    const body: string[] = [];
    for (const paragraph of item.article.paragraphs) {
      const tokens = wordTokens(paragraph);
      count(tokens, found.words, 1);
      for (const t of tokens) body.push(t);
    }
    const shingles = shingleSet(body, 3);
    for (const [key, n] of found.keys) {
      const id = vocab.name(key);
      names.set(id, (names.get(id) ?? 0) + n);
    }
    for (const q of item.quotes) {
      if (!q.speakerKey) continue;
      const id = vocab.name(nameKey(q.speakerKey));
      if (!names.has(id)) names.set(id, 1);
    }
    const quotes = quoteKeys(item);
    const quoteShingles = new Set<number>();
    for (const q of quotes) {
      for (let i = 0; i + 4 <= q.tokens.length; i++) quoteShingles.add(vocab.quote(hash32(q.tokens.slice(i, i + 4).join(' '))));
    }
    return {
      item,
      length: body.length,
      bands: shingles.length > 0 ? bandKeys(hasher.signature(shingles), o.bands) : null,
      words: compact(words),
      names: compact(names),
      quotes,
      quoteShingles: Int32Array.from(quoteShingles),
    };
  };
  return { vocab, read };
}

/** Reads every distinct item once (a repeat of the previous id gives null). */
function readAll(sorted: readonly ExtractedArticle[], o: Required<ClusterOptions>) {
  const reader = createReader(o);
  const raws = sorted.map((item, i) => (i > 0 && item.article.id === sorted[i - 1]!.article.id ? null : reader.read(item)));
  return { vocab: reader.vocab, raws };
}

/** Docs of the distinct articles: TF-IDF over them alone (copies do not count twice). */
function buildDocs(reps: readonly RawDoc[], vocab: Vocabulary, o: Required<ClusterOptions>): Doc[] {
  const df = vocab.df;
  for (const r of reps) {
    for (const id of r.words.ids) df[id]!++;
    for (const id of r.names.ids) df[id]!++;
    for (const id of r.quoteShingles) df[id]!++;
  }
  const n = reps.length;
  const corpus = Math.max(n, o.minCorpus) + 1;
  const weigh = ({ ids, counts }: TermCounts) => Float64Array.from(ids, (id, i) => (1 + Math.log(counts[i]!)) * Math.log(corpus / df[id]!));
  const maxDf = Math.max(o.maxPosting, Math.ceil(o.maxFeatureShare * n));
  const indexable = (id: number) => df[id]! >= 2 && df[id]! <= maxDf;
  return reps.map(({ item, words: w, names: nm, quotes, quoteShingles }, index) => {
    const wordWeights = weigh(w);
    const nameWeights = weigh(nm);
    const candidates: { id: number; weight: number }[] = [];
    w.ids.forEach((id, i) => indexable(id) && candidates.push({ id, weight: wordWeights[i]! }));
    nm.ids.forEach((id, i) => indexable(id) && candidates.push({ id, weight: nameWeights[i]! }));
    const distinctive = candidates
      .sort((a, b) => b.weight - a.weight || a.id - b.id)
      .slice(0, o.indexFeatures)
      .map((c) => c.id);
    const quoteFeatures = new Set<number>();
    for (const id of quoteShingles) {
      if (!indexable(id)) continue;
      distinctive.push(id);
      quoteFeatures.add(id);
    }
    const day = dayNumber(item);
    return {
      index,
      day,
      notBefore: day === null ? latestMentionedDay(item.article.paragraphs) : null,
      topic: sparseVectorOf(w.ids, wordWeights, 64),
      names: sparseVectorOf(nm.ids, nameWeights, 32),
      quotes,
      index_features: distinctive,
      quoteFeatures,
    };
  });
}

/**
 * Whether two articles may report one event in time: dated articles at most `days` apart; an
 * undated one not from long before the latest date it mentions (an article written after
 * 24 February 2022 is not a report of December 2021); two undated ones always.
 */
function withinWindow(a: Doc, b: Doc, days: number): boolean {
  if (a.day !== null && b.day !== null) return Math.abs(a.day - b.day) <= days;
  if (a.day === null && a.notBefore !== null && b.day !== null && b.day < a.notBefore - days) return false;
  if (b.day === null && b.notBefore !== null && a.day !== null && a.day < b.notBefore - days) return false;
  return true;
}

function sharesQuote(a: Doc, b: Doc): boolean {
  for (const x of a.quotes) {
    for (const y of b.quotes) {
      if (!compatibleSpeakers(x.speakerKey, y.speakerKey)) continue;
      if (x.tokens.length >= 4 && y.tokens.length >= 4 && (quoteContained(x, y) || quoteContained(y, x))) return true;
    }
  }
  return false;
}

/**
 * How strongly two articles look like reports of one event (0 = unrelated). Names alone do not
 * make an event (the same minister speaks every day): they only add to shared topic words, as
 * does closeness in time (`proximity`, 0–1); a shared quote adds a fixed bonus.
 */
export function linkScore(topic: number, names: number, sharedQuote: boolean, proximity = 0): number {
  return topic * (1 + names) * (1 + 0.3 * proximity) + (sharedQuote ? 0.2 : 0);
}

/**
 * How close in time two articles are, 1 (same instant) to 0 (a window apart or more), and 0 when
 * a date is unknown: reports of one event cluster in time, so closeness strengthens a link.
 */
function proximity(a: Doc, b: Doc, windowDays: number): number {
  if (a.day === null || b.day === null || windowDays <= 0) return 0;
  return Math.max(0, 1 - Math.abs(a.day - b.day) / windowDays);
}

interface Edge {
  readonly a: number;
  readonly b: number;
  readonly score: number;
  readonly topic: number;
  readonly names: number;
  readonly sharedQuote: boolean;
}

/**
 * Scored links between docs. Candidates come from the inverted index: for each doc, the later
 * docs that share at least two of its distinctive features (a shared quote shingle counts two).
 * A posting list longer than `maxPosting` is ordered by date and cut into half-overlapping
 * blocks, and docs pair only within a block: the work is linear in the number of docs, and the
 * articles of a story that hundreds of outlets cover still meet their neighbours in time.
 */
function candidateEdges(docs: readonly Doc[], o: Required<ClusterOptions>): Edge[] {
  const postings = new Map<number, number[]>();
  for (const doc of docs) {
    for (const f of doc.index_features) {
      const list = postings.get(f);
      if (list) list.push(doc.index);
      else postings.set(f, [doc.index]);
    }
  }
  const blocks: number[][] = [];
  const blockFeature: number[] = [];
  // Per doc: its blocks, those of one feature next to each other.
  const docBlocks: number[][] = docs.map(() => []);
  const addBlock = (members: number[], feature: number) => {
    const id = blocks.length;
    blocks.push(members);
    blockFeature.push(feature);
    for (const m of members) docBlocks[m]!.push(id);
  };
  const byTime = (x: number, y: number) => (docs[x]!.day ?? Infinity) - (docs[y]!.day ?? Infinity) || x - y;
  const size = Math.max(2, o.maxPosting);
  const step = Math.max(1, Math.floor(size / 2));
  for (const [feature, list] of postings) {
    if (list.length < 2) continue;
    if (list.length <= size) {
      addBlock(list, feature);
      continue;
    }
    list.sort(byTime);
    for (let start = 0; start < list.length - 1; start += step) {
      addBlock(list.slice(start, start + size), feature);
      if (start + size >= list.length) break;
    }
  }

  const edges: Edge[] = [];
  const shared = new Map<number, number>();
  const counted = new Set<number>();
  for (const da of docs) {
    shared.clear();
    let lastFeature = -1;
    for (const block of docBlocks[da.index]!) {
      const feature = blockFeature[block]!;
      if (feature !== lastFeature) {
        counted.clear();
        lastFeature = feature;
      }
      const weight = da.quoteFeatures.has(feature) ? 2 : 1;
      for (const b of blocks[block]!) {
        if (b <= da.index || counted.has(b)) continue;
        counted.add(b);
        shared.set(b, (shared.get(b) ?? 0) + weight);
      }
    }
    const neighbours = [...shared].filter(([, count]) => count >= 2).map(([b]) => b).sort((x, y) => x - y);
    for (const b of neighbours) {
      const db = docs[b]!;
      if (!withinWindow(da, db, o.windowDays)) continue;
      const topic = cosine(da.topic, db.topic);
      const names = cosine(da.names, db.names);
      const sharedQuote = sharesQuote(da, db);
      const score = linkScore(topic, names, sharedQuote, proximity(da, db, o.windowDays));
      if (score >= o.linkThreshold) edges.push({ a: da.index, b, score, topic, names, sharedQuote });
    }
  }
  return edges.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
}

/**
 * Joins linked docs strongest first. Two groups join only when enough members on each side link
 * to the other group, the size cap holds and the joined group stays within the span — so one
 * bridging article or weak link cannot chain two stories together.
 */
function joinLinked(docs: readonly Doc[], edges: readonly Edge[], o: Required<ClusterOptions>): UnionFind {
  const n = docs.length;
  const uf = new UnionFind(n);
  const adjacency: number[][] = Array.from({ length: n }, () => []);
  for (const { a, b } of edges) {
    adjacency[a]!.push(b);
    adjacency[b]!.push(a);
  }
  const members = new Map<number, number[]>();
  const span = new Map<number, [number, number]>();
  for (const doc of docs) {
    members.set(doc.index, [doc.index]);
    if (doc.day !== null) span.set(doc.index, [doc.day, doc.day]);
  }
  // Enough members of `side` link into the group rooted at `other`: more than half, at most three.
  const backed = (side: readonly number[], other: number): boolean => {
    const need = Math.min(o.maxLinksNeeded, Math.floor(o.linkFraction * side.length) + 1);
    let linked = 0;
    for (const m of side) {
      if (adjacency[m]!.some((x) => uf.find(x) === other) && ++linked >= need) return true;
    }
    return false;
  };
  for (const { a, b } of edges) {
    const ra = uf.find(a);
    const rb = uf.find(b);
    if (ra === rb) continue;
    const ma = members.get(ra)!;
    const mb = members.get(rb)!;
    if (ma.length + mb.length > o.maxClusterSize) continue;
    const sa = span.get(ra);
    const sb = span.get(rb);
    if (sa && sb && Math.max(sa[1], sb[1]) - Math.min(sa[0], sb[0]) > o.maxSpanDays) continue;
    if (!(ma.length === 1 && mb.length === 1) && !(backed(ma, rb) && backed(mb, ra))) continue;
    const root = uf.union(ra, rb);
    const other = root === ra ? rb : ra;
    const joined = members.get(root)!;
    for (const m of members.get(other)!) joined.push(m);
    members.delete(other);
    if (sa || sb) {
      const s = [sa, sb].filter((x): x is [number, number] => x !== undefined);
      span.set(root, [Math.min(...s.map((x) => x[0])), Math.max(...s.map((x) => x[1]))]);
    }
  }
  return uf;
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
  return { repOf, repIndexes, docs: buildDocs(repIndexes.map(rawOf), vocab, o) };
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
 * The scored links between distinct articles (copies collapsed) that reach `linkThreshold`,
 * strongest first: what clustering decides from, exposed to explain and tune it.
 */
export function storyLinks(
  items: readonly ExtractedArticle[],
  options: ClusterOptions = {},
): { a: string; b: string; score: number; topic: number; names: number; sharedQuote: boolean }[] {
  const o = { ...CLUSTER_DEFAULTS, ...options };
  const sorted = [...items].sort(itemOrder);
  const { repIndexes, docs } = distinctDocs(sorted, o);
  const reps = repIndexes.map((r) => sorted[r]!);
  return candidateEdges(docs, o).map((e) => ({
    a: reps[e.a]!.article.id,
    b: reps[e.b]!.article.id,
    score: e.score,
    topic: e.topic,
    names: e.names,
    sharedQuote: e.sharedQuote,
  }));
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

/** Key that counts outlets: the outlet name, or the article itself when the outlet is unknown. */
export function outletKey(item: ExtractedArticle): string {
  const outlet = item.article.source.outlet?.trim().toLowerCase();
  return outlet ? `outlet:${outlet}` : `article:${item.article.id}`;
}

interface MergingQuote {
  key: QuoteKey;
  text: string;
  speaker: string | null;
  speakerKey: string | null;
  articleIds: Set<string>;
  outlets: Set<string>;
  firstSeen: number;
}

/**
 * Merges the quotes of a story's articles: the same quote reported by several outlets, or a
 * fragment of a longer quote by a compatible speaker, becomes one `StoryQuote` in its fullest
 * form, counting the distinct outlets (articles when the outlet is unknown) that carried it.
 * Quotes of two different known speakers never merge. Result order: as first reported.
 */
export function mergeQuotes(articles: readonly StoryArticle[]): StoryQuote[] {
  const all: { quote: Quote; key: QuoteKey; copies: readonly ExtractedArticle[]; order: number }[] = [];
  let order = 0;
  for (const { item, copies } of articles) {
    for (const quote of item.quotes) {
      const tokens = wordTokens(quote.text);
      if (tokens.length === 0) continue;
      all.push({ quote, key: { tokens, folded: tokens.join(' '), speakerKey: quote.speakerKey }, copies, order: order++ });
    }
  }
  // Longest first, so every fragment meets its fullest form already merged.
  all.sort((x, y) => y.key.tokens.length - x.key.tokens.length || x.order - y.order);
  const merged: MergingQuote[] = [];
  for (const { quote, key, copies, order: seen } of all) {
    const target = merged.find(
      (m) => compatibleSpeakers(m.speakerKey, key.speakerKey) && quoteContained(key, m.key),
    );
    if (target) {
      for (const c of copies) {
        target.articleIds.add(c.article.id);
        target.outlets.add(outletKey(c));
      }
      if (target.speakerKey === null && key.speakerKey !== null) {
        target.speaker = quote.speaker;
        target.speakerKey = key.speakerKey;
        target.key = { ...target.key, speakerKey: key.speakerKey };
      }
      target.firstSeen = Math.min(target.firstSeen, seen);
      continue;
    }
    merged.push({
      key,
      text: quote.text.trim(),
      speaker: quote.speaker,
      speakerKey: quote.speakerKey,
      articleIds: new Set(copies.map((c) => c.article.id)),
      outlets: new Set(copies.map(outletKey)),
      firstSeen: seen,
    });
  }
  return merged
    .sort((x, y) => x.firstSeen - y.firstSeen)
    .map((m) => ({
      text: m.text,
      speaker: m.speaker,
      speakerKey: m.speakerKey,
      outlets: m.outlets.size,
      articleIds: [...m.articleIds].sort(compareStrings),
    }));
}
