/**
 * The one splitting algorithm behind every size-limited renderer (Telegram messages, Discord content
 * and embed descriptions). A document becomes a tree of units (group > block > run); `pack` fills
 * chunks greedily and keeps a unit whole when it fits alone, so a story moves to the next message
 * instead of being cut. A unit too big even alone is opened: its children fill the current chunk,
 * then sentences, then words, and finally a hard cut between code points.
 */
import { codePoints, splitFiner } from './plain-text.ts';

/** A leaf is a run of text with whatever a renderer needs to draw it. */
export interface PackLeaf {
  readonly text: string;
  /** Separator (block break, line break): never opens a chunk; budgets keep room for it. */
  readonly glue: boolean;
}

export type Unit<L extends PackLeaf> = { readonly leaf: L } | { readonly children: readonly Unit<L>[] };

/** What a chunk may hold: a renderer's limits (length, entities) as an incremental state. */
export interface Budget<L extends PackLeaf, S> {
  start(): S;
  /** The state after appending `leaf`, or null when it no longer fits. */
  add(state: S, leaf: L): S | null;
  /** The same leaf with other text (pieces of a split keep their marks). */
  withText(leaf: L, text: string): L;
}

/** Upper bound on loop iterations, so a budget that never accepts anything fails instead of hanging. */
const MAX_STEPS = 10_000_000;

/**
 * Splits `units` into chunks that each fit `budget`; the leaves of all chunks, in order, carry the
 * whole text (pieces of split leaves join back to the original text).
 * @throws Error when a single code point does not fit an empty chunk (a budget bug).
 */
export function pack<L extends PackLeaf, S>(units: readonly Unit<L>[], budget: Budget<L, S>): L[][] {
  const chunks: L[][] = [];
  let leaves: L[] = [];
  let state = budget.start();
  let steps = 0;

  const flush = () => {
    if (leaves.length > 0) chunks.push(leaves);
    leaves = [];
    state = budget.start();
  };
  const hasContent = () => leaves.some((l) => !l.glue);
  const tryAll = (from: S, all: readonly L[]): S | null => {
    let s: S | null = from;
    for (const leaf of all) {
      if (++steps > MAX_STEPS) throw new Error('pack: step limit exceeded');
      s = budget.add(s, leaf);
      if (s === null) return null;
    }
    return s;
  };

  const place = (unit: Unit<L>): void => {
    const all = leavesOf(unit);
    const here = tryAll(state, all);
    if (here !== null) {
      leaves.push(...all);
      state = here;
      return;
    }
    if (hasContent()) {
      const alone = tryAll(budget.start(), all);
      if (alone !== null) {
        flush();
        leaves.push(...all);
        state = alone;
        return;
      }
    }
    if ('children' in unit) {
      for (const child of unit.children) place(child);
      return;
    }
    const finer = splitFiner(unit.leaf.text);
    if (finer.length > 1) {
      for (const piece of finer) place({ leaf: budget.withText(unit.leaf, piece) });
      return;
    }
    hardSplit(unit.leaf);
  };

  const hardSplit = (leaf: L): void => {
    let rest = codePoints(leaf.text);
    while (rest.length > 0) {
      if (++steps > MAX_STEPS) throw new Error('pack: step limit exceeded');
      // Largest prefix that fits after what the chunk already holds: gallop to a prefix that does
      // not fit (so probes stay near the chunk size, not the word size), then binary search.
      let lo = 0;
      let hi = rest.length;
      let fitted: S | null = null;
      for (let probe = 1; probe < rest.length; probe *= 2) {
        const s = budget.add(state, budget.withText(leaf, rest.slice(0, probe).join('')));
        if (s === null) {
          hi = probe - 1;
          break;
        }
        lo = probe;
        fitted = s;
      }
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        const s = budget.add(state, budget.withText(leaf, rest.slice(0, mid).join('')));
        if (s !== null) {
          lo = mid;
          fitted = s;
        } else hi = mid - 1;
      }
      if (lo === 0 || fitted === null) {
        if (leaves.length === 0) throw new Error('pack: a single character does not fit an empty chunk');
        flush();
        continue;
      }
      leaves.push(budget.withText(leaf, rest.slice(0, lo).join('')));
      state = fitted;
      rest = rest.slice(lo);
      if (rest.length > 0) flush();
    }
  };

  for (const unit of units) place(unit);
  flush();
  return chunks;
}

/**
 * Leaves with neighbours of the same `key` (the same style) joined into one, so a renderer writes
 * one tag or one Markdown span where packing had cut the text into words.
 */
export function mergeAlike<L extends PackLeaf>(leaves: readonly L[], key: (leaf: L) => string): L[] {
  const merged: L[] = [];
  for (const l of leaves) {
    const prev = merged[merged.length - 1];
    if (prev && key(prev) === key(l)) merged[merged.length - 1] = { ...prev, text: prev.text + l.text };
    else merged.push(l);
  }
  return merged;
}

/** All leaves of a unit in order. */
export function leavesOf<L extends PackLeaf>(unit: Unit<L>): L[] {
  const out: L[] = [];
  const walk = (u: Unit<L>): void => {
    if ('leaf' in u) out.push(u.leaf);
    else for (const c of u.children) walk(c);
  };
  walk(unit);
  return out;
}
