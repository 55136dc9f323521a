import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { startWorkerBeside } from '../worker-thread.ts';

/** The full-text table's indexed columns, in its order (drizzle/0006). */
export const FULL_TEXT_COLUMNS = ['title', 'authors', 'abstract', 'category_codes', 'title_aliases', 'abstract_aliases'] as const;

/** A paper's indexed column values, in FULL_TEXT_COLUMNS order. */
export type IndexedValues = unknown[];

/** A paper a load's batch changed after it was first stored: its indexed values before and after that batch. */
export interface IndexedUpdate {
  seq: number;
  before: IndexedValues;
  after: IndexedValues;
}

/** What the loading thread tells the follower after each batch it committed, and at the end. */
export interface FollowerMessage {
  /** The load's batch count as committed (fts_sync_state.load_batch). */
  batch: number;
  /** Papers of earlier batches or of the store that this batch changed, one entry a paper. */
  updates: IndexedUpdate[];
  /** The last batch: index everything, commit, report. */
  end: boolean;
}

/** Slots of the shared signal array: the follower's state, and the last row it has indexed. */
export const STATE = 0;
export const INDEXED_UP_TO = 1;
export const STATE_RUNNING = 0;
export const STATE_DONE = 1;
export const STATE_FAILED = 2;

/** The longest the end of a load waits for the follower's last rows before building the index itself. */
const FINISH_TIMEOUT_MS = 30 * 60_000;

/** The follower's V8 heap: it holds one read of a few hundred rows at a time (the import's peak RSS stays under 300 MB). */
const FOLLOWER_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 };

/**
 * The full-text index of a bulk load, built on a worker thread that follows the load
 * (full-text-follower-worker.ts): it reads the rows the load has committed from the store itself, a
 * few hundred at a time, and indexes them into a scratch database beside it, in one transaction
 * there so FTS5 writes segments as large as its hash allows. The load tells it only which batch it
 * has committed and which papers that batch changed, so nothing waits on it and nothing queues in
 * memory; at the end the scratch index's shadow tables replace the store's (finishDeferredIndexing).
 * The one 'rebuild' it replaces ran alone after the rows, on one core.
 */
export interface FullTextFollower {
  /** After a batch committed: its count and the papers it changed. */
  committed(batch: number, updates: IndexedUpdate[]): void;
  /**
   * Waits for the follower's last rows: the scratch database's path when it indexed them all
   * (finishDeferredIndexing copies that index in), null when it failed (the caller builds it).
   */
  finish(batch: number): string | null;
  /** The seq of the last row indexed so far: how far the follower has got. */
  indexedUpTo(): number;
  /** Stops the worker and removes the scratch database. */
  discard(): void;
}

/** The scratch database of a store's followed full-text build. */
export function fullTextScratchPath(storePath: string): string {
  return `${storePath}-fulltext.tmp`;
}

export function startFullTextFollower(sqlite: Database.Database, lagRows: number): FullTextFollower {
  const scratch = fullTextScratchPath(sqlite.name);
  rmSync(scratch, { force: true });
  const createSql = sqlite.prepare<[], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'papers_fts'").pluck().get()!;
  const hashsize = sqlite.prepare<[], number>("SELECT v FROM papers_fts_config WHERE k = 'hashsize'").pluck().get() ?? 8 * 1024 * 1024;
  const signals = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const worker = startWorkerBeside(import.meta.url, 'full-text-follower-worker', {
    workerData: { store: sqlite.name, scratch, createSql, hashsize, lagRows, signals: signals.buffer },
    resourceLimits: FOLLOWER_LIMITS,
  });
  // The worker reports through the signals; an error event (it could not start) is a failure too.
  worker.on('error', () => Atomics.store(signals, STATE, STATE_FAILED));
  const failed = () => Atomics.load(signals, STATE) === STATE_FAILED;
  const post = (message: FollowerMessage) => worker.postMessage(message);

  return {
    committed(batch, updates) {
      if (!failed()) post({ batch, updates, end: false });
    },
    finish(batch) {
      if (failed()) return null;
      post({ batch, updates: [], end: true });
      const deadline = Date.now() + FINISH_TIMEOUT_MS;
      while (Atomics.load(signals, STATE) === STATE_RUNNING && Date.now() < deadline) Atomics.wait(signals, STATE, STATE_RUNNING, 1000);
      // Its memory is not needed for the copy that follows (a 1,000,000-paper import peaks near the end).
      void worker.terminate();
      return Atomics.load(signals, STATE) === STATE_DONE ? scratch : null;
    },
    indexedUpTo() {
      return Atomics.load(signals, INDEXED_UP_TO);
    },
    discard() {
      void worker.terminate();
      rmSync(scratch, { force: true });
    },
  };
}
