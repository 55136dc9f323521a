import { describe, expect, it } from 'vitest';
import {
  parseOpenAlexAuthor,
  parseOpenAlexAuthorSearch,
  parseOpenAlexResponse,
  parseOpenAlexWork,
  parseOpenAlexWorks,
  rebuildInvertedAbstract,
} from '../../src/adapters/sources/parse-openalex.ts';
import { readFixture } from './fixtures.ts';

const read = (file: string) => readFixture(`openalex/${file}`);

describe('parseOpenAlexWorks', () => {
  const works = () => {
    const result = parseOpenAlexWorks(read('openalex-works-title-search.json'));
    if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
    return result;
  };

  it('reads the paging meta', () => {
    expect(works().meta).toEqual({ count: 2, page: 1, perPage: 25, nextCursor: null });
  });

  it('keys the journal version by its OpenAlex id, with DOI, journal ref and institutions', () => {
    const paper = works().papers[0];
    expect(paper).toMatchObject({
      id: 'openalex:W4396723768',
      version: null,
      title: 'Augmenting large language models with chemistry tools',
      authors: ['Andres M. Bran', 'Sam Cox', 'Oliver Schilter', 'Carlo Baldassari', 'Andrew Dickson White', 'Philippe Schwaller'],
      authorsTruncated: false,
      categories: [],
      published: '2024-05-08',
      updated: null,
      comment: null,
      doi: '10.1038/s42256-024-00832-8',
      journalRef: 'Nature Machine Intelligence 6(5), 525-535',
      absUrl: 'https://doi.org/10.1038/s42256-024-00832-8',
      pdfUrl: 'https://www.nature.com/articles/s42256-024-00832-8.pdf',
      org: null,
      score: null,
      upvotes: null,
      sources: ['openalex'],
    });
    expect(paper?.authorDetails[0]).toEqual({ name: 'Andres M. Bran', affiliations: ['École Polytechnique Fédérale de Lausanne'] });
    expect(paper?.authorDetails[3]).toEqual({ name: 'Carlo Baldassari', affiliations: ['IBM Research - Zurich'] });
    // Each author as OpenAlex identifies them: its short id, and the ORCID where it gives one.
    expect(paper?.identifiedAuthors[0]).toEqual({ names: ['Andres M. Bran'], ids: ['A5031480183'] });
    expect(paper?.identifiedAuthors.at(-1)).toEqual({ names: ['Philippe Schwaller'], ids: ['A5028051805', '0000-0003-3046-6576'] });
  });

  it('rebuilds the abstract from the inverted index', () => {
    const abstract = works().papers[0]?.abstract ?? '';
    expect(abstract).toMatch(/^Abstract Large language models \(LLMs\) have shown strong performance in tasks across domains but struggle with chemistry-related problems\./);
    expect(abstract).toMatch(/fosters scientific advancement by bridging the gap between experimental and computational chemistry\.$/);
    // The index holds 142 positions, one word each.
    expect(abstract.split(' ')).toHaveLength(142);
  });

  it('keys the preprint by the arXiv id in its 10.48550 DOI and drops that DOI', () => {
    expect(works().papers[1]).toMatchObject({
      id: '2304.05376',
      title: 'ChemCrow: Augmenting large-language models with chemistry tools',
      authors: ['Andres M Bran', 'Sam Cox', 'Andrew Dickson White', 'Philippe Schwaller'],
      // OpenAlex dates this preprint by year only; arXiv says 2023-04-11.
      published: '2023-01-01',
      doi: null,
      journalRef: null,
      absUrl: 'https://arxiv.org/abs/2304.05376',
      pdfUrl: 'https://arxiv.org/pdf/2304.05376',
    });
    expect(works().papers[1]?.abstract).toMatch(/^Over the last decades, excellent computational chemistry tools have been developed\./);
  });

  it('finds the arXiv id in an arXiv landing URL when there is no arXiv DOI', () => {
    // Built from the recorded preprint without its DOI.
    const body = JSON.parse(read('openalex-works-title-search.json')) as { results: Array<Record<string, unknown>> };
    const preprint = { ...body.results[1], doi: null, primary_location: { landing_page_url: 'http://arxiv.org/abs/2304.05376v5', source: { type: 'repository' } } };
    expect(parseOpenAlexWork(preprint)).toMatchObject({ kind: 'ok', paper: { id: '2304.05376', version: 5 } });
  });

  it('returns the cursor for the next page', () => {
    // Built from the recorded page as a cursor-paged request returns it.
    const body = JSON.parse(read('openalex-works-title-search.json')) as { meta: Record<string, unknown> };
    body.meta = { ...body.meta, page: null, next_cursor: 'IlsxNjA5MzcyODAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzI0ODg0OTk3NjQnXSI=' };
    expect(parseOpenAlexWorks(body)).toMatchObject({
      kind: 'ok',
      meta: { page: null, nextCursor: 'IlsxNjA5MzcyODAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzI0ODg0OTk3NjQnXSI=' },
    });
  });

  it('reports a body that is not a works page as malformed', () => {
    expect(parseOpenAlexWorks('{"meta": {}}')).toMatchObject({ kind: 'malformed', message: expect.stringContaining('results') });
  });
});

