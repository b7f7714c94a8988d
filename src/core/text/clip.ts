/**
 * Cutting text that is shown back to a user (a name, a URL, an error) to a length limit, the cut
 * marked with "…" and never inside a surrogate pair.
 */

/**
 * `value` at most `max` characters long, counted in code points, or in UTF-16 code units
 * (`'utf16'`) where the receiving side counts those (Discord's choice and option limits). A cut
 * value ends in "…", which counts toward `max`.
 */
export function clip(value: string, max: number, units: 'codePoints' | 'utf16' = 'codePoints'): string {
  if (value.length <= max) return value;
  let used = 0;
  // UTF-16 length of the longest prefix that leaves room for the "…".
  let kept = 0;
  for (const ch of value) {
    used += units === 'utf16' ? ch.length : 1;
    if (used > max) return `${value.slice(0, kept)}…`;
    if (used <= max - 1) kept += ch.length;
  }
  return value;
}
