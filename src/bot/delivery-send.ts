/**
 * One delivery, record then send then mark (the guarantees are in delivery.ts's module comment):
 * the digest rendered and recorded once, its unsent parts sent in order, each marked right after
 * the platform accepts it, and the delivery finished with its outcome.
 */
import { messageOf } from '../errors.ts';
import type { Document } from '../format/document.ts';
import type { DeliveryOptions, DeliveryResult, DeliveryServiceDeps } from './delivery-types.ts';
import type { Pacer } from './pacer.ts';
import type { ChatPlatform, DeliveryRecord, RenderedPart, Subscription } from './ports.ts';
import { sendWithRetry } from './retry.ts';

/** What the steps of one delivery share with the service that runs them. */
export interface DeliveryRun {
  readonly deps: DeliveryServiceDeps;
  readonly options: Required<DeliveryOptions>;
  readonly pacer: Pacer;
  readonly random: () => number;
  /** Aborted by the service's `stop()`. */
  readonly stopped: AbortSignal;
  /** Notes a delivery as finished, so later ticks do not read it again. */
  readonly remember: (subscriptionId: number, digestDate: string) => void;
}

/** The idempotency key of one part of one delivery: stable across restarts, at most 25 characters. */
export function idempotencyKey(deliveryId: number, index: number): string {
  return `kilas:${deliveryId}:${index}`;
}

/** A {@link DeliveryResult} of `sub` and `digestDate`. */
export function deliveryResult(
  sub: Subscription,
  digestDate: string,
  state: DeliveryResult['state'],
  reason: string | null,
  sentParts = 0,
  alreadyFinished = false,
): DeliveryResult {
  return { subscriptionId: sub.id, digestDate, state, reason, sentParts, alreadyFinished };
}

/** Records `record` finished with `state`, remembers it and logs it. */
async function finishDelivery(
  run: DeliveryRun,
  sub: Subscription,
  record: DeliveryRecord,
  state: 'done' | 'failed' | 'skipped',
  reason: string | null,
  sent: number,
): Promise<DeliveryResult> {
  const { deliveries, logger } = run.deps;
  await deliveries.finish(record.id, state, reason);
  run.remember(sub.id, record.digestDate);
  if (state === 'failed') logger.warn('delivery failed', { subscription: sub.id, date: record.digestDate, reason });
  else logger.debug(`delivery ${state}`, { subscription: sub.id, date: record.digestDate, parts: record.parts.length });
  return deliveryResult(sub, record.digestDate, state, reason, sent);
}

/**
 * Marks a part sent, retrying a store that is briefly busy (another process holds the write lock):
 * a part the platform accepted and the store did not record is sent again later.
 */
async function markSent(run: DeliveryRun, deliveryId: number, index: number, messageId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run.deps.deliveries.markPartSent(deliveryId, index, messageId);
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      run.deps.logger.warn('marking a part sent failed; retrying', { delivery: deliveryId, part: index, error: messageOf(error) });
      await run.deps.sleep(250 * attempt).catch(() => undefined);
    }
  }
}

