/**
 * The text room's door: text primitives every room shares: normalisation and comparison keys,
 * sentences, case and accent folding, the word scanner and word tokens, clipping echoed text,
 * stable hashing and ordering, bounded memoisation, control characters and decoding damage.
 * Code outside this folder imports only this file.
 */
export { stripControls } from './controls.ts';
export { clip } from './clip.ts';
export { fnv1a64 } from './hash.ts';
export { foldCase, foldText } from './fold.ts';
export { memoise } from './memo.ts';
export { damageScore } from './mojibake.ts';
export { compareNullsLast, compareStrings } from './order.ts';
export { endsSentence, normalizeText, splitSentences, textKey, wordCount } from './text.ts';
export { isWordCode, wordRuns, wordTokens } from './words.ts';
