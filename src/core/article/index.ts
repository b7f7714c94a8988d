/**
 * The article room's door: one article from raw text to clean paragraphs with its quotes: headline, dates, dateline,
 * furniture removal, outlets and the canonical link.
 * Code outside this folder imports only this file.
 */
export { datelineOf, looksLikeHeadline, parseArticle, stripOutletSuffix } from './article.ts';
export { articleLink, canonicalUrl } from './canonical-url.ts';
export { cleanLines } from './clean.ts';
export { furnitureKind, isCallToAction, isCopyright, isRelatedLabel } from './furniture.ts';
export { creditOf } from './credit-lines.ts';
export { findDate, parseIsoDate, resolveDate } from './dates.ts';
export { extractArticle } from './extract.ts';
export { isHeaderByline, isHeaderMeta } from './header-lines.ts';
export { isOutletName, outletDisplayName, sourceKey } from './outlets.ts';
