import { describe, expect, it } from 'vitest';
import { createAuthorLinker } from '../../src/adapters/ingest/author-linker.ts';
import { namesMatch } from '../../src/adapters/ingest/author-name-match.ts';
import { createSqliteAuthorDirectory } from '../../src/adapters/store/sqlite-author-directory.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { makePaper } from '../support/papers.ts';
import { JSON_TYPE } from './fake-server.ts';
import { useFakeSourceServer } from './fake-source-server.ts';
import { OPENALEX_NOT_FOUND, OPENALEX_WORKS, recorded, S2_AUTHOR_PAPERS, S2_AUTHOR_SEARCH, S2_NOT_FOUND, S2_RATE_LIMITED } from './recorded.ts';

const fake = useFakeSourceServer();

function setup(env: Record<string, string> = {}) {
  const h = fake.open('2026-09-24T06:00:00Z', env);
  const linker = createAuthorLinker({ ...h.deps, log: silentLogger, authors: createSqliteAuthorDirectory(h.database.db) });
  const column = (name: string, id: 'semantic_scholar_id' | 'openalex_id' | 'orcid') =>
    (h.database.sqlite.prepare(`SELECT ${id} AS value FROM authors WHERE display_name = ?`).get(name) as { value: string | null } | undefined)?.value;
  const paperAuthorIds = () =>
    h.database.sqlite.prepare('SELECT p.id AS paper, i.external_id FROM paper_author_ids i JOIN papers p ON p.seq = i.paper_seq ORDER BY p.id, i.external_id').all();
  return { h, linker, column, paperAuthorIds };
}

/** The papers the recorded author search lists for one author, as the `/author/{id}/papers` page they come from. */
function s2PapersOf(authorId: string): string {
  const search = JSON.parse(recorded(S2_AUTHOR_SEARCH)) as { data: Array<{ authorId: string; papers: unknown[] }> };
  return JSON.stringify({ offset: 0, data: search.data.find((author) => author.authorId === authorId)!.papers });
}