/** Sends the parts of `record` not yet marked sent, in order. */
async function sendParts(run: DeliveryRun, sub: Subscription, platform: ChatPlatform, record: DeliveryRecord): Promise<DeliveryResult> {
  const { deps, stopped } = run;
  const { logger } = deps;
  const result = deliveryResult;
  const finish = (state: 'done' | 'failed' | 'skipped', reason: string | null, sent: number) => finishDelivery(run, sub, record, state, reason, sent);
  const parts = [...record.parts].sort((a, b) => a.index - b.index);
  let sent = 0;
  for (const part of parts) {
    if (part.state === 'sent') continue;
    if (stopped.aborted) return result(sub, record.digestDate, 'pending', 'parked by stop', sent);
    const stored: RenderedPart = { index: part.index, payload: part.payload };
    const key = idempotencyKey(record.id, part.index);
    // Asked right before each attempt, after the pacer's wait: a claim can pass on during that wait.
    const claimLost = new AbortController();
    const send = () => {
      if (deps.mayContinue && !deps.mayContinue(sub, record.digestDate)) {
        claimLost.abort(new Error('claim lost'));
        return Promise.reject(new Error('claim lost'));
      }
      return platform.send(sub.chat, stored, { idempotencyKey: key });
    };
    const outcome = await sendWithRetry(sub.chat, send, {
      pacer: run.pacer,
      sleep: deps.sleep,
      random: run.random,
      policy: run.options.retry,
      signal: deps.mayContinue ? AbortSignal.any([stopped, claimLost.signal]) : stopped,
      onRetry: ({ attempt, error, waitMs }) =>
        logger.debug('send retry', { subscription: sub.id, part: part.index, attempt, waitMs, error: messageOf(error) }),
    });
    if (outcome.ok) {
      await markSent(run, record.id, part.index, outcome.messageId);
      sent++;
      continue;
    }
    if (outcome.kind !== 'aborted') await deps.deliveries.markPartFailed?.(record.id, part.index, `${outcome.kind}: ${outcome.reason}`);
    switch (outcome.kind) {
      case 'unavailable': {
        const reason = `chat unavailable: ${outcome.reason}`;
        await deps.subscriptions.unsubscribe(sub.chat, outcome.reason);
        logger.info('subscription deactivated', { subscription: sub.id, chat: sub.chat.chatId, reason: outcome.reason });
        return finish('failed', reason, sent);
      }
      case 'rejected':
        return finish('failed', `part ${part.index} rejected: ${outcome.reason}`, sent);
      case 'exhausted':
        logger.warn('delivery deferred', { subscription: sub.id, part: part.index, reason: outcome.reason });
        return result(sub, record.digestDate, 'pending', outcome.reason, sent);
      case 'aborted':
        return result(sub, record.digestDate, 'pending', claimLost.signal.aborted ? 'claim lost' : 'parked by stop', sent);
    }
  }
  return finish('done', null, sent);
}

/** Delivers (or resumes, or confirms finished) the digest of `digestDate` to `sub`: record, send, mark. */
export async function deliverNow(run: DeliveryRun, sub: Subscription, digestDate: string): Promise<DeliveryResult> {
  const { deps } = run;
  const { deliveries, logger } = deps;
  const result = deliveryResult;
  if (run.stopped.aborted) return result(sub, digestDate, 'deferred', 'stopping');
  const platform = deps.platforms.get(sub.chat.platform);
  let record = await deliveries.find(sub.id, digestDate);
  if (record && record.state !== 'pending') return result(sub, digestDate, record.state, record.reason, 0, true);
  if (!platform) return result(sub, digestDate, 'deferred', `platform ${sub.chat.platform} is not configured`);
  if (!record) {
    let doc: Document | null;
    try {
      doc = await deps.buildDigestDocument(sub, digestDate);
    } catch (error) {
      logger.error('digest build failed', { subscription: sub.id, date: digestDate, error: messageOf(error) });
      return result(sub, digestDate, 'deferred', `digest build failed: ${messageOf(error)}`);
    }
    let parts: RenderedPart[] = [];
    let renderError: string | null = null;
    if (doc) {
      try {
        parts = platform.render(doc);
      } catch (error) {
        renderError = `render failed: ${messageOf(error)}`;
      }
    }
    record = await deliveries.begin(sub.id, digestDate, parts);
    if (record.state !== 'pending') return result(sub, digestDate, record.state, record.reason, 0, true);
    if (renderError) return finishDelivery(run, sub, record, 'failed', renderError, 0);
  }
  if (record.parts.length === 0) {
    const reason = sub.topics.length > 0 ? `no stories matching the topics for ${digestDate}` : `no stories for ${digestDate}`;
    return finishDelivery(run, sub, record, 'skipped', reason, 0);
  }
  return sendParts(run, sub, platform, record);
}
