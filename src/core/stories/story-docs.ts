/**
 * What clustering knows of one article: a single pass over its text gives the near-duplicate
 * signature (MinHash band keys) and term counts; once copies are collapsed, the distinct articles
 * become `Doc`s with TF-IDF vectors of topic words and names, quote keys and the distinctive
 * features the inverted index finds candidates by.
 */
import { wordTokens } from '../text/index.ts';
import type { ExtractedArticle } from '../model/index.ts';
import type { ClusterOptions } from './cluster-options.ts';
import { bandKeys, createMinHasher, hash32, shingleSet, sparseVectorOf, type SparseVector } from './similarity.ts';
import {
  articleText,
  contentStem,
  dayNumber,
  entities,
  latestMentionedDay,
  nameKey,
  quoteKeys,
  type QuoteKey,
} from './story-features.ts';
import { storyFacts, type StoryFacts } from './story-facts.ts';

/** One distinct article as linking sees it; `index` is its position among the distinct articles. */
export interface Doc {
  readonly index: number;
  readonly day: number | null;
  /** For an undated article, the latest date its text mentions: it was written no earlier. */
  readonly notBefore: number | null;
  /** TF-IDF of content words that are not names: what happened. */
  readonly topic: SparseVector;
  /** TF-IDF of names: who and where. */
  readonly names: SparseVector;
  /**
   * Names weighed by rarity alone (IDF, however often the text repeats them): reports of one event
   * from different angles name the same rare people and places.
   */
  readonly entities: SparseVector;
  readonly quotes: QuoteKey[];
  /** Amounts, scores and the past dates the text names: what tells two events of one kind apart. */
  readonly facts: StoryFacts;
  /** The dateline's place as a name id, or -1 without a dateline. */
  readonly place: number;
  /** Every name id the text mentions, ascending (a place named anywhere agrees with a dateline). */
  readonly nameIds: Int32Array;
  /** For each of `nameIds`, which name of the text it is part of (words written together: one name). */
  readonly nameGroups: Int32Array;
  /** Features the inverted index finds candidates by: distinctive words and names, quote shingles. */
  readonly index_features: number[];
  readonly quoteFeatures: ReadonlySet<number>;
}

/** Interns features into dense ids, one namespace per kind, and counts document frequency. */
export class Vocabulary {
  private readonly words = new Map<string, number>();
  private readonly names = new Map<string, number>();
  private readonly quotes = new Map<number, number>();
  private readonly facts = new Map<string, number>();
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
  private idIn<K>(ids: Map<K, number>, key: K): number {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = this.next()));
    return id;
  }
  word(stem: string): number {
    return this.idIn(this.words, stem);
  }
  name(key: string): number {
    return this.idIn(this.names, key);
  }
  fact(key: string): number {
    return this.idIn(this.facts, key);
  }
  quote(hash: number): number {
    return this.idIn(this.quotes, hash);
  }
}

/** Term counts of one doc as parallel arrays (compact: a corpus keeps 100,000 of them). */
interface TermCounts {
  readonly ids: Int32Array;
  readonly counts: Float32Array;
}

/** What one pass over an article's text gives: its near-duplicate signature and term counts. */
export interface RawDoc {
  readonly item: ExtractedArticle;
  /** Words in the body. */
  readonly length: number;
  /** LSH band keys of the body's shingles; null for an empty body. */
  readonly bands: Uint32Array | null;
  readonly words: TermCounts;
  readonly names: TermCounts;
  /** For each of `names.ids`, which name of the text it is part of. */
  readonly nameGroups: Int32Array;
  readonly quotes: QuoteKey[];
  readonly quoteShingles: Int32Array;
  readonly facts: StoryFacts;
  readonly factIds: Int32Array;
  readonly place: number;
}

const compact = (tf: Map<number, number>): TermCounts => ({
  ids: Int32Array.from(tf.keys()),
  counts: Float32Array.from(tf.values()),
});

/**
 * Reads articles once each: tokens feed both the MinHash signature and the topic counts, so the
 * text is tokenised a single time. Holds the vocabulary shared by all articles of a run.
 */
export function createReader(o: Required<ClusterOptions>, vocab: Vocabulary = new Vocabulary()) {
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
    const found = entities(articleText(item), item.article.title ? 1 : 0);
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
    const groupOf = nameGroupsOf(found.phrases, vocab);
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
    const day = dayNumber(item);
    const facts = storyFacts(articleText(item), day === null ? null : new Date(day * 86_400_000).getUTCFullYear());
    const dateline = item.article.dateline;
    return {
      item,
      facts,
      factIds: Int32Array.from(facts.strong.concat(facts.weak), (k) => vocab.fact(k)),
      place: dateline ? vocab.name(nameKey(dateline)) : -1,
      length: body.length,
      bands: shingles.length > 0 ? bandKeys(hasher.signature(shingles), o.bands) : null,
      words: compact(words),
      names: compact(names),
      nameGroups: Int32Array.from(names.keys(), (id) => groupOf.get(id) ?? -1 - id),
      quotes,
      quoteShingles: Int32Array.from(quoteShingles),
    };
  };
  return { vocab, read };
}

