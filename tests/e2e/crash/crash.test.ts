/**
 * Crash test: a child process fans out one digest (2 parts) to 200 subscriptions in a real SQLite
 * file through a fake platform that is a real local HTTP server owned by this process. The server
 * SIGKILLs the child while holding the answer to its 150th request: the platform has accepted that
 * message and the child dies before marking it sent, the ambiguous window of any at-least-once design
 * (requests already written to the socket are accepted after the kill as well). A second child
 * restarts from the same file and resumes (in one variant that restart is killed as well, and a third
 * child finishes).
 *
 * - With a platform that honours idempotency keys the way Discord honours `nonce` + `enforce_nonce`,
 *   every subscription has exactly one digest and no message is created twice.
 * - Without (Telegram has no such key), nothing is lost, and a message is created twice only for a
 *   part the platform accepted but the file did not record as sent at the moment of the crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';

const CHILD = fileURLToPath(new URL('./fanout-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SUBSCRIPTIONS = 200;
const PARTS = 2;
const KILL_AT = 150;
const NOW = '2026-11-23T03:00:00Z'; // 10:00 WIB: every 07:00 subscription is due for 2026-11-23
const DATE = '2026-11-23';

interface Created {
  chat: string;
  part: number;
  content: string;
  id: string;
}

class FakePlatform {
  honourNonce = true;
  killAt: number | null = null;
  child: ChildProcess | null = null;
  requests = 0;
  nonceHits = 0;
  killed = false;
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
    const m = /^\/channels\/([^/]+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404).end();
      return;
    }
    const chat = m[1] as string;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { content: string; part: number; nonce?: string };
    this.requests++;
    let id: string;
    const key = `${chat}|${body.nonce ?? ''}`;
    const seen = this.honourNonce && body.nonce ? this.byNonce.get(key) : undefined;
    if (seen !== undefined) {
      this.nonceHits++;
      id = seen;
    } else {
      id = String(1_000_000 + this.created.length);
      this.created.push({ chat, part: body.part, content: body.content, id });
      if (body.nonce) this.byNonce.set(key, id);
    }
    if (this.killed || (this.killAt !== null && this.requests >= this.killAt)) {
      // Accepted, never answered: the child dies before it can mark the part sent.
      if (!this.killed) {
        this.killed = true;
        this.child?.kill('SIGKILL');
      }
      this.held.push(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  }
}

function runChild(platform: FakePlatform, dbPath: string, url: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, url, NOW], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  platform.child = child;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not finish in time\n${stderr}`));
    }, 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function seedDatabase(dir: string): Promise<string> {
  const dbPath = join(dir, 'kilas.db');
  const store = openSqliteStore(dbPath);
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    await store.subscriptions.subscribe({ platform: 'discord', chatId: String(900_000_000_000_000_000n + BigInt(i)), threadId: null }, '07:00', 'Asia/Jakarta');
  }
  await store.close();
  return dbPath;
}

/** (chat|part) pairs the file records as sent. */
async function sentInFile(dbPath: string): Promise<Set<string>> {
  const store = openSqliteStore(dbPath);
  try {
    const out = new Set<string>();
    for (const sub of await store.subscriptions.listActive()) {
      const rec = await store.deliveries.find(sub.id, DATE);
      for (const p of rec?.parts ?? []) if (p.state === 'sent') out.add(`${sub.chat.chatId}|${p.index}`);
    }
    return out;
  } finally {
    await store.close();
  }
}

