/**
 * Fan-out bench: 10,000 subscriptions get one digest through the real delivery service and the
 * real SQLite store, to an in-process fake platform that enforces Telegram's limits (30 msg/s
 * overall, 1 msg/s per chat) and answers 429 with retry_after (whole seconds, as Telegram does)
 * when a send exceeds them.
 *
 * Time is scaled by running it virtual: the pacer, retry waits and the fake's limits all read one
 * virtual clock (tests/helpers/virtual-time.ts), which jumps to the next timer when every send is
 * waiting. So the limits are Telegram's real ones (no scaling of the rates) and 10,000 messages
 * take about 333 virtual seconds but only a few wall seconds; the wall figures show the CPU cost of
 * the loop and the store. Reports the achieved rate against the allowed 30 msg/s (target >= 90 %),
 * 429s, and whether any message was lost or doubled. A last run uses the real clock with every
 * limit sped up 20 times (600 msg/s, 50 ms per chat), so timer jitter and CPU cost count too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeliveryService } from '../src/bot/delivery.ts';
import { createPacer, realSleep, type PlatformLimits } from '../src/bot/pacer.ts';
import { TELEGRAM_LIMITS } from '../src/platforms/telegram/limits.ts';
import type { ChatPlatform, ChatRef, RenderedPart } from '../src/bot/ports.ts';
import { DEFAULT_RETRY_POLICY } from '../src/bot/retry.ts';
import { RateLimitedError } from '../src/errors.ts';
import { paragraph } from '../src/format/document.ts';
import { silentLogger } from '../src/logger.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { VirtualTime } from '../tests/helpers/virtual-time.ts';

const SUBSCRIPTIONS = 10_000;
const ALLOWED_PER_SECOND = 30;
const NOW = new Date('2026-11-23T03:00:00Z'); // 10:00 WIB: every 07:00 subscription is due
const DATE = '2026-11-23';

/** Telegram's limits, enforced on the virtual clock: sliding 1 s window overall, 1 s between messages per chat. */
class TelegramLimitedFake implements ChatPlatform {
  readonly name = 'telegram' as const;
  /** One Telegram second lasts this many ms here (1000 on the virtual clock; 50 when scaled x20). */
  private readonly second: number;
  readonly window: number[] = [];
  readonly lastByChat = new Map<string, number>();
  readonly got = new Map<string, number>();
  accepted = 0;
  rateLimited = 0;
  first = Infinity;
  last = -Infinity;

  constructor(
    private readonly now: () => number,
    scale = 1,
  ) {
    this.second = 1000 / scale;
  }

  render(doc: { sections: readonly unknown[] }): RenderedPart[] {
    return doc.sections.map((_, index) => ({ index, payload: `<b>Kilas</b> bagian ${index + 1}` }));
  }

  async send(chat: ChatRef, part: RenderedPart): Promise<string> {
    const now = this.now();
    const second = this.second;
    while (this.window.length > 0 && (this.window[0] as number) <= now - second) this.window.shift();
    const lastChat = this.lastByChat.get(chat.chatId);
    let waitMs = 0;
    if (this.window.length >= ALLOWED_PER_SECOND) waitMs = (this.window[0] as number) + second - now;
    if (lastChat !== undefined && now - lastChat < second) waitMs = Math.max(waitMs, lastChat + second - now);
    if (waitMs > 0) {
      this.rateLimited++;
      const seconds = Math.ceil(waitMs / second);
      throw new RateLimitedError(`Too Many Requests: retry after ${seconds}`, seconds * second);
    }
    this.window.push(now);
    this.lastByChat.set(chat.chatId, now);
    this.accepted++;
    this.first = Math.min(this.first, now);
    this.last = Math.max(this.last, now);
    const key = `${chat.chatId}|${part.index}`;
    this.got.set(key, (this.got.get(key) ?? 0) + 1);
    return `m${this.accepted}`;
  }
}

interface Scenario {
  readonly name: string;
  readonly parts: number;
  /** What the pacer believes the limits are (the fake always enforces Telegram's, time-scaled). */
  readonly pacerLimits: PlatformLimits;
  /** Real clock with every limit sped up this many times, instead of the virtual clock. */
  readonly realTimeScale?: number;
}

/** Telegram's limits sped up `k` times (for real-time runs). */
const scaledTelegram = (k: number): PlatformLimits => ({
  global: { count: 30, perMs: 1000 / k, burst: 1 },
  chat: () => ({ count: 1, perMs: 1000 / k, burst: 1 }),
});

