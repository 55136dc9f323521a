/**
 * What a channel's model costs on the real arXiv corpus: drawing its background sample from the
 * store, fitting it, and scoring a day's papers; what `/papers like` costs there (the model's
 * neighbour among the learning commands, searched with the title and the abstract's main words);
 * and the sample at 1,000,000 papers (a store of the real rows copied 13 times: the draw reads
 * `size` rows by rowid, so only the tree's depth and the page cache differ).
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSnapshot } from '../src/adapters/snapshot/import-snapshot.ts';
import { openDatabase } from '../src/adapters/store/open-database.ts';
import * as schema from '../src/adapters/store/schema.ts';
import { createSqliteLearningCorpus } from '../src/adapters/store/sqlite-learning-corpus.ts';
import { createSqlitePaperRepository } from '../src/adapters/store/sqlite-paper-repository.ts';
import { BACKGROUND_PAPERS } from '../src/core/learning/channel-learning.ts';
import { fitChannelModel, type RatedPaper } from '../src/core/learning/channel-model.ts';
import { systemClock } from '../src/core/ports.ts';
import { createPaperSearch } from '../src/core/search/paper-search.ts';
import { createSpellingSuggester } from '../src/core/search/spelling-suggester.ts';
import { formatCount, formatMs, infoRow, type BenchRow } from './bench-report.ts';
import { REAL_CORPUS } from './generate-corpus.ts';
import { percentile } from './learning-metrics.ts';

const REPEATS = 7;
/** `/papers like` is timed on this many papers of the store, the first page each (limit 5, RESULTS_PER_PAGE's default). */
const LIKE_PAPERS = 100;
const LIKE_LIMIT = 5;

export interface CostFigures {
  papers: number;
  /** Drawing BACKGROUND_PAPERS papers from the store, p50 / p95 ms. */
  sampleMs: [number, number];
  /** Fitting with 10 and 30 ratings, p50 / p95 ms. */
  fit10Ms: [number, number];
  fit30Ms: [number, number];
  /** Scoring 1,000 papers (terms, tf-idf, model), median of the repeats, ms. */
  score1000Ms: number;
  /** `/papers like <id>`'s search (PaperSearch.similarTo, first page) on LIKE_PAPERS papers, p50 / p95 ms. */
  likeMs: [number, number];
}

const timed = (work: () => void): number => {
  const start = performance.now();
  work();
  return performance.now() - start;
};
/** The same for work that awaits (a search): one after another, never overlapping. */
const timedAsync = async (work: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};
const p50p95 = (values: number[]): [number, number] => [percentile(values, 50), percentile(values, 95)];

/** Imports the real snapshot into a store in `workDir` and measures there; returns the store path for the 1M copy. */
export async function benchArxivCosts(workDir: string): Promise<{ figures: CostFigures; storePath: string }> {
  const storePath = join(workDir, 'learning-78k.db');
  rmSync(storePath, { force: true });
  const database = openDatabase(storePath);
  try {
    await importSnapshot(fileURLToPath(REAL_CORPUS), createSqlitePaperRepository(database.sqlite), { seenAt: '2026-07-01T00:00:00Z' });
  } finally {
    database.close();
  }
  return { figures: await measureStoreCosts(storePath), storePath };
}

/** The costs on a store already holding the corpus (`npm run bench` measures on the store its import benchmark left). */
export async function measureStoreCosts(storePath: string): Promise<CostFigures> {
  const database = openDatabase(storePath, { readonly: true });
  try {
    const papers = createSqlitePaperRepository(database.sqlite);
    const figures = measure(createSqliteLearningCorpus(database.db), papers.countPapers(), (n) => likedRecsysPapers(database.sqlite, n));
    return { ...figures, likeMs: await measureLike(database.sqlite, papers) };
  } finally {
    database.close();
  }
}

/** `/papers like`'s search on LIKE_PAPERS papers spread over the store, after a few to warm the page cache. */
async function measureLike(sqlite: Database.Database, papers: ReturnType<typeof createSqlitePaperRepository>): Promise<[number, number]> {
  const search = createPaperSearch({ papers, clock: systemClock, suggester: createSpellingSuggester(() => new Map()) });
  const count = papers.countPapers();
  const step = Math.max(1, Math.floor(count / LIKE_PAPERS));
  const ids = (sqlite.prepare('SELECT id FROM papers WHERE seq % ? = 0 ORDER BY seq LIMIT ?').all(step, LIKE_PAPERS) as Array<{ id: string }>).map((r) => r.id);
  const sample = papers.getPapers(ids);
  for (const paper of sample.slice(0, 5)) await search.similarTo(paper, LIKE_LIMIT);
  const times: number[] = [];
  for (const paper of sample) times.push(await timedAsync(() => search.similarTo(paper, LIKE_LIMIT)));
  return p50p95(times);
}