describe('rebuildInvertedAbstract', () => {
  it('puts every word at each of its positions', () => {
    expect(rebuildInvertedAbstract({ the: [0, 3], cat: [1], saw: [2], dog: [4] })).toBe('the cat saw the dog');
  });
});

describe('parseOpenAlexAuthor', () => {
  it('turns the author into a candidate with recent institutions first', () => {
    expect(parseOpenAlexAuthor(read('openalex-author-A5023888391.json'))).toEqual({
      kind: 'ok',
      author: {
        source: 'openalex',
        externalId: 'A5023888391',
        name: 'Jason Priem',
        aliases: ['Priem Jason'],
        affiliations: [
          'OurResearch',
          'Johns Hopkins University',
          'Florida State University',
          'Impact Technology Development (United States)',
          'University of North Carolina at Chapel Hill',
          'Impact',
          'Florida College',
          'University of Florida',
        ],
        paperCount: 62,
        citationCount: 3890,
        hIndex: 17,
        orcid: '0000-0001-6187-6610',
        recentTitles: [],
        arxivIds: [],
      },
    });
  });

  it('reads an /authors search page', () => {
    // Built by wrapping the recorded author in the list envelope /authors returns.
    const author: unknown = JSON.parse(read('openalex-author-A5023888391.json'));
    const result = parseOpenAlexAuthorSearch({ meta: { count: 1, page: 1, per_page: 25 }, results: [author] });
    expect(result).toMatchObject({ kind: 'ok', meta: { count: 1 }, authors: [{ externalId: 'A5023888391', name: 'Jason Priem' }] });
  });
});

describe('parseOpenAlexResponse', () => {
  it('recognises the HTML 404 page as a not-found error instead of failing on JSON', () => {
    expect(parseOpenAlexResponse(404, 'text/html; charset=utf-8', read('openalex-error-404-not-found.html'))).toEqual({
      kind: 'error',
      reason: 'not-found',
      status: 404,
      message: '404 Not Found',
    });
  });

  it('passes a JSON body on', () => {
    const result = parseOpenAlexResponse(200, 'application/json', read('openalex-author-A5023888391.json'));
    expect(result.kind).toBe('ok');
    expect(result.kind === 'ok' && parseOpenAlexAuthor(result.json).kind).toBe('ok');
  });

  it('reads a JSON error body', () => {
    const body = '{"error": "Invalid query parameters error.", "message": "filter is not a valid field"}';
    expect(parseOpenAlexResponse(400, 'application/json', body)).toEqual({
      kind: 'error',
      reason: 'bad-request',
      status: 400,
      message: 'Invalid query parameters error.: filter is not a valid field',
    });
  });

  it('reports a successful response that is not JSON as malformed', () => {
    expect(parseOpenAlexResponse(200, 'text/html', read('openalex-error-404-not-found.html'))).toEqual({
      kind: 'malformed',
      message: 'expected JSON, got text/html',
    });
  });
});
