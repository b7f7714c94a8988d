/**
 * The speakers room's door: speaker identity: who a name is (keys, name words, the operator's aliases), which name forms
 * of an article or story are one person, and the lookup behind `/quotes NAME` and `/speakers`.
 * Code outside this folder imports only this file.
 */
export {
  ABBREVIATIONS,
  ANONYMOUS_HEADS,
  DEMONSTRATIVES,
  DOMAIN_WORDS,
  expandRoles,
  FUNCTION_WORDS,
  INSTITUTION_HEADS,
  isNonNameWord,
  MEDIA_WORDS,
  NAME_PARTICLES,
  NP_CONNECTORS,
  PERSON_PRONOUNS,
  PLACE_WORDS,
  ROLE_WORDS,
  TIME_WORDS,
} from './name-lexicon.ts';
export { createSpeakerDirectory, EMPTY_DIRECTORY, type SpeakerAliasEntry, type SpeakerDirectory } from './speaker-directory.ts';
export { MAX_QUERY, type Person, type SpeakerEntry, SpeakerIndex, type SpeakerLookup } from './speaker-lookup.ts';
export { resolveArticleSpeakers, resolveStorySpeakers } from './speaker-resolution.ts';
export { boundedEditDistance, identityTokens, isInstitutionName, sameSpeaker, speakerKey } from './speakers.ts';