describe.each([
  { name: 'platform honours idempotency keys (Discord nonce)', honourNonce: true, kills: [KILL_AT] },
  { name: 'platform without idempotency keys (Telegram-like)', honourNonce: false, kills: [KILL_AT] },
  { name: 'nonce honoured, killed twice (the restart is killed too)', honourNonce: true, kills: [120, 260] },
])('crash midway through a fan-out of 200: $name', ({ honourNonce, kills }) => {
  const platform = new FakePlatform();
  let dir = '';
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kilas-crash-'));
    url = await platform.listen();
  });
  afterAll(async () => {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('after SIGKILL and restart every subscription has exactly one digest', async () => {
    const dbPath = await seedDatabase(dir);
    platform.honourNonce = honourNonce;
    const ambiguous: string[] = [];
    let sentAtCrash = new Set<string>();
    for (const killAt of kills) {
      platform.killAt = killAt;
      platform.killed = false;
      const crashed = await runChild(platform, dbPath, url);
      expect(crashed.signal).toBe('SIGKILL');
      expect(platform.requests).toBeGreaterThanOrEqual(killAt);
      expect(new Set(platform.created.map((c) => `${c.chat}|${c.part}`)).size).toBeLessThan(SUBSCRIPTIONS * PARTS);

      // The crash state: what the platform accepted that the file does not know was sent.
      sentAtCrash = await sentInFile(dbPath);
      const acceptedAtCrash = new Set(platform.created.map((c) => `${c.chat}|${c.part}`));
      const unrecorded = [...acceptedAtCrash].filter((k) => !sentAtCrash.has(k));
      expect(unrecorded.length).toBeGreaterThanOrEqual(1);
      for (const k of sentAtCrash) expect(acceptedAtCrash.has(k)).toBe(true);
      ambiguous.push(...unrecorded);
    }

    platform.killAt = null;
    platform.killed = false;
    const second = await runChild(platform, dbPath, url);
    expect(second.code, second.stderr).toBe(0);

    const store = openSqliteStore(dbPath);
    try {
      const subs = await store.subscriptions.listActive();
      expect(subs).toHaveLength(SUBSCRIPTIONS);
      const createdBy = new Map<string, Created[]>();
      for (const c of platform.created) createdBy.set(`${c.chat}|${c.part}`, [...(createdBy.get(`${c.chat}|${c.part}`) ?? []), c]);
      for (const sub of subs) {
        const rec = await store.deliveries.find(sub.id, DATE);
        expect(rec?.state).toBe('done');
        expect(rec?.parts.map((p) => p.state)).toEqual(['sent', 'sent']);
        for (const p of rec?.parts ?? []) {
          const copies = createdBy.get(`${sub.chat.chatId}|${p.index}`) ?? [];
          // Nothing lost: the platform has the part, and the id the file recorded is one it created.
          expect(copies.length).toBeGreaterThanOrEqual(1);
          expect(copies.map((c) => c.id)).toContain(p.messageId);
          expect(copies.every((c) => c.content === `Kilas ${DATE}: bagian ${p.index + 1}`)).toBe(true);
        }
        // One delivery per subscription and date.
        expect(await store.deliveries.find(sub.id, '2026-11-22')).toBeNull();
      }
      const duplicates = [...createdBy].filter(([, v]) => v.length > 1).map(([k]) => k);
      if (honourNonce) {
        expect(duplicates).toEqual([]);
        expect(platform.created).toHaveLength(SUBSCRIPTIONS * PARTS);
        // The window was really hit: resends of accepted parts came back with the same message.
        expect(platform.nonceHits).toBeGreaterThanOrEqual(1);
      } else {
        // At-least-once, honestly bounded: only parts accepted-but-unrecorded at the crash can repeat.
        for (const d of duplicates) expect(ambiguous).toContain(d);
        expect(platform.created.length).toBe(SUBSCRIPTIONS * PARTS + duplicates.length);
      }
      process.stdout.write(
        `crash test (${honourNonce ? 'nonce honoured' : 'no idempotency'}): killed at request ${kills.join(' and ')}, ` +
          `${sentAtCrash.size} parts recorded sent at the last crash, ${ambiguous.length} accepted but unrecorded at a crash, ` +
          `${platform.requests} requests in all, ${platform.nonceHits} nonce hits, ${duplicates.length} duplicates, ` +
          `${platform.created.length} messages created\n`,
      );
    } finally {
      await store.close();
    }
  });
});
