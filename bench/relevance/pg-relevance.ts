/**
 * PostgreSQL search against SQLite's (issue 21): the same papers in both stores, the same queries
 * through the same pipeline, nDCG@10 side by side on SciFact train (the judged set of evaluate.ts)
 * and on CSFCube (`/papers like`, as bench/learning-like.ts scores it), then p50/p95 latency and
 * top-10 agreement of the 200 chat-style queries of bench/queries.txt on the 78,736-paper arXiv
 * corpus.
 *
 *   node bin/run-ts.js bench/relevance/pg-relevance.ts [--skip-scifact] [--skip-csfcube] [--skip-arxiv] [--passes N] [--keep]
 *
 * PostgreSQL: 127.0.0.1:5432, user postgres, database test (PGHOST, PGPORT, PGUSER, PGDATABASE
 * override). Each corpus is loaded into a scratch schema dropped at the end (--keep leaves them).
 *
 * Both stores' queries go through the product's own PaperSearch (paper-search.ts createPaperSearch:
 * strict, then relaxed under MIN_STRICT_RESULTS; the rerank pool; related-phrase discount; recency
 * and popularity priors; author position), over each store's PaperRepository (the SQLite one and
 * pg-paper-repository.ts), so a difference in the table is the store's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { upsertSearchPapers } from '../../src/adapters/store/postgres/pg-paper-rows.ts';
import { applySearchDdl } from '../../src/adapters/store/postgres/pg-search-schema.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { parseSnapshotLine } from '../../src/adapters/snapshot/parse-snapshot-record.ts';
import { UserError } from '../../src/core/errors.ts';
import { newPaper } from '../../src/core/merge-paper.ts';
import type { Paper } from '../../src/core/paper.ts';
import type { Clock, PaperRepository } from '../../src/core/ports.ts';
import { createPaperSearch, type PaperSearch, type ScoredPaper } from '../../src/core/search/paper-search.ts';
import { createSpellingSuggester } from '../../src/core/search/spelling-suggester.ts';
import { loadBenchQueries } from '../bench-queries.ts';
import { percentile } from '../bench-stats.ts';
import { loadCsfcube, CSFCUBE_DIR, type Csfcube } from '../learning-csfcube.ts';
import { averagePrecision, mean, ndcgAt, ndcgPercent20 } from '../learning-metrics.ts';
import { readSnapshotLines } from '../snapshot-lines.ts';
import { beirIdOfPaper, convertDataset, readQrels } from './convert-beir.ts';
import { scoreRun } from './metrics.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATASETS = join(REPO_ROOT, '..', 'shared', 'datasets');
const ARXIV_SNAPSHOT = join(DATASETS, 'arxiv-cs-daily', 'arxiv-cs-2025-2026.snapshot.jsonl.gz');
const SEEN_AT = '2026-07-02T00:00:00Z';
/** One fixed "now" for the recency prior, so both stores rank with the same priors on every run. */
const clock: Clock = { now: () => new Date('2026-07-02T00:00:00Z') };

/**
 * The product's PaperSearch over a store, with the fixed clock. Searches ask for no spelling
 * suggestion: it never changes the hits, and an empty vocabulary keeps its load out of the timings.
 */
function productSearch(papers: PaperRepository): PaperSearch {
  return createPaperSearch({ papers, clock, suggester: createSpellingSuggester(() => new Map()) });
}

// ---- stores ----

const CONNECTION = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  database: process.env.PGDATABASE ?? 'test',
};

interface Stores {
  sqlite: OpenDatabase;
  repository: PaperRepository;
  pool: pg.Pool;
  pgRepository: PaperRepository;
  schema: string;
  pgSeconds: number;
  sqliteSeconds: number;
}

