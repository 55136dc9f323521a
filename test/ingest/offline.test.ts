import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runIngest } from '../../src/adapters/ingest/run-ingest.ts';
import { createSqliteSourceHealth } from '../../src/adapters/ingest/sqlite-source-health.ts';
import { ingestHarness, type IngestHarness } from './ingest-harness.ts';

/** A port on 127.0.0.1 where nothing listens any more: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Host names under .invalid never resolve (RFC 2606, RFC 6761): DNS fails without any real host being asked for data. */
const UNRESOLVABLE = {
  ARXIV_RSS_URL: 'http://rss.arxiv.invalid/rss/',
  ARXIV_OAI_URL: 'http://oaipmh.arxiv.invalid/oai',
  ARXIV_API_URL: 'http://export.arxiv.invalid/api/query',
  HF_API_URL: 'http://huggingface.invalid/api/',
};

const THURSDAY = '2026-09-24T06:00:00Z';
const CATEGORIES = ['cs.LG', 'cs.IR', 'cs.CL'];

let harness: IngestHarness | null = null;
afterEach(() => {
  harness?.close();
  harness = null;
  vi.restoreAllMocks();
});

/** Counts the requests the sources send (every attempt goes through global fetch). */
function countFetches() {
  return vi.spyOn(globalThis, 'fetch');
}

describe('ingest with no network fails fast', () => {
  it('does not retry a refused connection: one attempt per host, every source failed with a sentence', async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    harness = ingestHarness(base, THURSDAY);
    const fetches = countFetches();
    const report = await runIngest(harness.deps, { sources: ['arxiv-rss', 'arxiv-oai', 'huggingface'], categories: CATEGORIES });
    // Before: five attempts per source (35), with backoff between them. Now the first source on
    // the host finds it unreachable and the others on that client fail without a request.
    expect(fetches).toHaveBeenCalledTimes(2);
    expect(harness.waits).toEqual([]);

    expect(report.runs.map((run) => [run.source, run.status])).toEqual([
      ['arxiv-rss:cs.LG', 'failed'],
      ['arxiv-rss:cs.IR', 'failed'],
      ['arxiv-rss:cs.CL', 'failed'],
      ['arxiv-oai:cs.LG', 'failed'],
      ['arxiv-oai:cs.IR', 'failed'],
      ['arxiv-oai:cs.CL', 'failed'],
      ['huggingface', 'failed'],
    ]);
    const host = base.replace('http://', '');
    for (const run of report.runs) expect(run.detail).toBe(`cannot reach ${host} (connection refused): check the network and the source URL`);
  });

  it('does not retry a host name that does not resolve (DNS), and says so', async () => {
    harness = ingestHarness('http://unused.invalid', THURSDAY, UNRESOLVABLE);
    const fetches = countFetches();
    const report = await runIngest(harness.deps, { sources: ['arxiv-rss', 'arxiv-oai', 'arxiv-api', 'huggingface'], categories: CATEGORIES, since: '2026-09-20' });
    // One lookup per host: RSS, OAI-PMH, the API search and Hugging Face (before: five each, 50 in all; the API's lookup of ids needs none: the store is empty).
    expect(fetches).toHaveBeenCalledTimes(4);
    expect(harness.waits).toEqual([]);

    // Every source that needs the network failed; the API's lookup of stored ids had none to look up.
    expect(report.runs.filter((run) => run.status !== 'failed').map((run) => run.source)).toEqual(['arxiv-api']);
    expect(report.runs).toHaveLength(11);
    expect(report.runs[0]!.detail).toBe('cannot reach rss.arxiv.invalid (DNS lookup failed): check the network');
    expect(report.runs.find((run) => run.source === 'huggingface')!.detail).toBe('cannot reach huggingface.invalid (DNS lookup failed): check the network');
    // The store records the reason as each source's last error.
    const status = createSqliteSourceHealth(harness.database.db).sourceStatuses().find((s) => s.source === 'arxiv-oai:cs.IR');
    expect(status?.lastError).toBe('cannot reach oaipmh.arxiv.invalid (DNS lookup failed): check the network');
  });
});
