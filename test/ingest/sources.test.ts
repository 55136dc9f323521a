import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArxivDetailsSource, createArxivSearchSource } from '../../src/adapters/sources/arxiv-api-source.ts';
import { createArxivOaiSource } from '../../src/adapters/sources/arxiv-oai-source.ts';
import { createArxivRssSource } from '../../src/adapters/sources/arxiv-rss-source.ts';
import { createHuggingFaceSource } from '../../src/adapters/sources/huggingface-source.ts';
import { isPublishingDay } from '../../src/adapters/sources/listing-days.ts';
import { oaiSetOf } from '../../src/adapters/sources/oai-set.ts';
import type { PaperSource, SourcePage } from '../../src/core/paper-source.ts';
import { startFakeServer, JSON_TYPE, XML, type FakeHandler, type FakeServer } from './fake-server.ts';
import { fakeConfig, instantClients, testClock } from './ingest-harness.ts';
import {
  API_BAD_ID,
  API_EMPTY,
  API_IDLIST,
  API_SEARCH,
  HF_DAILY,
  OAI_IDS,
  oaiError,
  oaiPages,
  recorded,
  RSS_CS_LG,
  RSS_CS_LG_IDS,
  RSS_HOLIDAY,
  truncated,
} from './recorded.ts';

let server: FakeServer;
let handler: FakeHandler = () => undefined;

beforeAll(async () => {
  server = await startFakeServer((url, hit) => handler(url, hit));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.headers.length = 0;
});

function setup(now: string) {
  const config = fakeConfig(server.base);
  return { config, clock: testClock(now), ...instantClients(config) };
}

async function pagesOf(source: PaperSource, cursor: string | null = null): Promise<SourcePage[]> {
  const pages: SourcePage[] = [];
  for await (const page of source.fetch(cursor)) pages.push(page);
  return pages;
}

describe('arXiv RSS listing source', () => {
  it('turns the recorded listing into one page with every announce type, the listing day as cursor', async () => {
    handler = (url) => (url.pathname === '/rss/cs.LG' ? { headers: XML, body: recorded(RSS_CS_LG) } : undefined);
    const { config, clock, clients } = setup('2026-09-24T06:00:00Z');
    const source = createArxivRssSource({ client: clients.arxiv, baseUrl: config.ARXIV_RSS_URL, category: 'cs.LG', clock });
    const [page, ...rest] = await pagesOf(source);
    expect(rest).toEqual([]);
    expect(source.name).toBe('arxiv-rss:cs.LG');
    expect(page!.papers.map((p) => p.id)).toEqual(RSS_CS_LG_IDS);
    expect(page!.papers.every((p) => !('announceType' in p))).toBe(true);
    expect(page!.cursor).toBe('2026-09-24');
    expect(page!.listing).toEqual({ date: '2026-09-24', publishingDay: true, calendarGroup: 'arxiv', announced: 4, received: 4 });
    expect(server.headers[0]!['user-agent']).toBe('paperboy/0.1.0 (mailto:team@example.org)');
  });

  it('reads the empty holiday feed as an empty listing on its own day', async () => {
    handler = () => ({ headers: XML, body: recorded(RSS_HOLIDAY) });
    const { config, clock, clients } = setup('2025-12-31T06:30:00Z');
    const source = createArxivRssSource({ client: clients.arxiv, baseUrl: config.ARXIV_RSS_URL, category: 'physics', clock });
    const [page] = await pagesOf(source, '2025-12-30');
    expect(page).toEqual({
      papers: [],
      cursor: '2025-12-31',
      listing: { date: '2025-12-31', publishingDay: true, calendarGroup: 'arxiv', announced: 0, received: 0 },
    });
  });

  it('fails on an unknown category and on a body cut short', async () => {
    const { config, clock, clients } = setup('2026-09-24T06:00:00Z');
    handler = () => ({ status: 404, body: 'Not Found' });
    await expect(pagesOf(createArxivRssSource({ client: clients.arxiv, baseUrl: config.ARXIV_RSS_URL, category: 'cs.XX', clock }))).rejects.toThrow(
      'arXiv RSS answered HTTP 404 for cs.XX',
    );
    handler = () => ({ headers: XML, body: truncated(recorded(RSS_CS_LG)) });
    await expect(pagesOf(createArxivRssSource({ client: clients.arxiv, baseUrl: config.ARXIV_RSS_URL, category: 'cs.LG', clock }))).rejects.toThrow(
      'arXiv RSS listing of cs.LG is malformed',
    );
  });
});

