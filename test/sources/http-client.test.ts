import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPoliteHttpClient, HttpRequestFailedError, parseRetryAfter } from '../../src/adapters/sources/http-client.ts';
import type { PoliteHttpClientOptions } from '../../src/adapters/sources/http-client.ts';
import { readFixture } from './fixtures.ts';

const USER_AGENT = 'paperboy-test/1.0 (mailto:team@example.org)';
/** The fake clock starts on a whole second so an HTTP-date Retry-After converts exactly. */
const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const ATOM = 'arxiv-api/arxiv-api-idlist-with-affiliations.atom.xml';
const OAI = 'arxiv-oai/arxiv-oai-listrecords-arXiv-hep-ex.xml';

/** How many times each path was requested, and the most requests the server had open at once. */
let hits = new Map<string, number>();
let arrivals: Array<{ path: string; at: number }> = [];
let inFlight = 0;
let maxInFlight = 0;

function serveFixture(res: ServerResponse, path: string, status = 200): void {
  const type = path.endsWith('.json') ? 'application/json' : 'application/atom+xml; charset=utf-8';
  res.writeHead(status, { 'content-type': type }).end(readFixture(path));
}

/** Routes that serve fixture files and misbehave on demand; `hit` is 1 on a path's first request. */
const ROUTES: Record<string, (req: IncomingMessage, res: ServerResponse, hit: number) => void> = {
  '/atom': (_req, res) => serveFixture(res, ATOM),
  '/echo-headers': (req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ userAgent: req.headers['user-agent'], accept: req.headers.accept })),
  '/rate-limited-once': (_req, res, hit) =>
    hit === 1 ? res.writeHead(429, { 'retry-after': '7' }).end('{"message": "Too Many Requests", "code": "429"}') : serveFixture(res, ATOM),
  '/unavailable-once': (_req, res, hit) =>
    hit === 1
      ? res.writeHead(503, { 'retry-after': new Date(START + 12_000).toUTCString() }).end('Service Unavailable')
      : serveFixture(res, OAI),
  '/dropped-once': (req, res, hit) => (hit === 1 ? req.socket.destroy() : serveFixture(res, ATOM)),
  '/error-once': (_req, res, hit) => (hit === 1 ? res.writeHead(500).end('Internal Server Error') : serveFixture(res, ATOM)),
  '/always-unavailable': (_req, res) => res.writeHead(503).end('Service Unavailable'),
  '/always-dropped': (req) => req.socket.destroy(),
  '/retry-in-an-hour': (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end(),
  '/not-found': (_req, res) => serveFixture(res, 'semantic-scholar/s2-error-404-paper-not-found.json', 404),
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    arrivals.push({ path, at: performance.now() });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const done = () => inFlight--;
    res.on('close', done);
    // A short pause keeps each request open long enough that overlapping requests would show.
    setTimeout(() => {
      const route = ROUTES[path];
      if (route) route(req, res, hit);
      else res.writeHead(404).end();
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  hits = new Map();
  arrivals = [];
  inFlight = 0;
  maxInFlight = 0;
});

/** A client on a fake clock: `sleeps` records each wait, which passes at once. */
function fakeClockClient(overrides: Partial<PoliteHttpClientOptions> = {}) {
  let clock = START;
  const sleeps: number[] = [];
  const client = createPoliteHttpClient({
    userAgent: USER_AGENT,
    minIntervalMs: 0,
    maxRetries: 3,
    baseDelayMs: 100,
    maxDelayMs: 60_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    ...overrides,
  });
  return { client, sleeps };
}

describe('createPoliteHttpClient', () => {
  it('returns status, headers and body, and sends the User-Agent with the caller headers', async () => {
    const { client } = fakeClockClient();
    const atom = await client.get(`${base}/atom`);
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(atom.body).toBe(readFixture(ATOM));

    const echo = await client.get(`${base}/echo-headers`, { headers: { accept: 'application/atom+xml', 'User-Agent': 'overridden' } });
    expect(JSON.parse(echo.body)).toEqual({ userAgent: USER_AGENT, accept: 'application/atom+xml' });
  });

  it('waits as long as a 429 Retry-After in seconds says, then retries', async () => {
    const { client, sleeps } = fakeClockClient({ minIntervalMs: 3000 });
    const response = await client.get(`${base}/rate-limited-once`);
    expect(response.status).toBe(200);
    expect(response.body).toBe(readFixture(ATOM));
    expect(hits.get('/rate-limited-once')).toBe(2);
    // 7 s already exceed the 3 s spacing, so nothing else is waited.
    expect(sleeps).toEqual([7000]);
  });

  it('waits until the HTTP date of a 503 Retry-After, then retries', async () => {
    const { client, sleeps } = fakeClockClient();
    const response = await client.get(`${base}/unavailable-once`);
    expect(response.status).toBe(200);
    expect(response.body).toBe(readFixture(OAI));
    expect(hits.get('/unavailable-once')).toBe(2);
    expect(sleeps).toEqual([12_000]);
  });

  it('retries a dropped connection after a jittered backoff', async () => {
    const { client, sleeps } = fakeClockClient();
    const response = await client.get(`${base}/dropped-once`);
    expect(response.status).toBe(200);
    expect(hits.get('/dropped-once')).toBe(2);
    // Full jitter: random() × baseDelayMs for the first retry.
    expect(sleeps).toEqual([50]);
  });

  it('retries a 500 and still spaces the retry like any request', async () => {
    const { client, sleeps } = fakeClockClient({ minIntervalMs: 1000 });
    const response = await client.get(`${base}/error-once`);
    expect(response.status).toBe(200);
    expect(hits.get('/error-once')).toBe(2);
    // Starts are booked 1 s plus the 50 ms late-start tolerance apart.
    expect(sleeps).toEqual([50, 1000]);
  });

  it('returns a 404 without retrying', async () => {
    const { client, sleeps } = fakeClockClient();
    const response = await client.get(`${base}/not-found`);
    expect(response.status).toBe(404);
    expect(response.body).toBe(readFixture('semantic-scholar/s2-error-404-paper-not-found.json'));
    expect(hits.get('/not-found')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up on a persistent 503 with a typed error, doubling the backoff ceiling', async () => {
    const { client, sleeps } = fakeClockClient({ maxRetries: 2 });
    const failure = await client.get(`${base}/always-unavailable`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpRequestFailedError);
    expect(failure).toMatchObject({ url: `${base}/always-unavailable`, attempts: 3, lastStatus: 503, retryAfterMs: null });
    expect((failure as Error).message).toBe(`GET ${base}/always-unavailable failed after 3 attempts (last status 503)`);
    expect(hits.get('/always-unavailable')).toBe(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('gives up on a connection that always drops, with the network error as cause', async () => {
    const { client } = fakeClockClient({ maxRetries: 1 });
    const failure = await client.get(`${base}/always-dropped`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpRequestFailedError);
    expect(failure).toMatchObject({ attempts: 2, lastStatus: null });
    expect((failure as Error).cause).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/failed after 2 attempts \(last error: fetch failed/);
    expect(hits.get('/always-dropped')).toBe(2);
  });

  it('gives up at once when Retry-After asks for more than maxDelayMs', async () => {
    const { client, sleeps } = fakeClockClient({ maxDelayMs: 60_000 });
    const failure = await client.get(`${base}/retry-in-an-hour`).catch((error: unknown) => error);
    expect(failure).toMatchObject({ attempts: 1, lastStatus: 429, retryAfterMs: 3_600_000 });
    expect(sleeps).toEqual([]);
  });

  it('serialises concurrent requests and spaces their starts by minIntervalMs', async () => {
    const { client, sleeps } = fakeClockClient({ minIntervalMs: 3000 });
    const responses = await Promise.all([client.get(`${base}/atom`), client.get(`${base}/error-once`), client.get(`${base}/echo-headers`)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(maxInFlight).toBe(1);
    expect(arrivals.map((arrival) => arrival.path)).toEqual(['/atom', '/error-once', '/error-once', '/echo-headers']);
    // The second request waits for its turn; its retry backs off 50 ms, then waits out the rest of
    // 3 s (each booking adds the 50 ms late-start tolerance).
    expect(sleeps).toEqual([3050, 50, 3000, 3050]);
  });

  it('keeps serving after a request failed', async () => {
    const { client } = fakeClockClient({ maxRetries: 0 });
    const [failed, next] = await Promise.allSettled([client.get(`${base}/always-unavailable`), client.get(`${base}/atom`)]);
    expect(failed.status).toBe('rejected');
    expect(next.status === 'fulfilled' && next.value.status).toBe(200);
  });

  it('rejects a malformed URL without sending anything', async () => {
    const { client } = fakeClockClient();
    await expect(client.get('not a url')).rejects.toThrow('not a valid URL: not a url');
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', START)).toBe(120_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 09:00:30 GMT', START)).toBe(30_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 08:59:00 GMT', START)).toBe(0);
    expect(parseRetryAfter('soon', START)).toBeNull();
    expect(parseRetryAfter(null, START)).toBeNull();
  });
});
