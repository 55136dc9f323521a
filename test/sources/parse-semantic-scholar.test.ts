import { describe, expect, it } from 'vitest';
import {
  parseS2AuthorPapers,
  parseS2AuthorSearch,
  parseS2Error,
  parseS2PaperSearch,
} from '../../src/adapters/sources/parse-semantic-scholar.ts';
import { readFixture } from './fixtures.ts';

const read = (file: string) => readFixture(`semantic-scholar/${file}`);
const TOO_MANY_REQUESTS =
  'Too Many Requests. Please wait and try again or apply for a key for higher rate limits. https://www.semanticscholar.org/product/api#api-key-form';

describe('parseS2AuthorSearch', () => {
  const search = () => {
    const result = parseS2AuthorSearch(read('s2-author-search.json'));
    if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
    return result;
  };

  it('reads every author and the paging', () => {
    const result = search();
    expect(result).toMatchObject({ total: 55, offset: 0, next: null });
    expect(result.authors).toHaveLength(55);
  });

  it('turns an author into a candidate with DBLP name variants as aliases and newest titles first', () => {
    expect(search().authors[0]).toEqual({
      source: 'semantic-scholar',
      externalId: '2262347',
      name: 'A. Turing',
      aliases: ['Alan M. Turing'],
      affiliations: [],
      paperCount: 59,
      citationCount: 13248,
      hIndex: 22,
      orcid: null,
      recentTitles: [
        'Dystopian or Utopian? Two Images of Alan Turing',
        'Review of two collections of essays about Alan Turing',
        'Text Processing',
        'Development of Moore ’ s Law',
        'Machine Learning, a key component in business model transformation',
      ],
      arxivIds: [],
    });
  });

  it("collects the arXiv ids of an author's papers", () => {
    const institute = search().authors.find((author) => author.externalId === '1382642521');
    expect(institute).toMatchObject({
      name: 'The Alan Turing Institute',
      aliases: [],
      arxivIds: ['1909.01035', '1811.08872'],
      recentTitles: [
        'Multilevel latent class (MLC) modelling of healthcare provider causal effects on patient outcomes: Evaluation via simulation',
        'The Reduced Dynamic Chain Event Graph',
      ],
    });
  });

  it('reads aliases, affiliations and the ORCID iD when asked for', () => {
    // Built from the recorded first author plus the optional fields the recording did not request.
    const body = JSON.parse(read('s2-author-search.json')) as { data: Array<Record<string, unknown>> };
    const author = { ...body.data[0], aliases: ['Alan Turing', 'A. Turing'], affiliations: ['University of Manchester'], externalIds: { ORCID: '0000-0002-1825-0097' } };
    const result = parseS2AuthorSearch({ total: 1, offset: 0, data: [author] });
    expect(result.kind === 'ok' && result.authors[0]).toMatchObject({
      aliases: ['Alan Turing'],
      affiliations: ['University of Manchester'],
      orcid: '0000-0002-1825-0097',
    });
  });
});