describe('publishing days', () => {
  it('follows the feed’s skipDays, and weekends when it lists none', () => {
    expect(isPublishingDay('2025-12-31', ['Saturday', 'Sunday'])).toBe(true);
    expect(isPublishingDay('2025-12-27', ['Saturday', 'Sunday'])).toBe(false);
    expect(isPublishingDay('2025-12-28')).toBe(false);
    expect(isPublishingDay('2025-12-29')).toBe(true);
  });
});

describe('arXiv OAI-PMH source', () => {
  const pages = oaiPages();
  const oaiHandler: FakeHandler = (url) => {
    const token = url.searchParams.get('resumptionToken');
    if (token === null) return { headers: XML, body: pages[0]! };
    if (token === 'tok-1') return { headers: XML, body: pages[1]! };
    if (token === 'tok-2') return { headers: XML, body: pages[2]! };
    return { headers: XML, body: oaiError('badResumptionToken', 'The value of the resumptionToken argument is invalid or expired.') };
  };

  it('maps categories to sets', () => {
    expect(['cs', 'cs.IR', 'hep-ex', 'astro-ph.CO', 'physics.optics'].map(oaiSetOf)).toEqual([
      'cs',
      'cs:cs:IR',
      'physics:hep-ex',
      'physics:astro-ph:CO',
      'physics:physics:optics',
    ]);
  });

  it('pages with resumption tokens, sending only the verb and the token, and ends on the range’s last day', async () => {
    handler = oaiHandler;
    const { config, clock, clients } = setup('2017-12-14T13:00:00Z');
    const source = createArxivOaiSource({ client: clients.arxiv, baseUrl: config.ARXIV_OAI_URL, category: 'hep-ex', clock });
    const result = await pagesOf(source, '2017-12-13');
    expect(result.map((page) => page.papers.map((p) => p.id))).toEqual(OAI_IDS.map((id) => [id]));
    expect(result.map((page) => page.cursor)).toEqual([
      JSON.stringify({ from: '2017-12-13', until: '2017-12-14', token: 'tok-1', received: 1, announced: 3 }),
      JSON.stringify({ from: '2017-12-13', until: '2017-12-14', token: 'tok-2', received: 2, announced: 3 }),
      '2017-12-14',
    ]);
    expect(result[2]!.listing).toMatchObject({ announced: 3, received: 3, publishingDay: false });
    expect(result[0]!.affiliations).toEqual([]);
    expect(server.requests.map((url) => Object.fromEntries(url.searchParams))).toEqual([
      { verb: 'ListRecords', metadataPrefix: 'arXiv', set: 'physics:hep-ex', from: '2017-12-13', until: '2017-12-14' },
      { verb: 'ListRecords', resumptionToken: 'tok-1' },
      { verb: 'ListRecords', resumptionToken: 'tok-2' },
    ]);
  });

  it('resumes a stopped harvest at the token it stored', async () => {
    handler = oaiHandler;
    const { config, clock, clients } = setup('2017-12-15T13:00:00Z');
    const source = createArxivOaiSource({ client: clients.arxiv, baseUrl: config.ARXIV_OAI_URL, category: 'hep-ex', clock });
    const cursor = JSON.stringify({ from: '2017-12-13', until: '2017-12-14', token: 'tok-2', received: 2, announced: 3 });
    const result = await pagesOf(source, cursor);
    expect(result.map((page) => page.papers.map((p) => p.id))).toEqual([['1707.00874']]);
    expect(result[0]).toMatchObject({ cursor: '2017-12-14', listing: { announced: 3, received: 3 } });
    expect(server.requests.map((url) => url.searchParams.get('resumptionToken'))).toEqual(['tok-2']);
  });

  it('starts the range over when a resumption token has expired', async () => {
    handler = oaiHandler;
    const { config, clock, clients } = setup('2017-12-15T13:00:00Z');
    const source = createArxivOaiSource({ client: clients.arxiv, baseUrl: config.ARXIV_OAI_URL, category: 'hep-ex', clock });
    const stale = JSON.stringify({ from: '2017-12-13', until: '2017-12-14', token: 'tok-expired', received: 1, announced: 3 });
    const result = await pagesOf(source, stale);
    expect(result.flatMap((page) => page.papers.map((p) => p.id))).toEqual(OAI_IDS);
    expect(result.at(-1)).toMatchObject({ cursor: '2017-12-14', listing: { announced: 3, received: 3 } });
  });

  it('takes noRecordsMatch as an empty range, and waits out a 503 Retry-After', async () => {
    handler = (_url, hit) =>
      hit === 1
        ? { status: 503, headers: { 'retry-after': '7' }, body: 'Retry later' }
        : { headers: XML, body: oaiError('noRecordsMatch', 'No records match the query') };
    const { config, clock, clients, waits } = setup('2017-12-16T13:00:00Z');
    const source = createArxivOaiSource({ client: clients.arxiv, baseUrl: config.ARXIV_OAI_URL, category: 'hep-ex', clock });
    const result = await pagesOf(source, '2017-12-15');
    expect(result).toEqual([
      { papers: [], cursor: '2017-12-16', listing: { date: '2017-12-16', publishingDay: false, calendarGroup: null, announced: 0, received: 0 } },
    ]);
    expect(waits).toContain(7000);
  });

  it('counts deleted records without storing them, and fails on other protocol errors', async () => {
    const xml = recorded('arxiv-oai/arxiv-oai-listrecords-arXiv-hep-ex.xml');
    const secondStart = xml.indexOf('<record>', xml.indexOf('</record>'));
    const secondEnd = xml.indexOf('</record>', secondStart) + '</record>'.length;
    // Built from the recorded page: its second record turned into a deleted-record header.
    const deleted = '<record>\n<header status="deleted">\n <identifier>oai:arXiv.org:1706.09418</identifier>\n <datestamp>2017-12-14</datestamp>\n</header>\n</record>';
    handler = () => ({ headers: XML, body: xml.slice(0, secondStart) + deleted + xml.slice(secondEnd) });
    const { config, clock, clients } = setup('2017-12-14T13:00:00Z');
    const source = createArxivOaiSource({ client: clients.arxiv, baseUrl: config.ARXIV_OAI_URL, category: 'hep-ex', clock });
    const [page] = await pagesOf(source);
    expect(page!.papers.map((p) => p.id)).toEqual(['1706.05371', '1707.00874']);
    expect(page!.deletedIds).toEqual(['1706.09418']);
    expect(page!.listing).toMatchObject({ announced: 3, received: 3 });

    handler = () => ({ headers: XML, body: oaiError('badArgument', 'Illegal set') });
    await expect(pagesOf(source)).rejects.toThrow('arXiv OAI-PMH error badArgument for physics:hep-ex: Illegal set');
  });

  it('stores old records as first seen on their own day, so digests do not take them for news', async () => {
    handler = oaiHandler;
    const { config, clock, clients } = setup('2017-12-14T13:00:00Z');
    const source = createArxivOaiSource({ client: clients.arxiv, baseUrl: config.ARXIV_OAI_URL, category: 'hep-ex', clock });
    const [first] = await pagesOf(source);
    // 1706.05371: v2 of 2017-12-12 is two days old, so it is news; a year-old paper would not be.
    expect(first!.papers[0]!.firstSeenAt).toBeUndefined();
    clock.set('2018-06-01T00:00:00Z');
    const [later] = await pagesOf(createArxivOaiSource({ client: clients.arxiv, baseUrl: config.ARXIV_OAI_URL, category: 'hep-ex', clock }));
    expect(later!.papers[0]!.firstSeenAt).toBe('2017-12-12T00:00:00.000Z');
  });
});

