import type { Synchronous } from '../../src/core/awaitable.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOnDemandArxivFetch } from '../../src/adapters/sources/arxiv-paper-fetch.ts';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { CommandContext } from '../../src/commands/command-context.ts';
import type { CommandServices } from '../../src/commands/command-services.ts';
import { paperCommand, type ArxivPaperFetch } from '../../src/commands/definitions/paper-command.ts';
import { UserError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { startFakeServer, XML, type FakeHandler, type FakeServer } from '../ingest/fake-server.ts';
import { fakeConfig, testClock } from '../ingest/ingest-harness.ts';
import { createSqliteRequestSpacing } from '../../src/adapters/store/sqlite-request-spacing.ts';
import { readFixture } from './fixtures.ts';

const NOW = '2026-09-24T12:00:00.000Z';
/** The recorded id_list answer, as arXiv would give it for 2501.01234. */
const ATOM_2501_01234 = readFixture('arxiv-api/arxiv-api-idlist-with-affiliations.atom.xml').replaceAll('astro-ph/0601001', '2501.01234');
const EMPTY = readFixture('arxiv-api/arxiv-api-empty-result.atom.xml');

let server: FakeServer;
let handler: FakeHandler = () => undefined;
let database: OpenDatabase | null = null;

beforeAll(async () => {
  server = await startFakeServer((url, hit) => handler(url, hit));
});
afterAll(() => server.close());
afterEach(() => {
  database?.close();
  database = null;
  server.requests.length = 0;
});

function store(): Synchronous<PaperRepository> {
  database = openDatabase(':memory:');
  return createSqlitePaperRepository(database.sqlite);
}

/** What a user sees for `/papers paper <id>`: the reply, or the UserError's message and hint. */
async function showPaper(papers: Synchronous<PaperRepository>, fetch: ArxivPaperFetch | null, id: string): Promise<string> {
  const services = { papers, fetchArxivPaper: fetch } as unknown as CommandServices;
  const context = { services, clock: testClock(NOW), log: silentLogger, commands: [] } as unknown as CommandContext;
  try {
    return renderReplyText(await paperCommand.run(context, { id }));
  } catch (error) {
    if (error instanceof UserError) return `${error.message}\n${error.hint ?? ''}`;
    throw error;
  }
}

function onDemandFetch(papers: Synchronous<PaperRepository>, base: string): ArxivPaperFetch {
  const config = fakeConfig(base);
  return createOnDemandArxivFetch({ config, spacing: createSqliteRequestSpacing(database!.sqlite), papers, clock: testClock(NOW) });
}

describe('/papers paper <arXiv id> the store lacks', () => {
  it('asks the arXiv API once, stores the paper and shows it; the next look is local', async () => {
    handler = (url) => (url.pathname === '/api/query' && url.searchParams.get('id_list') === '2501.01234' ? { headers: XML, body: ATOM_2501_01234 } : undefined);
    const papers = (await store());
    const fetch = onDemandFetch(papers, server.base);

    const first = await showPaper(papers, fetch, '2501.01234');
    expect(first).toContain('Frequency of Hot Jupiters and Very Hot Jupiters');
    expect(server.requests.map((url) => url.searchParams.get('id_list'))).toEqual(['2501.01234']);
    const stored = (await papers.getPaper('2501.01234'));
    expect(stored).toMatchObject({ id: '2501.01234', sources: ['arxiv-api'], absUrl: 'https://arxiv.org/abs/2501.01234' });
    // An old paper fetched today is not news for the digests: first seen on its own day.
    expect(stored!.firstSeenAt.slice(0, 4)).toBe('2006');

    const again = await showPaper(papers, fetch, 'https://arxiv.org/abs/2501.01234v1');
    expect(again).toContain('Frequency of Hot Jupiters');
    expect(server.requests).toHaveLength(1);
  });

  it('says arXiv has no such paper when the API finds none', async () => {
    handler = () => ({ headers: XML, body: EMPTY });
    const papers = (await store());
    const text = await showPaper(papers, onDemandFetch(papers, server.base), '2501.99999');
    expect(text).toContain('arXiv has no paper 2501.99999.');
    expect(server.requests).toHaveLength(1);
    expect((await papers.getPaper('2501.99999'))).toBeNull();
  });

  it('offline: says arXiv could not be reached and why, and stores nothing', async () => {
    const papers = (await store());
    const text = await showPaper(papers, onDemandFetch(papers, 'http://export.arxiv.invalid'), '2501.01234');
    expect(text).toContain('paperboy does not have 2501.01234 yet and could not fetch it from arXiv: export.arxiv.invalid cannot be reached (DNS lookup failed');
    expect(text).toContain('Try again once arXiv can be reached');
    expect((await papers.getPaper('2501.01234'))).toBeNull();
  });

  it('does not ask arXiv for ids that are not arXiv ids, and without a fetch says what it has', async () => {
    handler = () => {
      throw new Error('no request expected');
    };
    const papers = (await store());
    expect(await showPaper(papers, onDemandFetch(papers, server.base), 'seed:nothing-like-this')).toContain('paperboy has no paper with id “seed:nothing-like-this”.');
    expect(await showPaper(papers, null, '2501.01234')).toContain('paperboy has no paper with id “2501.01234”.');
    expect(server.requests).toHaveLength(0);
  });
});