async function run(s: Scenario) {
  const dir = mkdtempSync(join(tmpdir(), 'kilas-fanout-'));
  const store = openSqliteStore(join(dir, 'kilas.db'));
  try {
    // The subscriptions are set-up, not what is measured: one transaction of plain inserts.
    const insert = store.db.prepare(`INSERT INTO subscriptions (platform, chat_id, thread_id, time, time_zone, topics, active, inactive_reason, created_at, updated_at)
      VALUES ('telegram', ?, '', '07:00', 'Asia/Jakarta', '[]', 1, NULL, ?, ?)`);
    const stamp = new Date().toISOString();
    store.db.transaction(() => {
      for (let i = 0; i < SUBSCRIPTIONS; i++) insert.run(String(100_000 + i), stamp, stamp);
    })();
    const vt = new VirtualTime(NOW);
    const real = s.realTimeScale !== undefined;
    const clock = real ? () => new Date() : vt.clock;
    const sleep = real ? realSleep : vt.sleep;
    const scale = s.realTimeScale ?? 1;
    const platform = new TelegramLimitedFake(() => clock().getTime(), scale);
    const sections = Array.from({ length: s.parts }, (_, k) => ({ blocks: [paragraph(`cerita ${k}`)] }));
    const service = createDeliveryService({
      platforms: new Map([['telegram', platform]]),
      subscriptions: store.subscriptions,
      deliveries: store.deliveries,
      buildDigestDocument: async () => ({ sections }),
      clock,
      sleep,
      logger: silentLogger,
      pacer: createPacer({ clock, sleep, limits: { telegram: s.pacerLimits } }),
      random: () => 0.5,
      options: { retry: { ...DEFAULT_RETRY_POLICY, sendTimeoutMs: 0 } },
    });
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const report = real ? await service.deliverDue(NOW) : await vt.run(service.deliverDue(NOW));
    const wallMs = performance.now() - wall0;
    const cpu = process.cpuUsage(cpu0);

    // The minute tick's own cost once everyone has today's digest: plan over 10,000 subscriptions.
    const idleTicks: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const idle = await service.deliverDue(new Date(NOW.getTime() + (i + 1) * 60_000));
      idleTicks.push(performance.now() - t0);
      if (idle.considered !== 0) throw new Error('an idle tick found work');
    }
    idleTicks.sort((a, b) => a - b);

    const expected = SUBSCRIPTIONS * s.parts;
    let lost = 0;
    let doubled = 0;
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      for (let p = 0; p < s.parts; p++) {
        const n = platform.got.get(`${100_000 + i}|${p}`) ?? 0;
        if (n === 0) lost++;
        if (n > 1) doubled += n - 1;
      }
    }
    let notDone = 0;
    for (const sub of await store.subscriptions.listActive()) if ((await store.deliveries.find(sub.id, DATE))?.state !== 'done') notDone++;
    // Rate over the span the platform was busy (in Telegram seconds): n messages occupy n slots of 1/30 s.
    const spanS = ((platform.last - platform.first) * scale) / 1000 + 1 / ALLOWED_PER_SECOND;
    const rate = platform.accepted / spanS;
    return {
      scenario: s.name,
      messages: platform.accepted,
      expected,
      clock: real ? `real, limits x${scale} (${ALLOWED_PER_SECOND * scale} msg/s)` : 'virtual',
      platformSeconds: +spanS.toFixed(1),
      achievedPerPlatformSecond: +rate.toFixed(2),
      ofAllowed: `${((100 * rate) / ALLOWED_PER_SECOND).toFixed(1)} %`,
      rateLimited429: platform.rateLimited,
      lost,
      doubled,
      deliveriesNotDone: notDone,
      fanOut: report,
      wallSeconds: +(wallMs / 1000).toFixed(2),
      cpuMicrosPerMessage: Math.round((cpu.user + cpu.system) / Math.max(1, platform.accepted)),
      idleTickMsMedian: +(idleTicks[2] as number).toFixed(1),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const scenarios: Scenario[] = [
  { name: 'pacer at Telegram limits, 1 part per digest', parts: 1, pacerLimits: TELEGRAM_LIMITS },
  { name: 'pacer at Telegram limits, 2 parts per digest', parts: 2, pacerLimits: TELEGRAM_LIMITS },
  {
    name: 'pacer too optimistic (45 msg/s): the fake answers 429s',
    parts: 1,
    pacerLimits: { global: { count: 45, perMs: 1000, burst: 1 }, chat: TELEGRAM_LIMITS.chat },
  },
  {
    name: 'real clock, every limit x20 (600 msg/s overall, 50 ms per chat), 1 part',
    parts: 1,
    pacerLimits: scaledTelegram(20),
    realTimeScale: 20,
  },
];

process.stdout.write(
  `fan-out of ${SUBSCRIPTIONS} subscriptions, real delivery service + SQLite store, fake Telegram enforcing ` +
    `${ALLOWED_PER_SECOND} msg/s overall and 1 msg/s per chat with 429 + retry_after (whole seconds).\n` +
    `Virtual-clock runs use Telegram's real rates; the real-clock run speeds every limit up x20 (a x100 run is capped by 1 ms timer granularity) and reports rates in platform seconds.\n`,
);
let ok = true;
for (const s of scenarios) {
  const r = await run(s);
  process.stdout.write(`${JSON.stringify(r)}\n`);
  if (r.lost > 0 || r.doubled > 0 || r.deliveriesNotDone > 0 || r.messages !== r.expected) ok = false;
}
process.stdout.write(ok ? 'nothing lost or doubled in any scenario\n' : 'LOST OR DOUBLED MESSAGES: see above\n');