describe('Hugging Face daily papers source', () => {
  it('fetches each day after the last complete one, and keeps today open', async () => {
    handler = (url) =>
      url.pathname === '/hf/api/daily_papers'
        ? { headers: JSON_TYPE, body: url.searchParams.get('date') === '2024-10-25' ? recorded(HF_DAILY) : '[]' }
        : undefined;
    const { config, clock, clients } = setup('2024-10-26T06:00:00Z');
    const source = createHuggingFaceSource({ client: clients.huggingface, baseUrl: config.HF_API_URL, clock });
    const result = await pagesOf(source, '2024-10-24');
    expect(result.map((page) => [page.listing?.date, page.papers.length, page.cursor, page.listing?.publishingDay])).toEqual([
      ['2024-10-25', 9, '2024-10-25', true],
      ['2024-10-26', 0, '2024-10-25', false],
    ]);
    expect(result[0]!.papers[0]).toMatchObject({ id: '2410.17243', upvotes: 74, sources: ['huggingface'] });
    expect(Object.fromEntries(server.requests[0]!.searchParams)).toEqual({ date: '2024-10-25', limit: '100', p: '0' });
  });

  it('fails on a body that is not a daily papers list', async () => {
    handler = () => ({ headers: JSON_TYPE, body: truncated(recorded(HF_DAILY)) });
    const { config, clock, clients } = setup('2024-10-26T06:00:00Z');
    const source = createHuggingFaceSource({ client: clients.huggingface, baseUrl: config.HF_API_URL, clock });
    await expect(pagesOf(source, '2024-10-25')).rejects.toThrow('Hugging Face daily papers for 2024-10-26 are malformed');
  });
});

