import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/ingest/run-ingest.ts';
import { startFakeServer, JSON_TYPE, XML, type FakeServer } from './fake-server.ts';
import { ingestHarness } from './ingest-harness.ts';
import { API_IDLIST, HF_DAILY, recorded, RSS_CS_LG } from './recorded.ts';

const ID = '2609.26811';
const CODE_IN_COMMENT = 'https://github.com/example/drift-contract';

/**
 * The recorded id_list answer, speaking of the listing's first paper: its id becomes 2609.26811v2
 * and its comment names a repository, the way arXiv comments often do.
 */
function apiAnswer(): string {
  return recorded(API_IDLIST)
    .replaceAll('astro-ph/0601001v1', `${ID}v2`)
    .replace(/<arxiv:comment>[^<]*<\/arxiv:comment>/, `<arxiv:comment>12 pages. Code: ${CODE_IN_COMMENT}</arxiv:comment>`);
}

/**
 * The recorded Daily Papers answer's first item, speaking of the same paper, with the fields
 * Hugging Face added in 2025 (githubRepo, organization) that the 2024 recording lacks.
 */
function huggingFaceAnswer(): string {
  const [first] = JSON.parse(recorded(HF_DAILY)) as Array<{ paper: Record<string, unknown> }>;
  first!.paper['id'] = ID;
  first!.paper['githubRepo'] = 'https://github.com/example-lab/drift';
  first!.paper['organization'] = { name: 'example-lab', fullname: 'Example Lab' };
  return JSON.stringify([first]);
}

let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer((url) => {
    if (url.pathname === '/rss/cs.LG') return { headers: XML, body: recorded(RSS_CS_LG) };
    if (url.pathname === '/api/query') return { headers: XML, body: apiAnswer() };
    if (url.pathname === '/hf/api/daily_papers') return { headers: JSON_TYPE, body: url.searchParams.get('date') === '2026-09-24' ? huggingFaceAnswer() : '[]' };
    return undefined;
  });
});
afterAll(() => server.close());

describe('one paper across sources', () => {
  it('merges the listing, the API’s newer version and Hugging Face into one paper that keeps its first-seen time', async () => {
    const h = ingestHarness(server.base, '2026-09-24T06:00:00Z');
    try {
      await runIngest(h.deps, { sources: ['arxiv-rss'], categories: ['cs.LG'] });
      const listed = (await h.papers.getPaper(ID))!;
      expect(listed).toMatchObject({ version: 1, categories: ['cs.LG'], sources: ['arxiv-rss'], firstSeenAt: '2026-09-24T06:00:00.000Z' });

      h.clock.set('2026-09-24T07:00:00Z');
      const details = await runIngest(h.deps, { sources: ['arxiv-api'] });
      expect(details.runs[0]).toMatchObject({ source: 'arxiv-api', status: 'ok', fetched: 1, updated: 1 });
      // The lookup asked for every listed paper that lacked details, in one id_list.
      expect(server.requests.find((url) => url.pathname === '/api/query')!.searchParams.get('id_list')).toBe(
        '2609.26811,2609.26820,2205.06398,2009.13987',
      );
      const detailed = (await h.papers.getPaper(ID))!;
      expect(detailed).toMatchObject({
        version: 2,
        title: 'Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina',
        categories: ['cs.LG', 'astro-ph'],
        comment: `12 pages. Code: ${CODE_IN_COMMENT}`,
        codeUrl: CODE_IN_COMMENT,
        journalRef: 'ActaAstron.56:1-50,2006',
        sources: ['arxiv-rss', 'arxiv-api'],
        firstSeenAt: '2026-09-24T06:00:00.000Z',
      });
      const affiliation = h.database.sqlite.prepare("SELECT affiliation FROM authors WHERE name_key = 'andrew gould'").get();
      expect(affiliation).toEqual({ affiliation: 'Ohio State' });

      h.clock.set('2026-09-25T06:00:00Z');
      await runIngest(h.deps, { sources: ['huggingface'] });
      const merged = (await h.papers.getPaper(ID))!;
      expect(merged).toMatchObject({
        version: 2,
        categories: ['cs.LG', 'astro-ph'],
        upvotes: 74,
        org: 'Example Lab',
        // The repository named in the arXiv comment stays; Hugging Face fills only what is missing.
        codeUrl: CODE_IN_COMMENT,
        sources: ['arxiv-rss', 'arxiv-api', 'huggingface'],
        firstSeenAt: '2026-09-24T06:00:00.000Z',
      });
      expect(h.database.sqlite.prepare('SELECT count(*) AS n FROM papers WHERE id = ?').get(ID)).toEqual({ n: 1 });
      expect(h.paperIds()).toHaveLength(4);
    } finally {
      h.close();
    }
  });
});
