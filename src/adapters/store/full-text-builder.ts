import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { startWorkerBeside } from '../worker-thread.ts';

/** The full-text table's indexed columns, in its order (drizzle/0006). */
export const FULL_TEXT_COLUMNS = ['title', 'authors', 'abstract', 'category_codes', 'title_aliases', 'abstract_aliases'] as const;
/** Values a posted row takes: add (1) or remove (0), the rowid, the indexed columns. */
export const FULL_TEXT_ROW_WIDTH = 2 + FULL_TEXT_COLUMNS.length;

/** Slots of the shared signal array: batches posted and not yet indexed, and the worker's state. */
export const PENDING = 0;
export const STATE = 1;
export const STATE_RUNNING = 0;
export const STATE_DONE = 1;
export const STATE_FAILED = 2;

/**
 * Batches posted ahead of the worker. The importing thread waits beyond this, so memory stays flat
 * when indexing is the slower side (an unbounded queue took a 1,000,000-paper import to 390 MB).
 */
const MAX_PENDING_BATCHES = 3;

/** The longest the end of a load waits for the worker's final segments before building the index itself. */
const FINISH_TIMEOUT_MS = 30 * 60_000;

/**
 * The full-text index of a bulk load, built on a worker thread while the load writes its rows
 * (full-text-builder-worker.ts), into a scratch database beside the store. The load posts the
 * indexed columns of each row it writes; at its end the scratch index's shadow tables replace the
 * store's. The one 'rebuild' it replaces ran alone after the rows, on one core: threaded, the
 * 78,736-paper import took 7.7–7.9 s against 9.5–10.1 s, alternately (bench/experiments).
 */
export interface FullTextBuilder {
  /** Indexes a batch: FULL_TEXT_ROW_WIDTH values a row. Waits while the worker is MAX_PENDING_BATCHES behind. */
  post(rows: unknown[]): void;
  /**
   * Waits for the worker's last segments: the scratch database's path when it built them all
   * (finishDeferredIndexing copies that index in), null when it failed (the caller builds it).
   */
  waitForIndex(): string | null;
  /** Stops the worker and removes the scratch database. */
  discard(): void;
}

/** The scratch database of a store's threaded full-text build. */
export function fullTextScratchPath(storePath: string): string {
  return `${storePath}-fulltext.tmp`;
}

export function startFullTextBuilder(sqlite: Database.Database): FullTextBuilder {
  const scratch = fullTextScratchPath(sqlite.name);
  for (const suffix of ['', '-journal']) rmSync(`${scratch}${suffix}`, { force: true });
  const createSql = sqlite.prepare<[], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'papers_fts'").pluck().get()!;
  const hashsize = sqlite.prepare<[], number>("SELECT v FROM papers_fts_config WHERE k = 'hashsize'").pluck().get() ?? 8 * 1024 * 1024;
  const buffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const signals = new Int32Array(buffer);
  const worker: Worker = startWorkerBeside(import.meta.url, 'full-text-builder-worker', {
    workerData: { path: scratch, createSql, hashsize, signals: buffer },
  });
  // The worker reports through the signals; an error event here has nothing more to say.
  worker.on('error', () => {
    Atomics.store(signals, STATE, STATE_FAILED);
  });
  const failed = () => Atomics.load(signals, STATE) === STATE_FAILED;

  return {
    post(rows) {
      if (failed()) return;
      Atomics.add(signals, PENDING, 1);
      worker.postMessage(rows);
      for (let pending = Atomics.load(signals, PENDING); pending > MAX_PENDING_BATCHES && !failed(); pending = Atomics.load(signals, PENDING)) {
        Atomics.wait(signals, PENDING, pending, 1000);
      }
    },
    waitForIndex() {
      if (failed()) return null;
      worker.postMessage('end');
      const deadline = Date.now() + FINISH_TIMEOUT_MS;
      while (Atomics.load(signals, STATE) === STATE_RUNNING && Date.now() < deadline) Atomics.wait(signals, STATE, STATE_RUNNING, 1000);
      return Atomics.load(signals, STATE) === STATE_DONE ? scratch : null;
    },
    discard() {
      void worker.terminate();
      for (const suffix of ['', '-journal']) rmSync(`${scratch}${suffix}`, { force: true });
    },
  };
}
