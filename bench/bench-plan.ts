/** What a benchmark run measures, and how many times: the full run, or the quick one CI runs. */

export type BenchMode = 'quick' | 'full';

export interface BenchPlan {
  mode: BenchMode;
  /** Real papers imported and searched (all 78,736 in the full run). */
  realPapers: number;
  /** The arXiv-scale corpus (real + synthetic), or null to skip it (quick). */
  largePapers: number | null;
  /** Papers minisearch indexes (the last ones of the large corpus, else of the real one). */
  minisearchPapers: number;
  /** Measured passes over the 200 queries, after one warm-up pass. */
  searchPasses: number;
  minisearchPasses: number;
  importRuns: number;
  largeImportRuns: number;
  coldStartRuns: number;
  digest: {
    newPapers: number;
    channels: number;
    subscriptionsPerChannel: number;
    /** Repeat the selection up to this many times while the total stays within the budget. */
    maxRuns: number;
    budgetSeconds: number;
  };
  slack: { ratePerSecond: number; seconds: number; runs: number };
  /**
   * Issue 19 (bench/chat-load-bench.ts): `burst` concurrent commands per platform, idle, during an
   * import of `importPapers` synthetic papers into the served store, and during a 50-subscription
   * digest over them.
   */
  chatLoad: { burst: number; importPapers: number };
  /** Issue 19 (bench/serving-memory.ts): rounds of mixed commands to a serving process with the search pool. */
  servingMemory: { rounds: number; perRound: number };
  /**
   * Issue 21 (bench/pg-worker.ts): the PostgreSQL column, in a scratch schema: `papers` of the real
   * corpus imported `importRuns` times, the search command over the 200 queries `searchPasses`
   * times, and digest selection for a day as `digest` measures it on SQLite.
   */
  postgres: { papers: number; importRuns: number; searchPasses: number; digest: BenchPlan['digest'] };
}

/** Every paper in the real corpus in ../shared. */
export const REAL_CORPUS_PAPERS = 78_736;

export const FULL_PLAN: BenchPlan = {
  mode: 'full',
  realPapers: REAL_CORPUS_PAPERS,
  largePapers: 1_000_000,
  minisearchPapers: 100_000,
  searchPasses: 3,
  minisearchPasses: 3,
  importRuns: 3,
  largeImportRuns: 3,
  coldStartRuns: 5,
  digest: { newPapers: 5000, channels: 2000, subscriptionsPerChannel: 5, maxRuns: 3, budgetSeconds: 120 },
  slack: { ratePerSecond: 100, seconds: 30, runs: 3 },
  // The import brings the served store to 250,000 papers, every imported one new to the digest.
  chatLoad: { burst: 300, importPapers: 250_000 - REAL_CORPUS_PAPERS },
  servingMemory: { rounds: 20, perRound: 300 },
  // One import run: at PostgreSQL's rate it takes minutes, and the search and the digest need its store.
  postgres: { papers: REAL_CORPUS_PAPERS, importRuns: 1, searchPasses: 3, digest: { newPapers: 5000, channels: 2000, subscriptionsPerChannel: 5, maxRuns: 3, budgetSeconds: 120 } },
};

/** Small enough to finish well within 3 minutes on a 2-core machine; it checks that the benchmark code works. */
export const QUICK_PLAN: BenchPlan = {
  mode: 'quick',
  realPapers: 20_000,
  largePapers: null,
  minisearchPapers: 10_000,
  searchPasses: 3,
  minisearchPasses: 3,
  importRuns: 3,
  largeImportRuns: 0,
  coldStartRuns: 3,
  digest: { newPapers: 2000, channels: 200, subscriptionsPerChannel: 5, maxRuns: 3, budgetSeconds: 20 },
  slack: { ratePerSecond: 100, seconds: 3, runs: 3 },
  chatLoad: { burst: 100, importPapers: 2_000 },
  servingMemory: { rounds: 3, perRound: 100 },
  postgres: { papers: 5_000, importRuns: 1, searchPasses: 1, digest: { newPapers: 500, channels: 50, subscriptionsPerChannel: 5, maxRuns: 1, budgetSeconds: 10 } },
};
