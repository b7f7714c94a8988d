/**
 * The crash test with three delivery processes sharing one database (a SQLite file: WAL, BEGIN
 * IMMEDIATE claims; PostgreSQL: SKIP LOCKED claims), run by crash-workers.test.ts and
 * crash-workers.pg.test.ts:
 * 2,000 subscriptions get a two-part digest through a fake platform that is a local HTTP server
 * owned by this process. The server SIGKILLs worker w1 while holding the answer to its Nth request
 * (accepted, never answered: the ambiguous window), the test restarts w1 and the server kills it
 * again during that restart; a third start of w1 joins the others. The two live workers take the
 * dead one's deliveries over once its lease (5 s) has run out.
 *
 * - Nonces honoured (Discord): every subscription has exactly one digest, no message is created twice.
 * - No idempotency (Telegram-like): nothing is lost, and a message is created twice only for a part a
 *   killed worker had sent that the file did not record as sent when it died.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openByKilasDb, type Backend } from './backends.ts';

const CHILD = fileURLToPath(new URL('./delivery-worker-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SUBSCRIPTIONS = 2000;
const PARTS = 2;
const LEASE_MS = 5000;
const NOW = '2026-11-23T03:00:00Z'; // 10:00 WIB: every 07:00 subscription is due for 2026-11-23
const DATE = '2026-11-23';
/** The wall time at which every worker's clock reads NOW. */
const EPOCH = Date.now();

interface Created {
  chat: string;
  part: number;
  worker: string;
  pid: number | undefined;
  id: string;
}

