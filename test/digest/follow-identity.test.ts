/**
 * `follow` and who is behind a name, on a store holding the seeds and 10,000 real arXiv cs papers
 * (author-slice-store.ts), with Semantic Scholar and OpenAlex played by a local fake server (or a
 * closed port: offline). The app is wired as production wires it: its own author linker and search.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/ingest/run-ingest.ts';
import { createApp, type SqliteApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import type { Button, Invocation, Reply } from '../../src/core/reply.ts';
import { buildSliceStore } from '../ingest/author-slice-store.ts';
import { JSON_TYPE, startFakeServer, type FakeServer } from '../ingest/fake-server.ts';
import { recorded, S2_AUTHOR_SEARCH } from '../ingest/recorded.ts';
import { makePaper } from '../support/papers.ts';
import { invoker, manualClock } from './digest-helpers.ts';

interface StorePaper {
  id: string;
  title: string;
  authors: string[];
  published?: string | null;
}

let slice: Awaited<ReturnType<typeof buildSliceStore>>;
let server: FakeServer;
let closedPort: string;
/** Two of the slice's “Wei Zhang” papers from different co-author groups: one person's each. */
let weiZhang: [StorePaper, StorePaper];
/** Papers Semantic Scholar lists for s2:1001 besides the first: what a test adds after the follow. */
let laterPapersOf1001: StorePaper[] = [];

/** An S2 `/author/search` answer in the recorded layout. */
function s2Authors(authors: Array<{ id: string; name: string; affiliation?: string; paperCount: number; papers: StorePaper[] }>): string {
  return JSON.stringify({
    total: authors.length,
    offset: 0,
    data: authors.map((a) => ({
      authorId: a.id,
      name: a.name,
      aliases: null,
      affiliations: a.affiliation ? [a.affiliation] : [],
      paperCount: a.paperCount,
      citationCount: 100,
      hIndex: 5,
      externalIds: {},
      papers: a.papers.map((p) => ({ paperId: `s2-${p.id}`, title: p.title, year: 2025, publicationDate: '2025-03-20', externalIds: { ArXiv: p.id } })),
    })),
  });
}

/**
 * An S2 `/author/{id}/papers` page (https://api.semanticscholar.org/api-docs/graph#tag/Author-Data/operation/get_graph_get_author_papers):
 * the papers with their authors, `id` at the place of `name`.
 */
function s2PapersPage(papers: StorePaper[], id: string, name: string): string {
  return JSON.stringify({
    offset: 0,
    data: papers.map((paper) => ({
      paperId: `s2-${paper.id}`,
      externalIds: { ArXiv: paper.id },
      title: paper.title,
      year: Number((paper.published ?? '2025').slice(0, 4)),
      publicationDate: paper.published ?? '2025-03-20',
      authors: paper.authors.map((author) => ({ authorId: author === name ? id : null, name: author })),
    })),
  });
}

/** The recorded OpenAlex author, in the list envelope `/authors?search=` answers with, renamed to `name`. */
function openAlexAuthors(name: string | null): string {
  if (name === null) return JSON.stringify({ meta: { count: 0, page: 1, per_page: 10 }, results: [] });
  const author = { ...JSON.parse(recorded('openalex/openalex-author-A5023888391.json')), id: 'https://openalex.org/A5000000042', display_name: name, display_name_alternatives: [], orcid: null };
  return JSON.stringify({ meta: { count: 1, page: 1, per_page: 10 }, results: [author] });
}

