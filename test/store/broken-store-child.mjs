/**
 * Processes for broken-store.test.ts, on the store at DATABASE_PATH; the mode is the first argument.
 *
 * `first-run-killed`: the app's first run, killed by SIGKILL in the middle of seeding, as a
 * `kill -9` or the OOM killer would: after the 10th seed paper is written, before the seeding
 * commits. (Any statement's run would do; the paper insert places the kill inside the seeding.)
 *
 * `long-import`: a bulk load as `paperboy import` runs one (batches of 1,000 papers), whose final
 * index build then holds the write lock for HOLD_MS: the full-text 'rebuild' that finishBulkLoad
 * runs when another process wrote during the load, which took 2.3 s for the 78,736-paper snapshot
 * on an idle machine here and longer on a loaded one or a bigger store. Prints "loading" once the
 * load has begun, "holding" when the long transaction has the lock, "done" at the end. Its papers
 * are copies of the test's PAPER (JSON, made with the shared factory), each with its own id,
 * title, abstract and author.
 *
 * Plain JavaScript on the compiled sources (dist/, which the tests' global setup builds): no
 * TypeScript loader to start.
 */
import Database from 'better-sqlite3';
import { openDatabase } from '../../dist/adapters/store/open-database.js';
import { createSqlitePaperRepository } from '../../dist/adapters/store/sqlite-paper-repository.js';
import { createApp } from '../../dist/app.js';
import { loadConfig } from '../../dist/config.js';
import { silentLogger } from '../../dist/core/logger.js';

/** broken-store.test.ts relies on this being longer than the 5 s writes used to wait. */
const HOLD_MS = 6_500;

const path = process.env['DATABASE_PATH'];
const mode = process.argv[2];

if (mode === 'first-run-killed') {
  const statement = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1'));
  const run = statement.run;
  let papersWritten = 0;
  statement.run = function (...args) {
    const result = run.apply(this, args);
    if (this.source.includes('INSERT INTO papers (') && ++papersWritten === 10) process.kill(process.pid, 'SIGKILL');
    return result;
  };
  createApp(loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' }), { log: silentLogger });
  process.stdout.write('seeded without being killed\n');
} else if (mode === 'long-import') {
  const template = JSON.parse(process.env['PAPER']);
  const paper = (i) => ({
    ...template,
    id: `2612.${String(i).padStart(5, '0')}`,
    title: `Numbat survey ${i}`,
    abstract: `Numbats and their habits, part ${i}.`,
    authors: [`Author ${i % 97}`],
  });
  const db = openDatabase(path);
  const papers = createSqlitePaperRepository(db.sqlite);
  papers.beginBulkLoad(20_000);
  process.stdout.write('loading\n');
  for (let batch = 0; batch < 20; batch++) {
    papers.upsertPapers(Array.from({ length: 1000 }, (_, i) => paper(batch * 1000 + i)), '2026-12-01T00:00:00Z');
    // An import reads and parses between batches; the other process's writes get the lock then.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const rebuild = db.sqlite.prepare("INSERT INTO papers_fts(papers_fts) VALUES('rebuild')");
  db.sqlite.transaction(() => {
    const started = performance.now();
    process.stdout.write('holding\n');
    do rebuild.run();
    while (performance.now() - started < HOLD_MS);
  }).immediate();
  papers.finishBulkLoad();
  db.close();
  process.stdout.write('done\n');
} else {
  throw new Error(`unknown mode ${mode}`);
}
