import { describe, expect, it } from 'vitest';
import { parseArxivListing } from '../../src/adapters/sources/parse-arxiv-listing.ts';
import { readFixture } from './fixtures.ts';

function parseOk(file: string) {
  const result = parseArxivListing(readFixture(`arxiv-rss/${file}`));
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

describe('parseArxivListing (RSS 2.0)', () => {
  const listing = () => parseOk('arxiv-rss-cs.LG+cs.AI+cs.CL+stat.ML.rss.xml');

  it('reads the listing date, the skip days and every item with its announce type', () => {
    const result = listing();
    expect(result.listingDate).toBe('2026-09-24');
    expect(result.skipDays).toEqual(['Sunday', 'Saturday']);
    expect(result.papers.map((paper) => [paper.id, paper.version, paper.announceType])).toEqual([
      ['2609.26811', 1, 'new'],
      ['2609.26820', 1, 'new'],
      ['2205.06398', 2, 'cross'],
      ['2009.13987', 3, 'replace'],
    ]);
  });

  it('takes the abstract after "Abstract:" and splits dc:creator into authors', () => {
    const paper = listing().papers[1];
    expect(paper).toMatchObject({
      id: '2609.26820',
      title: 'Signal2Symbol: Neuro-Symbolic Temporal Reasoning for Explainable Physiological Time-Series Anomaly Detection',
      authors: ['Naser Mansour', 'Sidahmed Benabderrahmane', 'Ameer Rahwan'],
      authorsTruncated: false,
      categories: ['cs.LG', 'cs.AI'],
      published: '2026-09-24',
      updated: '2026-09-24',
      comment: null,
      doi: null,
      journalRef: null,
      absUrl: 'https://arxiv.org/abs/2609.26820',
      pdfUrl: 'https://arxiv.org/pdf/2609.26820',
      codeUrl: null,
      org: null,
      score: null,
      upvotes: null,
      sources: ['arxiv-rss'],
    });
    expect(paper?.abstract).toMatch(/^Physiological time series such as electrocardiograms \(ECG\)/);
    expect(paper?.abstract).toMatch(/compact, interpretable summaries of local detections\.$/);
    expect(paper?.abstract).not.toContain('Announce Type');
  });

  it('keeps the DOI of a cross-list and does not date an older version by the listing', () => {
    const paper = listing().papers[2];
    expect(paper).toMatchObject({
      title: 'Outlier Detection for Multi-Network Data',
      authors: ['Pritam Dey', 'Zhengwu Zhang', 'David B. Dunson'],
      categories: ['stat.ME', 'stat.AP', 'stat.ML'],
      doi: '10.1093/bioinformatics/btac431',
      published: null,
      updated: null,
    });
  });

  it('dates a replacement as updated on the listing day only', () => {
    expect(listing().papers[3]).toMatchObject({ id: '2009.13987', published: null, updated: '2026-09-24' });
  });

  it('splits a creator list that ends with "and"', () => {
    // Built from the recorded feed: the last author joined with "and".
    const xml = readFixture('arxiv-rss/arxiv-rss-cs.LG+cs.AI+cs.CL+stat.ML.rss.xml').replace(
      'Michael Joswig, Marek Kaluba, Lukas Ruff',
      'Michael Joswig, Marek Kaluba and Lukas Ruff',
    );
    const result = parseArxivListing(xml);
    expect(result.kind === 'ok' && result.papers[3]?.authors).toEqual(['Michael Joswig', 'Marek Kaluba', 'Lukas Ruff']);
  });

  it('gives zero papers, not an error, for the empty holiday feed', () => {
    expect(parseOk('arxiv-rss-physics-empty-holiday.rss.xml')).toEqual({
      kind: 'ok',
      papers: [],
      listingDate: '2025-12-31',
      skipDays: ['Saturday', 'Sunday'],
    });
  });
});

describe('parseArxivListing (Atom)', () => {
  const listing = () => parseOk('arxiv-atom-cs.LG.atom.xml');

  it('reads every entry with its announce type; the listing date comes from the entries', () => {
    const result = listing();
    expect(result.listingDate).toBe('2026-09-25');
    expect(result.skipDays).toEqual([]);
    expect(result.papers.map((paper) => [paper.id, paper.version, paper.announceType])).toEqual([
      ['2609.28553', 1, 'new'],
      ['2402.10149', 3, 'cross'],
      ['2401.08875', 3, 'replace'],
    ]);
  });

  it('reads the journal reference, DOI, categories and six authors of a new paper', () => {
    const paper = listing().papers[0];
    expect(paper).toMatchObject({
      title: 'SMILESGNN: Interpretable Clinical Toxicity Prediction via SMILES-Graph Cross-Attention Fusion',
      authors: [
        'Quang Minh Nguyen',
        'Thuy Quynh Nguyen',
        'Duc Minh Le',
        'Ho Nhat Minh Nguyen',
        'Thanh Long Dai Doan',
        'Trong Nghia Nguyen',
      ],
      categories: ['cs.LG', 'cs.AI'],
      journalRef: '2026 International Conference on Multimedia Analysis and Pattern Recognition (MAPR)',
      doi: '10.1109/MAPR72750.2026.11685822',
      published: '2026-09-25',
      updated: '2026-09-25',
      abstract:
        'Drug toxicity prediction is critical for reducing late-stage attrition in drug discovery, yet remains challenging due to severe class imbalance, scaffold-based generalization, and the clinical need for interpretable predictions.',
    });
  });

  it('keeps the categories of a cross-list in feed order (primary first)', () => {
    expect(listing().papers[1]).toMatchObject({ categories: ['hep-ph', 'cs.LG', 'hep-ex'], doi: '10.1103/PhysRevD.111.032004' });
  });
});

describe('parseArxivListing (bad bodies)', () => {
  it('reports an unknown announce type instead of guessing', () => {
    const xml = readFixture('arxiv-rss/arxiv-atom-cs.LG.atom.xml').replace(
      '<arxiv:announce_type>replace</arxiv:announce_type>',
      '<arxiv:announce_type>withdrawn</arxiv:announce_type>',
    );
    expect(parseArxivListing(xml)).toEqual({
      kind: 'malformed',
      message: 'listing item 2401.08875 has an unknown announce type "withdrawn"',
    });
  });

  it('reports a body that is neither RSS nor Atom', () => {
    expect(parseArxivListing('<html><title>503</title></html>').kind).toBe('malformed');
  });
});