/** A channel's likes: the store's recommender-system papers (cs.IR, "recommend" in the title). */
function likedRecsysPapers(sqlite: Database.Database, count: number): RatedPaper[] {
  const ids = sqlite
    .prepare(`SELECT id FROM papers WHERE categories LIKE '%cs.IR%' AND lower(title) LIKE '%recommend%' ORDER BY seq LIMIT ?`)
    .all(count) as Array<{ id: string }>;
  const repository = createSqlitePaperRepository(sqlite);
  return repository.getPapers(ids.map((r) => r.id)).map((paper) => ({ paper, ups: 1, downs: 0, saved: false }));
}

function measure(corpus: ReturnType<typeof createSqliteLearningCorpus>, papers: number, liked: (n: number) => RatedPaper[]): Omit<CostFigures, 'likeMs'> {
  const sampleMs: number[] = [];
  const fit10: number[] = [];
  const fit30: number[] = [];
  const ten = liked(10);
  const thirty = liked(30);
  let model = null as ReturnType<typeof fitChannelModel>;
  for (let seed = 1; seed <= REPEATS; seed++) {
    let background = [] as ReturnType<typeof corpus.samplePapers>;
    sampleMs.push(timed(() => (background = corpus.samplePapers(BACKGROUND_PAPERS, seed))));
    fit10.push(timed(() => fitChannelModel(ten, background)));
    fit30.push(timed(() => (model = fitChannelModel(thirty, background))));
  }
  const day = corpus.papersInRange({ after: 0, through: Number.MAX_SAFE_INTEGER }, 1000);
  const scoring = Array.from({ length: REPEATS }, () => timed(() => day.forEach((p) => model!.score(p))));
  return { papers, sampleMs: p50p95(sampleMs), fit10Ms: p50p95(fit10), fit30Ms: p50p95(fit30), score1000Ms: percentile(scoring, 50) };
}

/** The background draw at 1,000,000 papers: the real store's rows copied into a papers table until it holds that many. */
export function benchMillionSample(storePath: string, workDir: string, target = 1_000_000): { papers: number; sampleMs: [number, number] } {
  const path = join(workDir, 'learning-1m.db');
  rmSync(path, { force: true });
  const sqlite = new Database(path);
  try {
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
    sqlite.exec(`ATTACH DATABASE '${storePath.replace(/'/g, "''")}' AS real`);
    const ddl = (sqlite.prepare(`SELECT sql FROM real.sqlite_master WHERE type = 'table' AND name = 'papers'`).get() as { sql: string }).sql;
    sqlite.exec(ddl);
    const real = (sqlite.prepare('SELECT max(seq) AS n FROM real.papers').get() as { n: number }).n;
    const columns = (sqlite.prepare(`SELECT name FROM pragma_table_xinfo('papers') WHERE hidden = 0`).all() as Array<{ name: string }>)
      .map((c) => c.name)
      .filter((name) => name !== 'seq' && name !== 'id');
    const copy = sqlite.prepare(`INSERT INTO papers (seq, id, ${columns.join(', ')}) SELECT seq + @offset, id || @suffix, ${columns.join(', ')} FROM real.papers WHERE seq + @offset <= @target`);
    for (let round = 0; round * real < target; round++) copy.run({ offset: round * real, suffix: round === 0 ? '' : `-copy${round}`, target });
    sqlite.exec('DETACH DATABASE real');
    const papers = (sqlite.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    const corpus = createSqliteLearningCorpus(drizzle(sqlite, { schema }));
    const sampleMs: number[] = [];
    for (let seed = 1; seed <= REPEATS; seed++) sampleMs.push(timed(() => corpus.samplePapers(BACKGROUND_PAPERS, seed)));
    return { papers, sampleMs: p50p95(sampleMs) };
  } finally {
    sqlite.close();
    rmSync(path, { force: true });
  }
}

/** The benchmark table's rows for the costs (bench/RESULTS.md); one row saying why when there is no store to measure on. */
export function learningCostRows(costs: CostFigures | null): BenchRow[] {
  if (!costs) return [infoRow('learning, the model’s costs', 'fit and scoring', 'not measured (no imported store)')];
  const at = `at ${formatCount(costs.papers)} papers`;
  return [
    infoRow(`learning, fitting a channel’s model ${at}`, `10 ratings + ${BACKGROUND_PAPERS.toLocaleString('en-US')} background papers, p50 / p95 of ${REPEATS}`, `${formatMs(costs.fit10Ms[0])} / ${formatMs(costs.fit10Ms[1])} ms`),
    infoRow(`learning, scoring with a channel’s model ${at}`, `1,000 papers (terms, tf-idf, model), median of ${REPEATS}`, `${formatMs(costs.score1000Ms)} ms`),
    infoRow(`learning, /papers like ${at}`, `first page, ${LIKE_PAPERS} papers, p50 / p95`, `${formatMs(costs.likeMs[0])} / ${formatMs(costs.likeMs[1])} ms`),
  ];
}
