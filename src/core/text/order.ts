/**
 * Orders that do not depend on the locale or the runtime: what keeps sorted output (story ids,
 * article ids) the same on every machine.
 */

/** Compares strings by UTF-16 code units, as `<` does: the same order everywhere, unlike `localeCompare`. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
