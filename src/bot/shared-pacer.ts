/**
 * A `Pacer` whose buckets live in a `RateBudget` shared by every kilas process, so the platforms'
 * limits (per bot token and per chat) hold however many processes send. Sends that wait at the same
 * moment are reserved in one transaction; each then sleeps until its slot. The slot math is the pure
 * `reserveSends` (gcra.ts). See docs/decisions/shared-work.md.
 */
import { messageOf } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { pausedUntil, reserveSends, type BucketRef, type Reservation, type SendRequest } from './gcra.ts';
import { type Pacer, type PacerDeps, type PlatformLimits, type RateLimit } from './pacer.ts';
import type { ChatRef, PlatformName } from './ports.ts';
import type { RateBudget } from './work-ports.ts';

export interface SharedPacerDeps extends PacerDeps {
  readonly budget: RateBudget;
  readonly logger?: Logger;
  /** Most sends reserved in one transaction. Default 256. */
  readonly maxBatch?: number;
  /** Buckets idle this long are dropped from the budget (checked at most this often), ms. Default 60,000. */
  readonly pruneAfterMs?: number;
}

interface Waiter {
  readonly request: SendRequest;
  resolve(slot: Reservation): void;
  reject(error: unknown): void;
}

/** Bounds the re-reservations after pauses so a stream of 429s cannot spin forever. */
const MAX_RESERVE_ROUNDS = 1000;

/**
 * A limit as the shared budget keeps it: evenly spaced. A GCRA bucket with a burst lets `burst` sends
 * go at once and then one per `perMs / count`, which can put more than `count` into one window of
 * `perMs`; the in-process pacer corrects that with a log of its own sends, which processes cannot
 * share. So shared buckets have no burst (Discord's 5 per 5 s per channel becomes one a second).
 */
const even = (limit: RateLimit | null): RateLimit | null => (limit && limit.burst > 1 ? { ...limit, burst: 1 } : limit);

/** The buckets a send to `chat` takes slots from (the same keys in every process). */
export function sendRequest(limits: Readonly<Record<string, PlatformLimits>>, chat: ChatRef): SendRequest {
  const platform = limits[chat.platform];
  const chatLimit = even(platform?.chat(chat) ?? null);
  const global = even(platform?.global ?? null);
  return {
    chat: chatLimit ? { key: `${chat.platform}:chat:${chat.chatId}`, limit: chatLimit } : null,
    global: global ? { key: chat.platform, limit: global } : null,
  };
}

/** The limits of the platforms named in `limits` (those given as undefined left out). */
function namedLimits(limits: PacerDeps['limits']): Record<PlatformName, PlatformLimits> {
  return Object.fromEntries(Object.entries(limits ?? {}).flatMap(([name, l]) => (l ? [[name, l] as const] : [])));
}

/** The keys of the buckets the sends of `batch` take slots from, each once. */
function bucketKeys(batch: readonly Waiter[]): string[] {
  return [...new Set(batch.flatMap((w) => [w.request.chat?.key, w.request.global?.key].filter((k): k is string => k !== undefined)))];
}

/** Creates a pacer over the shared budget (limits: `deps.limits`, each platform module's own; a platform not named is not paced). */
export function createSharedPacer(deps: SharedPacerDeps): Pacer {
  const limits = namedLimits(deps.limits);
  const maxBatch = deps.maxBatch ?? 256;
  const pruneAfterMs = deps.pruneAfterMs ?? 60_000;
  const now = () => deps.clock().getTime();
  /** Pauses this process knows of (a 429 it got), by bucket key: slots inside them are taken again. */
  const pauses = new Map<string, number>();
  const queue: Waiter[] = [];
  let scheduled = false;
  let lastPrune = now();
  let commitMs = 0;

  const flush = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      const keys = bucketKeys(batch);
      try {
        const started = now();
        const slots = await deps.budget.transact(keys, (states) => {
          // Read inside the transaction, plus the commit's expected time: a slot is never already past
          // when its waiter hears of it, so no send goes late and bunches into the next window.
          const reserved = reserveSends(states, batch.map((w) => w.request), now() + commitMs);
          return { states: reserved.states, result: reserved.slots };
        });
        // The last round trip, capped: how far ahead the next batch's first slot is put.
        commitMs = Math.min(50, Math.max(0, now() - started));
        batch.forEach((w, i) => w.resolve(slots[i] as Reservation));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    scheduled = false;
    prune();
  };

  const prune = () => {
    const t = now();
    if (t - lastPrune < pruneAfterMs) return;
    lastPrune = t;
    for (const [key, until] of pauses) if (until <= t) pauses.delete(key);
    deps.budget.prune(t - pruneAfterMs).catch((error: unknown) => deps.logger?.warn('pruning rate buckets failed', { error: messageOf(error) }));
  };

  const reserve = (request: SendRequest) =>
    new Promise<Reservation>((resolve, reject) => {
      queue.push({ request, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      // Every acquire of this turn of the event loop joins the batch.
      queueMicrotask(() => void flush());
    });

  const pausedFor = (request: SendRequest) => Math.max(pauses.get(request.chat?.key ?? '') ?? -Infinity, pauses.get(request.global?.key ?? '') ?? -Infinity);

  return {
    async acquire(chat, signal) {
      signal?.throwIfAborted();
      const request = sendRequest(limits, chat);
      if (!request.chat && !request.global) return;
      let chatHeld = false;
      for (let round = 0; round < MAX_RESERVE_ROUNDS; round++) {
        const slot = await reserve(chatHeld ? { ...request, chatHeld } : request);
        const wait = slot.slotMs - now();
        if (wait > 0) await deps.sleep(wait, signal);
        else signal?.throwIfAborted();
        // A 429 that arrived while we waited moved the pause past our slot: take a new slot.
        if (pausedFor(request) > slot.slotMs) {
          chatHeld = false;
          continue;
        }
        if (slot.complete) return;
        chatHeld = true;
      }
    },
    penalize(chat, retryAfterMs, scope = 'chat') {
      const request = sendRequest(limits, chat);
      const bucket: BucketRef | null = (scope === 'chat' ? request.chat : null) ?? request.global;
      if (!bucket) return false;
      const until = now() + Math.max(0, retryAfterMs);
      pauses.set(bucket.key, Math.max(pauses.get(bucket.key) ?? -Infinity, until));
      deps.budget
        .transact([bucket.key], (states) => ({
          states: new Map([[bucket.key, pausedUntil(states.get(bucket.key), bucket.limit, until)]]),
          result: null,
        }))
        .catch((error: unknown) => deps.logger?.warn('recording a rate-limit pause failed', { error: messageOf(error) }));
      return true;
    },
    size: () => pauses.size,
  };
}