async function loadStores(name: string, papers: Paper[], work: string): Promise<Stores> {
  const schema = `paperboy_pg_relevance_${name}_${process.pid}`;
  const admin = new pg.Client(CONNECTION);
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ ...CONNECTION, max: 4, options: `-c search_path=${schema}` });
  await applySearchDdl(pool);
  let started = performance.now();
  await upsertSearchPapers(pool, papers, SEEN_AT);
  await pool.query('VACUUM ANALYZE papers');
  const pgSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const sqlite = openDatabase(join(work, `${name}.db`));
  const repository = createSqlitePaperRepository(sqlite.sqlite);
  await repository.beginBulkLoad(papers.length);
  for (let i = 0; i < papers.length; i += 1000) await repository.upsertPapers(papers.slice(i, i + 1000), SEEN_AT);
  await repository.finishBulkLoad();
  const sqliteSeconds = (performance.now() - started) / 1000;
  return { sqlite, repository, pool, pgRepository: createPgPaperRepository({ pool }), schema, pgSeconds, sqliteSeconds };
}

async function closeStores(stores: Stores, keep: boolean): Promise<void> {
  stores.sqlite.close();
  await stores.pool.end();
  if (keep) {
    process.stdout.write(`kept schema ${stores.schema}\n`);
    return;
  }
  const admin = new pg.Client(CONNECTION);
  await admin.connect();
  await admin.query(`DROP SCHEMA ${stores.schema} CASCADE`);
  await admin.end();
}

async function snapshotPapers(path: string, max = Number.POSITIVE_INFINITY): Promise<Paper[]> {
  const papers: Paper[] = [];
  for await (const line of readSnapshotLines(path)) {
    const parsed = parseSnapshotLine(line);
    if (parsed.ok) papers.push(newPaper(parsed.paper, SEEN_AT));
    if (papers.length >= max) break;
  }
  return papers;
}

const f4 = (n: number) => n.toFixed(4);
const out = (s: string) => process.stdout.write(`${s}\n`);

/** Runs `search` over texts; a query paperboy rejects (UserError) answers nothing, as the CLI's --queries. */
async function answer(texts: readonly string[], search: (text: string) => Promise<ScoredPaper[]>): Promise<string[][]> {
  const answers: string[][] = [];
  for (const text of texts) {
    try {
      answers.push((await search(text)).map((h) => h.paper.id));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      answers.push([]);
    }
  }
  return answers;
}

const sameTop = (a: string[][], b: string[][]) => a.filter((ids, i) => JSON.stringify(ids) === JSON.stringify(b[i])).length;

// ---- SciFact train ----

