/**
 * A real HTTP server on 127.0.0.1 (port 0) for feed tests: each path has a handler, every request
 * is recorded, and the bytes written per path are counted so tests can prove a client stopped early.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, server: FeedServer) => void | Promise<void>;

export interface RecordedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
}

export interface FeedServer {
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  url(path: string): string;
  /** Sets or replaces the handler of a path (query string included in the match when given). */
  route(path: string, handler: RouteHandler): void;
  readonly requests: RecordedRequest[];
  /** Requests seen for one path. */
  hits(path: string): number;
  /** Body bytes written for a path so far (counted by `writeCounted`). */
  bytesSent(path: string): number;
  /** Writes a chunk and counts it against the path; resolves when the socket takes more (backpressure). */
  writeCounted(path: string, res: ServerResponse, chunk: Buffer | string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, RouteHandler>();
  const requests: RecordedRequest[] = [];
  const sent = new Map<string, number>();
  // Declared before the handle object that closes it, assigned once the handlers can see that handle.
  // eslint-disable-next-line prefer-const
  let server: Server;

  const api: FeedServer = {
    baseUrl: '',
    url: (path) => `${api.baseUrl}${path}`,
    route: (path, handler) => void routes.set(path, handler),
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    bytesSent: (path) => sent.get(path) ?? 0,
    writeCounted: (path, res, chunk) => {
      const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      sent.set(path, (sent.get(path) ?? 0) + size);
      if (res.destroyed) return Promise.resolve(false);
      return new Promise((resolve) => {
        const ok = res.write(chunk);
        if (ok) return resolve(true);
        const done = (value: boolean) => {
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(value);
        };
        const onDrain = () => done(true);
        const onClose = () => done(false);
        res.on('drain', onDrain);
        res.on('close', onClose);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  server = createServer((req, res) => {
    const full = req.url ?? '/';
    const path = routes.has(full) ? full : full.split('?')[0] ?? full;
    requests.push({ path, headers: req.headers });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(handler(req, res, api)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (api as { baseUrl: string }).baseUrl = `http://127.0.0.1:${port}`;
  return api;
}
