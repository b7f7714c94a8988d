/**
 * The tuning of story clustering and its written defaults, shared by every stage of it (reading,
 * copy collapsing, linking, joining) and by the callers that pass options through.
 */

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

/** The defaults of every `ClusterOptions` field. */
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
