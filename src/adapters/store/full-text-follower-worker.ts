/**
 * Worker-thread entry of full-text-follower.ts: indexes the rows a bulk load has committed into a
 * scratch database's copy of the full-text table, all in one transaction on the scratch database,
 * so FTS5 writes segments as large as its hash allows. It reads the rows from the store on a
 * connection of its own, a few hundred at a time, each read in its own short snapshot: a snapshot
 * held for longer keeps SQLite from restarting the store's write-ahead log, which then grew to
 * 2 GB in a 1,000,000-paper import. Protocol: workerData {store, scratch, createSql, hashsize,
 * lagRows, signals}; messages are FollowerMessage values; at the end it sets signals[STATE]
 * to DONE or FAILED.
 *
 * A paper the load changes after it was first stored (a paper twice in one file) must leave the
 * index with its new text only, and an external-content FTS5 index can only remove a row given
 * the exact values it indexed. So each read notes the load's batch count in the same snapshot as
 * its rows: a change made by a batch the read already saw needs nothing, and one made by a later
 * batch removes the values from before that batch (which are what the read indexed) and adds the
 * new ones.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { FULL_TEXT_COLUMNS, INDEXED_UP_TO, STATE, STATE_DONE, STATE_FAILED, type FollowerMessage } from './full-text-follower.ts';

const { store, scratch, createSql, hashsize, lagRows, signals: buffer } = workerData as {
  store: string;
  scratch: string;
  createSql: string;
  hashsize: number;
  lagRows: number;
  signals: SharedArrayBuffer;
};
const signals = new Int32Array(buffer);
const port = parentPort!;

function settle(state: number): void {
  Atomics.store(signals, STATE, state);
  Atomics.notify(signals, STATE);
  port.close();
}

/** Reads in order: every row up to `upTo` was indexed as of the load's batch `batch`. */
const reads: Array<{ upTo: number; batch: number }> = [];
/** Papers whose entry was replaced after their read: the batch whose values the index now holds. */
const replacedAt = new Map<number, number>();

/** The load's batch whose values the index holds for `seq`, or null when it has not indexed it yet. */
function indexedAsOf(seq: number): number | null {
  const replaced = replacedAt.get(seq);
  if (replaced !== undefined) return replaced;
  let low = 0;
  let high = reads.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (reads[middle]!.upTo < seq) low = middle + 1;
    else high = middle;
  }
  return low < reads.length ? reads[low]!.batch : null;
}

/** Rows a read takes from the store: small enough that its snapshot is brief and its strings few. */
const ROWS_A_READ = 500;

try {
  // A scratch file, thrown away at the end: nothing to sync, and its journal in memory (OFF is
  // refused in SQLite's defensive mode, better-sqlite3's default; a fresh file journals almost nothing).
  const db = new Database(scratch);
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -4000');
  db.exec(createSql);
  // FTS5 reads its configuration commands' values as literals, not bound parameters.
  db.exec(`INSERT INTO papers_fts(papers_fts, rank) VALUES ('hashsize', ${Math.trunc(hashsize)})`);
  const source = new Database(store, { readonly: true });
  source.pragma('cache_size = -2000');
  const columns = FULL_TEXT_COLUMNS.join(', ');
  const placeholders = FULL_TEXT_COLUMNS.map(() => '?').join(', ');
  const storedUpTo = source.prepare<[], number | null>('SELECT max(seq) FROM papers').pluck();
  const loadBatch = source.prepare<[], number>('SELECT load_batch FROM fts_sync_state WHERE id = 1').pluck();
  const rowsAfter = source.prepare<[number], unknown[]>(`SELECT seq, ${columns} FROM papers WHERE seq > ? ORDER BY seq LIMIT ${ROWS_A_READ}`).raw();
  /** The next rows and the batch count, in one snapshot. */
  const readRows = source.transaction((after: number) => ({ batch: loadBatch.get()!, rows: rowsAfter.all(after) }));
  const add = db.prepare(`INSERT INTO papers_fts(rowid, ${columns}) VALUES (?, ${placeholders})`);
  const remove = db.prepare(`INSERT INTO papers_fts(papers_fts, rowid, ${columns}) VALUES ('delete', ?, ${placeholders})`);
  let indexedUpTo = 0;

  /** Indexes every row committed so far. */
  function indexCommitted(): void {
    for (;;) {
      const { batch, rows } = readRows(indexedUpTo);
      if (rows.length === 0) return;
      for (const row of rows) add.run(row);
      indexedUpTo = rows[rows.length - 1]![0] as number;
      reads.push({ upTo: indexedUpTo, batch });
      Atomics.store(signals, INDEXED_UP_TO, indexedUpTo);
    }
  }

  function applyUpdates(message: FollowerMessage): void {
    for (const { seq, before, after } of message.updates) {
      const asOf = indexedAsOf(seq);
      // Not indexed yet (its read will see the new values), or indexed with this batch's values.
      if (asOf === null || asOf >= message.batch) continue;
      remove.run(seq, ...before);
      add.run(seq, ...after);
      replacedAt.set(seq, message.batch);
    }
  }

  db.exec('BEGIN');
  port.on('message', (message: FollowerMessage) => {
    try {
      if (message.updates.length > 0) applyUpdates(message);
      if (message.end || (storedUpTo.get() ?? 0) - indexedUpTo >= lagRows) indexCommitted();
      if (message.end) {
        db.exec('COMMIT');
        db.close();
        source.close();
        settle(STATE_DONE);
      }
    } catch {
      db.close();
      source.close();
      settle(STATE_FAILED);
    }
  });
} catch {
  settle(STATE_FAILED);
}
