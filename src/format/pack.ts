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
  const filler = new ChunkFiller(budget);
  for (const unit of units) filler.place(unit);
  return filler.finish();
}

/** The state of one `pack` call: the chunks so far, the open chunk and its budget state. */
class ChunkFiller<L extends PackLeaf, S> {
  private readonly chunks: L[][] = [];
  private leaves: L[] = [];
  private state: S;
  private steps = 0;

  constructor(private readonly budget: Budget<L, S>) {
    this.state = budget.start();
  }

  /** Closes the open chunk and returns every chunk. */
  finish(): L[][] {
    this.flush();
    return this.chunks;
  }

  /** Places `unit` whole here, whole in a fresh chunk, or opened into finer pieces. */
  place(unit: Unit<L>): void {
    const all = leavesOf(unit);
    const here = this.tryAll(this.state, all);
    if (here !== null) return this.append(all, here);
    if (this.leaves.some((l) => !l.glue)) {
      const alone = this.tryAll(this.budget.start(), all);
      if (alone !== null) {
        this.flush();
        return this.append(all, alone);
      }
    }
    if ('children' in unit) {
      for (const child of unit.children) this.place(child);
      return;
    }
    const finer = splitFiner(unit.leaf.text);
    if (finer.length > 1) {
      for (const piece of finer) this.place({ leaf: this.budget.withText(unit.leaf, piece) });
      return;
    }
    this.hardSplit(unit.leaf);
  }

  private append(all: readonly L[], state: S): void {
    this.leaves.push(...all);
    this.state = state;
  }

  private flush(): void {
    if (this.leaves.length > 0) this.chunks.push(this.leaves);
    this.leaves = [];
    this.state = this.budget.start();
  }

  private step(): void {
    if (++this.steps > MAX_STEPS) throw new Error('pack: step limit exceeded');
  }

  private tryAll(from: S, all: readonly L[]): S | null {
    let s: S | null = from;
    for (const leaf of all) {
      this.step();
      s = this.budget.add(s, leaf);
      if (s === null) return null;
    }
    return s;
  }

  /** Cuts a leaf with no finer split between code points, filling each chunk as far as it goes. */
  private hardSplit(leaf: L): void {
    let rest = codePoints(leaf.text);
    while (rest.length > 0) {
      this.step();
      const { length, state } = this.longestFit(leaf, rest);
      if (length === 0 || state === null) {
        if (this.leaves.length === 0) throw new Error('pack: a single character does not fit an empty chunk');
        this.flush();
        continue;
      }
      this.append([this.budget.withText(leaf, rest.slice(0, length).join(''))], state);
      rest = rest.slice(length);
      if (rest.length > 0) this.flush();
    }
  }

  /**
   * The largest prefix of `rest` that fits after what the chunk already holds: gallop to a prefix
   * that does not fit (so probes stay near the chunk size, not the word size), then binary search.
   */
  private longestFit(leaf: L, rest: readonly string[]): { length: number; state: S | null } {
    const fits = (n: number) => this.budget.add(this.state, this.budget.withText(leaf, rest.slice(0, n).join('')));
    let lo = 0;
    let hi = rest.length;
    let fitted: S | null = null;
    for (let probe = 1; probe < rest.length; probe *= 2) {
      const s = fits(probe);
      if (s === null) {
        hi = probe - 1;
        break;
      }
      lo = probe;
      fitted = s;
    }
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const s = fits(mid);
      if (s !== null) {
        lo = mid;
        fitted = s;
      } else hi = mid - 1;
    }
    return { length: lo, state: fitted };
  }
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
