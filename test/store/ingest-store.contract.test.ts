/**
 * Contract suite for what ingestion keeps in the store (issue 21), on SQLite and PostgreSQL through
 * the same IngestPorts: a page and its cursor, runs and their verdicts, runs a dead process left
 * `running`, which papers are present, followed author ids, papers that still lack details, source
 * health, the categories to ingest, and what the author linker writes. Everything is asserted
 * through the ports (or the PaperRepository), awaited, so both engines are held to one behaviour.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteIngestPorts, type IngestPorts } from '../../src/adapters/ingest/ingest-ports.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgIngestPorts } from '../../src/adapters/store/postgres/pg-ingest-ports.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import type { NewSubscription, SubscriptionStore } from '../../src/core/subscriptions/subscription-ports.ts';
import { makePaper } from '../support/papers.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

/** What the suite needs from an engine: its ports, its papers, a channel to subscribe in. */
interface Stores {
  ports: IngestPorts;
  papers: PaperRepository;
  subscriptions: SubscriptionStore;
  channel(): Promise<number>;
  /** The same store's ports over a PaperRepository whose every upsert fails. */
  portsWithFailingPapers(): IngestPorts;
  close(): Awaitable<void>;
}

const T0 = '2026-11-20T09:00:00.000Z';
const T1 = '2026-11-20T09:05:00.000Z';
const T2 = '2026-11-21T09:00:00.000Z';

function failing(papers: PaperRepository): PaperRepository {
  return {
    ...papers,
    upsertPapers: () => {
      throw new Error('the store refused the papers');
    },
  };
}