async function scifact(keep: boolean): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'paperboy-pg-relevance-'));
  try {
    const converted = await convertDataset(join(DATASETS, 'scifact'), 'train', work);
    const papers = await snapshotPapers(converted.snapshotPath);
    const stores = await loadStores('scifact', papers, work);
    try {
      // As evaluate.ts asks the CLI: --limit 10 --sort relevance.
      const texts = converted.queries.texts.map((t) => `${t} sort:relevance`);
      const sqliteSearch = productSearch(stores.repository);
      let started = performance.now();
      const sqliteAnswers = await answer(texts, async (t) => (await sqliteSearch.searchText(t, 10, { withSuggestion: false })).hits);
      const sqliteSeconds = (performance.now() - started) / 1000;
      const pgSearch = productSearch(stores.pgRepository);
      started = performance.now();
      const pgAnswers = await answer(texts, async (t) => (await pgSearch.searchText(t, 10, { withSuggestion: false })).hits);
      const pgSeconds = (performance.now() - started) / 1000;
      const qrels = readQrels(join(DATASETS, 'scifact', 'qrels', 'train.tsv'));
      const asRun = (answers: string[][]) => new Map(converted.queries.ids.map((id, i) => [id, answers[i]!.map(beirIdOfPaper)]));
      const s = scoreRun(asRun(sqliteAnswers), qrels);
      const p = scoreRun(asRun(pgAnswers), qrels);
      const diffs = Object.keys(s.perQuery).map((q) => p.perQuery[q]! - s.perQuery[q]!);
      const sd = Math.sqrt(mean(diffs.map((d) => (d - mean(diffs)) ** 2)) / diffs.length);
      out(`\nSciFact train: ${papers.length} documents, ${texts.length} queries; load ${stores.sqliteSeconds.toFixed(1)} s SQLite, ${stores.pgSeconds.toFixed(1)} s PostgreSQL`);
      out(`store        queries  nDCG@10  Recall@10  search s`);
      out(`SQLite       ${String(s.queries).padStart(7)}  ${f4(s.ndcg10).padStart(7)}  ${f4(s.recall10).padStart(9)}  ${sqliteSeconds.toFixed(1).padStart(8)}`);
      out(`PostgreSQL   ${String(p.queries).padStart(7)}  ${f4(p.ndcg10).padStart(7)}  ${f4(p.recall10).padStart(9)}  ${pgSeconds.toFixed(1).padStart(8)}`);
      out(`PostgreSQL - SQLite: ${f4(p.ndcg10 - s.ndcg10)} nDCG@10 (per-query standard error ${f4(sd)}; ${diffs.filter((d) => d > 0).length} better, ${diffs.filter((d) => d < 0).length} worse); same top 10 on ${sameTop(pgAnswers, sqliteAnswers)} queries`);
    } finally {
      await closeStores(stores, keep);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---- CSFCube (`like`), scored as bench/learning-like.ts scores it ----

function testFolds(): string[][] {
  const splits = JSON.parse(readFileSync(`${CSFCUBE_DIR}raw/evaluation_splits.json`, 'utf8')) as Record<string, Record<string, string[]>>;
  return ['fold1_test', 'fold2_test'].map((fold) => Object.values(splits).flatMap((facet) => facet[fold] ?? []));
}

function scorePools(csf: Csfcube, rankings: Map<string, string[]>) {
  const perQuery = new Map<string, { ap: number; ndcg20: number; ndcg10: number }>();
  for (const query of csf.queries) {
    const returned = rankings.get(query.id)!.filter((id) => query.judged.has(id));
    const rest = [...query.judged.keys()].filter((id) => !returned.includes(id));
    const ranked = [...returned, ...rest].map((id) => query.judged.get(id)!);
    perQuery.set(query.id, { ap: averagePrecision(ranked), ndcg20: ndcgPercent20(ranked), ndcg10: ndcgAt(ranked, 10) });
  }
  const folds = testFolds().map((ids) => ids.map((id) => perQuery.get(id)!).filter(Boolean));
  return {
    map: mean(folds.map((fold) => mean(fold.map((q) => q.ap)))),
    ndcgPercent20: mean(folds.map((fold) => mean(fold.map((q) => q.ndcg20)))),
    ndcgAt10: mean([...perQuery.values()].map((q) => q.ndcg10)),
    perQuery,
  };
}

async function csfcube(keep: boolean): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'paperboy-pg-relevance-'));
  const csf = loadCsfcube();
  const stores = await loadStores('csfcube', [...csf.papers.values()], work);
  try {
    const sqliteSearch = productSearch(stores.repository);
    const pgSearch = productSearch(stores.pgRepository);
    const sqliteRankings = new Map<string, string[]>();
    const pgRankings = new Map<string, string[]>();
    let sqliteMs = 0;
    let pgMs = 0;
    for (const query of csf.queries) {
      const paper = csf.papers.get(query.paperId)!;
      let started = performance.now();
      sqliteRankings.set(query.id, (await sqliteSearch.similarTo(paper, csf.papers.size)).hits.map((h) => h.paper.id));
      sqliteMs += performance.now() - started;
      started = performance.now();
      pgRankings.set(query.id, (await pgSearch.similarTo(paper, csf.papers.size)).hits.map((h) => h.paper.id));
      pgMs += performance.now() - started;
    }
    const s = scorePools(csf, sqliteRankings);
    const p = scorePools(csf, pgRankings);
    const n = csf.queries.length;
    out(`\nCSFCube /papers like: ${csf.papers.size} papers, ${n} queries (judged pools ranked as learning-like.ts); load ${stores.sqliteSeconds.toFixed(1)} s SQLite, ${stores.pgSeconds.toFixed(1)} s PostgreSQL`);
    out(`store        nDCG@10   MAP  NDCG%20  ms/query`);
    out(`SQLite       ${f4(s.ndcgAt10)}  ${s.map.toFixed(3)}  ${s.ndcgPercent20.toFixed(3).padStart(7)}  ${(sqliteMs / n).toFixed(1).padStart(8)}`);
    out(`PostgreSQL   ${f4(p.ndcgAt10)}  ${p.map.toFixed(3)}  ${p.ndcgPercent20.toFixed(3).padStart(7)}  ${(pgMs / n).toFixed(1).padStart(8)}`);
    out(`PostgreSQL - SQLite: ${f4(p.ndcgAt10 - s.ndcgAt10)} nDCG@10`);
  } finally {
    await closeStores(stores, keep);
    rmSync(work, { recursive: true, force: true });
  }
}

