/**
 * The digest room's door: the digest of a time window: ranked stories with extractive summaries, and the per-chat topic
 * filters applied to them.
 * Code outside this folder imports only this file.
 */
export { buildDigest, buildStories, dayRange, digestStats, inWindow } from './digest.ts';
export { stripDateline, summarize, trimAtWord } from './summary.ts';
export {
  compileTopicFilter,
  isEmptyFilter,
  matchText,
  type MatchText,
  MAX_TERM_LENGTH,
  MAX_TOPIC_TERMS,
  parseTerm,
  parseTopicInput,
  storyPasses,
} from './topic-filter.ts';
