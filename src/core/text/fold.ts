/**
 * Case and accent folding, the one definition kilas compares words, names, topics and quotes by:
 * "Pemilu", "PÉMILU" and "pemilu" are one word; Zelenskyy and zelenskyy one name.
 */

// ASCII, curly quotes and dashes have no decomposition and no marks: most news text skips NFKD.
const FOLD_STABLE_NOT = /[^\u0000-\u007f\u2013\u2014\u2018-\u201f]/;

/**
 * Lower case without accents: NFKD, combining marks dropped, lower-cased.
 * @example foldCase('Ekonomi RÉPUBLIK') === 'ekonomi republik'
 */
export function foldCase(value: string): string {
  if (!FOLD_STABLE_NOT.test(value)) return value.toLowerCase();
  return value.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * {@link foldCase} for a name or a query as a whole: apostrophes unified to ', whitespace collapsed
 * to single spaces and trimmed, other punctuation kept ("Asy’ari " -> "asy'ari").
 */
export function foldText(value: string): string {
  return foldCase(value)
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
