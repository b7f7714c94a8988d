/**
 * The slot math of a shared rate budget, pure (no clock, no I/O): each limit is a GCRA bucket whose
 * whole state is one number, the theoretical arrival time (TAT). Keeping the TAT in units of
 * 1/count ms makes every slot an exact integer (no drift from 1000/30 ms steps), so the state can be
 * stored as an integer row and several processes can take slots from it one transaction at a time.
 * See docs/decisions/shared-work.md.
 */
import type { RateLimit } from './pacer.ts';

/** A stored bucket: its TAT (1/count ms units) and the instant (ms) from which it is idle again. */
export interface BucketState {
  readonly tat: number;
  /** From this instant on the bucket behaves as if new; the row may be dropped. */
  readonly idleAt: number;
}

/** One bucket a send must take a slot from. */
export interface BucketRef {
  readonly key: string;
  readonly limit: RateLimit;
}

/** One send to reserve: first a slot of its chat's bucket, then of its platform's (either may be absent). */
export interface SendRequest {
  readonly chat: BucketRef | null;
  readonly global: BucketRef | null;
  /** The chat slot was reserved by an earlier call (the send slept until it): only the global one is left. */
  readonly chatHeld?: boolean;
}

/** What a reservation gave one request. */
export interface Reservation {
  /** When to send (`complete`), or when to ask again with `chatHeld` (the chat's slot). */
  readonly slotMs: number;
  /**
   * False when the chat's slot lies in the future: the platform's slot is taken only once the send is
   * ready, so that a chat's wait does not leave a hole in the platform's budget others could have used.
   */
  readonly complete: boolean;
}

const tolerance = (limit: RateLimit) => Math.max(0, limit.burst - 1) * limit.perMs;
const idleAt = (tat: number, limit: RateLimit) => Math.ceil(tat / limit.count);

/**
 * Takes the earliest slot of a bucket at or after `atMs`.
 * @returns the new state and the slot's time in whole ms.
 */
export function takeSlot(state: BucketState | undefined, limit: RateLimit, atMs: number): { state: BucketState; slotMs: number } {
  const now = Math.ceil(atMs) * limit.count;
  const start = state === undefined ? now : Math.max(now, state.tat - tolerance(limit));
  const tat = Math.max(state?.tat ?? -Infinity, start) + limit.perMs;
  return { state: { tat, idleAt: idleAt(tat, limit) }, slotMs: Math.ceil(start / limit.count) };
}

/** The bucket after a send really went at `atMs`: its next slots are spaced from that moment. */
export function sentAt(state: BucketState, limit: RateLimit, atMs: number): BucketState {
  const tat = Math.max(state.tat, Math.ceil(atMs) * limit.count + limit.perMs);
  return { tat, idleAt: idleAt(tat, limit) };
}

/** The bucket after the platform asked for a pause (429) until `untilMs`: no slot before it. */
export function pausedUntil(state: BucketState | undefined, limit: RateLimit, untilMs: number): BucketState {
  const tat = Math.max(state?.tat ?? -Infinity, Math.ceil(untilMs) * limit.count + tolerance(limit));
  return { tat, idleAt: idleAt(tat, limit) };
}

/**
 * Reserves slots for `requests` in order at `nowMs`: each takes its chat's slot; when that is now, it
 * also takes the platform's first slot at or after it, and the chat's later slots are spaced from
 * that send. `states` is not changed: the buckets touched come back in `states` of the result.
 */
export function reserveSends(
  states: ReadonlyMap<string, BucketState>,
  requests: readonly SendRequest[],
  nowMs: number,
): { slots: Reservation[]; states: Map<string, BucketState> } {
  const next = new Map<string, BucketState>();
  const read = (key: string) => next.get(key) ?? states.get(key);
  const slots = requests.map((request): Reservation => {
    let at = Math.ceil(nowMs);
    if (request.chat && !request.chatHeld) {
      const taken = takeSlot(read(request.chat.key), request.chat.limit, at);
      next.set(request.chat.key, taken.state);
      if (taken.slotMs > at && request.global) return { slotMs: taken.slotMs, complete: false };
      at = taken.slotMs;
    }
    if (request.global) {
      const taken = takeSlot(read(request.global.key), request.global.limit, at);
      next.set(request.global.key, taken.state);
      at = taken.slotMs;
      const chat = request.chat;
      const held = chat ? read(chat.key) : undefined;
      if (chat && held) next.set(chat.key, sentAt(held, chat.limit, at));
    }
    return { slotMs: at, complete: true };
  });
  return { slots, states: next };
}