function describeIngestStoreContract(name: string, open: () => Promise<Stores>): void {
  describe(`IngestStore contract: ${name}`, () => {
    let stores: Stores;
    let ports: IngestPorts;
    beforeEach(async () => {
      stores = await open();
      ports = stores.ports;
    });
    afterEach(async () => stores.close());

    const subscribe = async (subscription: Partial<NewSubscription> & Pick<NewSubscription, 'kind' | 'query'>) =>
      stores.subscriptions.addSubscription(await stores.channel(), { authorId: null, externalId: null, createdBy: 'U1', ...subscription }, T0);

    it('stores a page with its cursor, its affiliations and its author ids; the cursor reads back', async () => {
      expect(await ports.store.readCursor('arxiv-rss:cs.IR')).toBeNull();
      const summary = await ports.store.storePage(
        'arxiv-rss:cs.IR',
        {
          papers: [makePaper({ id: '2611.00001', authors: ['Ada Lovelace', 'Alan Turing'] }), makePaper({ id: '2611.00002' })],
          cursor: '2026-11-20',
          affiliations: [
            { author: 'Ada Lovelace', affiliation: 'Analytical Engines Ltd' },
            { author: 'Ada Lovelace', affiliation: 'A later spelling' },
          ],
          authorIds: [
            { paperId: '2611.00001', externalId: 's2:1' },
            { paperId: '2611.00001', externalId: 's2:1' },
            { paperId: '2699.99999', externalId: 's2:1' },
          ],
        },
        T0,
      );
      expect(summary).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
      expect(await ports.store.readCursor('arxiv-rss:cs.IR')).toBe('2026-11-20');
      expect((await stores.papers.getPapers(['2611.00001', '2611.00002'])).map((p) => p.id)).toEqual(['2611.00001', '2611.00002']);
      // The id is kept once, and only for the paper the store holds.
      expect(await ports.authorLinks.paperCount('s2:1')).toBe(1);
      const ada = await ports.authorLinks.authorAt('2611.00001', 0);
      expect(ada?.name).toBe('Ada Lovelace');

      const again = await ports.store.storePage('arxiv-rss:cs.IR', { papers: [makePaper({ id: '2611.00002', version: 2, title: 'Retitled' })], cursor: null }, T1);
      expect(again).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await ports.store.readCursor('arxiv-rss:cs.IR')).toBeNull();
    });

    it('leaves the cursor where it was when a page’s papers cannot be stored', async () => {
      await ports.store.storePage('arxiv-oai:cs', { papers: [makePaper({ id: '2611.00003' })], cursor: 'token-1' }, T0);
      const broken = stores.portsWithFailingPapers();
      await expect(Promise.resolve().then(() => broken.store.storePage('arxiv-oai:cs', { papers: [makePaper({ id: '2611.00004' })], cursor: 'token-2' }, T1))).rejects.toThrow(
        'the store refused the papers',
      );
      expect(await ports.store.readCursor('arxiv-oai:cs')).toBe('token-1');
      expect(await ports.store.countPresent(['2611.00003', '2611.00004'])).toBe(1);
    });

    it('records runs, their verdicts and revisions; source health shows the latest run and the cursor', async () => {
      const first = await ports.store.startRun('arxiv-rss:cs.IR', T0);
      await ports.store.finishRun(first, { status: 'degraded', finishedAt: T0, fetched: 3, stored: 2, announced: 4, detail: 'only 3 of 4 announced items arrived' });
      const second = await ports.store.startRun('huggingface', T0);
      expect(second).toBeGreaterThan(first);
      await ports.store.finishRun(second, { status: 'failed', finishedAt: T0, fetched: 0, stored: 0, announced: null, detail: 'cannot reach hf' });
      await ports.store.recordError('huggingface', T0, 'cannot reach hf');
      await ports.store.storePage('arxiv-rss:cs.IR', { papers: [], cursor: 'c1' }, T0);
      await ports.store.recordSuccess('arxiv-rss:cs.IR', T0);

      expect(await ports.health.degradedNotice('2026-11-19T00:00:00.000Z')).toBe(
        'Heads-up: arXiv listings (cs.IR) and Hugging Face were degraded since the last digest, so some papers may be missing. /papers status has the details.',
      );
      await ports.store.reviseRun(first, 'ok', 'a holiday');
      expect(await ports.health.degradedNotice('2026-11-19T00:00:00.000Z')).toBe(
        'Heads-up: Hugging Face was degraded since the last digest, so some papers may be missing. /papers status has the details.',
      );
      // A source whose latest finished run since then is ok is healthy again; runs before `since` do not count.
      const recovered = await ports.store.startRun('huggingface', T1);
      await ports.store.finishRun(recovered, { status: 'ok', finishedAt: T1, fetched: 5, stored: 5, announced: null, detail: null });
      expect(await ports.health.degradedNotice('2026-11-19T00:00:00.000Z')).toBeNull();
      expect(await ports.health.degradedNotice(T2)).toBeNull();

      const statuses = await ports.health.sourceStatuses();
      expect(statuses.map((s) => [s.source, s.cursor, s.lastSuccessAt, s.lastError, s.lastRun?.status, s.lastRun?.detail])).toEqual([
        ['arxiv-rss:cs.IR', 'c1', T0, null, 'ok', 'a holiday'],
        ['huggingface', null, null, 'cannot reach hf', 'ok', null],
      ]);
      expect(statuses[1]!.lastRun).toEqual({ status: 'ok', startedAt: T1, finishedAt: T1, fetched: 5, stored: 5, announced: null, detail: null });
    });

    it('marks only the source’s runs left running as interrupted, and says how many', async () => {
      await ports.store.startRun('arxiv-oai:cs', T0);
      await ports.store.startRun('arxiv-oai:cs', T0);
      const other = await ports.store.startRun('arxiv-rss:cs.IR', T0);
      const done = await ports.store.startRun('arxiv-oai:cs', T0);
      await ports.store.finishRun(done, { status: 'ok', finishedAt: T0, fetched: 1, stored: 1, announced: null, detail: null });
      expect(await ports.store.failInterruptedRuns('arxiv-oai:cs', T1)).toBe(2);
      expect(await ports.store.failInterruptedRuns('arxiv-oai:cs', T1)).toBe(0);
      const statuses = await ports.health.sourceStatuses();
      expect(statuses.find((s) => s.source === 'arxiv-rss:cs.IR')?.lastRun?.status).toBe('running');
      expect(other).toBeGreaterThan(0);
    });

    it('counts the distinct ids the store holds, past one query’s chunk', async () => {
      await stores.papers.upsertPapers([makePaper({ id: '2611.00010' }), makePaper({ id: '2611.00011' })], T0);
      const unknown = Array.from({ length: 1200 }, (_, i) => `2699.${String(10000 + i)}`);
      expect(await ports.store.countPresent(['2611.00010', '2611.00010', ...unknown, '2611.00011'])).toBe(2);
      expect(await ports.store.countPresent([])).toBe(0);
    });

    it('lists the external ids authors are followed by, each once, in order', async () => {
      await subscribe({ kind: 'author', query: 'Ada Lovelace', externalId: 's2:20' });
      await subscribe({ kind: 'author', query: 'A. Lovelace', externalId: 's2:20' });
      await subscribe({ kind: 'author', query: 'Alan Turing', externalId: 'A5000000001' });
      await subscribe({ kind: 'author', query: 'Grace Hopper' });
      await subscribe({ kind: 'topic', query: 'recsys' });
      expect(await ports.store.followedAuthorIds()).toEqual(['A5000000001', 's2:20']);
    });

    it('finds recent papers only listings described, after a row, up to a limit', async () => {
      await stores.papers.upsertPapers(
        [
          makePaper({ id: '2611.00020', sources: ['arxiv-rss'] }),
          makePaper({ id: '2611.00021', sources: ['huggingface'] }),
          makePaper({ id: '2611.00022', sources: ['arxiv-rss', 'arxiv-api'] }),
          makePaper({ id: 'hep-th/0101001', sources: ['arxiv-rss'] }),
          makePaper({ id: 'cs:9901001', sources: ['arxiv-rss'] }),
          makePaper({ id: '2611.00023', sources: ['semantic-scholar'] }),
        ],
        T1,
      );
      await stores.papers.upsertPapers([makePaper({ id: '2611.00024', sources: ['openalex'] })], '2026-11-01T00:00:00.000Z');
      const all = await ports.store.papersNeedingDetails(0, 10, T0);
      expect(all.map((p) => p.id)).toEqual(['2611.00020', '2611.00021', 'hep-th/0101001', '2611.00023']);
      const page = await ports.store.papersNeedingDetails(all[0]!.seq, 2, T0);
      expect(page.map((p) => p.id)).toEqual(['2611.00021', 'hep-th/0101001']);
    });

    it('ingests INGEST_CATEGORIES and every category a subscription filters on, each once in arXiv’s spelling', async () => {
      await subscribe({ kind: 'topic', query: 'recsys cold-start cat:cs.ir' });
      await subscribe({ kind: 'category', query: 'stat.ML' });
      await subscribe({ kind: 'topic', query: 'graphs category:"cs.LG"' });
      await subscribe({ kind: 'author', query: 'cat:Not A Category' });
      expect(await ports.categories(['cs.LG', 'cs.AI'])).toEqual(['cs.LG', 'cs.AI', 'cs.IR', 'stat.ML']);
    });

    it('links author rows: sets an id only where none of its kind is set, and counts its carriers', async () => {
      await stores.papers.upsertPapers([makePaper({ id: '2611.00030', authors: ['Grace Hopper', 'Ada Lovelace'] })], T0);
      const grace = await ports.authorLinks.authorAt('2611.00030', 0);
      expect(grace).toMatchObject({ name: 'Grace Hopper', semanticScholarId: null, openalexId: null, orcid: null });
      expect(await ports.authorLinks.authorAt('2611.00030', 2)).toBeUndefined();
      expect(await ports.authorLinks.setIdWhereUnset('openalexId', 'A5000000002', grace!.id)).toBe(true);
      expect(await ports.authorLinks.setIdWhereUnset('openalexId', 'A5000000003', grace!.id)).toBe(false);
      expect(await ports.authorLinks.authorAt('2611.00030', 0)).toMatchObject({ openalexId: 'A5000000002' });
      expect(await ports.authorLinks.carriers('openalexId', 'A5000000002')).toBe(1);
      expect(await ports.authorLinks.carriers('openalexId', 'A5000000003')).toBe(0);
      expect(await ports.authorLinks.recordPaperAuthorIds([{ paperId: '2611.00030', externalId: 'A5000000002' }])).toBe(1);
      expect(await ports.authorLinks.recordPaperAuthorIds([{ paperId: '2611.00030', externalId: 'A5000000002' }])).toBe(0);
      expect(await ports.authorLinks.paperCount('A5000000002')).toBe(1);
    });
  });
}

/** The SQLite ports on a fresh in-memory database, migrated as production's is. */
async function openSqlite(): Promise<Stores> {
  const database = openDatabase(':memory:');
  const papers = createSqlitePaperRepository(database.sqlite);
  const subscriptions = createSqliteSubscriptionStore(database.db);
  return {
    ports: createSqliteIngestPorts(database.db, papers),
    papers,
    subscriptions,
    channel: async () => subscriptions.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, { timeZone: 'UTC', now: T0 }).id,
    portsWithFailingPapers: () => createSqliteIngestPorts(database.db, failing(papers) as typeof papers),
    close: () => database.close(),
  };
}

/** The PostgreSQL ports in a scratch schema of its own (pg-scratch.ts), dropped on close. */
async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  const papers = createPgPaperRepository(scratch);
  return {
    ports: createPgIngestPorts(scratch.db, papers),
    papers,
    subscriptions: scratch.subscriptions,
    channel: () => scratch.channel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }),
    portsWithFailingPapers: () => createPgIngestPorts(scratch.db, failing(papers)),
    close: scratch.close,
  };
}

describeIngestStoreContract('SQLite', openSqlite);
describePg((name) => describeIngestStoreContract(name, openPg));
