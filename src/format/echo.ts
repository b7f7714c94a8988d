/**
 * User text echoed back in an answer (a typed time, a channel name, a feed's error): one line, cut
 * on code point boundaries, so a pasted essay or a line-break trick is not repeated back.
 */

/**
 * `value` with runs of whitespace made one space, cut to `max` code points with "…" as the last.
 * @example clip('Kompas\n  TV', 60) === 'Kompas TV'
 */
export function clip(value: string, max: number): string {
  const chars = Array.from(value.replace(/\s+/g, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
