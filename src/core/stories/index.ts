/**
 * The stories room's door: story clustering: which articles report one event (copy collapsing, linking, the chaining
 * guard, incremental assignment) and the quotes of a story merged across outlets.
 * Code outside this folder imports only this file.
 */
export type { ClusterOptions } from './cluster-options.ts';
export {
  bandKeys,
  cosine,
  createMinHasher,
  estimateJaccard,
  hash32,
  lshCandidatePairs,
  setOverlap,
  shingleSet,
  sparseVector,
  tokenContainment,
  UnionFind,
} from './similarity.ts';
export { clusterStories, groupStories, storedGroups, type StoryArticle, type StoryGroup } from './stories.ts';
export {
  compatibleSpeakers,
  contentStem,
  contentStems,
  entities,
  latestMentionedDay,
  nameKey,
  quoteContained,
  type QuoteKey,
  stem,
} from './story-features.ts';
export { freshStoryId } from './story-id.ts';
export { createStoryIndex, type StoryIndex } from './story-index.ts';
export { entityEvidence } from './story-links.ts';
export { mergeQuotes, outletKey } from './story-quotes.ts';
