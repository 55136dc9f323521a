/**
 * Held-out relevance evaluation (issue 2): converts a BEIR collection (SciFact by default) to the
 * arXiv snapshot layout, imports it with the real CLI into a fresh database, runs
 * `paperboy search --json --limit 10 --sort relevance --queries FILE`, and scores the JSON lines
 * with nDCG@10 and Recall@10 against the split's qrels. The raw FTS5 baseline runs on the same
 * corpus in the same command.
 *
 *   node bin/run-ts.js bench/relevance/evaluate.ts --split train
 *
 * Writes bench/out/relevance-<split>.json and TREC run files (bench/out/relevance-<split>.*.run).
 * When the split's labels are absent (SciFact test: withheld), it says so and writes the run
 * files so whoever holds the labels can score them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { beirIdOfPaper, convertDataset, readQrels } from './convert-beir.ts';
import { buildBaselineIndex } from './fts5-baseline.ts';
import { scoreRun, type Scores } from './metrics.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT_DIR = join(REPO_ROOT, 'bench', 'out');
const RESULTS_PER_QUERY = 10;
/** The search CLI prints one JSON line per query; 809 queries × 10 results is a few MB. */
const CLI_OUTPUT_LIMIT = 512 * 1024 * 1024;

interface SearchLine {
  query: string;
  error?: string;
  results: Array<{ id: string; score: number }>;
}