// ---- the chat-style queries on the arXiv corpus ----

async function arxiv(keep: boolean, passes: number): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'paperboy-pg-relevance-'));
  const papers = await snapshotPapers(ARXIV_SNAPSHOT);
  const stores = await loadStores('arxiv', papers, work);
  try {
    const queries = loadBenchQueries();
    const sqliteSearch = productSearch(stores.repository);
    const pgSearch = productSearch(stores.pgRepository);
    const sqliteTimes: number[] = [];
    const pgTimes: number[] = [];
    let sqliteAnswers: string[][] = [];
    let pgAnswers: string[][] = [];
    // One warm-up pass each (caches, the PostgreSQL stem cache), then `passes` measured ones, the
    // stores alternating query by query so a busy moment of the shared machine hits both.
    for (let pass = 0; pass <= passes; pass++) {
      const sq: string[][] = [];
      const pq: string[][] = [];
      for (const text of queries) {
        let started = performance.now();
        sq.push(...(await answer([text], async (t) => (await sqliteSearch.searchText(t, 10, { withSuggestion: false })).hits)));
        const sqliteMs = performance.now() - started;
        started = performance.now();
        pq.push(...(await answer([text], async (t) => (await pgSearch.searchText(t, 10, { withSuggestion: false })).hits)));
        const pgMs = performance.now() - started;
        if (pass > 0) {
          sqliteTimes.push(sqliteMs);
          pgTimes.push(pgMs);
        }
      }
      sqliteAnswers = sq;
      pgAnswers = pq;
    }
    const overlap = mean(
      queries.map((_, i) => {
        const a = new Set(sqliteAnswers[i]);
        const b = pgAnswers[i]!;
        const denominator = Math.max(a.size, b.length);
        return denominator === 0 ? 1 : b.filter((id) => a.has(id)).length / denominator;
      }),
    );
    const sameFirst = queries.filter((_, i) => sqliteAnswers[i]![0] === pgAnswers[i]![0]).length;
    const { rows } = await stores.pool.query<{ size: string }>("SELECT pg_size_pretty(pg_total_relation_size('papers')) AS size");
    out(`\narXiv cs corpus: ${papers.length} papers; load ${stores.sqliteSeconds.toFixed(1)} s SQLite (bulk load), ${stores.pgSeconds.toFixed(1)} s PostgreSQL (upsert batches of 500 + VACUUM ANALYZE; papers with indexes ${rows[0]!.size})`);
    out(`${queries.length} queries of bench/queries.txt, ${passes} measured pass(es) after a warm-up, whole pipeline (parse, strict/relaxed, priors), ms:`);
    out(`store        p50     p95     mean`);
    for (const [name, times] of [['SQLite', sqliteTimes], ['PostgreSQL', pgTimes]] as const) {
      out(`${name.padEnd(11)}${percentile(times, 50).toFixed(1).padStart(6)}  ${percentile(times, 95).toFixed(1).padStart(6)}  ${mean(times).toFixed(1).padStart(7)}`);
    }
    out(`agreement with SQLite: mean top-10 overlap ${(overlap * 100).toFixed(1)} %, same first result on ${sameFirst} of ${queries.length}, identical top 10 on ${sameTop(pgAnswers, sqliteAnswers)}`);
  } finally {
    await closeStores(stores, keep);
    rmSync(work, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    'skip-scifact': { type: 'boolean', default: false },
    'skip-csfcube': { type: 'boolean', default: false },
    'skip-arxiv': { type: 'boolean', default: false },
    passes: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const started = performance.now();
if (!values['skip-scifact']) await scifact(values.keep);
if (!values['skip-csfcube']) await csfcube(values.keep);
if (!values['skip-arxiv']) await arxiv(values.keep, Number(values.passes));
out(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