describe('author linker', () => {
  it('links a Semantic Scholar id: marks the author at their place in the papers the store holds', async () => {
    fake.handler = (url) => (url.pathname === '/s2/graph/v1/author/2263073537/papers' ? { headers: JSON_TYPE, body: s2PapersOf('2263073537') } : undefined);
    const { h, linker, column } = setup({ S2_API_KEY: 's2-test-key' });
    // Of the five papers, one has an arXiv id, and an import brought it in.
    await h.papers.upsertPapers([makePaper({ id: '1304.6363', authors: ['S. B. Cooper', 'Incomputability After', 'Alan Turing'], published: '2013-04-22' })], '2026-09-01T00:00:00.000Z');
    expect(await linker.linkExternalId('s2:2263073537')).toEqual({ carriers: 1, papers: 1, name: 'Alan Turing', sharedNames: [] });
    expect(h.paperIds()).toEqual(['1304.6363']);
    expect((await h.papers.getPaper('1304.6363'))).toMatchObject({ firstSeenAt: '2026-09-01T00:00:00.000Z' });
    expect(column('Alan Turing', 'semantic_scholar_id')).toBe('2263073537');
    expect(column('S. B. Cooper', 'semantic_scholar_id')).toBeNull();
    expect(fake.server.headers[0]!['x-api-key']).toBe('s2-test-key');
    expect(fake.server.requests[0]!.searchParams.get('fields')).toContain('externalIds');
    // The follow command then finds the author by the id.
    expect((await createSqliteAuthorDirectory(h.database.db).byExternalId('2263073537')).map((a) => a.name)).toEqual(['Alan Turing']);
  });

  it('stores an author’s recent papers, never their back catalogue: a digest would take it for news', async () => {
    fake.handler = (url) => (url.pathname === '/s2/graph/v1/author/2263073537/papers' ? { headers: JSON_TYPE, body: s2PapersOf('2263073537') } : undefined);
    const { h, linker } = setup();
    // The 2013 paper is not in the store, so nothing carries the id yet.
    expect(await linker.linkExternalId('s2:2263073537')).toEqual({ carriers: 0, papers: 0, name: 'Alan Turing', sharedNames: [] });
    expect(h.paperIds()).toEqual([]);
    const recent = { offset: 0, data: [{ paperId: 's2-new', externalIds: { ArXiv: '2609.00007' }, title: 'New', publicationDate: '2026-09-22', authors: [{ authorId: '2263073537', name: 'Alan Turing' }] }] };
    fake.handler = (url) => (url.pathname === '/s2/graph/v1/author/2263073537/papers' ? { headers: JSON_TYPE, body: JSON.stringify(recent) } : undefined);
    // Stored, with the id on it: what a follow by the id matches.
    expect(await linker.linkExternalId('s2:2263073537')).toMatchObject({ papers: 1, name: 'Alan Turing' });
    expect(h.paperIds()).toEqual(['2609.00007']);
  });

  it('reads every page of an author’s papers and stores none without an arXiv id', async () => {
    fake.handler = (url) => {
      if (url.pathname !== '/s2/graph/v1/author/1723755/papers') return undefined;
      return { headers: JSON_TYPE, body: url.searchParams.get('offset') === '0' ? recorded(S2_AUTHOR_PAPERS) : '{"total": 0, "offset": 0}' };
    };
    const { h, linker } = setup();
    expect((await linker.linkExternalId('s2:1723755')).carriers).toBe(0);
    expect(fake.server.requests.map((url) => url.searchParams.get('offset'))).toEqual(['0', '100']);
    expect(h.paperIds()).toEqual([]);
  });

  it('links an ORCID and an OpenAlex id through the works OpenAlex lists for them', async () => {
    fake.handler = (url) => (url.pathname === '/openalex/works' ? { headers: JSON_TYPE, body: recorded(OPENALEX_WORKS) } : undefined);
    const { h, linker, column, paperAuthorIds } = setup({ OPENALEX_API_KEY: 'oa-test-key' });
    await h.papers.upsertPapers([makePaper({ id: '2304.05376', authors: ['Andres M Bran', 'Sam Cox', 'Andrew Dickson White', 'Philippe Schwaller'], published: '2023-04-11' })], '2026-09-01T00:00:00.000Z');
    expect((await linker.linkExternalId('https://orcid.org/0000-0003-3046-6576')).carriers).toBe(1);
    // OpenAlex's author ids and ORCIDs are kept on the paper, as `follow` writes them.
    expect(paperAuthorIds()).toEqual(
      expect.arrayContaining([
        { paper: '2304.05376', external_id: '0000-0003-3046-6576' },
        { paper: '2304.05376', external_id: 'A5055903035' },
      ]),
    );
    // The journal version has no arXiv id: not stored.
    expect(h.paperIds()).toEqual(['2304.05376']);
    expect(column('Philippe Schwaller', 'orcid')).toBe('0000-0003-3046-6576');
    expect(Object.fromEntries(fake.server.requests[0]!.searchParams)).toEqual({
      filter: 'authorships.author.orcid:0000-0003-3046-6576',
      per_page: '200',
      cursor: '*',
      api_key: 'oa-test-key',
    });

    expect((await linker.linkExternalId('openalex:A5055903035')).carriers).toBe(1);
    expect(column('Andres M Bran', 'openalex_id')).toBe('A5055903035');
    // A row that already carries another OpenAlex id is a namesake: left alone.
    h.database.sqlite.prepare("UPDATE authors SET openalex_id = 'A0000000001' WHERE display_name = 'Sam Cox'").run();
    expect((await linker.linkExternalId('A5101971357')).carriers).toBe(0);
    expect(column('Sam Cox', 'openalex_id')).toBe('A0000000001');
  });

  it('leaves a name several people share without the id: on it the follow would match every namesake', async () => {
    const { h, linker, column, paperAuthorIds } = setup();
    // A store where “Wei” and “Zhang” are common: 8 × 8 / 17 rows, a commonness of 3.8.
    const given = ['Li', 'Wang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao'].map((family) => `Wei ${family}`);
    const family = ['Hao', 'Yu', 'Lei', 'Min', 'Jing', 'Yi', 'Xin'].map((first) => `${first} Zhang`);
    const theirs = makePaper({ id: '2603.00001', authors: ['Ada Lovelace', 'Wei Zhang'] });
    await h.papers.upsertPapers([theirs, makePaper({ id: '2603.00002', authors: [...given, ...family, 'Grace Hopper'] })], '2026-03-02T00:00:00.000Z');
    const page = { offset: 0, data: [{ paperId: 's2-a', externalIds: { ArXiv: '2603.00001' }, title: theirs.title, authors: [{ authorId: '7', name: 'Ada Lovelace' }, { authorId: '1001', name: 'Wei Zhang' }] }] };
    fake.handler = (url) => (url.pathname === '/s2/graph/v1/author/1001/papers' ? { headers: JSON_TYPE, body: JSON.stringify(page) } : undefined);
    expect(await linker.linkExternalId('s2:1001')).toEqual({ carriers: 0, papers: 1, name: 'Wei Zhang', sharedNames: ['Wei Zhang'] });
    expect(column('Wei Zhang', 'semantic_scholar_id')).toBeNull();
    // The id is kept on the paper the source names its author on, for every author it identifies there, and on no other.
    expect(paperAuthorIds()).toEqual([
      { paper: '2603.00001', external_id: 's2:1001' },
      { paper: '2603.00001', external_id: 's2:7' },
    ]);
    // A distinctive name on the same paper is linked as before.
    fake.handler = (url) => (url.pathname === '/s2/graph/v1/author/7/papers' ? { headers: JSON_TYPE, body: JSON.stringify(page) } : undefined);
    expect(await linker.linkExternalId('s2:7')).toEqual({ carriers: 1, papers: 1, name: 'Ada Lovelace', sharedNames: [] });
  });

  it('follows by id alone when the source does not know the author or keeps failing', async () => {
    const { linker } = setup();
    fake.handler = () => ({ status: 404, headers: JSON_TYPE, body: recorded(S2_NOT_FOUND) });
    expect((await linker.linkExternalId('s2:999')).carriers).toBe(0);
    fake.handler = () => ({ status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: recorded(OPENALEX_NOT_FOUND) });
    expect((await linker.linkExternalId('A5000000000')).carriers).toBe(0);
    fake.handler = () => ({ status: 429, headers: JSON_TYPE, body: recorded(S2_RATE_LIMITED) });
    expect((await linker.linkExternalId('s2:2263073537')).carriers).toBe(0);
    await expect(linker.linkExternalId('Alan Turing')).rejects.toThrow('is not an ORCID, OpenAlex or Semantic Scholar author id');
  });

  it('never puts an API key in what it logs', async () => {
    const logged: unknown[] = [];
    const capture = { debug() {}, info() {}, warn: (obj: object) => logged.push(obj), error() {}, child: () => capture };
    fake.handler = () => 'drop';
    const harness = fake.open('2026-09-24T06:00:00Z', { OPENALEX_API_KEY: 'oa-secret-key' });
    const linker = createAuthorLinker({ ...harness.deps, log: capture, authors: createSqliteAuthorDirectory(harness.database.db) });
    expect((await linker.linkExternalId('A5028051805')).carriers).toBe(0);
    expect(JSON.stringify(logged, (_key, value: unknown) => (value instanceof Error ? value.message : value))).not.toContain('oa-secret-key');
    expect(logged).toHaveLength(1);
  });
});

describe('author name matching', () => {
  it('accepts the same name key or compatible initials, and nothing else', () => {
    expect(namesMatch('Andres M. Bran', ['Andres M Bran'])).toBe(true);
    expect(namesMatch('Alex Building', ['A. Building'])).toBe(true);
    expect(namesMatch('Hào Ding', ['Hao Ding'])).toBe(true);
    expect(namesMatch('Alex Building', ['B. Building'])).toBe(false);
    expect(namesMatch('Alan Turing', ['Alan Mathison'])).toBe(false);
  });
});
