/**
 * CSFCube (../shared/datasets/csfcube, iesl/CSFCube): 50 query papers, each with a judged pool of
 * candidates (relevance 0–3), read as paperboy papers (no authors or categories: CSFCube has none).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Paper } from '../src/core/paper.ts';

export const CSFCUBE_DIR = fileURLToPath(new URL('../../shared/datasets/csfcube/', import.meta.url));

export interface CsfcubeQuery {
  /** `<paper_id>_<facet>`. */
  id: string;
  paperId: string;
  facet: 'background' | 'method' | 'result';
  /** Judged candidates and their relevance, the query paper left out (the protocol ranks the pool). */
  judged: Map<string, number>;
}

export interface Csfcube {
  papers: Map<string, Paper>;
  queries: CsfcubeQuery[];
}

function asPaper(row: { paper_id: string; title: string; abstract: string; year: number | string | null }): Paper {
  const year = typeof row.year === 'number' || (typeof row.year === 'string' && /^\d{4}$/.test(row.year)) ? `${row.year}-01-01` : null;
  return {
    id: `csfcube:${row.paper_id}`,
    version: null,
    title: row.title,
    abstract: row.abstract,
    authors: [],
    authorsTruncated: false,
    categories: [],
    published: year,
    updated: null,
    comment: null,
    doi: null,
    journalRef: null,
    absUrl: null,
    pdfUrl: null,
    codeUrl: null,
    org: null,
    score: null,
    upvotes: null,
    sources: ['csfcube'],
    firstSeenAt: '2026-01-01T00:00:00Z',
  };
}

const lines = (file: string) => readFileSync(`${CSFCUBE_DIR}${file}`, 'utf8').split('\n').filter((l) => l.trim() !== '');

export function loadCsfcube(): Csfcube {
  const papers = new Map<string, Paper>();
  for (const line of lines('corpus.jsonl')) {
    const paper = asPaper(JSON.parse(line));
    papers.set(paper.id, paper);
  }
  const judged = new Map<string, Map<string, number>>();
  for (const line of lines('qrels.tsv').slice(1)) {
    const [queryId, corpusId, score] = line.split('\t');
    const pool = judged.get(queryId!) ?? new Map<string, number>();
    pool.set(`csfcube:${corpusId}`, Number(score));
    judged.set(queryId!, pool);
  }
  const queries = lines('queries.jsonl').map((line) => {
    const row = JSON.parse(line) as { query_id: string; paper_id: string; facet: CsfcubeQuery['facet'] };
    const pool = judged.get(row.query_id) ?? new Map<string, number>();
    pool.delete(`csfcube:${row.paper_id}`);
    return { id: row.query_id, paperId: `csfcube:${row.paper_id}`, facet: row.facet, judged: pool };
  });
  return { papers, queries };
}
