// Worker of threaded-fulltext-import.ts: builds the full-text index of the rows the importing thread
// posts into a scratch database, in one transaction (so FTS5 flushes 8 MB segments, not one per batch).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -4000');
db.exec(workerData.createSql);
db.exec("INSERT INTO papers_fts(papers_fts, rank) VALUES ('hashsize', 8388608)");
const insert = db.prepare(`INSERT INTO papers_fts(rowid, ${workerData.columns}) VALUES (${workerData.columns.split(',').map(() => '?').join(', ')}, ?)`);
const width = workerData.columns.split(',').length + 1;
db.exec('BEGIN');
parentPort.on('message', (message) => {
  if (message === 'end') {
    db.exec('COMMIT');
    db.close();
    parentPort.postMessage('done');
    parentPort.close();
    return;
  }
  for (let i = 0; i < message.length; i += width) insert.run(...message.slice(i, i + width));
});
