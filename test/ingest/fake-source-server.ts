import { afterAll, afterEach, beforeAll } from 'vitest';
import { startFakeServer, type FakeHandler, type FakeServer } from './fake-server.ts';
import { ingestHarness, type IngestHarness } from './ingest-harness.ts';

export interface FakeSourceServer {
  /** The fake on 127.0.0.1, started before the file's first test. */
  readonly server: FakeServer;
  /** What the fake answers; each test sets its own. */
  handler: FakeHandler;
  /** A store and source clients pointed at the fake, closed after the test. */
  open(now: string, env?: Record<string, string>): IngestHarness;
}

/**
 * One fake paper-source server for a test file: started once, its handler set per test, and
 * after each test the harness closed and the recorded requests cleared.
 */
export function useFakeSourceServer(): FakeSourceServer {
  let server: FakeServer | null = null;
  let harness: IngestHarness | null = null;
  const fake: FakeSourceServer = {
    get server() {
      if (!server) throw new Error('the fake source server starts in beforeAll');
      return server;
    },
    handler: () => undefined,
    open(now, env = {}) {
      harness = ingestHarness(fake.server.base, now, env);
      return harness;
    },
  };
  beforeAll(async () => {
    server = await startFakeServer((url, hit) => fake.handler(url, hit));
  });
  afterAll(() => server?.close());
  afterEach(() => {
    harness?.close();
    harness = null;
    fake.server.requests.length = 0;
    fake.server.headers.length = 0;
  });
  return fake;
}