beforeAll(async () => {
  slice = await buildSliceStore();
  const sqlite = new Database(slice.copy(), { readonly: true });
  const papers = (
    sqlite
      .prepare(
        `SELECT p.id, p.title, p.authors FROM papers p JOIN paper_authors pa ON pa.paper_seq = p.seq JOIN authors a ON a.id = pa.author_id
         WHERE a.name_key = 'wei zhang' ORDER BY p.published DESC, p.seq DESC`,
      )
      .all() as Array<{ id: string; title: string; authors: string }>
  ).map((row) => ({ id: row.id, title: row.title, authors: JSON.parse(row.authors) as string[] }));
  const first = papers[0]!;
  // A paper sharing no co-author with the first: another circle, another person.
  const second = papers.find((p) => !p.authors.some((name) => name !== 'Wei Zhang' && first.authors.includes(name)))!;
  weiZhang = [first, second];
  sqlite.close();

  server = await startFakeServer((url) => {
    const query = url.searchParams.get('query') ?? url.searchParams.get('search');
    if (url.pathname === '/s2/graph/v1/author/search') {
      if (query === 'Wei Zhang') {
        return {
          headers: JSON_TYPE,
          body: s2Authors([
            { id: '1001', name: 'Wei Zhang', affiliation: 'Tsinghua University', paperCount: 250, papers: [weiZhang[0]] },
            { id: '1002', name: 'Wei Zhang', affiliation: 'Shandong University', paperCount: 80, papers: [weiZhang[1]] },
            { id: '1003', name: 'W. Zhang', paperCount: 12, papers: [] },
            { id: '1004', name: 'Weiwei Zhang', paperCount: 30, papers: [] },
          ]),
        };
      }
      if (query === 'Alan Turing') return { headers: JSON_TYPE, body: recorded(S2_AUTHOR_SEARCH) };
      return { headers: JSON_TYPE, body: '{"total": 0, "offset": 0}' };
    }
    if (url.pathname === '/openalex/authors') return { headers: JSON_TYPE, body: openAlexAuthors(query === 'Wei Zhang' ? 'Wei Zhang' : null) };
    if (url.pathname === '/s2/graph/v1/author/1001/papers') return { headers: JSON_TYPE, body: s2PapersPage([weiZhang[0], ...laterPapersOf1001], '1001', 'Wei Zhang') };
    if (url.pathname === '/s2/graph/v1/author/1002/papers') return { headers: JSON_TYPE, body: s2PapersPage([weiZhang[1]], '1002', 'Wei Zhang') };
    return undefined;
  });
  // A port nothing listens on: connection refused, as offline.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}, 60_000);
afterAll(async () => {
  await server?.close();
  slice?.close();
});

describe('follow: who is behind a name', () => {
  let app: SqliteApp;
  afterEach(() => {
    app?.close();
    server.requests.length = 0;
    laterPapersOf1001 = [];
  });
  const member = invoker('slack', 'T-A', 'C-1');
  /** An app on a fresh copy of the slice store whose Semantic Scholar and OpenAlex are at `base`. */
  const appAt = (base: string) =>
    createApp(
      loadConfig({ DATABASE_PATH: slice.copy(), LOG_LEVEL: 'silent', S2_API_URL: `${base}/s2/graph/v1/`, OPENALEX_API_URL: `${base}/openalex/` }),
      { clock: manualClock('2026-07-02T10:00:00Z'), log: silentLogger },
    );
  const follows = () => app.database.sqlite.prepare('SELECT query, author_id, external_id FROM subscriptions').all();
  const buttons = (reply: Reply): Button[] => reply.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
  const invocations = (reply: Reply): Invocation[] => buttons(reply).map((b) => b.invocation);

  it('a common name is a choice among the people Semantic Scholar and OpenAlex know, with evidence; nothing is followed', async () => {
    app = appAt(server.base);
    const reply = await app.run('follow Wei Zhang', member);
    const text = renderReplyText(reply);
    expect(reply.failed).toBeUndefined();
    expect(reply.visibility).toBe('ephemeral');
    expect(text).toMatch(/Several people publish as “Wei Zhang”, so paperboy will not guess which one to follow: it is a common name/);
    // Name, affiliation, paper count, a recent title, the id; the people the store already has first.
    expect(text).toContain(`1. Wei Zhang: Semantic Scholar s2:1001 · Tsinghua University · 250 papers · recent: “${weiZhang[0].title}” · 1 of their papers in paperboy’s store`);
    expect(text).toContain('Semantic Scholar s2:1002 · Shandong University · 80 papers');
    expect(text).toMatch(/Wei Zhang: OpenAlex A5000000042 · OurResearch/);
    expect(text).toMatch(/W\. Zhang: Semantic Scholar s2:1003/); // compatible initials are offered too
    expect(text).not.toContain('Weiwei Zhang'); // another name is not
    expect(text).toMatch(/What paperboy’s store knows: \d+ papers under that name, in \d+ separate groups of co-authors/);
    expect(invocations(reply)).toEqual(
      expect.arrayContaining([
        { command: 'follow', args: { author: 's2:1001' } },
        { command: 'follow', args: { author: 's2:1002' } },
        { command: 'follow', args: { author: 'A5000000042' } },
      ]),
    );
    expect(invocations(reply).every((i) => i.command === 'follow' && !String(i.args['author']).startsWith('#'))).toBe(true);
    expect(follows()).toEqual([]);
    expect(server.requests.map((u) => [u.pathname, u.searchParams.get('query') ?? u.searchParams.get('search')])).toEqual(
      expect.arrayContaining([
        ['/s2/graph/v1/author/search', 'Wei Zhang'],
        ['/openalex/authors', 'Wei Zhang'],
      ]),
    );
  });

  it('its button follows that one person by id, and the id is not written onto the shared name', async () => {
    app = appAt(server.base);
    const choice = invocations(await app.run('follow Wei Zhang', member)).find((i) => i.args['author'] === 's2:1001')!;
    const reply = renderReplyText(await app.run(choice, member));
    expect(reply).toMatch(/This channel now follows Wei Zhang \(s2:1001\) \(#1\)/);
    expect(reply).toMatch(/Several people publish as “Wei Zhang”, so only papers a source names s2:1001 on count as this author’s \(1 paper in the store\)/);
    expect(follows()).toEqual([{ query: 'Wei Zhang (s2:1001)', author_id: null, external_id: 's2:1001' }]);
    expect(app.database.sqlite.prepare("SELECT semantic_scholar_id FROM authors WHERE name_key = 'wei zhang'").get()).toEqual({ semantic_scholar_id: null });
    expect(renderReplyText(await app.run('unfollow Wei Zhang', member))).toMatch(/no longer follows Wei Zhang \(s2:1001\)/);
  });

  it('a follow by id of one namesake gets that person’s new papers in the digest, never the namesake’s', async () => {
    app = appAt(server.base);
    await app.run('follow s2:1001', member);
    // After the follow, arXiv's listing brings a new paper by each Wei Zhang: names only, no ids.
    const theirs = makePaper({ id: '2607.00001', title: 'Graph retrieval for the Tsinghua Wei Zhang', authors: [...weiZhang[0].authors], published: '2026-07-01' });
    const namesakes = makePaper({ id: '2607.00002', title: 'Protein folding by the other Wei Zhang', authors: [...weiZhang[1].authors], published: '2026-07-01' });
    await app.papers.upsertPapers([theirs, namesakes], '2026-07-02T09:00:00.000Z');
    // Semantic Scholar lists the new paper among s2:1001's; the daily ingest asks it for each author followed by id.
    laterPapersOf1001 = [theirs];
    const ingest = await runIngest(
      { config: app.config, ports: app.ingestPorts, papers: app.papers, clock: app.clock, log: silentLogger },
      { sources: ['followed-authors'] },
    );
    expect(ingest.runs).toEqual([expect.objectContaining({ source: 'followed-authors', status: 'ok' })]);
    expect(server.requests.map((u) => u.pathname)).toContain('/s2/graph/v1/author/1001/papers');

    const preview = renderReplyText(await app.run('digest preview', member));
    expect(preview).toContain('New from Wei Zhang (s2:1001)');
    expect(preview).toContain(theirs.title);
    expect(preview).not.toContain(namesakes.title);
    // The back catalogue read at the follow is history, not news.
    expect(preview).not.toContain(weiZhang[0].title);
    // The shared name's row still carries no id: the namesake's papers cannot leak in through it.
    expect(app.database.sqlite.prepare("SELECT semantic_scholar_id FROM authors WHERE name_key = 'wei zhang'").get()).toEqual({ semantic_scholar_id: null });
  });

  it('unfollow by a name the channel follows two people by asks which one', async () => {
    app = appAt(server.base);
    await app.run('follow s2:1001', member);
    await app.run('follow s2:1002', member);
    const reply = await app.run('unfollow Wei Zhang', member);
    expect(renderReplyText(reply)).toMatch(/This channel follows 2 people called “Wei Zhang”. Which one should it stop following\?/);
    expect(invocations(reply)).toEqual([
      { command: 'unfollow', args: { author: 's2:1001' } },
      { command: 'unfollow', args: { author: 's2:1002' } },
    ]);
    expect(follows()).toHaveLength(2);
    expect(renderReplyText(await app.run(invocations(reply)[1]!, member))).toMatch(/no longer follows Wei Zhang \(s2:1002\)/);
    expect(follows()).toEqual([{ query: 'Wei Zhang (s2:1001)', author_id: null, external_id: 's2:1001' }]);
  });

  it('a store id of a shared name is a choice too (the store’s own choice buttons lead there)', async () => {
    app = appAt(server.base);
    const id = (app.database.sqlite.prepare("SELECT id FROM authors WHERE name_key = 'wei zhang'").get() as { id: number }).id;
    expect(renderReplyText(await app.run(`follow #${id}`, member))).toMatch(/Several people publish as “Wei Zhang”/);
    expect(follows()).toEqual([]);
  });

  it('offline, a common name says it is shared, shows the store’s co-author groups and how to follow by id', async () => {
    app = appAt(closedPort);
    const reply = await app.run('follow Wei Zhang', member);
    const text = renderReplyText(reply);
    expect(reply.failed).toBeUndefined();
    expect(text).toMatch(/Several people publish as “Wei Zhang”/);
    expect(text).toMatch(/What paperboy’s store knows: .*\n1\. \d+ papers with .* · latest: “/);
    expect(text).toMatch(/paperboy is offline: cannot reach 127\.0\.0\.1:\d+ \(connection refused\)/);
    expect(text).toMatch(/Follow one person by id: an ORCID \(follow 0000-0002-1825-0097\), an OpenAlex id \(follow A5023888391.*Semantic Scholar id \(follow s2:1723755/);
    expect(buttons(reply)).toEqual([]);
    expect(follows()).toEqual([]);
  });

  it('a name the store does not know gets the people Semantic Scholar knows by it (recorded answer)', async () => {
    app = appAt(server.base);
    const reply = await app.run('follow Alan Turing', member);
    const text = renderReplyText(reply);
    expect(reply.failed).toBeUndefined();
    expect(text).toMatch(/paperboy’s store has no author called “Alan Turing”/);
    expect(text).toMatch(/1\. Alan Turing: Semantic Scholar s2:\d+/);
    expect(invocations(reply)).toContainEqual({ command: 'follow', args: { author: 's2:2263073537' } });
    expect(text).not.toMatch(/Turing Award|Sara Turing|Alan Turing Institute/);
    expect(follows()).toEqual([]);
  });

  it('offline, an unknown name says so and how to follow by id', async () => {
    app = appAt(closedPort);
    const reply = await app.run('follow Geoffrey Hinton', member);
    expect(reply.failed).toBe(true);
    const text = renderReplyText(reply);
    expect(text).toMatch(/paperboy knows no author called “Geoffrey Hinton”, and it is offline: cannot reach 127\.0\.0\.1:\d+ \(connection refused\)/);
    expect(text).toMatch(/Follow one person by id: an ORCID/);
  });

  it('an unknown name neither source knows says so', async () => {
    app = appAt(server.base);
    const reply = await app.run('follow Zzyzx Qwerty', member);
    expect(reply.failed).toBe(true);
    expect(renderReplyText(reply)).toMatch(/Neither paperboy nor Semantic Scholar or OpenAlex knows an author called “Zzyzx Qwerty”/);
  });

  it('a distinctive name still follows at once, without asking the sources', async () => {
    app = appAt(server.base);
    expect(renderReplyText(await app.run('follow Anoop Deoras', member))).toMatch(/This channel now follows Anoop Deoras \(#1\)/);
    expect(renderReplyText(await app.run('follow Guangtao Zhai', member))).toMatch(/This channel now follows Guangtao Zhai \(#2\)/);
    expect(server.requests).toEqual([]);
  });
});
