/**
 * A process in the middle of a bulk load, for bulk-load.test.ts: opens DATABASE_PATH, begins a
 * bulk load, stores three papers, prints "loading", then waits for a line on stdin. "finish"
 * finishes the load, prints how it indexed, and exits; anything else (or the parent killing it) leaves the load unfinished.
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';

const db = openDatabase(process.env['DATABASE_PATH']!);
const papers = createSqlitePaperRepository(db.sqlite);
const deferred = papers.beginBulkLoad(1000);
papers.upsertPapers(
  [1, 2, 3].map((i) => ({
    id: `2611.3000${i}`, version: 1, title: `Wombat paper ${i}`, abstract: 'Wombats.', authors: ['A B'], authorsTruncated: false,
    categories: ['cs.IR'], published: null, updated: null, comment: null, doi: null, journalRef: null, absUrl: null, pdfUrl: null,
    codeUrl: null, org: null, score: null, upvotes: null, sources: ['snapshot'],
  })),
  '2026-11-22T00:00:00Z',
);
process.stdout.write(`loading deferred=${deferred}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'finish') {
    const indexing = papers.finishBulkLoad();
    db.close();
    process.stdout.write(`finished ${indexing}\n`);
  }
  process.exit(0);
}
