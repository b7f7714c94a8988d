/**
 * Child process of the multi-worker crash test: one delivery worker on the shared database (KILAS_DB
 * value: a SQLite file or a postgres:// URL, opened by openConfiguredStore as `kilas start` does). It
 * claims deliveries with a lease, paces through the shared rate budget, resumes what it finds
 * unfinished, fans out the digest of one date, then waits for the rows other workers hold (a killed
 * worker's come free after its lease) and exits when none is left open.
 *
 * usage: node --import tsx delivery-worker-child.ts KILAS_DB SERVER_URL NOW_ISO NAME LEASE_MS EPOCH_MS
 * (every worker's clock reads NOW_ISO at the parent's EPOCH_MS: one timeline for all of them)
 */
import { sharedWork } from '../../../src/app.ts';
import { createClaimedDelivery, type ClaimedDelivery } from '../../../src/bot/claimed-delivery.ts';
import { createDeliveryService } from '../../../src/bot/delivery.ts';
import { realSleep } from '../../../src/bot/pacer.ts';
import type { ChatPlatform, ChatRef, RenderedPart, SendOptions } from '../../../src/bot/ports.ts';
import { DEFAULT_RETRY_POLICY } from '../../../src/bot/retry.ts';
import { createSharedPacer } from '../../../src/bot/shared-pacer.ts';
import { TransientPlatformError } from '../../../src/errors.ts';
import { paragraph } from '../../../src/format/document.ts';
import { createLogger } from '../../../src/logger.ts';
import { openByKilasDb } from './backends.ts';

const [dbPath, serverUrl, nowIso, name, leaseMs, epochMs] = process.argv.slice(2);
if (!dbPath || !serverUrl || !nowIso || !name || !leaseMs || !epochMs) {
  process.stderr.write('usage: delivery-worker-child.ts KILAS_DB SERVER_URL NOW_ISO NAME LEASE_MS EPOCH_MS\n');
  process.exit(2);
}

const store = await openByKilasDb(dbPath);
// The claims and budget `kilas start` takes for this store: SKIP LOCKED rows through the pool on PostgreSQL.
const shared = sharedWork(store);
const clock = () => new Date(Date.parse(nowIso) + (Date.now() - Number(epochMs)));

/** Discord-like: the idempotency key goes out as `nonce`; the path names the worker for the server. */
const platform: ChatPlatform = {
  name: 'discord',
  idempotentSends: true,
  render: (doc) =>
    doc.sections.map((s, index): RenderedPart => {
      const first = s.blocks[0];
      return { index, payload: { content: first && first.kind === 'paragraph' ? first.content.map((r) => r.text).join('') : '' } };
    }),
  async send(chat: ChatRef, part: RenderedPart, options?: SendOptions) {
    let res: Response;
    try {
      res = await fetch(`${serverUrl}/${name}/channels/${chat.chatId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...(part.payload as object), part: part.index, nonce: options?.idempotencyKey, enforce_nonce: true }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new TransientPlatformError('network failure', { cause: error });
    }
    if (res.status >= 500) throw new TransientPlatformError(`HTTP ${res.status}`);
    return ((await res.json()) as { id: string }).id;
  },
};

const logger = createLogger('warn');
let claimed: ClaimedDelivery | null = null;
const delivery = createDeliveryService({
  platforms: new Map([['discord', platform]]),
  subscriptions: store.subscriptions,
  deliveries: store.deliveries,
  buildDigestDocument: async (_sub, date) => ({
    sections: [{ blocks: [paragraph(`Kilas ${date}: bagian 1`)] }, { blocks: [paragraph(`Kilas ${date}: bagian 2`)] }],
  }),
  clock,
  sleep: realSleep,
  logger,
  // Shared by the three workers through the database: 300 messages a second overall, 1 a second per channel.
  pacer: createSharedPacer({
    clock,
    sleep: realSleep,
    budget: shared.budget,
    limits: { discord: { global: { count: 150, perMs: 1000, burst: 1 }, chat: () => ({ count: 1, perMs: 1000, burst: 1 }) } },
  }),
  options: { concurrency: 32, retry: { ...DEFAULT_RETRY_POLICY, sendTimeoutMs: 10_000 } },
  mayContinue: () => claimed?.holdsClaims() ?? false,
});
claimed = createClaimedDelivery({
  delivery,
  subscriptions: store.subscriptions,
  platforms: new Set(['discord']),
  claims: shared.claims,
  owner: `${name}:${process.pid}`,
  clock,
  logger,
  options: { leaseMs: Number(leaseMs), concurrency: 32 },
});

const resumed = await claimed.resumeUnfinished();
const fanOut = await claimed.deliverDue(new Date(nowIso));
process.stdout.write(`${JSON.stringify({ name, resumed, fanOut })}\n`);
await store.close();
process.exit(0);
