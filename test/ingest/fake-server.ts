import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake server answers: a response, or `drop` to cut the connection without one. */
export type FakeReply = { status?: number; headers?: Record<string, string>; body: string } | 'drop';

/** Answers a request; `hit` counts requests to the same path and query, from 1. Undefined is a 404. */
export type FakeHandler = (url: URL, hit: number) => FakeReply | undefined;

export interface FakeServer {
  /** http://127.0.0.1:<port> */
  base: string;
  /** Every request, in arrival order, with its headers. */
  requests: URL[];
  headers: IncomingHttpHeaders[];
  /** Replaces the handler (a source that recovers, a next day). */
  setHandler(handler: FakeHandler): void;
  close(): Promise<void>;
}

/** A local HTTP server on 127.0.0.1 (port 0) that serves what the handler says. */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  let current = handler;
  const hits = new Map<string, number>();
  const requests: URL[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    headers.push(req.headers);
    const key = `${url.pathname}${url.search}`;
    const hit = (hits.get(key) ?? 0) + 1;
    hits.set(key, hit);
    const reply = current(url, hit);
    if (reply === 'drop') {
      req.socket.destroy();
      return;
    }
    if (reply === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(reply.status ?? 200, reply.headers ?? {}).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    headers,
    setHandler(next) {
      current = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const XML = { 'content-type': 'application/xml; charset=utf-8' };
export const JSON_TYPE = { 'content-type': 'application/json' };
