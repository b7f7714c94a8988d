/**
 * Links between distinct articles: candidate pairs from an inverted index over distinctive
 * features (date-ordered blocks keep long posting lists linear), scored by topic cosine boosted by
 * shared names and closeness in time, plus a bonus for a shared quote, within the time window.
 */
import type { ClusterOptions } from './cluster-options.ts';
import { cosine } from './similarity.ts';
import type { Doc } from './story-docs.ts';
import { compatibleSpeakers, quoteContained } from './story-features.ts';
import { compareFacts } from './story-facts.ts';

/** Whether a sorted id list holds `id`. */
function holds(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Two datelines name different places and neither text mentions the other's place: a drug bust
 * in Medan is not the one in Jakarta. (A national desk's "Jakarta" dateline over a report from
 * Garut mentions Garut, so it agrees.)
 */
function placesDisagree(a: Doc, b: Doc): boolean {
  return a.place >= 0 && b.place >= 0 && a.place !== b.place && !holds(a.nameIds, b.place) && !holds(b.nameIds, a.place);
}

/**
 * Whether two articles may report one event in time: dated articles at most `days` apart; an
 * undated one not from long before the latest date it mentions (an article written after
 * 24 February 2022 is not a report of December 2021); two undated ones always.
 */
function withinWindow(a: Doc, b: Doc, days: number): boolean {
  if (a.day !== null && b.day !== null) return Math.abs(a.day - b.day) <= days;
  if (a.day === null && a.notBefore !== null && b.day !== null && b.day < a.notBefore - days) return false;
  if (b.day === null && b.notBefore !== null && a.day !== null && a.day < b.notBefore - days) return false;
  return true;
}

/**
 * How many distinct names two texts both mention: shared name words joined when either text writes
 * them as parts of one name ("Gubernur Kalimantan Hulu Ratna Kumalasari" is one name, not five).
 */
function distinctSharedNames(a: Doc, b: Doc): number {
  const groupsA: number[] = [];
  const groupsB: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.nameIds.length && j < b.nameIds.length) {
    const x = a.nameIds[i]!;
    const y = b.nameIds[j]!;
    if (x === y) {
      groupsA.push(a.nameGroups[i]!);
      groupsB.push(b.nameGroups[j]!);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const n = groupsA.length;
  const parent = Array.from({ length: n }, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  for (let k = 0; k < n; k++) {
    for (let m = k + 1; m < n; m++) {
      if (groupsA[k] === groupsA[m] || groupsB[k] === groupsB[m]) parent[find(m)] = find(k);
    }
  }
  let names = 0;
  for (let k = 0; k < n; k++) if (find(k) === k) names++;
  return names;
}

function sharesQuote(a: Doc, b: Doc): boolean {
  for (const x of a.quotes) {
    for (const y of b.quotes) {
      if (!compatibleSpeakers(x.speakerKey, y.speakerKey)) continue;
      if (x.tokens.length >= 4 && y.tokens.length >= 4 && (quoteContained(x, y) || quoteContained(y, x))) return true;
    }
  }
  return false;
}

/**
 * How strongly two articles look like reports of one event (0 = unrelated). Names alone do not
 * make an event (the same minister speaks every day): they only add to shared topic words, as
 * does closeness in time (`proximity`, 0–1); a shared quote adds a fixed bonus, shared facts a
 * little each, and `entities` what shared rare names add (`entityEvidence`).
 */
function linkScore(topic: number, names: number, sharedQuote: boolean, proximity = 0, sharedFacts = 0, entities = 0): number {
  return topic * (1 + names) * (1 + 0.3 * proximity) + (sharedQuote ? 0.2 : 0) + 0.08 * Math.min(2, sharedFacts) + entities;
}

/** Name cosine under which two articles name nobody in common that matters. */
const NAME_AGREEMENT = 0.05;
/** Topic cosine at which two articles that name nobody in common may still report one event. */
const STRONG_TOPIC = 0.35;
/** Below this topic cosine two articles are about different things, whatever names they share. */
const ENTITY_MIN_TOPIC = 0.04;
/** Rare-name agreement (entity cosine × closeness in time) from which names alone speak for one event. */
const ENTITY_FLOOR = 0.12;
const ENTITY_WEIGHT = 2;

/**
 * What shared rare names add to a link: reports of one event from different angles (the arrest, the
 * suspect named, the residents' reaction) share few words but the same rare people and places, on
 * close days. Nothing for names seen far apart in time (a minister's two events a week apart), for
 * articles whose topics share next to nothing, nor when the shared names are all one name (the same
 * governor at two events on one day): `sharedNames` counts the distinct names both texts mention
 * (asked only when the rest would count).
 */
export function entityEvidence(topic: number, entities: number, proximity: number, sharedNames: () => number): number {
  const rare = entities * proximity - ENTITY_FLOOR;
  if (topic < ENTITY_MIN_TOPIC || rare <= 0 || sharedNames() < 2) return 0;
  return ENTITY_WEIGHT * rare;
}

/**
 * How close in time two articles are, 1 (same instant) to 0 (a window apart or more), and 0 when
 * a date is unknown: reports of one event cluster in time, so closeness strengthens a link.
 */
function proximity(a: Doc, b: Doc, windowDays: number): number {
  if (a.day === null || b.day === null || windowDays <= 0) return 0;
  return Math.max(0, 1 - Math.abs(a.day - b.day) / windowDays);
}

/**
 * The link between two docs when they report one event: within the time window, no contradicting
 * specifics (prices, scores, hauls, event days, dateline places), and a score at the threshold.
 * Null otherwise.
 */
export function scoreLink(da: Doc, db: Doc, o: Required<ClusterOptions>): Omit<Edge, 'a' | 'b'> | null {
  if (!withinWindow(da, db, o.windowDays)) return null;
  // Same kind of news with different specifics is two events.
  const facts = compareFacts(da.facts, db.facts);
  if (facts.conflict || placesDisagree(da, db)) return null;
  const topic = cosine(da.topic, db.topic);
  const names = cosine(da.names, db.names);
  const sharedQuote = sharesQuote(da, db);
  // Routine news of one kind on one day (two demonstrations, two price reports) shares its topic
  // words; reports of one event also share who and where. Without that, only a strong topic,
  // a shared quote or a shared fact links.
  if (names < NAME_AGREEMENT && topic < STRONG_TOPIC && !sharedQuote && facts.shared === 0) return null;
  const near = proximity(da, db, o.windowDays);
  const entities = entityEvidence(topic, cosine(da.entities, db.entities), near, () => distinctSharedNames(da, db));
  const score = linkScore(topic, names, sharedQuote, near, facts.shared, entities);
  return score >= o.linkThreshold ? { score, topic, names, sharedQuote } : null;
}

/** A scored link between docs `a` < `b` (indexes), with the parts of its score. */
export interface Edge {
  readonly a: number;
  readonly b: number;
  readonly score: number;
  readonly topic: number;
  readonly names: number;
  readonly sharedQuote: boolean;
}

/**
 * Scored links between docs. Candidates come from the inverted index: for each doc, the later
 * docs that share at least two of its distinctive features (a shared quote shingle counts two).
 * A posting list longer than `maxPosting` is ordered by date and cut into half-overlapping
 * blocks, and docs pair only within a block: the work is linear in the number of docs, and the
 * articles of a story that hundreds of outlets cover still meet their neighbours in time.
 */
export function candidateEdges(docs: readonly Doc[], o: Required<ClusterOptions>): Edge[] {
  const postings = new Map<number, number[]>();
  for (const doc of docs) {
    for (const f of doc.index_features) {
      const list = postings.get(f);
      if (list) list.push(doc.index);
      else postings.set(f, [doc.index]);
    }
  }
  const blocks: number[][] = [];
  const blockFeature: number[] = [];
  // Per doc: its blocks, those of one feature next to each other.
  const docBlocks: number[][] = docs.map(() => []);
  const addBlock = (members: number[], feature: number) => {
    const id = blocks.length;
    blocks.push(members);
    blockFeature.push(feature);
    for (const m of members) docBlocks[m]!.push(id);
  };
  const byTime = (x: number, y: number) => (docs[x]!.day ?? Infinity) - (docs[y]!.day ?? Infinity) || x - y;
  const size = Math.max(2, o.maxPosting);
  const step = Math.max(1, Math.floor(size / 2));
  for (const [feature, list] of postings) {
    if (list.length < 2) continue;
    if (list.length <= size) {
      addBlock(list, feature);
      continue;
    }
    list.sort(byTime);
    for (let start = 0; start < list.length - 1; start += step) {
      addBlock(list.slice(start, start + size), feature);
      if (start + size >= list.length) break;
    }
  }

  const edges: Edge[] = [];
  const shared = new Map<number, number>();
  const counted = new Set<number>();
  for (const da of docs) {
    shared.clear();
    let lastFeature = -1;
    for (const block of docBlocks[da.index]!) {
      const feature = blockFeature[block]!;
      if (feature !== lastFeature) {
        counted.clear();
        lastFeature = feature;
      }
      const weight = da.quoteFeatures.has(feature) ? 2 : 1;
      for (const b of blocks[block]!) {
        if (b <= da.index || counted.has(b)) continue;
        counted.add(b);
        shared.set(b, (shared.get(b) ?? 0) + weight);
      }
    }
    const neighbours = [...shared].filter(([, count]) => count >= 2).map(([b]) => b).sort((x, y) => x - y);
    for (const b of neighbours) {
      const link = scoreLink(da, docs[b]!, o);
      if (link) edges.push({ a: da.index, b, ...link });
    }
  }
  return edges.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
}
