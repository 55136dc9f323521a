/**
 * An experiment, not product code: does building the full-text index on a third thread during an
 * import beat the one 'rebuild' at its end? Imports a snapshot into a fresh store either way:
 *
 *   node bin/run-ts.js bench/experiments/threaded-fulltext-import.ts rebuild|threaded FILE [STORE]
 *
 * `rebuild` is the importer's own path (importSnapshot). `threaded` writes the rows the same way but
 * posts each batch's indexed columns to full-text-builder-worker.mjs, which indexes them into a
 * scratch database, and copies that index's shadow tables into the store at the end. Papers that
 * appear twice in the file keep their first version in the threaded index (the experiment skips
 * the update path). Run the two modes alternately: this machine's speed moves by a third hour to hour.
 */
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { readSnapshotInWorker } from '../../src/adapters/snapshot/read-snapshot-in-worker.ts';
import { importSnapshot } from '../../src/adapters/snapshot/import-snapshot.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { paperToParams } from '../../src/adapters/store/paper-rows.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { authorNameKey } from '../../src/core/author-name.ts';
import { newPaper } from '../../src/core/merge-paper.ts';

const [mode, file, store = '/tmp/threaded-fulltext-import.db'] = process.argv.slice(2);
if ((mode !== 'rebuild' && mode !== 'threaded') || !file) throw new Error('usage: threaded-fulltext-import.ts rebuild|threaded FILE [STORE]');
for (const suffix of ['', '-wal', '-shm', '.fts']) rmSync(store + suffix, { force: true });
const started = performance.now();
const SEEN = '2026-11-22T00:00:00Z';
const database = openDatabase(store);
const sqlite = database.sqlite;
const papers = createSqlitePaperRepository(sqlite);

if (mode === 'rebuild') {
  await importSnapshot(file, papers, { seenAt: SEEN });
} else {
  const FTS_COLUMNS = 'title, authors, abstract, category_codes, title_aliases, abstract_aliases';
  const createSql = sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'papers_fts'").pluck().get() as string;
  const builder = new Worker(new URL('./full-text-builder-worker.mjs', import.meta.url), {
    workerData: { path: `${store}.fts`, createSql, columns: FTS_COLUMNS },
  });
  papers.beginBulkLoad(10_000_000);
  const COLUMNS = ['id', 'version', 'title', 'abstract', 'authors', 'authors_truncated', 'categories', 'primary_category', 'published', 'updated',
    'comment', 'doi', 'journal_ref', 'abs_url', 'pdf_url', 'code_url', 'org', 'score', 'upvotes', 'sources', 'first_seen_at', 'changed_at',
    'title_aliases', 'abstract_aliases'];
  const insert = sqlite
    .prepare(`INSERT INTO papers (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING RETURNING seq, category_codes`)
    .raw();
  const insertLink = sqlite.prepare('INSERT OR IGNORE INTO paper_authors (paper_seq, position, author_id) VALUES (?, ?, ?)');
  const authorId = sqlite.prepare('SELECT id FROM authors WHERE name_key = ?').pluck();
  const insertAuthor = sqlite.prepare('INSERT INTO authors (name_key, display_name) VALUES (?, ?)');
  const authorIds = new Map<string, number>();
  for await (const batch of readSnapshotInWorker(file, 1000)) {
    const indexed: unknown[] = [];
    sqlite.transaction(() => {
      batch.papers.forEach((input, i) => {
        const params = paperToParams(newPaper(input, SEEN), SEEN, batch.aliases?.[i]);
        const row = insert.get(...COLUMNS.map((column) => params[column])) as [number, string] | undefined;
        if (!row) return;
        indexed.push(row[0], params.title, params.authors, params.abstract, row[1], params.title_aliases, params.abstract_aliases);
        input.authors.forEach((name, position) => {
          const key = authorNameKey(name);
          if (key === '') return;
          let id = authorIds.get(key);
          if (id === undefined) {
            id = (authorId.get(key) as number | undefined) ?? Number(insertAuthor.run(key, name).lastInsertRowid);
            authorIds.set(key, id);
          }
          insertLink.run(row[0], position, id);
        });
      });
    })();
    builder.postMessage(indexed);
  }
  await new Promise((resolve) => {
    builder.once('message', resolve);
    builder.postMessage('end');
  });
  // FTS5's shadow tables are read-only to SQL while SQLite's defensive mode is on. Copied on the
  // importing connection, its FTS5 keeps the empty index it cached (it notices only other
  // connections' commits): enough for this timing run, which searches nothing afterwards; a real
  // importer copies on a connection of its own (README, "What limits the misses").
  sqlite.unsafeMode(true);
  sqlite.exec(`ATTACH '${store}.fts' AS scratch`);
  sqlite.transaction(() => {
    for (const table of ['data', 'idx', 'docsize']) {
      sqlite.exec(`DELETE FROM main.papers_fts_${table}; INSERT INTO main.papers_fts_${table} SELECT * FROM scratch.papers_fts_${table}`);
    }
    sqlite.exec('CREATE INDEX IF NOT EXISTS paper_authors_author_idx ON paper_authors (author_id)');
    sqlite.prepare('UPDATE fts_sync_state SET deferred = 0 WHERE id = 1').run();
  })();
  sqlite.exec('DETACH scratch');
  sqlite.unsafeMode(false);
  papers.finishBulkLoad(); // nothing left to build: it releases the lock and restores the pragmas
}
sqlite.pragma('wal_checkpoint(TRUNCATE)');
const count = papers.countPapers();
database.close();
console.log(`${mode}: ${count.toLocaleString('en-US')} papers in ${((performance.now() - started) / 1000).toFixed(2)} s`);
