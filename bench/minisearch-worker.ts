/**
 * The in-memory reference row: minisearch (exact words, every word required, its default BM25
 * ranking) over title, authors and abstract of a slice of a snapshot file, timed on the same
 * queries reduced to plain words. Run by run-bench.ts in a child process of its own (started
 * with --expose-gc so the heap figure is what the index keeps):
 *
 *   node --expose-gc bin/run-ts.js bench/minisearch-worker.ts '{"corpus":"/tmp/x.jsonl","skip":0,"take":100000,"passes":5}'
 */
import MiniSearch from 'minisearch';
import { parseSnapshotLine } from '../src/adapters/snapshot/parse-snapshot-record.ts';
import { medianOfSummaries, summarizeLatencies, type LatencySummary } from './bench-stats.ts';
import { loadBenchQueries } from './bench-queries.ts';
import { plainTerms } from './plain-terms.ts';
import { readSnapshotLines } from './snapshot-lines.ts';
import { memoryOfThisProcess, readWorkerArgs, reportWorkerResult } from './worker-protocol.ts';

export interface MinisearchWorkerArgs {
  corpus: string;
  /** Records skipped at the start of the file, then `take` indexed. */
  skip: number;
  take: number;
  passes: number;
  queriesFile?: string;
}

export interface MinisearchWorkerResult {
  papers: number;
  buildSeconds: number;
  heapUsedMb: number;
  rssMb: number;
  latency: LatencySummary;
}

interface IndexedPaper {
  id: number;
  title: string;
  authors: string;
  abstract: string;
}

const TOP_K = 10;

async function main(): Promise<void> {
  const args = readWorkerArgs<MinisearchWorkerArgs>();
  const queries = loadBenchQueries(args.queriesFile).map((q) => plainTerms(q).join(' '));
  let documents: IndexedPaper[] = [];
  let seen = 0;
  for await (const line of readSnapshotLines(args.corpus)) {
    if (seen++ < args.skip) continue;
    if (documents.length >= args.take) break;
    const parsed = parseSnapshotLine(line);
    if (!parsed.ok) continue;
    const { title, authors, abstract } = parsed.paper;
    documents.push({ id: documents.length, title, authors: authors.join(', '), abstract });
  }
  const papers = documents.length;
  const index = new MiniSearch<IndexedPaper>({ fields: ['title', 'authors', 'abstract'], searchOptions: { combineWith: 'AND' } });
  const started = performance.now();
  index.addAll(documents);
  const buildSeconds = (performance.now() - started) / 1000;
  documents = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();

  const timePass = () =>
    queries.map((query) => {
      const t = performance.now();
      index.search(query).slice(0, TOP_K);
      return performance.now() - t;
    });
  timePass();
  const passes = Array.from({ length: args.passes }, timePass);
  const memory = await memoryOfThisProcess();
  const result: MinisearchWorkerResult = {
    papers,
    buildSeconds,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
    rssMb: memory.rssMb,
    latency: medianOfSummaries(passes.map(summarizeLatencies)),
  };
  reportWorkerResult(result);
}

await main();