function paperboy(args: string[], databasePath: string): { stdout: string; seconds: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'paperboy.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: CLI_OUTPUT_LIMIT,
  });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) {
    throw new Error(`paperboy ${args.join(' ')} exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  }
  return { stdout: child.stdout, seconds };
}

function trecRun(run: ReadonlyMap<string, ReadonlyArray<{ id: string; score: number }>>, tag: string): string {
  const lines: string[] = [];
  for (const [queryId, results] of run) {
    results.forEach((r, i) => lines.push(`${queryId} Q0 ${r.id} ${i + 1} ${r.score} ${tag}`));
  }
  return `${lines.join('\n')}\n`;
}

const fmt = (n: number) => n.toFixed(4);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      split: { type: 'string', default: 'train' },
      dataset: { type: 'string', default: join(REPO_ROOT, '..', 'shared', 'datasets', 'scifact') },
      keep: { type: 'boolean', default: false },
    },
  });
  const split = values.split;
  if (!/^[a-z0-9_-]+$/i.test(split)) throw new Error(`--split must be a plain name such as train or test; got "${split}"`);
  const datasetDir = resolve(values.dataset);
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), `paperboy-relevance-${split}-`));
  try {
    const converted = await convertDataset(datasetDir, split, work);
    const corpusIds = new Set<string>();
    for (const line of readFileSync(converted.snapshotPath, 'utf8').split('\n')) {
      if (line !== '') corpusIds.add((JSON.parse(line) as { id: string }).id);
    }

    // The app seeds a database it creates itself (src/app.ts: firstRun). Creating and migrating the
    // file here first keeps the seed papers out, so the index holds exactly the collection.
    const databasePath = join(work, 'paperboy.db');
    openDatabase(databasePath).close();
    const imported = paperboy(['import', converted.snapshotPath], databasePath);
    const check = openDatabase(databasePath, { readonly: true });
    const storedPapers = (check.sqlite.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    check.close();
    if (storedPapers !== converted.documents) {
      throw new Error(`the database holds ${storedPapers} papers after import, expected ${converted.documents}`);
    }

    const searched = paperboy(
      ['search', '--json', '--limit', String(RESULTS_PER_QUERY), '--sort', 'relevance', '--queries', converted.queriesPath],
      databasePath,
    );
    const lines = searched.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as SearchLine);
    if (lines.length !== converted.queries.ids.length) {
      throw new Error(`paperboy answered ${lines.length} queries, expected ${converted.queries.ids.length}`);
    }
    const paperboyRun = new Map<string, Array<{ id: string; score: number }>>();
    const queryErrors: Array<{ id: string; query: string; error: string }> = [];
    let foreignResults = 0;
    lines.forEach((line, i) => {
      const id = converted.queries.ids[i]!;
      if (line.query !== converted.queries.texts[i]) throw new Error(`answer ${i + 1} is for "${line.query}", expected "${converted.queries.texts[i]}"`);
      if (line.error) queryErrors.push({ id, query: line.query, error: line.error });
      // Defensive: anything not in the collection (e.g. a seed paper) is dropped before scoring.
      const inCorpus = line.results.filter((r) => corpusIds.has(r.id));
      foreignResults += line.results.length - inCorpus.length;
      paperboyRun.set(id, inCorpus.map((r) => ({ id: beirIdOfPaper(r.id), score: r.score })));
    });

    const baselineStarted = performance.now();
    const baseline = await buildBaselineIndex(converted.snapshotPath);
    const baselineRun = new Map<string, Array<{ id: string; score: number }>>();
    converted.queries.ids.forEach((id, i) => {
      const ranked = baseline.search(converted.queries.texts[i]!, RESULTS_PER_QUERY);
      baselineRun.set(id, ranked.map((doc, rank) => ({ id: beirIdOfPaper(doc), score: RESULTS_PER_QUERY - rank })));
    });
    baseline.close();
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;

    mkdirSync(OUT_DIR, { recursive: true });
    const paperboyRunPath = join(OUT_DIR, `relevance-${split}.paperboy.run`);
    const baselineRunPath = join(OUT_DIR, `relevance-${split}.fts5-baseline.run`);
    writeFileSync(paperboyRunPath, trecRun(paperboyRun, 'paperboy'));
    writeFileSync(baselineRunPath, trecRun(baselineRun, 'fts5-baseline'));

    const qrelsPath = join(datasetDir, 'qrels', `${split}.tsv`);
    let scores: { paperboy: Scores; baseline: Scores } | null = null;
    if (existsSync(qrelsPath)) {
      const qrels = readQrels(qrelsPath);
      const asIds = (run: Map<string, Array<{ id: string }>>) => new Map([...run].map(([q, r]) => [q, r.map((x) => x.id)]));
      scores = { paperboy: scoreRun(asIds(paperboyRun), qrels), baseline: scoreRun(asIds(baselineRun), qrels) };
    }
    const totalSeconds = (performance.now() - started) / 1000;

    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(`Collection ${datasetDir}, split ${split}: ${converted.documents} documents, ${converted.queries.ids.length} queries`);
    out(`paperboy import: ${imported.seconds.toFixed(1)} s; paperboy search --queries: ${searched.seconds.toFixed(1)} s; baseline: ${baselineSeconds.toFixed(1)} s`);
    if (queryErrors.length > 0) out(`${queryErrors.length} queries answered with an error (scored as empty): ${queryErrors.map((e) => e.id).join(', ')}`);
    if (foreignResults > 0) out(`${foreignResults} results outside the collection were dropped before scoring`);
    if (scores) {
      out('');
      out(`run                 queries  nDCG@10  Recall@10`);
      for (const [name, s] of [['raw FTS5 baseline', scores.baseline], ['paperboy', scores.paperboy]] as const) {
        out(`${name.padEnd(20)}${String(s.queries).padStart(7)}  ${fmt(s.ndcg10).padStart(7)}  ${fmt(s.recall10).padStart(9)}`);
      }
    } else {
      out(`No labels at ${qrelsPath}: the ${split} labels are withheld. Run files for scoring elsewhere (TREC format):`);
      out(`  ${paperboyRunPath}`);
      out(`  ${baselineRunPath}`);
    }
    out(`total ${totalSeconds.toFixed(1)} s`);

    const reportPath = join(OUT_DIR, `relevance-${split}.json`);
    writeFileSync(
      reportPath,
      `${JSON.stringify(
        {
          dataset: datasetDir,
          split,
          documents: converted.documents,
          queries: converted.queries.ids.length,
          labels: scores ? qrelsPath : null,
          metrics: scores
            ? {
                paperboy: { queries: scores.paperboy.queries, ndcg10: scores.paperboy.ndcg10, recall10: scores.paperboy.recall10 },
                baseline: { queries: scores.baseline.queries, ndcg10: scores.baseline.ndcg10, recall10: scores.baseline.recall10 },
              }
            : null,
          seconds: { import: imported.seconds, search: searched.seconds, baseline: baselineSeconds, total: totalSeconds },
          queryErrors,
          foreignResultsDropped: foreignResults,
          runs: { paperboy: paperboyRunPath, baseline: baselineRunPath },
          perQueryNdcg10: scores ? { paperboy: scores.paperboy.perQuery, baseline: scores.baseline.perQuery } : null,
        },
        null,
        2,
      )}\n`,
    );
    out(`wrote ${reportPath}`);
  } finally {
    if (values.keep) process.stdout.write(`kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

await main();
