import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../src/adapters/sources/parse-arxiv-atom.ts';
import { parseArxivListing } from '../../src/adapters/sources/parse-arxiv-listing.ts';
import { parseArxivOai } from '../../src/adapters/sources/parse-arxiv-oai.ts';
import { parseHuggingFaceDaily } from '../../src/adapters/sources/parse-huggingface-daily.ts';
import { parseOpenAlexWorks } from '../../src/adapters/sources/parse-openalex.ts';
import { parseS2PaperSearch } from '../../src/adapters/sources/parse-semantic-scholar.ts';
import { importSnapshot } from '../../src/adapters/snapshot/import-snapshot.ts';
import { parseSnapshotLine } from '../../src/adapters/snapshot/parse-snapshot-record.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import { withoutControlCharacters } from '../../src/core/safe-text.ts';
import { readFixture } from './fixtures.ts';

/** Right-to-left override … pop directional formatting: what follows displays reversed. */
const RLO = '\u202e';
const PDF = '\u202c';
const LRI = '\u2066';
const PDI = '\u2069';
const HOSTILE_TITLE = `${RLO}txet desrever${PDF} Attention ${LRI}Is${PDI} All You Need`;
const CLEAN_TITLE = 'txet desrever Attention Is All You Need';

function papersOf<T extends { kind: string }>(result: T): PaperInput[] {
  if (!('papers' in result)) throw new Error(`expected papers, got ${JSON.stringify(result)}`);
  return result.papers as PaperInput[];
}

describe('every source keeps arXiv category codes only', () => {
  it('the bulk snapshot', () => {
    const line = JSON.stringify({ id: '2503.15983', title: 'T', abstract: 'A', authors: 'Ann Lee', categories: 'cs.CL cs.AI cs.LG 68T50 (Primary) 68T07, 68Q32 (Secondary) I.2.6; I.2.7; I.5.1' });
    const parsed = parseSnapshotLine(line);
    expect(parsed.ok && parsed.paper.categories).toEqual(['cs.CL', 'cs.AI', 'cs.LG']);
  });

  it('the arXiv API (Atom), which lists ACM and MSC classes as category terms', () => {
    const xml = readFixture('arxiv-api/arxiv-api-idlist-with-affiliations.atom.xml').replace(
      '<category term="astro-ph" scheme="http://arxiv.org/schemas/atom"/>',
      '<category term="astro-ph" scheme="http://arxiv.org/schemas/atom"/><category term="I.2.7" scheme="http://arxiv.org/schemas/atom"/><category term="85A04" scheme="http://arxiv.org/schemas/atom"/>',
    );
    expect(papersOf(parseArxivAtom(xml))[0]!.categories).toEqual(['astro-ph']);
  });

  it('OAI-PMH', () => {
    const xml = readFixture('arxiv-oai/arxiv-oai-listrecords-arXiv-hep-ex.xml').replace(
      '<categories>hep-ph hep-ex</categories>',
      '<categories>hep-ph hep-ex H.3.3 I.2.7; 81T99</categories>',
    );
    expect(papersOf(parseArxivOai(xml))[1]!.categories).toEqual(['hep-ph', 'hep-ex']);
  });

  it('RSS and the Atom listing', () => {
    const rss = readFixture('arxiv-rss/arxiv-rss-cs.LG+cs.AI+cs.CL+stat.ML.rss.xml').replace(
      '<category>cs.AI</category>',
      '<category>cs.AI</category>\n      <category>I.2.7;</category>',
    );
    expect(papersOf(parseArxivListing(rss))[1]!.categories).toEqual(['cs.LG', 'cs.AI']);
    const atom = readFixture('arxiv-rss/arxiv-atom-cs.LG.atom.xml').replace('<category term="cs.AI"/>', '<category term="cs.AI"/><category term="H.3.3"/>');
    expect(papersOf(parseArxivListing(atom))[0]!.categories).toEqual(['cs.LG', 'cs.AI']);
  });
});

