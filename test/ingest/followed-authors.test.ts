/**
 * The followed-authors ingest source: for each author a channel follows by id, Semantic Scholar's
 * list of their papers (played by a local fake in the layout of
 * https://api.semanticscholar.org/api-docs/graph#tag/Author-Data/operation/get_graph_get_author_papers)
 * brings the ids that tell that person's papers from a namesake's.
 */
import { describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/ingest/run-ingest.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import { makePaper } from '../support/papers.ts';
import { JSON_TYPE } from './fake-server.ts';
import { useFakeSourceServer } from './fake-source-server.ts';

const fake = useFakeSourceServer();
const NOW = '2026-07-02T06:00:00Z';

/** An `/author/{id}/papers` page: each paper with Wei Zhang as `s2:<id>` and a co-author with an id of their own. */
function authorPapersPage(authorId: string, papers: Array<{ id: string; published: string }>): string {
  return JSON.stringify({
    offset: 0,
    data: papers.map((paper) => ({
      paperId: `s2-${paper.id}`,
      externalIds: { ArXiv: paper.id },
      title: `Paper ${paper.id}`,
      publicationDate: paper.published,
      authors: [
        { authorId, name: 'Wei Zhang' },
        { authorId: '77', name: 'Ada Lovelace' },
      ],
    })),
  });
}

async function follow(h: ReturnType<typeof fake.open>, externalId: string): Promise<void> {
  const store = createSqliteSubscriptionStore(h.database.db);
  const channel = (await store.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, { timeZone: 'UTC', now: NOW }));
  await store.addSubscription(channel.id, { kind: 'author', query: `Wei Zhang (${externalId})`, authorId: null, externalId, createdBy: 'U1' }, NOW);
}

describe('the followed-authors source', () => {
  it('keeps the author’s ids on their papers, stores their recent papers and not their old ones', async () => {
    const h = fake.open(NOW);
    // A listing already brought one of their papers, by name only.
    await h.papers.upsertPapers([makePaper({ id: '2606.00001', authors: ['Wei Zhang', 'Ada Lovelace'], published: '2026-06-01' })], NOW);
    await follow(h, 's2:1001');
    fake.handler = (url) =>
      url.pathname === '/s2/graph/v1/author/1001/papers'
        ? {
            headers: JSON_TYPE,
            body: authorPapersPage('1001', [
              { id: '2606.00001', published: '2026-06-01' },
              { id: '2607.00009', published: '2026-07-01' },
              { id: '2001.00001', published: '2020-01-01' },
            ]),
          }
        : undefined;
    const report = await runIngest(h.deps, { sources: ['followed-authors'] });
    expect(report.runs).toEqual([expect.objectContaining({ source: 'followed-authors', status: 'ok', inserted: 1 })]);
    // The recent paper the listings missed is stored; the 2020 one would pass for news, so it is not.
    expect(h.paperIds()).toEqual(['2606.00001', '2607.00009']);
    const ids = h.database.sqlite
      .prepare('SELECT p.id AS paper, i.external_id AS id FROM paper_author_ids i JOIN papers p ON p.seq = i.paper_seq ORDER BY 1, 2')
      .all();
    expect(ids).toEqual([
      { paper: '2606.00001', id: 's2:1001' },
      { paper: '2606.00001', id: 's2:77' },
      { paper: '2607.00009', id: 's2:1001' },
      { paper: '2607.00009', id: 's2:77' },
    ]);
    // A second run adds nothing.
    await runIngest(h.deps, { sources: ['followed-authors'] });
    expect(h.database.sqlite.prepare('SELECT count(*) FROM paper_author_ids').pluck().get()).toBe(4);
  });

  it('does not run when no channel follows anyone by id', async () => {
    const h = fake.open(NOW);
    const report = await runIngest(h.deps, { sources: ['followed-authors'] });
    expect(report.runs).toEqual([]);
    expect(fake.server.requests).toEqual([]);
  });

  it('reads every followed author when one fails, and records the run as failed naming that one', async () => {
    const h = fake.open(NOW);
    await follow(h, 'A5000000042');
    await follow(h, 's2:1001');
    fake.handler = (url) => {
      if (url.pathname === '/openalex/works') return { status: 500, headers: JSON_TYPE, body: '{"error": "Internal Server Error"}' };
      if (url.pathname === '/s2/graph/v1/author/1001/papers') return { headers: JSON_TYPE, body: authorPapersPage('1001', [{ id: '2607.00009', published: '2026-07-01' }]) };
      return undefined;
    };
    const report = await runIngest(h.deps, { sources: ['followed-authors'] });
    expect(report.runs).toEqual([expect.objectContaining({ source: 'followed-authors', status: 'failed', inserted: 1 })]);
    expect(report.runs[0]!.detail).toMatch(/^1 of 2 followed authors could not be read \(A5000000042: GET .*\/openalex\/works\?.* failed after \d+ attempts \(last status 500\)\)/);
    expect(h.paperIds()).toEqual(['2607.00009']);
  });
});
