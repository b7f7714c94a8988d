/**
 * User text echoed back in an answer (a typed time, a channel name, a feed's error): one line, cut
 * by core's one `clip`, so a pasted essay or a line-break trick is not repeated back.
 */
import { clip as clipText } from '../core/text/index.ts';

/**
 * `value` with runs of whitespace made one space, cut to `max` code points with "…" as the last.
 * @example clip('Kompas\n  TV', 60) === 'Kompas TV'
 */
export function clip(value: string, max: number): string {
  return clipText(value.replace(/\s+/g, ' '), max);
}
