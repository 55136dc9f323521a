/**
 * `/papers like <id>` on CSFCube, by CSFCube's protocol: each query's judged pool ranked by where
 * `like` (PaperSearch.similarTo over a store holding the 4,205 CSFCube papers: the query paper's
 * title words and its abstract's main words, like-words.ts) places its papers; pool papers `like`
 * does not return (no word in common) follow in the pool's order.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../src/adapters/store/sqlite-paper-repository.ts';
import { systemClock } from '../src/core/ports.ts';
import { createPaperSearch } from '../src/core/search/paper-search.ts';
import { createSpellingSuggester } from '../src/core/search/spelling-suggester.ts';
import { CSFCUBE_DIR, type Csfcube } from './learning-csfcube.ts';
import { averagePrecision, mean, ndcgAt, ndcgPercent20 } from './learning-metrics.ts';

export interface LikeResult {
  /** CSFCube's aggregate over its two test folds ("all" facets): MAP (relevance ≥ 2) and NDCG%20. */
  map: number;
  ndcgPercent20: number;
  /** Mean over the 50 queries. */
  ndcgAt10: number;
  msPerQuery: number;
}

/** The test folds of `raw/evaluation_splits.json`, the three facets together (what the script calls "all"). */
function testFolds(): string[][] {
  const splits = JSON.parse(readFileSync(`${CSFCUBE_DIR}raw/evaluation_splits.json`, 'utf8')) as Record<string, Record<string, string[]>>;
  return ['fold1_test', 'fold2_test'].map((fold) => Object.values(splits).flatMap((facet) => facet[fold] ?? []));
}

export async function benchLike(csf: Csfcube): Promise<LikeResult> {
  const database = openDatabase(':memory:');
  try {
    const papers = createSqlitePaperRepository(database.sqlite);
    papers.upsertPapers([...csf.papers.values()], '2026-01-01T00:00:00Z');
    const search = createPaperSearch({ papers, clock: systemClock, suggester: createSpellingSuggester(() => new Map()) });
    return await scorePools(csf, async (query) => (await search.similarTo(csf.papers.get(query.paperId)!, csf.papers.size)).hits.map((h) => h.paper.id));
  } finally {
    database.close();
  }
}

/**
 * The BM25 reference beside `like`, measured in the same run: a plain SQLite FTS5 table (porter,
 * bm25) of the CSFCube papers' titles and abstracts, queried with the OR of the query paper's
 * distinct words. (The CSFCube paper's own BM25 figure is not in the material this project can
 * read offline, so the reference is computed here, by the same protocol.)
 */
export async function benchBm25(csf: Csfcube): Promise<LikeResult> {
  const database = new Database(':memory:');
  try {
    database.exec("CREATE VIRTUAL TABLE plain USING fts5(id UNINDEXED, title, abstract, tokenize = 'porter unicode61')");
    const insert = database.prepare('INSERT INTO plain (id, title, abstract) VALUES (?, ?, ?)');
    database.transaction(() => {
      for (const paper of csf.papers.values()) insert.run(paper.id, paper.title, paper.abstract);
    })();
    const search = database.prepare<[string], { id: string }>('SELECT id FROM plain WHERE plain MATCH ? ORDER BY bm25(plain) LIMIT 5000');
    return await scorePools(csf, (query) => {
      const paper = csf.papers.get(query.paperId)!;
      const words = [...new Set(`${paper.title} ${paper.abstract}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
      return words.length === 0 ? [] : search.all(words.map((w) => `"${w}"`).join(' OR ')).map((row) => row.id);
    });
  } finally {
    database.close();
  }
}

/** Ranks each query's judged pool by where `rank` places its papers (the rest follow in the pool's order), scored by CSFCube's protocol. */
async function scorePools(csf: Csfcube, rank: (query: Csfcube['queries'][number]) => string[] | Promise<string[]>): Promise<LikeResult> {
  const perQuery = new Map<string, { ap: number; ndcg20: number; ndcg10: number }>();
  const started = performance.now();
  for (const query of csf.queries) {
    const returned = (await rank(query)).filter((id) => query.judged.has(id));
    const rest = [...query.judged.keys()].filter((id) => !returned.includes(id));
    const ranked = [...returned, ...rest].map((id) => query.judged.get(id)!);
    perQuery.set(query.id, { ap: averagePrecision(ranked), ndcg20: ndcgPercent20(ranked), ndcg10: ndcgAt(ranked, 10) });
  }
  const msPerQuery = (performance.now() - started) / csf.queries.length;
  const folds = testFolds().map((ids) => ids.map((id) => perQuery.get(id)!).filter(Boolean));
  return {
    map: mean(folds.map((fold) => mean(fold.map((q) => q.ap)))),
    ndcgPercent20: mean(folds.map((fold) => mean(fold.map((q) => q.ndcg20)))),
    ndcgAt10: mean([...perQuery.values()].map((q) => q.ndcg10)),
    msPerQuery,
  };
}
