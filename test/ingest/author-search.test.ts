import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExternalAuthorSearch } from '../../src/adapters/ingest/external-author-search.ts';
import { HostUnreachableError } from '../../src/adapters/sources/http-client.ts';
import { searchOpenAlexAuthors } from '../../src/adapters/sources/openalex-client.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { searchS2Authors } from '../../src/adapters/sources/semantic-scholar-client.ts';
import { startFakeServer, JSON_TYPE, type FakeServer } from './fake-server.ts';
import { fakeConfig, instantClients } from './ingest-harness.ts';
import { recorded, S2_AUTHOR_SEARCH, S2_RATE_LIMITED } from './recorded.ts';

let server: FakeServer;

/** A local address nothing listens on: connection refused, as offline. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  server = await startFakeServer((url) => {
    if (url.pathname === '/s2/graph/v1/author/search') {
      return url.searchParams.get('query') === 'turing'
        ? { headers: JSON_TYPE, body: recorded(S2_AUTHOR_SEARCH) }
        : { status: 429, headers: JSON_TYPE, body: recorded(S2_RATE_LIMITED) };
    }
    if (url.pathname === '/openalex/authors') {
      // The recorded author, in the list envelope `/authors?search=` answers with.
      return { headers: JSON_TYPE, body: JSON.stringify({ meta: { count: 1, page: 1, per_page: 5 }, results: [JSON.parse(recorded('openalex/openalex-author-A5023888391.json'))] }) };
    }
    return undefined;
  });
});
afterAll(() => server.close());

describe('author search for follow', () => {
  it('finds Semantic Scholar authors with the evidence that tells namesakes apart', async () => {
    const config = fakeConfig(server.base);
    const { clients } = instantClients(config);
    const endpoint = { client: clients.semanticScholar, baseUrl: config.S2_API_URL };
    const authors = await searchS2Authors(endpoint, 'turing', 100);
    expect(authors).toHaveLength(55);
    expect(authors.find((a) => a.externalId === '2263073537')).toMatchObject({ source: 'semantic-scholar', name: 'Alan Turing', arxivIds: ['1304.6363'] });
    expect(Object.fromEntries(server.requests.at(-1)!.searchParams)).toMatchObject({ query: 'turing', limit: '100' });
    await expect(searchS2Authors(endpoint, 'anyone', 10)).rejects.toThrow('failed after 5 attempts (last status 429)');
  });

  it('finds OpenAlex authors with their ORCID and institutions', async () => {
    const config = fakeConfig(server.base);
    const { clients } = instantClients(config);
    const authors = await searchOpenAlexAuthors({ client: clients.openAlex, baseUrl: config.OPENALEX_API_URL }, 'Jason Priem', 5);
    expect(authors).toEqual([
      expect.objectContaining({ source: 'openalex', externalId: 'A5023888391', name: 'Jason Priem', orcid: '0000-0001-6187-6610', affiliations: expect.arrayContaining(['OurResearch']) }),
    ]);
    expect(Object.fromEntries(server.requests.at(-1)!.searchParams)).toEqual({ search: 'Jason Priem', per_page: '5' });
  });
});

describe('author search for follow: both sources, names that fit, failures told apart', () => {
  it('offers the authors whose name fits, from both sources, each with the id follow takes', async () => {
    const config = fakeConfig(server.base);
    const { clients } = instantClients(config);
    const search = createExternalAuthorSearch({ config, clients, log: silentLogger });
    const { candidates, failures } = await search.searchAuthors('turing');
    expect(failures).toEqual([]);
    // A one-word query fits only one-word names: “Turing”, not “Alan Turing” nor “Turing Award”.
    expect(candidates.map((c) => c.name)).toEqual(['Turing']);
    const priem = await search.searchAuthors('Jason Priem');
    // The S2 answer for another query is a 429 (recorded): a failure, not an exception; OpenAlex still answers.
    expect(priem.failures).toEqual([expect.objectContaining({ source: 'semantic-scholar', unreachable: false })]);
    expect(priem.candidates).toEqual([
      { source: 'openalex', followId: 'A5023888391', name: 'Jason Priem', affiliation: 'OurResearch', paperCount: expect.any(Number), recentTitle: null, orcid: '0000-0001-6187-6610', arxivIds: [] },
    ]);
  });

  it('names Semantic Scholar ids s2:<id> and keeps their arXiv papers and a recent title', async () => {
    const config = fakeConfig(server.base);
    const { clients } = instantClients(config);
    server.setHandler((url) =>
      url.pathname === '/s2/graph/v1/author/search' ? { headers: JSON_TYPE, body: recorded(S2_AUTHOR_SEARCH) } : { headers: JSON_TYPE, body: '{"results": []}' },
    );
    const { candidates } = await createExternalAuthorSearch({ config, clients, log: silentLogger }).searchAuthors('Alan Turing');
    expect(candidates.find((c) => c.followId === 's2:2263073537')).toMatchObject({ source: 'semantic-scholar', name: 'Alan Turing', arxivIds: ['1304.6363'], recentTitle: expect.any(String) });
    // The same name, or compatible given names (“A. M. Turing”, “Alan Mathison Turing”); never another person's name.
    expect(candidates.map((c) => c.name).filter((name) => !/^(Alan|A\.) (\S+ ?)?Turing$/.test(name))).toEqual([]);
    expect(candidates.map((c) => c.name)).not.toContain('Sara Turing');
    expect(candidates.map((c) => c.name)).not.toContain('The Alan Turing Institute');
  });

  it('offline, both sources fail as unreachable at once, and the OpenAlex key stays out of the error', async () => {
    const config = fakeConfig(await closedPort(), { OPENALEX_API_KEY: 'oa-secret-key' });
    const { clients, waits } = instantClients(config);
    const { candidates, failures } = await createExternalAuthorSearch({ config, clients, log: silentLogger }).searchAuthors('Wei Zhang');
    expect(candidates).toEqual([]);
    expect(failures.map((f) => [f.source, f.unreachable])).toEqual([
      ['semantic-scholar', true],
      ['openalex', true],
    ]);
    expect(waits).toEqual([]); // not retried
    await expect(searchOpenAlexAuthors({ client: clients.openAlex, baseUrl: config.OPENALEX_API_URL, apiKey: 'oa-secret-key' }, 'x', 1)).rejects.toSatisfy(
      (error: unknown) => error instanceof HostUnreachableError && !JSON.stringify({ ...error, message: error.message }).includes('oa-secret-key'),
    );
  });
});
