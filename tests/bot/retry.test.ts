import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mapBounded as runPool } from '../../src/core/pacing/index.ts';
import { createPacer, UNLIMITED } from '../../src/bot/pacer.ts';
import type { ChatRef } from '../../src/bot/ports.ts';
import { jitteredBackoffDelay as backoffDelay } from '../../src/core/pacing/index.ts';
import { DEFAULT_RETRY_POLICY, sendWithRetry, type RetryPolicy } from '../../src/bot/retry.ts';
import {
  ChatUnavailableError,
  RateLimitedError,
  RejectedPayloadError,
  TransientPlatformError,
} from '../../src/errors.ts';
import { VirtualTime } from '../helpers/virtual-time.ts';

const chat: ChatRef = { platform: 'console', chatId: '1', threadId: null };
const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxTransientRetries: 3, maxAttempts: 10, sendTimeoutMs: 0 };

type Answer = 'ok' | '429' | '5xx' | 'network' | '403' | '400';
const raise = (a: Answer): never => {
  switch (a) {
    case '429':
      throw new RateLimitedError('Too Many Requests', 2000);
    case '5xx':
      throw new TransientPlatformError('Bad Gateway');
    case 'network':
      throw new Error('socket hang up');
    case '403':
      throw new ChatUnavailableError('Forbidden: bot was kicked');
    case '400':
      throw new RejectedPayloadError('Bad Request');
    case 'ok':
      throw new Error('unreachable');
  }
};

async function attempt(answers: Answer[], p: RetryPolicy = policy) {
  const vt = new VirtualTime(0);
  const pacer = createPacer({ clock: vt.clock, sleep: vt.sleep, limits: { console: UNLIMITED } });
  let i = 0;
  const at: number[] = [];
  const outcome = await vt.run(
    sendWithRetry(
      chat,
      async () => {
        at.push(vt.now);
        const a = answers[i++] ?? 'ok';
        return a === 'ok' ? `m${i}` : raise(a);
      },
      { pacer, sleep: vt.sleep, random: () => 0, policy: p },
    ),
  );
  return { outcome, at };
}

describe('sendWithRetry', () => {
  test.each([
    { answers: [] as Answer[], ok: true, kind: null, attempts: 1 },
    { answers: ['429', '429', '429'] as Answer[], ok: true, kind: null, attempts: 4 },
    { answers: ['5xx', 'network', '5xx'] as Answer[], ok: true, kind: null, attempts: 4 },
    { answers: ['5xx', '5xx', '5xx', '5xx'] as Answer[], ok: false, kind: 'exhausted', attempts: 4 },
    { answers: ['429', '5xx', '403'] as Answer[], ok: false, kind: 'unavailable', attempts: 3 },
    { answers: ['400'] as Answer[], ok: false, kind: 'rejected', attempts: 1 },
    { answers: Array<Answer>(12).fill('429'), ok: false, kind: 'exhausted', attempts: 10 },
  ])('$answers -> ok=$ok $kind after $attempts attempts', async ({ answers, ok, kind, attempts }) => {
    const { outcome } = await attempt(answers);
    expect(outcome.ok).toBe(ok);
    if (!outcome.ok) expect(outcome.kind).toBe(kind);
    expect(outcome.attempts).toBe(attempts);
  });

  test('429 retries after exactly retry_after; 5xx after a growing backoff', async () => {
    const rl = await attempt(['429', '429']);
    expect(rl.at).toEqual([0, 2000, 4000]);
    const tr = await attempt(['5xx', '5xx', '5xx']);
    // random() = 0: half of base * 2^(n-1).
    const half = (n: number) => (policy.backoffBaseMs * 2 ** (n - 1)) / 2;
    expect(tr.at).toEqual([0, half(1), half(1) + half(2), half(1) + half(2) + half(3)]);
  });

  test('an aborted signal parks the part instead of sending it', async () => {
    const vt = new VirtualTime(0);
    const controller = new AbortController();
    controller.abort();
    let sends = 0;
    const outcome = await sendWithRetry(
      chat,
      async () => {
        sends++;
        return 'm';
      },
      { pacer: createPacer({ clock: vt.clock, sleep: vt.sleep }), sleep: vt.sleep, random: Math.random, policy, signal: controller.signal },
    );
    expect(outcome).toMatchObject({ ok: false, kind: 'aborted' });
    expect(sends).toBe(0);
  });
});

describe('backoffDelay', () => {
  test('stays within [ceiling/2, ceiling], where the ceiling doubles up to the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (retry, r) => {
        const ceiling = Math.min(DEFAULT_RETRY_POLICY.backoffMaxMs, DEFAULT_RETRY_POLICY.backoffBaseMs * 2 ** (retry - 1));
        const d = backoffDelay(retry, DEFAULT_RETRY_POLICY, () => r);
        return d >= Math.floor(ceiling / 2) && d <= ceiling && Number.isFinite(d);
      }),
    );
  });
});

describe('runPool', () => {
  test('never runs more than the limit at once and keeps result order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (delays, limit) => {
        const vt = new VirtualTime(0);
        let running = 0;
        let peak = 0;
        const out = await vt.run(
          runPool(delays, limit, async (d) => {
            running++;
            peak = Math.max(peak, running);
            await vt.sleep(d);
            running--;
            return d * 2;
          }),
        );
        return peak <= limit && JSON.stringify(out) === JSON.stringify(delays.map((d) => d * 2));
      }),
      { numRuns: 60 },
    );
  });
});
