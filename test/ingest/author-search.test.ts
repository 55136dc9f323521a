import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchOpenAlexAuthors } from '../../src/adapters/sources/openalex-client.ts';
import { searchS2Authors } from '../../src/adapters/sources/semantic-scholar-client.ts';
import { startFakeServer, JSON_TYPE, type FakeServer } from './fake-server.ts';
import { fakeConfig, instantClients } from './ingest-harness.ts';
import { recorded, S2_AUTHOR_SEARCH, S2_RATE_LIMITED } from './recorded.ts';

let server: FakeServer;

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