describe('arXiv API sources', () => {
  it('looks up papers that lack details by id_list and passes their affiliations on', async () => {
    handler = (url) => (url.searchParams.get('id_list') === 'astro-ph/0601001' ? { headers: XML, body: recorded(API_IDLIST) } : undefined);
    const { config, clients } = setup('2026-05-12T00:00:00Z');
    const batches = [[{ seq: 7, id: 'astro-ph/0601001' }], []];
    const asked: number[] = [];
    const source = createArxivDetailsSource({
      client: clients.arxiv,
      baseUrl: config.ARXIV_API_URL,
      papersNeedingDetails: (afterSeq) => {
        asked.push(afterSeq);
        return batches.shift() ?? [];
      },
    });
    const result = await pagesOf(source);
    expect(result.map((page) => page.cursor)).toEqual(['7', null]);
    expect(result[0]!.papers[0]).toMatchObject({ id: 'astro-ph/0601001', journalRef: 'ActaAstron.56:1-50,2006', sources: ['arxiv-api'] });
    expect(result[0]!.affiliations).toEqual([
      { author: 'Andrew Gould', affiliation: 'Ohio State' },
      { author: 'Susan Dorsher', affiliation: 'Ohio State' },
      { author: 'B. Scott Gaudi', affiliation: 'CfA' },
      { author: 'Andrzej Udalski', affiliation: 'Warsaw University Observatory' },
    ]);
    expect(asked).toEqual([0, 7]);
    expect(Object.fromEntries(server.requests[0]!.searchParams)).toEqual({ id_list: 'astro-ph/0601001', start: '0', max_results: '1' });
  });

  it('fails when the API rejects an id', async () => {
    handler = () => ({ status: 400, headers: XML, body: recorded(API_BAD_ID) });
    const { config, clients } = setup('2026-05-12T00:00:00Z');
    const source = createArxivDetailsSource({
      client: clients.arxiv,
      baseUrl: config.ARXIV_API_URL,
      papersNeedingDetails: () => [{ seq: 1, id: 'abc' }],
    });
    await expect(pagesOf(source)).rejects.toThrow('arXiv API rejected the request: incorrect id format for abc');
  });

  it('backfills a category by submission date, page by page, until a page comes back empty', async () => {
    handler = (url) => ({ headers: XML, body: recorded(url.searchParams.get('start') === '0' ? API_SEARCH : API_EMPTY) });
    const { config, clock, clients } = setup('2026-09-24T12:00:00Z');
    const source = createArxivSearchSource({ client: clients.arxiv, baseUrl: config.ARXIV_API_URL, category: 'cs.SE', since: '2026-09-01', clock });
    const result = await pagesOf(source);
    expect(source.name).toBe('arxiv-api:cs.SE');
    expect(result.map((page) => [page.papers.length, page.cursor])).toEqual([
      [10, JSON.stringify({ from: '2026-09-01', until: '2026-09-24', start: 10 })],
      [0, null],
    ]);
    expect(Object.fromEntries(server.requests[0]!.searchParams)).toEqual({
      search_query: 'cat:cs.SE AND submittedDate:[202609010000 TO 202609242359]',
      start: '0',
      max_results: '200',
      sortBy: 'submittedDate',
      sortOrder: 'ascending',
    });
    // Years-old papers are history, not news.
    expect(result[0]!.papers.every((paper) => paper.firstSeenAt !== undefined)).toBe(true);
  });
});
