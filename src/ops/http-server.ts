/**
 * The operator's HTTP endpoints of `kilas start` (node:http, on KILAS_HTTP_PORT): `GET /healthz`
 * (200 while running, 503 while starting or stopping, JSON) and `GET /metrics` (Prometheus text),
 * plus the POST routes platforms mount on it (the Telegram webhook).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What /healthz reports. */
export type HealthState = 'starting' | 'running' | 'stopping';

/** A POST route's handler. */
export type PostHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface OpsServer {
  /** Serves POST requests to `path` (exact match, query ignored) with `handler`. */
  post(path: string, handler: PostHandler): void;
  /** Listens; resolves with the bound address (port 0 picks a free one). */
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export interface OpsServerDeps {
  readonly registry: Registry;
  readonly state: () => HealthState;
  /** Extra fields of the health answer (platforms, article count). */
  readonly details?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
}

export function createOpsServer(deps: OpsServerDeps): OpsServer {
  const posts = new Map<string, PostHandler>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const post = posts.get(path);
      if (post) {
        if (req.method !== 'POST') res.writeHead(405, { allow: 'POST' }).end();
        else await post(req, res).catch(() => (res.headersSent ? res.destroy() : res.writeHead(500).end()));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (path === '/healthz') {
        const state = deps.state();
        let details: Record<string, unknown> = {};
        try {
          details = (await deps.details?.()) ?? {};
        } catch {
          // Health must answer even when a detail cannot be read.
        }
        const body = JSON.stringify({ status: state === 'running' ? 'ok' : state, ...details });
        res.writeHead(state === 'running' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
        return;
      }
      if (path === '/metrics') {
        try {
          const text = await deps.registry.metrics();
          res.writeHead(200, { 'content-type': deps.registry.contentType }).end(text);
        } catch {
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
        }
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
    })();
  });
  server.keepAliveTimeout = 5000;
  return {
    post(path, handler) {
      posts.set(path, handler);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close() {
      if (!server.listening) return Promise.resolve();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
