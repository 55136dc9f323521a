import { describe, expect, it } from 'vitest';
import { parseArxivOai } from '../../src/adapters/sources/parse-arxiv-oai.ts';
import { readFixture } from './fixtures.ts';

const LIST_RECORDS = 'arxiv-oai/arxiv-oai-listrecords-arXiv-hep-ex.xml';
const GET_RECORD = 'arxiv-oai/arxiv-oai-getrecord-arXiv.xml';

function parseRecords(xml: string) {
  const result = parseArxivOai(xml);
  if (result.kind !== 'records') throw new Error(`expected records, got ${JSON.stringify(result)}`);
  return result;
}

/** The recorded ListRecords response with its <ListRecords> element replaced by `body`. */
function listRecordsWith(body: string): string {
  const xml = readFixture(LIST_RECORDS);
  return xml.slice(0, xml.indexOf('<ListRecords>')) + body + '\n</OAI-PMH>\n';
}

describe('parseArxivOai', () => {
  it('reads every record of a ListRecords page', () => {
    const result = parseRecords(readFixture(LIST_RECORDS));
    expect(result.responseDate).toBe('2017-12-14T13:00:41Z');
    expect(result.deletedIds).toEqual([]);
    expect(result.resumptionToken).toBeNull();
    expect(result.papers.map((paper) => [paper.id, paper.categories])).toEqual([
      ['1706.05371', ['physics.ins-det', 'hep-ex']],
      ['1706.09418', ['hep-ph', 'hep-ex']],
      ['1707.00874', ['hep-ph', 'astro-ph.CO', 'hep-ex']],
    ]);
  });

  it('builds author names from forenames and keyname and unwraps titles', () => {
    const [first, second] = parseRecords(readFixture(LIST_RECORDS)).papers;
    expect(first?.title).toBe('Evaluation of Silicon Photomultipliers for use as Photosensors in Liquid Xenon Detectors');
    expect(first?.authors).toHaveLength(13);
    expect(first?.authors.slice(0, 3)).toEqual(['Tyler Anderson', 'Jacob Cutter', 'Navneet Dhaliwal']);
    expect(second).toMatchObject({
      title: 'R-Parity Violation at the LHC',
      authors: ['Daniel Dercks', 'Herbi Dreiner', 'Manuel E. Krauss', 'Toby Opferkuch', 'Annika Reinert'],
      published: '2017-06-28',
      updated: '2017-11-26',
      doi: '10.1140/epjc/s10052-017-5414-4',
      journalRef: 'Eur. Phys. J. C (2017) 77:856',
      comment:
        '43 pages, 13 tables, 17 figures; updated Figs. 11-17 and Tab. 12 including NLO corrections; version accepted for publication in EPJC',
    });
  });

  it('fills every field of a GetRecord response', () => {
    const [paper] = parseRecords(readFixture(GET_RECORD)).papers;
    expect(paper).toMatchObject({
      id: '1401.2122',
      // The arXiv metadata format carries no version number.
      version: null,
      title: 'New integrable (3+1)-dimensional systems and contact geometry',
      authors: ['A. Sergyeyev'],
      authorsTruncated: false,
      categories: ['math.AP', 'hep-th', 'math-ph', 'math.DG', 'math.MP', 'nlin.SI'],
      published: '2014-01-09',
      updated: '2017-10-23',
      doi: '10.1007/s11005-017-1013-4',
      journalRef: 'Lett. Math. Phys. 108 (2018), no. 2, 359-376',
      absUrl: 'https://arxiv.org/abs/1401.2122',
      pdfUrl: 'https://arxiv.org/pdf/1401.2122',
      codeUrl: null,
      org: null,
      score: null,
      upvotes: null,
      sources: ['arxiv-oai'],
      authorDetails: [{ name: 'A. Sergyeyev', affiliations: [] }],
    });
    expect(paper?.comment).toMatch(/^16 pages, LaTeX, no figures, revised and abridged, in this version \(v5\) the typos/);
    expect(paper?.abstract).toBe(
      'We introduce a novel systematic construction for integrable (3+1)-dimensional dispersionless systems using nonisospectral Lax pairs that involve contact vector fields. In particular, we present new large classes of (3+1)-dimensional integrable dispersionless systems associated to the Lax pairs which are polynomial and rational in the spectral parameter.',
    );
  });

  it('reads suffixes, affiliations and collaboration authors', () => {
    // Built from the recorded GetRecord: the single author replaced by three shapes arXiv uses.
    const xml = readFixture(GET_RECORD).replace(
      '<author><keyname>Sergyeyev</keyname><forenames>A.</forenames></author>',
      '<author><keyname>Sergyeyev</keyname><forenames>A.</forenames><affiliation>Silesian University in Opava</affiliation></author>' +
        '<author><keyname>Smith</keyname><forenames>John</forenames><suffix>Jr</suffix></author>' +
        '<author><keyname>ATLAS Collaboration</keyname></author>',
    );
    expect(parseRecords(xml).papers[0]?.authorDetails).toEqual([
      { name: 'A. Sergyeyev', affiliations: ['Silesian University in Opava'] },
      { name: 'John Smith Jr', affiliations: [] },
      { name: 'ATLAS Collaboration', affiliations: [] },
    ]);
  });

  it('uses the created date as updated for a single-version paper', () => {
    const xml = readFixture(GET_RECORD).replace('<updated>2017-10-23</updated>', '');
    expect(parseRecords(xml).papers[0]).toMatchObject({ published: '2014-01-09', updated: '2014-01-09' });
  });

  it('returns the resumption token of a partial list', () => {
    // No recorded response has a token; this one adds arXiv's token element to the recorded page.
    const xml = readFixture(LIST_RECORDS).replace(
      '</ListRecords>',
      '<resumptionToken cursor="0" completeListSize="3412">6961523|1001</resumptionToken>\n</ListRecords>',
    );
    expect(parseRecords(xml).resumptionToken).toEqual({ token: '6961523|1001', completeListSize: 3412, cursor: 0 });
  });

  it('treats the empty token of the last page as no token', () => {
    // Built from the recorded page: the last page of a list ends with an empty token element.
    const xml = readFixture(LIST_RECORDS).replace(
      '</ListRecords>',
      '<resumptionToken cursor="3000" completeListSize="3003"/>\n</ListRecords>',
    );
    expect(parseRecords(xml).resumptionToken).toBeNull();
  });

  it('lists deleted records apart from the papers', () => {
    // Built from the recorded page: the first record turned into a deleted-record header.
    const xml = readFixture(LIST_RECORDS);
    const firstRecordEnd = xml.indexOf('</record>') + '</record>'.length;
    const deleted =
      '<record>\n<header status="deleted">\n <identifier>oai:arXiv.org:hep-ex/0601001</identifier>\n <datestamp>2017-12-14</datestamp>\n</header>\n</record>';
    const withDeleted = xml.slice(0, xml.indexOf('<record>')) + deleted + xml.slice(firstRecordEnd);
    const result = parseRecords(withDeleted);
    expect(result.deletedIds).toEqual(['hep-ex/0601001']);
    expect(result.papers.map((paper) => paper.id)).toEqual(['1706.09418', '1707.00874']);
  });

  it('turns noRecordsMatch into an empty result kind, not an error', () => {
    // No recorded response; arXiv answers an empty from/until range with this OAI-PMH error.
    const xml = listRecordsWith('<error code="noRecordsMatch">No records match</error>');
    expect(parseArxivOai(xml)).toEqual({ kind: 'noRecordsMatch' });
  });

  it('returns other OAI-PMH errors with their code', () => {
    // No recorded response; the error element as the OAI-PMH 2.0 protocol defines it.
    const xml = listRecordsWith('<error code="badResumptionToken">The value of the resumptionToken argument is invalid or expired.</error>');
    expect(parseArxivOai(xml)).toEqual({
      kind: 'error',
      code: 'badResumptionToken',
      message: 'The value of the resumptionToken argument is invalid or expired.',
    });
  });

  it('reports the HTML page of a 503 as malformed, not as records', () => {
    // No recorded 503 body: any non-OAI page (here a generic HTML one) must not pass as records.
    const html = '<html><head><title>503 Service Unavailable</title></head><body><h1>Retry after 10 seconds</h1></body></html>';
    expect(parseArxivOai(html)).toEqual({ kind: 'malformed', message: 'expected an <OAI-PMH> root element' });
  });

  it('reports records in another metadata format as malformed', () => {
    const xml = readFixture(GET_RECORD).replace('<arXiv xmlns=', '<oai_dc xmlns=').replace('</arXiv>', '</oai_dc>');
    expect(parseArxivOai(xml)).toMatchObject({ kind: 'malformed', message: expect.stringContaining('metadataPrefix=arXiv') });
  });
});
