/**
 * Ingestion, the author linker and the on-demand arXiv look-up over the same fake sources on both
 * engines (issue 21): the same runs, the same papers, the same cursors and the same links, whether
 * the ports are SQLite's or PostgreSQL's.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthorLinker } from '../../src/adapters/ingest/author-linker.ts';
import { createSqliteIngestPorts, type IngestPorts } from '../../src/adapters/ingest/ingest-ports.ts';
import { runIngest } from '../../src/adapters/ingest/run-ingest.ts';
import { createOnDemandArxivFetch } from '../../src/adapters/sources/arxiv-paper-fetch.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgAuthorDirectory } from '../../src/adapters/store/postgres/pg-author-directory.ts';
import { createPgIngestPorts } from '../../src/adapters/store/postgres/pg-ingest-ports.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createSqliteAuthorDirectory } from '../../src/adapters/store/sqlite-author-directory.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import type { AuthorDirectory } from '../../src/core/subscriptions/subscription-ports.ts';
import { makePaper } from '../support/papers.ts';
import { describePg, openPgScratch } from '../store/pg-scratch.ts';
import { JSON_TYPE, startFakeServer, XML, type FakeHandler, type FakeServer } from './fake-server.ts';
import { fakeConfig, instantClients, testClock } from './ingest-harness.ts';
import { API_IDLIST, recorded, RSS_CS_LG, RSS_CS_LG_IDS, S2_AUTHOR_SEARCH } from './recorded.ts';

interface Engine {
  ports: IngestPorts;
  papers: PaperRepository;
  authors: AuthorDirectory;
  close(): Awaitable<void>;
}

const THURSDAY = '2026-09-24T06:00:00Z';

let server: FakeServer;
let handler: FakeHandler = () => undefined;
beforeAll(async () => {
  server = await startFakeServer((url, hit) => handler(url, hit));
});
afterAll(() => server.close());

/** The papers the recorded author search lists for one author, as the `/author/{id}/papers` page they come from. */
function s2PapersOf(authorId: string): string {
  const search = JSON.parse(recorded(S2_AUTHOR_SEARCH)) as { data: Array<{ authorId: string; papers: unknown[] }> };
  return JSON.stringify({ offset: 0, data: search.data.find((author) => author.authorId === authorId)!.papers });
}

function describeIngestOn(name: string, open: () => Promise<Engine>): void {
  describe(`ingestion on ${name}`, () => {
    let engine: Engine;
    beforeEach(async () => {
      engine = await open();
    });
    afterEach(async () => engine.close());

    const deps = (now = THURSDAY) => {
      const config = fakeConfig(server.base);
      return { config, ports: engine.ports, papers: engine.papers, clock: testClock(now), log: silentLogger, clients: instantClients(config).clients };
    };

    it('stores a day’s listing with its cursor, stores nothing twice on the next run, and reports the source healthy', async () => {
      handler = (url) => (url.pathname === '/rss/cs.LG' ? { headers: XML, body: recorded(RSS_CS_LG) } : undefined);
      const first = await runIngest(deps(), { sources: ['arxiv-rss'], categories: ['cs.LG'] });
      expect(first.runs.map((run) => [run.source, run.status, run.fetched, run.inserted, run.updated])).toEqual([['arxiv-rss:cs.LG', 'ok', 4, 4, 0]]);
      expect((await engine.papers.getPapers(RSS_CS_LG_IDS)).map((paper) => paper.id)).toEqual(RSS_CS_LG_IDS);
      expect(await engine.ports.store.readCursor('arxiv-rss:cs.LG')).toBe('2026-09-24');
      const second = await runIngest(deps(), { sources: ['arxiv-rss'], categories: ['cs.LG'] });
      expect(second.runs.map((run) => [run.status, run.inserted, run.updated])).toEqual([['ok', 0, 0]]);
      const [status] = await engine.ports.health.sourceStatuses();
      expect(status).toMatchObject({ source: 'arxiv-rss:cs.LG', cursor: '2026-09-24', lastRun: { status: 'ok', fetched: 4, stored: 0 } });
      expect(await engine.ports.health.degradedNotice('2026-09-23T00:00:00.000Z')).toBeNull();
    });

    it('links a Semantic Scholar id to the author at their place in the papers the store holds', async () => {
      handler = (url) => (url.pathname === '/s2/graph/v1/author/2263073537/papers' ? { headers: JSON_TYPE, body: s2PapersOf('2263073537') } : undefined);
      await engine.papers.upsertPapers([makePaper({ id: '1304.6363', authors: ['S. B. Cooper', 'Incomputability After', 'Alan Turing'], published: '2013-04-22' })], '2026-09-01T00:00:00.000Z');
      const linker = createAuthorLinker({ ...deps(), authors: engine.authors });
      expect(await linker.linkExternalId('s2:2263073537')).toEqual({ carriers: 1, papers: 1, name: 'Alan Turing', sharedNames: [] });
      expect((await engine.authors.byExternalId('2263073537')).map((author) => author.name)).toEqual(['Alan Turing']);
      expect(await engine.ports.authorLinks.authorAt('1304.6363', 0)).toMatchObject({ name: 'S. B. Cooper', semanticScholarId: null });
    });

    it('fetches a paper the store lacks from the arXiv API on demand and stores it', async () => {
      handler = (url) => (url.pathname === '/api/query' ? { headers: XML, body: recorded(API_IDLIST) } : undefined);
      const { config, papers, clock } = deps();
      const fetchPaper = createOnDemandArxivFetch({ config, spacing: engine.ports.spacing, papers, clock });
      const answered = await fetchPaper('astro-ph/0601001');
      expect(answered.status).toBe('found');
      expect((await papers.getPaper('astro-ph/0601001'))?.id).toBe('astro-ph/0601001');
    });
  });
}

async function openSqlite(): Promise<Engine> {
  const database = openDatabase(':memory:');
  const papers = createSqlitePaperRepository(database.sqlite);
  return { ports: createSqliteIngestPorts(database.db, papers), papers, authors: createSqliteAuthorDirectory(database.db), close: () => database.close() };
}

async function openPg(): Promise<Engine> {
  const scratch = await openPgScratch();
  const papers = createPgPaperRepository(scratch);
  return { ports: createPgIngestPorts(scratch.db, papers), papers, authors: createPgAuthorDirectory(scratch.db), close: scratch.close };
}

describeIngestOn('SQLite', openSqlite);
describePg((name) => describeIngestOn(name, openPg));