describe('parseS2PaperSearch', () => {
  const search = () => {
    const result = parseS2PaperSearch(read('s2-paper-search.json'));
    if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
    return result;
  };

  it('reads the paging and keys the 30 arXiv papers by their arXiv id', () => {
    const result = search();
    expect(result).toMatchObject({ total: 75689, offset: 0, next: 100 });
    expect(result.papers).toHaveLength(100);
    const arxiv = result.papers.filter((paper) => !paper.id.startsWith('s2:'));
    expect(arxiv).toHaveLength(30);
    expect(arxiv.slice(0, 3).map((paper) => paper.id)).toEqual(['2503.23674', '2201.11990', '1410.5401']);
  });

  it('fills an arXiv paper, dropping arXiv\'s own DOI and the "ArXiv" pseudo-journal', () => {
    expect(search().papers[0]).toMatchObject({
      id: '2503.23674',
      version: null,
      title: 'Large Language Models Pass the Turing Test',
      authors: ['Cameron R. Jones', 'Benjamin K. Bergen'],
      authorsTruncated: false,
      categories: [],
      published: '2025-03-31',
      updated: null,
      comment: null,
      doi: null,
      journalRef: null,
      absUrl: 'https://arxiv.org/abs/2503.23674',
      pdfUrl: 'https://arxiv.org/pdf/2503.23674',
      org: null,
      score: null,
      upvotes: null,
      sources: ['semantic-scholar'],
    });
  });

  it('keeps the publisher DOI and journal of an arXiv paper published in a journal', () => {
    const paper = search().papers.find((candidate) => candidate.id === '2201.04200');
    expect(paper).toMatchObject({
      title: 'The Turing Trap: The Promise & Peril of Human-Like Artificial Intelligence',
      doi: '10.1162/daed_a_01915',
      journalRef: 'Daedalus 151, 272-287',
    });
  });

  it('keys a paper without arXiv id by its S2 id, with no abstract and no exact date when S2 has none', () => {
    const paper = search().papers.find((candidate) => candidate.id === 's2:c4cb90a67f45e7cbacb5286e934b309e89843922');
    expect(paper).toMatchObject({
      title: 'Attention is Turing-Complete',
      authors: ['Jorge Pérez', 'P. Barceló', 'Javier Marinkovic'],
      abstract: '',
      published: null,
      doi: null,
      journalRef: 'J. Mach. Learn. Res. 22, 75:1-75:35',
      absUrl: 'https://www.semanticscholar.org/paper/c4cb90a67f45e7cbacb5286e934b309e89843922',
      // openAccessPdf.url is "" here.
      pdfUrl: null,
    });
  });

  it('gives zero papers for an empty search, which has no data key', () => {
    expect(parseS2PaperSearch(read('s2-paper-search-empty.json'))).toEqual({ kind: 'ok', papers: [], total: 0, offset: 0, next: null });
  });

  it('returns the 429 body as a rate-limit error', () => {
    expect(parseS2PaperSearch(read('s2-error-429-too-many-requests.json'))).toEqual({
      kind: 'error',
      reason: 'rate-limited',
      status: 429,
      message: TOO_MANY_REQUESTS,
    });
  });

  it('returns the 404 body as a not-found error', () => {
    expect(parseS2PaperSearch(read('s2-error-404-paper-not-found.json'))).toEqual({
      kind: 'error',
      reason: 'not-found',
      status: null,
      message: 'Paper with id 0 not found',
    });
  });

  it('reports a body of the wrong shape as malformed', () => {
    expect(parseS2PaperSearch('{"data": [{"title": "no paperId"}]}')).toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('data.0.paperId'),
    });
    expect(parseS2PaperSearch('<html>Bad Gateway</html>')).toMatchObject({ kind: 'malformed' });
  });
});

describe('parseS2AuthorPapers', () => {
  it('reads a page that has a next offset but no total', () => {
    const result = parseS2AuthorPapers(read('s2-author-papers.json'));
    if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
    expect(result).toMatchObject({ total: null, offset: 0, next: 100 });
    expect(result.papers).toHaveLength(100);
    expect(result.papers[0]).toMatchObject({
      id: 's2:01063e45d9fc9635d29d8d78aa24ed8de351f36a',
      title: 'SARS-CoV-2 hijacks p38β/MAPK11 to promote virus replication',
      published: '2023-06-22',
      doi: '10.1128/mbio.01007-23',
      journalRef: 'mBio 14',
      pdfUrl: null,
    });
    expect(result.papers[0]?.authors).toHaveLength(16);
    expect(result.papers[0]?.authors).toContain('L. Martínez-Sobrido');
    expect(result.papers[0]?.abstract).toMatch(/^ABSTRACT Severe acute respiratory syndrome coronavirus 2/);
    // Each author as Semantic Scholar identifies them, in order: what a follow by s2: id matches.
    expect(result.papers[0]?.identifiedAuthors).toHaveLength(16);
    expect(result.papers[0]?.identifiedAuthors[12]).toEqual({ names: ['L. Cantley'], ids: ['s2:1723755'] });
  });
});

describe('parseS2Error', () => {
  it('reads the recorded 429 and 404 bodies with their statuses', () => {
    expect(parseS2Error(429, read('s2-error-429-too-many-requests.json'))).toEqual({
      kind: 'error',
      reason: 'rate-limited',
      status: 429,
      message: TOO_MANY_REQUESTS,
    });
    expect(parseS2Error(404, read('s2-error-404-paper-not-found.json'))).toEqual({
      kind: 'error',
      reason: 'not-found',
      status: 404,
      message: 'Paper with id 0 not found',
    });
  });

  it('finds no error in successful responses, empty ones included', () => {
    expect(parseS2Error(200, read('s2-paper-search-empty.json'))).toBeNull();
    expect(parseS2Error(200, read('s2-author-papers.json'))).toBeNull();
  });

  it('reports a non-JSON error page by its status', () => {
    expect(parseS2Error(504, '<html><body>Gateway Timeout</body></html>')).toEqual({
      kind: 'error',
      reason: 'server',
      status: 504,
      message: '<html><body>Gateway Timeout</body></html>',
    });
  });
});
