/**
 * Orders that do not depend on the locale or the runtime: what keeps sorted output (story ids,
 * article ids) the same on every machine.
 */

/** Compares strings by UTF-16 code units, as `<` does: the same order everywhere, unlike `localeCompare`. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Ascending numbers with nulls (unknown times) last. */
export function compareNullsLast(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}
