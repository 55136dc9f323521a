import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../src/adapters/sources/parse-arxiv-atom.ts';
import { parseArxivListing } from '../../src/adapters/sources/parse-arxiv-listing.ts';
import { parseArxivOai } from '../../src/adapters/sources/parse-arxiv-oai.ts';
import { parseHuggingFaceDaily } from '../../src/adapters/sources/parse-huggingface-daily.ts';
import { parseOpenAlexAuthor, parseOpenAlexResponse, parseOpenAlexWorks } from '../../src/adapters/sources/parse-openalex.ts';
import { parseS2AuthorSearch, parseS2Error, parseS2PaperSearch, parseS2AuthorPapers } from '../../src/adapters/sources/parse-semantic-scholar.ts';
import { listFixtures, readFixture } from './fixtures.ts';

/** What parsing one recorded file must give: its result kind and how many papers or authors. */
interface FixtureCase {
  parse: (body: string) => { kind: string };
  kind: string;
  count?: (result: never) => number;
  expected?: number;
}

const papers = (result: { papers: unknown[] }) => result.papers.length;

/** Every recorded response, by folder and file name. The first test checks nothing is missing. */
const CASES: Record<string, Record<string, FixtureCase>> = {
  'arxiv-api': {
    'arxiv-api-search-all-testing.atom.xml': { parse: parseArxivAtom, kind: 'ok', count: papers, expected: 10 },
    'arxiv-api-idlist-with-affiliations.atom.xml': { parse: parseArxivAtom, kind: 'ok', count: papers, expected: 1 },
    'arxiv-api-empty-result.atom.xml': { parse: parseArxivAtom, kind: 'ok', count: papers, expected: 0 },
    'arxiv-api-error-400-bad-id.atom.xml': { parse: parseArxivAtom, kind: 'error' },
  },
  'arxiv-rss': {
    'arxiv-rss-cs.LG+cs.AI+cs.CL+stat.ML.rss.xml': { parse: parseArxivListing, kind: 'ok', count: papers, expected: 4 },
    'arxiv-atom-cs.LG.atom.xml': { parse: parseArxivListing, kind: 'ok', count: papers, expected: 3 },
    'arxiv-rss-physics-empty-holiday.rss.xml': { parse: parseArxivListing, kind: 'ok', count: papers, expected: 0 },
  },
  'arxiv-oai': {
    'arxiv-oai-listrecords-arXiv-hep-ex.xml': { parse: parseArxivOai, kind: 'records', count: papers, expected: 3 },
    'arxiv-oai-getrecord-arXiv.xml': { parse: parseArxivOai, kind: 'records', count: papers, expected: 1 },
  },
  huggingface: {
    'hf-daily-papers-2024-10-25-first9.json': { parse: parseHuggingFaceDaily, kind: 'ok', count: papers, expected: 9 },
  },
  'semantic-scholar': {
    's2-author-search.json': {
      parse: parseS2AuthorSearch,
      kind: 'ok',
      count: (result: { authors: unknown[] }) => result.authors.length,
      expected: 55,
    },
    's2-author-papers.json': { parse: parseS2AuthorPapers, kind: 'ok', count: papers, expected: 100 },
    's2-paper-search.json': { parse: parseS2PaperSearch, kind: 'ok', count: papers, expected: 100 },
    's2-paper-search-empty.json': { parse: parseS2PaperSearch, kind: 'ok', count: papers, expected: 0 },
    's2-error-429-too-many-requests.json': { parse: (body) => parseS2Error(429, body) ?? { kind: 'none' }, kind: 'error' },
    's2-error-404-paper-not-found.json': { parse: (body) => parseS2Error(404, body) ?? { kind: 'none' }, kind: 'error' },
  },
  openalex: {
    'openalex-works-title-search.json': { parse: parseOpenAlexWorks, kind: 'ok', count: papers, expected: 2 },
    'openalex-author-A5023888391.json': { parse: parseOpenAlexAuthor, kind: 'ok' },
    'openalex-error-404-not-found.html': { parse: (body) => parseOpenAlexResponse(404, 'text/html; charset=utf-8', body), kind: 'error' },
  },
};

describe('every recorded response', () => {
  it.each(Object.keys(CASES))('has a case for each file in %s', (folder) => {
    expect(Object.keys(CASES[folder]!).sort()).toEqual(listFixtures(folder));
  });

  const rows = Object.entries(CASES).flatMap(([folder, files]) =>
    Object.entries(files).map(([file, fixtureCase]) => ({ path: `${folder}/${file}`, ...fixtureCase })),
  );
  it.each(rows)('parses $path to $kind', ({ path, parse, kind, count, expected }) => {
    const result = parse(readFixture(path));
    expect(result.kind).toBe(kind);
    if (count) expect(count(result as never)).toBe(expected);
  });
});