/**
 * Name id -> the name it is part of: words written together are one name, and two runs sharing a
 * word ("Gubernur Ratna Kumalasari", "Ratna") are the same name. Names outside any run have none.
 */
function nameGroupsOf(phrases: readonly string[][], vocab: Vocabulary): Map<number, number> {
  const groupOf = new Map<number, number>();
  phrases.forEach((phrase, g) => {
    const ids = phrase.map((k) => vocab.name(k));
    const joined = new Set(ids.map((id) => groupOf.get(id)).filter((x): x is number => x !== undefined));
    for (const [id, group] of groupOf) if (joined.has(group)) groupOf.set(id, g);
    for (const id of ids) groupOf.set(id, g);
  });
  return groupOf;
}

/** Reads every distinct item once (a repeat of the previous id gives null). */
export function readAll(sorted: readonly ExtractedArticle[], o: Required<ClusterOptions>) {
  const reader = createReader(o);
  const raws = sorted.map((item, i) => (i > 0 && item.article.id === sorted[i - 1]!.article.id ? null : reader.read(item)));
  return { vocab: reader.vocab, raws };
}

/** Name ids ascending with their groups alongside. */
function sortedNames(ids: Int32Array, groups: Int32Array): { nameIds: Int32Array; nameGroups: Int32Array } {
  const order = Array.from(ids.keys()).sort((a, b) => ids[a]! - ids[b]!);
  return { nameIds: Int32Array.from(order, (i) => ids[i]!), nameGroups: Int32Array.from(order, (i) => groups[i]!) };
}

// Most articles index no quote shingle: one shared empty set instead of one each.
const NO_FEATURES: Set<number> = new Set();

/** Adds (or with -1 removes) a raw doc's features to the document frequencies. */
export function countFeatures(r: RawDoc, df: Int32Array, delta = 1): void {
  for (const id of r.words.ids) df[id]! += delta;
  for (const id of r.names.ids) df[id]! += delta;
  for (const id of r.quoteShingles) df[id]! += delta;
  for (const id of r.factIds) df[id]! += delta;
}

/**
 * One doc from its raw pass, weighted with document frequencies `df` over a corpus of `n` docs.
 * `indexable` says which features may find candidates (seen in another doc, not too common).
 */
export function docOf(raw: RawDoc, index: number, df: Int32Array, n: number, o: Required<ClusterOptions>, indexable: (id: number) => boolean): Doc {
  const { item, words: w, names: nm, quotes, quoteShingles, facts, factIds, place } = raw;
  const corpus = Math.max(n, o.minCorpus) + 1;
  const weigh = ({ ids, counts }: TermCounts) => Float64Array.from(ids, (id, i) => (1 + Math.log(counts[i]!)) * Math.log(corpus / Math.max(1, df[id]!)));
  const wordWeights = weigh(w);
  const nameWeights = weigh(nm);
  const candidates: { id: number; weight: number }[] = [];
  w.ids.forEach((id, i) => indexable(id) && candidates.push({ id, weight: wordWeights[i]! }));
  nm.ids.forEach((id, i) => indexable(id) && candidates.push({ id, weight: nameWeights[i]! }));
  const distinctive = candidates
    .sort((a, b) => b.weight - a.weight || a.id - b.id)
    .slice(0, o.indexFeatures)
    .map((c) => c.id);
  let quoteFeatures = NO_FEATURES;
  for (const id of quoteShingles) {
    if (!indexable(id)) continue;
    distinctive.push(id);
    if (quoteFeatures === NO_FEATURES) quoteFeatures = new Set();
    quoteFeatures.add(id);
  }
  for (const id of factIds) if (indexable(id)) distinctive.push(id);
  const day = dayNumber(item);
  return {
    index,
    facts,
    place,
    ...sortedNames(nm.ids, raw.nameGroups),
    day,
    notBefore: day === null ? latestMentionedDay(item.article.paragraphs) : null,
    topic: sparseVectorOf(w.ids, wordWeights, 64),
    names: sparseVectorOf(nm.ids, nameWeights, 32),
    entities: sparseVectorOf(nm.ids, Float64Array.from(nm.ids, (id) => Math.log(corpus / Math.max(1, df[id]!))), 64),
    quotes,
    index_features: distinctive,
    quoteFeatures,
  };
}

/**
 * Docs of the distinct articles: TF-IDF over them alone (copies do not count twice). Consumes
 * `reps`: each raw pass is let go once its doc is built, so 100,000 articles never hold both.
 */
export function buildDocs(reps: (RawDoc | null)[], vocab: Vocabulary, o: Required<ClusterOptions>): Doc[] {
  const df = vocab.df;
  for (const r of reps) if (r) countFeatures(r, df);
  const n = reps.length;
  const maxDf = Math.max(o.maxPosting, Math.ceil(o.maxFeatureShare * n));
  const indexable = (id: number) => df[id]! >= 2 && df[id]! <= maxDf;
  const docs: Doc[] = [];
  for (let index = 0; index < n; index++) {
    docs.push(docOf(reps[index]!, index, df, n, o, indexable));
    reps[index] = null;
  }
  return docs;
}