describe('a re-import of the same snapshot file changes nothing', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('counts 0 new, 0 updated on the second pass of a file whose records list ACM and MSC classes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-classes-'));
    const file = join(dir, 'classes.jsonl');
    // Real category fields of the 2025–26 snapshot: classes repeated within a record, MSC with commas.
    const records = [
      { id: '2504.17179', categories: 'cs.AI cs.CV cs.LG cs.RO 68T45, 68T05 68T45, 68T05 68T45, 68T05 I.2.6; I.2.10; I.4.8' },
      { id: '2505.13028', categories: 'cs.CR cs.AI cs.CL F.2.2, I.2.7; F.2.2, I.2.7; F.2.2, I.2.7' },
      { id: '2506.09024', categories: 'cs.CV cs.LG I.2.11; I.4.9; I.4.9; J.3; I.2.0' },
      { id: '2508.04255', categories: 'cs.CV q-bio.NC I.2.10; I.4.8; J.3; I.2.10; I.4.8; J.3' },
      { id: '2503.14828', categories: 'cs.CL cs.AI 68T50 I.2; I.2.7' },
    ];
    writeFileSync(
      file,
      records.map((r) => JSON.stringify({ ...r, title: `Paper ${r.id}`, abstract: 'An abstract.', authors: 'Ann Lee and Bo Chen', update_date: '2025-05-01' })).join('\n') + '\n',
    );
    const database = openDatabase(':memory:');
    try {
      const papers = createSqlitePaperRepository(database.sqlite);
      const first = await importSnapshot(file, papers, { seenAt: '2026-01-01T00:00:00.000Z' });
      expect(first).toMatchObject({ inserted: 5, updated: 0 });
      const second = await importSnapshot(file, papers, { seenAt: '2026-01-02T00:00:00.000Z' });
      expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
      expect((await papers.getPaper('2504.17179'))!.categories).toEqual(['cs.AI', 'cs.CV', 'cs.LG', 'cs.RO']);
      expect((await papers.getPaper('2508.04255'))!.categories).toEqual(['cs.CV', 'q-bio.NC']);
      expect((await papers.getPaper('2503.14828'))!.categories).toEqual(['cs.CL', 'cs.AI']);
    } finally {
      database.close();
    }
  });
});

describe('bidirectional overrides and isolates are removed from stored text', () => {
  it('safe-text removes U+202A–U+202E and U+2066–U+2069, and keeps the implicit marks', () => {
    expect(withoutControlCharacters(HOSTILE_TITLE)).toBe(CLEAN_TITLE);
    expect(withoutControlCharacters('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069')).toBe('');
    expect(withoutControlCharacters('שלום\u200f world')).toBe('שלום\u200f world');
  });

  it('the bulk snapshot', () => {
    const parsed = parseSnapshotLine(JSON.stringify({ id: '2503.00001', title: HOSTILE_TITLE, abstract: `An ${RLO}abstract`, authors: `${RLO}Ann Lee` }));
    expect(parsed.ok && [parsed.paper.title, parsed.paper.abstract, parsed.paper.authors]).toEqual([CLEAN_TITLE, 'An abstract', ['Ann Lee']]);
  });

  it('the arXiv API, OAI-PMH, RSS and the Atom listing', () => {
    const atom = readFixture('arxiv-api/arxiv-api-idlist-with-affiliations.atom.xml').replace(
      '<title>Frequency of Hot Jupiters',
      `<title>${RLO}Frequency of Hot Jupiters${PDF}`,
    );
    expect(papersOf(parseArxivAtom(atom))[0]!.title).toMatch(/^Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III/);
    const oai = readFixture('arxiv-oai/arxiv-oai-listrecords-arXiv-hep-ex.xml').replace('<title>R-Parity Violation at the LHC</title>', `<title>${HOSTILE_TITLE}</title>`);
    expect(papersOf(parseArxivOai(oai))[1]!.title).toBe(CLEAN_TITLE);
    const rss = readFixture('arxiv-rss/arxiv-rss-cs.LG+cs.AI+cs.CL+stat.ML.rss.xml').replace(
      '<title>Outlier Detection for Multi-Network Data</title>',
      `<title>${HOSTILE_TITLE}</title>`,
    );
    expect(papersOf(parseArxivListing(rss))[2]!.title).toBe(CLEAN_TITLE);
    const listing = readFixture('arxiv-rss/arxiv-atom-cs.LG.atom.xml').replace('<title>DCRMTA:', `<title>${RLO}DCRMTA:`);
    expect(papersOf(parseArxivListing(listing))[2]!.title).toMatch(/^DCRMTA: Deep Causal/);
  });

  it('Hugging Face, Semantic Scholar and OpenAlex', () => {
    const hf = JSON.parse(readFixture('huggingface/hf-daily-papers-2024-10-25-first9.json')) as Array<{ paper: { title: string } }>;
    hf[0]!.paper.title = HOSTILE_TITLE;
    expect(papersOf(parseHuggingFaceDaily(hf))[0]!.title).toBe(CLEAN_TITLE);

    const s2 = JSON.parse(readFixture('semantic-scholar/s2-paper-search.json')) as { data: Array<{ title: string }> };
    s2.data[0]!.title = HOSTILE_TITLE;
    expect(papersOf(parseS2PaperSearch(s2))[0]!.title).toBe(CLEAN_TITLE);

    const openAlex = JSON.parse(readFixture('openalex/openalex-works-title-search.json')) as { results: Array<{ title: string }> };
    openAlex.results[0]!.title = HOSTILE_TITLE;
    expect(papersOf(parseOpenAlexWorks(openAlex))[0]!.title).toBe(CLEAN_TITLE);
  });
});
