/**
 * The text room's door: text primitives every room shares: normalisation, sentences and tokens, stable hashing and
 * ordering, bounded memoisation, control characters and decoding damage.
 * Code outside this folder imports only this file.
 */
export { stripControls } from './controls.ts';
export { fnv1a64 } from './hash.ts';
export { memoise } from './memo.ts';
export { damageScore } from './mojibake.ts';
export { compareStrings } from './order.ts';
export { endsSentence, normalizeText, splitSentences, STOPWORDS, textKey, tokenize, wordCount } from './text.ts';
