/**
 * A process in the middle of a bulk load, for bulk-load.test.ts: opens DATABASE_PATH, begins a
 * bulk load, stores the papers in PAPERS (JSON, made by the test with the shared factory), prints
 * "loading", then waits for a line on stdin. "finish" finishes the load, prints how it indexed, and
 * exits; anything else (or the parent killing it) leaves the load unfinished.
 * Plain JavaScript on the compiled sources (dist/, which the tests' global setup builds): no
 * TypeScript loader to start.
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../dist/adapters/store/open-database.js';
import { createSqlitePaperRepository } from '../../dist/adapters/store/sqlite-paper-repository.js';

const db = openDatabase(process.env['DATABASE_PATH']);
const papers = createSqlitePaperRepository(db.sqlite);
const deferred = papers.beginBulkLoad(1000);
papers.upsertPapers(JSON.parse(process.env['PAPERS']), '2026-11-22T00:00:00Z');
process.stdout.write(`loading deferred=${deferred}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'finish') {
    const indexing = papers.finishBulkLoad();
    db.close();
    process.stdout.write(`finished ${indexing}\n`);
  }
  process.exit(0);
}
