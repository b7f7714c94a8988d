/**
 * How damaged a text looks from a wrong decoding: replacement characters (U+FFFD, bytes that were
 * not valid in the declared charset) and the marks UTF-8 leaves when read as windows-1252 or
 * Latin-1 ("cafÃ©", "â€œ", "Â "). A clean Indonesian article scores 0; a stored article that scores
 * above 0 may be replaced by a clean copy of the same URL.
 */

// Each pattern matches one damaged character; counted, not just detected, so a copy with fewer
// damaged characters is known to be the better one.
const PATTERNS: readonly RegExp[] = [
  /\uFFFD/g,
  // Two-byte UTF-8 sequences (é, ü, –) read as two Latin-1/windows-1252 characters.
  /[\u00C2\u00C3][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/g,
  // Three-byte sequences (“ ” ‘ ’ – — …) read one byte per character: â then a C1 control or a
  // windows-1252 mark (€ ‚ „ œ …). Indonesian text never writes â before those.
  /\u00E2[\u0080-\u00BF\u0152-\u0178\u02C6-\u02DC\u2013-\u2122]/g,
];

/** Number of characters in `text` that look like decoding damage (0 for clean text). */
export function damageScore(text: string): number {
  let score = 0;
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    score += text.match(pattern)?.length ?? 0;
  }
  return score;
}
