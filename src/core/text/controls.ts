/**
 * Control characters a feed may carry (ESC and BEL of terminal escape sequences, the C1 CSI
 * U+009B, NUL …) have no place in article text: they are dropped at the door, keeping only tab and
 * line breaks, so nothing stored can drive an operator's terminal or a reader's client.
 */

// C0 except tab, line feed and carriage return; DEL; C1.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** `text` without control characters other than tab and line breaks. */
export function stripControls(text: string): string {
  CONTROLS.lastIndex = 0;
  return CONTROLS.test(text) ? text.replace(CONTROLS, '') : text;
}
