import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPoliteHttpClient, HostUnreachableError, unreachableReason } from '../../src/adapters/sources/http-client.ts';

/** A port on 127.0.0.1 where nothing listens any more: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Counts the requests the client sends (every attempt goes through global fetch). */
function countFetches() {
  return vi.spyOn(globalThis, 'fetch');
}

describe('the polite client and unreachable hosts', () => {
  const client = (now: () => number) =>
    createPoliteHttpClient({ userAgent: 'paperboy-test', minIntervalMs: 0, maxRetries: 4, baseDelayMs: 10, maxDelayMs: 100, sleep: async () => {}, now });

  it('tells a host that cannot be reached from other network errors', () => {
    const failed = (cause: unknown) => new TypeError('fetch failed', { cause });
    const code = (name: string) => Object.assign(new Error(name), { code: name });
    expect(unreachableReason(failed(code('ENOTFOUND')))).toBe('dns');
    expect(unreachableReason(failed(code('EAI_AGAIN')))).toBe('dns');
    expect(unreachableReason(failed(code('ECONNREFUSED')))).toBe('refused');
    expect(unreachableReason(failed(new AggregateError([code('ECONNREFUSED'), code('ECONNREFUSED')])))).toBe('refused');
    expect(unreachableReason(failed(code('ECONNRESET')))).toBeNull();
    expect(unreachableReason(failed(new AggregateError([code('ECONNREFUSED'), code('ETIMEDOUT')])))).toBeNull();
    expect(unreachableReason(new DOMException('timed out', 'TimeoutError'))).toBeNull();
  });

  it('rejects with HostUnreachableError after one attempt, and tries the host again a minute later', async () => {
    const port = await closedPort();
    let clock = 1_000_000;
    const http = client(() => clock);
    const fetches = countFetches();
    const first = await http.get(`http://127.0.0.1:${port}/a`).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(HostUnreachableError);
    expect(first).toMatchObject({ host: `127.0.0.1:${port}`, reason: 'refused', attempts: 1 });
    const second = await http.get(`http://127.0.0.1:${port}/b`).catch((error: unknown) => error);
    expect(second).toMatchObject({ reason: 'refused', attempts: 0 });
    expect(fetches).toHaveBeenCalledTimes(1);

    clock += 60_001;
    await http.get(`http://127.0.0.1:${port}/c`).catch(() => undefined);
    expect(fetches).toHaveBeenCalledTimes(2);
  });
});
