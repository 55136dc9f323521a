/**
 * Worker-thread entry of full-text-builder.ts: indexes the rows the importing thread posts into a
 * scratch database's copy of the full-text table, all in one transaction, so FTS5 writes its
 * segments as large as its hash allows instead of one small segment per posted batch.
 * Protocol: workerData {path, createSql, hashsize, signals}; messages are flat row arrays
 * (FULL_TEXT_ROW_WIDTH values a row: 1 add / 0 remove, rowid, then the indexed columns) or 'end'.
 * After each message it lowers signals[PENDING]; at the end it sets signals[STATE] to DONE or FAILED.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { FULL_TEXT_COLUMNS, FULL_TEXT_ROW_WIDTH, PENDING, STATE, STATE_DONE, STATE_FAILED } from './full-text-builder.ts';

const { path, createSql, hashsize, signals: buffer } = workerData as { path: string; createSql: string; hashsize: number; signals: SharedArrayBuffer };
const signals = new Int32Array(buffer);
const port = parentPort!;

function settle(state: number): void {
  Atomics.store(signals, STATE, state);
  Atomics.notify(signals, STATE);
}

try {
  // A scratch file, thrown away at the end: nothing to journal or sync.
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -4000');
  db.exec(createSql);
  // FTS5 reads its configuration commands' values as literals, not bound parameters.
  db.exec(`INSERT INTO papers_fts(papers_fts, rank) VALUES ('hashsize', ${Math.trunc(hashsize)})`);
  const placeholders = FULL_TEXT_COLUMNS.map(() => '?').join(', ');
  const add = db.prepare(`INSERT INTO papers_fts(rowid, ${FULL_TEXT_COLUMNS.join(', ')}) VALUES (?, ${placeholders})`);
  const remove = db.prepare(`INSERT INTO papers_fts(papers_fts, rowid, ${FULL_TEXT_COLUMNS.join(', ')}) VALUES ('delete', ?, ${placeholders})`);
  db.exec('BEGIN');
  port.on('message', (message: unknown[] | 'end') => {
    try {
      if (message === 'end') {
        db.exec('COMMIT');
        db.close();
        settle(STATE_DONE);
        port.close();
        return;
      }
      for (let i = 0; i < message.length; i += FULL_TEXT_ROW_WIDTH) {
        const values = message.slice(i + 1, i + FULL_TEXT_ROW_WIDTH);
        (message[i] === 1 ? add : remove).run(...values);
      }
      Atomics.sub(signals, PENDING, 1);
      Atomics.notify(signals, PENDING);
    } catch {
      settle(STATE_FAILED);
      port.close();
    }
  });
} catch {
  settle(STATE_FAILED);
  port.close();
}
