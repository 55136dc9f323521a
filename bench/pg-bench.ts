/**
 * The benchmark's PostgreSQL section on its own (run-bench.ts runs it after the SQLite sections):
 *
 *   npm run build && node bin/run-ts.js bench/pg-bench.ts [--quick] [--work-dir DIR]
 *
 * The import is `paperboy import` as built in dist/ (bin/paperboy.js), as run-bench.ts measures SQLite's.
 * PAPERBOY_BENCH_DATABASE_URL names the database (default postgres://postgres@127.0.0.1:5432/test);
 * the section works in a scratch schema of it, dropped at the end. Prints the rows and the result as JSON.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL_PLAN, QUICK_PLAN, REAL_CORPUS_PAPERS } from './bench-plan.ts';
import { renderMarkdownTable } from './bench-report.ts';
import { REAL_CORPUS } from './generate-corpus.ts';
import { benchPostgres, PG_BENCH_URL, pgRows, pgUnavailableReason } from './pg-section.ts';
import { writeSnapshotPrefix } from './snapshot-lines.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'work-dir': { type: 'string' } } });
const plan = values.quick ? QUICK_PLAN : FULL_PLAN;
const unavailable = await pgUnavailableReason(PG_BENCH_URL);
if (unavailable !== null) {
  process.stderr.write(`skipped: ${unavailable}\n`);
} else {
  let snapshot = fileURLToPath(REAL_CORPUS);
  if (plan.postgres.papers < REAL_CORPUS_PAPERS) {
    const workDir = values['work-dir'] ?? '/tmp/paperboy-bench-quick';
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, `arxiv-real-${plan.postgres.papers}.jsonl`);
    await writeSnapshotPrefix(snapshot, file, plan.postgres.papers);
    snapshot = file;
  }
  const started = performance.now();
  const result = await benchPostgres({ url: PG_BENCH_URL, plan, snapshot, node: {} });
  process.stdout.write(`${renderMarkdownTable(pgRows(result, snapshot.endsWith('.gz') ? 'real, .jsonl.gz' : 'real, .jsonl'))}\n\n${JSON.stringify(result)}\n`);
  process.stderr.write(`PostgreSQL section: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
