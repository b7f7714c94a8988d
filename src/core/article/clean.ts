/**
 * Site furniture removal over an article's lines: furniture lines (furniture.ts), lines repeating
 * the headline, bylines and date lines above the body, linked headlines after a related-list label,
 * repeated paragraphs, menus after the body and editor initials closing it. Input lines are already
 * normalised ({@link normalizeText}), one paragraph per line.
 */
import { creditOf, isPhotoCredit } from './credit-lines.ts';
import { furnitureKind, isRelatedLabel, type FurnitureKind } from './furniture.ts';
import { BYLINE_LABEL, isHeaderByline, isHeaderMeta, isPersonNames } from './header-lines.ts';
import { endsSentence, textKey, wordCount } from '../text/index.ts';

/** Options for {@link cleanLines}. */
export interface CleanOptions {
  /** The article's headline: lines that repeat it (alone or with a photo credit) are dropped. Default none. */
  readonly title?: string | null;
}

/** What {@link cleanLines} kept and dropped. */
export interface CleanResult {
  readonly paragraphs: string[];
  /** {@link textKey} of each paragraph, in the same order (reused for ids and duplicate checks). */
  readonly keys: string[];
  /** The "Sumber: …" credit, when the article prints one. */
  readonly credit: string | null;
  readonly removed: { readonly line: string; readonly kind: FurnitureKind }[];
}

/** How many linked headlines a related-list label may take. */
const MAX_LABEL_HEADLINES = 6;

/** A headline in a related list: starts with a capital or a digit, 3–20 words, not a quote or a sentence. */
function isListedHeadline(line: string): boolean {
  const words = wordCount(line);
  return words >= 3 && words <= 20 && /^[\p{Lu}\p{N}]/u.test(line) && !endsSentence(line);
}

/** A paragraph that certainly is body text: long enough and shaped like a sentence. */
function isSubstantial(line: string): boolean {
  return wordCount(line) >= 8 || (wordCount(line) >= 4 && endsSentence(line));
}

/**
 * Removes furniture from an article's lines and returns its paragraphs, in order. Drops lines that
 * match a furniture rule, lines repeating the title, any paragraph seen before (sites that render
 * the body twice), and the short label lines (menus, tag lists) that follow the last paragraph of
 * body text. Keeps every other line unchanged, and strips editor initials closing the last paragraph.
 */
export function cleanLines(lines: readonly string[], options: CleanOptions = {}): CleanResult {
  const removed: { line: string; kind: FurnitureKind }[] = [];
  const titleKey = options.title ? textKey(options.title) : '';
  const seen = new Set<string>();
  let credit: string | null = null;
  const kept: string[] = [];
  const keys: string[] = [];
  // After a bare "Baca juga:" label, the next lines are linked headlines, until the body resumes.
  let headlinesAfterLabel = 0;
  // After a bare byline label ("Oleh :", "Editor :") above the body, the next line is the name.
  let nameAfterLabel = false;
  let bodyStarted = false;
  for (const raw of lines) {
    let line = raw.trim();
    if (line === '') continue;
    if (headlinesAfterLabel > 0) {
      // The first line after the label is its headline unless it is a sentence; further lines must
      // also look like headlines (capitalised, several words), so a short body line stops the list.
      const first = headlinesAfterLabel === MAX_LABEL_HEADLINES;
      headlinesAfterLabel--;
      if (!endsSentence(line) && wordCount(line) <= 20 && (first || isListedHeadline(line))) {
        removed.push({ line, kind: 'related-link' });
        continue;
      }
      headlinesAfterLabel = 0;
    }
    if (nameAfterLabel) {
      nameAfterLabel = false;
      if (isPersonNames(line)) {
        removed.push({ line, kind: 'byline' });
        continue;
      }
    }
    let key = textKey(line);
    if (titleKey && (key === titleKey || (key.startsWith(titleKey) && isPhotoCredit(line)))) {
      removed.push({ line, kind: 'repeated-title' });
      continue;
    }
    const kind =
      furnitureKind(line) ??
      (bodyStarted ? null : isHeaderByline(line) || isPersonNames(line) ? 'byline' : isHeaderMeta(line) ? 'date-line' : null);
    if (kind !== null) {
      nameAfterLabel = !bodyStarted && BYLINE_LABEL.test(line);
      if (kind === 'credit' && credit === null) credit = creditOf(line);
      // A label alone ("Baca juga", "Pilihan Editor:", "Berita terkait") announces linked headlines.
      headlinesAfterLabel =
        (kind === 'related-link' || kind === 'menu') && (isRelatedLabel(line) || /^(?:baca|lihat|simak|berita|artikel)\b[^:]{0,30}:$/i.test(line))
          ? MAX_LABEL_HEADLINES
          : 0;
      removed.push({ line, kind });
      continue;
    }
    const glued = gluedRelatedLink(line);
    if (glued) {
      removed.push({ line: glued.link, kind: 'related-link' });
      line = glued.paragraph;
      key = textKey(line);
    }
    if (key.length >= 12 && seen.has(key)) {
      removed.push({ line, kind: 'repeated-paragraph' });
      continue;
    }
    seen.add(key);
    kept.push(line);
    keys.push(key);
    if (!bodyStarted && isSubstantial(line)) bodyStarted = true;
  }
  dropTrailingMenus(kept, keys, removed);
  dropEditorInitials(kept, keys);
  return { paragraphs: kept, keys, credit, removed };
}

/** A related link the scraper glued to the end of a paragraph: "… kata dia. Baca juga: Judul Lain". */
function gluedRelatedLink(line: string): { paragraph: string; link: string } | null {
  if (line.length > 5000 || !line.includes(':') || !/(?:juga|pula)\s?:/i.test(line)) return null;
  const m = /^(.*[.!?"”])\s(?:baca|lihat|simak)\s(?:juga|pula)\s?:\s?([^.!?"”]{3,200})$/i.exec(line);
  return m?.[1] !== undefined && m[2] !== undefined ? { paragraph: m[1], link: m[2] } : null;
}

/** The short label lines (menus, tag lists) after the last paragraph of body text go, in place. */
function dropTrailingMenus(kept: string[], keys: string[], removed: { line: string; kind: FurnitureKind }[]): void {
  let last = kept.length - 1;
  while (last >= 0 && !isSubstantial(kept[last] ?? '')) last--;
  if (last < 0) return;
  for (let i = kept.length - 1; i > last; i--) {
    const line = kept[i] ?? '';
    if (wordCount(line) <= 4 && !endsSentence(line)) {
      removed.push({ line, kind: 'trailing-menu' });
      kept.splice(i, 1);
      keys.splice(i, 1);
    }
  }
}

/** Editor initials closing the last paragraph ("… pekan depan. (ant/rdk)", "[nta]") go, in place. */
function dropEditorInitials(kept: string[], keys: string[]): void {
  const final = kept.length - 1;
  const closing = kept[final];
  if (closing === undefined) return;
  const m = /^(.*[.!?"”])\s?(?:\((?:\s?[\p{Ll}]{2,5}(?:\s?[/,]\s?[\p{Ll}]{2,5}){0,3}\s?|\*)\)|\[\s?[\p{Ll}]{2,5}(?:\s?[/,]\s?[\p{Ll}]{2,5}){0,3}\s?\])$/u.exec(closing);
  if (m && m[1] !== undefined) {
    kept[final] = m[1];
    keys[final] = textKey(m[1]);
  }
}
