/**
 * The quotes room's door: direct quotes and who said them: quote marks, attribution around speech verbs, the names an
 * article introduces, and the merging of stored quotes into `/quotes` hits.
 * Code outside this folder imports only this file.
 */
export { findQuoteSpans } from './quote-marks.ts';
export { mergeQuoteRows, quoteKey, type QuoteRowView } from './quote-merge.ts';
export { paragraphTokens } from './quote-tokens.ts';
export { extractQuotes } from './quotes.ts';
