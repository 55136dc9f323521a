import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../src/adapters/sources/parse-arxiv-atom.ts';
import type { ArxivApiPaper } from '../../src/adapters/sources/parse-arxiv-atom.ts';
import { readFixture } from './fixtures.ts';

function parseOk(file: string) {
  const result = parseArxivAtom(readFixture(`arxiv-api/${file}`));
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

function paperById(papers: ArxivApiPaper[], id: string): ArxivApiPaper {
  const paper = papers.find((candidate) => candidate.id === id);
  if (!paper) throw new Error(`no paper ${id}`);
  return paper;
}

describe('parseArxivAtom', () => {
  it('reads the paging counts and every entry of a search page', () => {
    const result = parseOk('arxiv-api-search-all-testing.atom.xml');
    expect(result).toMatchObject({ totalResults: 214881, startIndex: 0, itemsPerPage: 10 });
    expect(result.papers.map((paper) => `${paper.id}v${paper.version}`)).toEqual([
      '2202.12139v1',
      '2405.13786v1',
      '2005.14124v2',
      '2204.08348v3',
      '2302.03287v3',
      '1202.4527v1',
      '2503.05378v2',
      '1205.1866v1',
      '2502.07719v2',
      '1812.11470v1',
    ]);
  });

  it('fills every field of an entry with a DOI, a journal ref and several categories', () => {
    const paper = paperById(parseOk('arxiv-api-search-all-testing.atom.xml').papers, '2005.14124');
    expect(paper).toMatchObject({
      version: 2,
      title: 'Active Fuzzing for Testing and Securing Cyber-Physical Systems',
      authors: ['Yuqi Chen', 'Bohan Xuan', 'Christopher M. Poskitt', 'Jun Sun', 'Fan Zhang'],
      authorsTruncated: false,
      categories: ['cs.SE', 'cs.CR', 'cs.LG'],
      published: '2020-05-28',
      updated: '2020-07-16',
      comment: 'Accepted by the ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020)',
      doi: '10.1145/3395363.3397376',
      journalRef:
        'In Proc. ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020), pages 14-26. ACM, 2020',
      absUrl: 'https://arxiv.org/abs/2005.14124',
      pdfUrl: 'https://arxiv.org/pdf/2005.14124',
      codeUrl: null,
      org: null,
      score: null,
      upvotes: null,
      sources: ['arxiv-api'],
    });
    expect(paper.abstract).toMatch(/^Cyber-physical systems \(CPSs\) in critical infrastructure/);
    expect(paper).not.toHaveProperty('firstSeenAt');
  });

  it('keeps non-ASCII author names and decodes entities in titles and journal refs', () => {
    const papers = parseOk('arxiv-api-search-all-testing.atom.xml').papers;
    expect(paperById(papers, '2405.13786').authors).toEqual(['Aurora Ramírez', 'Mario Berrios', 'José Raúl Romero', 'Robert Feldt']);
    expect(paperById(papers, '2302.03287').title).toBe('ChatGPT and Software Testing Education: Promises & Perils');
    expect(paperById(papers, '1202.4527').journalRef).toBe(
      'International Journal of Software Engineering & Applications (IJSEA), Vol.3, No.1, January 2012',
    );
  });

  it('leaves doi and journal ref null when the entry has none', () => {
    const paper = paperById(parseOk('arxiv-api-search-all-testing.atom.xml').papers, '2503.05378');
    expect(paper).toMatchObject({ doi: null, journalRef: null, categories: ['cs.SE'], published: '2025-03-07', updated: '2025-08-12' });
  });

  it('collapses the paragraph breaks arXiv keeps inside an abstract', () => {
    const paper = paperById(parseOk('arxiv-api-search-all-testing.atom.xml').papers, '1812.11470');
    expect(paper.abstract).toContain('community as a whole. Objective. In this systematic review');
    expect(paper.abstract).not.toMatch(/\s{2}|\n/);
  });

  it('reads an old-style id with per-author affiliations', () => {
    const result = parseOk('arxiv-api-idlist-with-affiliations.atom.xml');
    expect(result).toMatchObject({ totalResults: 1, startIndex: 0, itemsPerPage: 100 });
    const [paper] = result.papers;
    expect(paper).toMatchObject({
      id: 'astro-ph/0601001',
      version: 1,
      title:
        'Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina',
      categories: ['astro-ph'],
      published: '2006-01-02',
      updated: '2006-01-02',
      journalRef: 'ActaAstron.56:1-50,2006',
      doi: null,
      absUrl: 'https://arxiv.org/abs/astro-ph/0601001',
      pdfUrl: 'https://arxiv.org/pdf/astro-ph/0601001',
    });
    expect(paper?.authorDetails).toEqual([
      { name: 'Andrew Gould', affiliations: ['Ohio State'] },
      { name: 'Susan Dorsher', affiliations: ['Ohio State'] },
      { name: 'B. Scott Gaudi', affiliations: ['CfA'] },
      { name: 'Andrzej Udalski', affiliations: ['Warsaw University Observatory'] },
    ]);
    // The leading spaces of the recorded <summary> are trimmed; &lt; is decoded.
    expect(paper?.abstract).toMatch(/^We derive the frequencies of hot Jupiters/);
    expect(paper?.abstract).toContain('V_max<17.5');
    // The comment's URL is a personal page, not a code host.
    expect(paper?.comment).toContain('http://www.astronomy.ohio-state.edu/~gould/ogle_hot_jupiters.ps.gz');
    expect(paper?.codeUrl).toBeNull();
  });

  it('takes the code URL from the comment', () => {
    const xml = readFixture('arxiv-api/arxiv-api-idlist-with-affiliations.atom.xml').replace(
      'Submitted to Acta Astronomica.',
      'Code: https://github.com/gould/ogle-hj.',
    );
    const result = parseArxivAtom(xml);
    expect(result.kind === 'ok' && result.papers[0]?.codeUrl).toBe('https://github.com/gould/ogle-hj');
  });

  it('puts the primary category first even when arXiv lists it later', () => {
    // Built from the recorded feed: the primary category moved behind another one.
    const xml = readFixture('arxiv-api/arxiv-api-idlist-with-affiliations.atom.xml').replace(
      '<category term="astro-ph"',
      '<category term="physics.space-ph"/><category term="astro-ph"',
    );
    const result = parseArxivAtom(xml);
    expect(result.kind === 'ok' && result.papers[0]?.categories).toEqual(['astro-ph', 'physics.space-ph']);
  });

  it('gives zero papers for an unknown but well-formed id', () => {
    const result = parseOk('arxiv-api-empty-result.atom.xml');
    expect(result).toEqual({ kind: 'ok', papers: [], totalResults: 0, startIndex: 0, itemsPerPage: 100 });
  });

  it('turns the HTTP 400 error feed into a typed error', () => {
    expect(parseArxivAtom(readFixture('arxiv-api/arxiv-api-error-400-bad-id.atom.xml'))).toEqual({
      kind: 'error',
      message: 'incorrect id format for abc',
    });
  });

  it('reports a body that is not an arXiv feed as malformed', () => {
    expect(parseArxivAtom('<html><body>Service Unavailable</body></html>')).toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('<feed>'),
    });
    expect(parseArxivAtom('Rate exceeded.')).toMatchObject({ kind: 'malformed', message: expect.stringContaining('XML') });
    const truncated = readFixture('arxiv-api/arxiv-api-search-all-testing.atom.xml').slice(0, 5000);
    expect(parseArxivAtom(truncated).kind).toBe('malformed');
  });
});
