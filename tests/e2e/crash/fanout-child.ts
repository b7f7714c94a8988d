/**
 * Child process of the crash test: opens the real SQLite store, resumes unfinished deliveries, then
 * fans out the digest of one date to every due subscription through a ChatPlatform that POSTs each
 * part to the parent's fake platform server. The parent SIGKILLs it midway and starts it again.
 *
 * usage: node --import tsx fanout-child.ts DB_PATH SERVER_URL NOW_ISO
 */
import { createDeliveryService } from '../../../src/bot/delivery.ts';
import { createPacer, realSleep } from '../../../src/bot/pacer.ts';
import { DISCORD_LIMITS } from '../../../src/platforms/discord/limits.ts';
import type { ChatPlatform, ChatRef, RenderedPart, SendOptions } from '../../../src/bot/ports.ts';
import { DEFAULT_RETRY_POLICY } from '../../../src/bot/retry.ts';
import { TransientPlatformError } from '../../../src/errors.ts';
import { paragraph } from '../../../src/format/document.ts';
import { createLogger } from '../../../src/logger.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';

const [dbPath, serverUrl, nowIso] = process.argv.slice(2);
if (!dbPath || !serverUrl || !nowIso) {
  process.stderr.write('usage: fanout-child.ts DB_PATH SERVER_URL NOW_ISO\n');
  process.exit(2);
}

const store = openSqliteStore(dbPath);
// A clock that starts at NOW_ISO and runs in real time, so the test does not depend on today's date.
const startedAt = Date.now();
const clock = () => new Date(Date.parse(nowIso) + (Date.now() - startedAt));

/** Discord-like: sends the idempotency key as `nonce` with `enforce_nonce`, as the Discord adapter should. */
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
      res = await fetch(`${serverUrl}/channels/${chat.chatId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...(part.payload as object), part: part.index, nonce: options?.idempotencyKey, enforce_nonce: true }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new TransientPlatformError('network failure', { cause: error });
    }
    if (res.status >= 500) throw new TransientPlatformError(`HTTP ${res.status}`);
    const body = (await res.json()) as { id: string };
    return body.id;
  },
};

const delivery = createDeliveryService({
  platforms: new Map([['discord', platform]]),
  subscriptions: store.subscriptions,
  deliveries: store.deliveries,
  buildDigestDocument: async (_sub, date) => ({
    sections: [{ blocks: [paragraph(`Kilas ${date}: bagian 1`)] }, { blocks: [paragraph(`Kilas ${date}: bagian 2`)] }],
  }),
  clock,
  sleep: realSleep,
  logger: createLogger('warn'),
  // Discord's per-channel bucket, a faster global rate so the test is short.
  pacer: createPacer({
    clock,
    sleep: realSleep,
    limits: { discord: { global: { count: 400, perMs: 1000, burst: 1 }, chat: DISCORD_LIMITS.chat } },
  }),
  options: { concurrency: 32, retry: { ...DEFAULT_RETRY_POLICY, sendTimeoutMs: 10_000 } },
});

const resumed = await delivery.resumeUnfinished();
const fanOut = await delivery.deliverDue(new Date(nowIso));
process.stdout.write(`${JSON.stringify({ resumed, fanOut })}\n`);
await store.close();
process.exit(0);
