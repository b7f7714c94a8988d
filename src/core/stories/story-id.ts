/**
 * Story ids: a story is named after one of its articles, and a name in use (or about to be merged
 * away) is never shared — the incremental index and every store pick ids the same way.
 */

/** `base`, or `base-2`, `base-3` … when taken. */
export function freshStoryId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!taken(id)) return id;
  }
}