class FakePlatform {
  honourNonce = true;
  /** Per worker name: kill the child when its request count reaches this. */
  killAt = new Map<string, number>();
  children = new Map<string, ChildProcess>();
  requests = new Map<string, number>();
  nonceHits = 0;
  created: Created[] = [];
  private byNonce = new Map<string, string>();
  private held: ServerResponse[] = [];
  readonly server: Server = createServer((req, res) => void this.handle(req, res));

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const m = /^\/([^/]+)\/channels\/([^/]+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404).end();
      return;
    }
    const [, worker, chat] = m as unknown as [string, string, string];
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { part: number; nonce?: string };
    const n = (this.requests.get(worker) ?? 0) + 1;
    this.requests.set(worker, n);
    const child = this.children.get(worker);
    const seen = this.honourNonce && body.nonce ? this.byNonce.get(`${chat}|${body.nonce}`) : undefined;
    let id = seen;
    if (id !== undefined) this.nonceHits++;
    else {
      id = String(1_000_000 + this.created.length);
      this.created.push({ chat, part: body.part, worker, pid: child?.pid, id });
      if (body.nonce) this.byNonce.set(`${chat}|${body.nonce}`, id);
    }
    const killAt = this.killAt.get(worker);
    if (killAt !== undefined && n >= killAt && child && child.exitCode === null && child.signalCode === null) {
      // Accepted, never answered: the worker dies before it can mark the part sent.
      child.kill('SIGKILL');
      this.held.push(res);
      return;
    }
    if (child && child.signalCode !== null) {
      this.held.push(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runWorker(platform: FakePlatform, name: string, dbPath: string, url: string): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, url, NOW, name, String(LEASE_MS), String(EPOCH)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  platform.children.set(name, child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker ${name} did not finish in time\n${stderr}`));
    }, 150_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function seedDatabase(backend: Backend, dir: string): Promise<string> {
  const dbPath = await backend.database(dir);
  const store = await openByKilasDb(dbPath);
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    await store.subscriptions.subscribe({ platform: 'discord', chatId: String(900_000_000_000_000_000n + BigInt(i)), threadId: null }, '07:00', 'Asia/Jakarta');
  }
  await store.close();
  return dbPath;
}

/** (chat|part) pairs the file records as sent. */
async function sentInFile(dbPath: string): Promise<Set<string>> {
  const store = await openByKilasDb(dbPath);
  try {
    const out = new Set<string>();
    for (const sub of await store.subscriptions.listActive()) {
      for (const p of (await store.deliveries.find(sub.id, DATE))?.parts ?? []) if (p.state === 'sent') out.add(`${sub.chat.chatId}|${p.index}`);
    }
    return out;
  } finally {
    await store.close();
  }
}

/** The scenario on `backend`, with and without nonces honoured by the platform. */
export function crashWorkersScenario(backend: Backend): void {
  describe.each([
    { name: 'nonces honoured (Discord)', honourNonce: true },
    { name: 'no idempotency (Telegram-like)', honourNonce: false },
  ])(`three delivery workers on one ${backend.name}, one killed mid-fan-out and again during its restart: $name`, ({ honourNonce }) => {
    const platform = new FakePlatform();
    let dir = '';
    let url = '';

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'kilas-workers-'));
      url = await platform.listen();
    });
    afterAll(async () => {
      await platform.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('every subscription gets exactly one digest (at most the in-flight part repeated without nonces)', async () => {
      const dbPath = await seedDatabase(backend, dir);
      platform.honourNonce = honourNonce;
      platform.killAt.set('w1', 200);
      const live = [runWorker(platform, 'w2', dbPath, url), runWorker(platform, 'w3', dbPath, url)];
      const ambiguous = new Set<string>();
      const killedPids: number[] = [];
      const noteKill = async (exit: Exit) => {
        expect(exit.signal, `w1 was not killed: ${exit.stdout} ${exit.stderr.slice(-1500)}`).toBe('SIGKILL');
        // Requests the worker had written before it died still reach the server (accepted, unanswered).
        await new Promise((r) => setTimeout(r, 300));
        const pid = platform.children.get('w1')?.pid as number;
        killedPids.push(pid);
        const sent = await sentInFile(dbPath);
        for (const c of platform.created) if (c.pid === pid && !sent.has(`${c.chat}|${c.part}`)) ambiguous.add(`${c.chat}|${c.part}`);
      };
      await noteKill(await runWorker(platform, 'w1', dbPath, url));
      // The restart is killed too, 10 requests in.
      platform.killAt.set('w1', (platform.requests.get('w1') ?? 0) + 10);
      await noteKill(await runWorker(platform, 'w1', dbPath, url));
      platform.killAt.delete('w1');
      const exits = await Promise.all([...live, runWorker(platform, 'w1', dbPath, url)]);
      for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);
      // A store that stayed locked after the platform accepted a part is the same window as a kill:
      // such deliveries are logged ('delivery error') and their parts may repeat without nonces.
      const storeFailures = new Set(exits.flatMap((e) => [...e.stderr.matchAll(/delivery error .*subscription=(\d+)/g)].map((m) => Number(m[1]))));

      const store = await openByKilasDb(dbPath);
      try {
        const subs = await store.subscriptions.listActive();
        expect(subs).toHaveLength(SUBSCRIPTIONS);
        const copies = new Map<string, Created[]>();
        for (const c of platform.created) copies.set(`${c.chat}|${c.part}`, [...(copies.get(`${c.chat}|${c.part}`) ?? []), c]);
        for (const sub of subs) {
          if (storeFailures.has(sub.id)) for (let p = 0; p < PARTS; p++) ambiguous.add(`${sub.chat.chatId}|${p}`);
          const rec = await store.deliveries.find(sub.id, DATE);
          expect(rec?.state).toBe('done');
          expect(rec?.parts.map((p) => p.state)).toEqual(['sent', 'sent']);
          for (const p of rec?.parts ?? []) expect((copies.get(`${sub.chat.chatId}|${p.index}`) ?? []).map((c) => c.id)).toContain(p.messageId);
        }
        expect(copies.size).toBe(SUBSCRIPTIONS * PARTS);
        const duplicates = [...copies].filter(([, v]) => v.length > 1).map(([k]) => k);
        // The kills really hit the window, and the live workers did real work.
        expect(ambiguous.size).toBeGreaterThanOrEqual(1);
        for (const w of ['w2', 'w3']) expect(platform.created.filter((c) => c.worker === w).length).toBeGreaterThan(100);
        if (honourNonce) {
          expect(duplicates).toEqual([]);
          expect(platform.created).toHaveLength(SUBSCRIPTIONS * PARTS);
          expect(platform.nonceHits).toBeGreaterThanOrEqual(1);
        } else {
          for (const d of duplicates) expect(ambiguous.has(d), `${d}: ${JSON.stringify(copies.get(d))}, killed ${killedPids.join(',')}`).toBe(true);
          expect(platform.created.length).toBe(SUBSCRIPTIONS * PARTS + duplicates.length);
        }
        process.stdout.write(
          `workers crash test on ${backend.name} (${honourNonce ? 'nonce honoured' : 'no idempotency'}): w1 killed twice (pids ${killedPids.join(', ')}), ` +
            `${ambiguous.size} parts accepted but unrecorded at the kills (${storeFailures.size} deliveries with a store failure), messages by worker ` +
            `${['w1', 'w2', 'w3'].map((w) => `${w}=${platform.created.filter((c) => c.worker === w).length}`).join(' ')}, ` +
            `${platform.nonceHits} nonce hits, ${duplicates.length} duplicates, ${platform.created.length} messages created\n`,
        );
      } finally {
        await store.close();
      }
    }, 180_000);
  });
}
