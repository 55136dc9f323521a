/**
 * Checkpoints of a serving process's store, off the chat thread. SQLite copies the write-ahead
 * log into the database on the connection whose commit finds the log past wal_autocheckpoint
 * pages (https://www.sqlite.org/wal.html#automatic_checkpoint), synchronously: after
 * `paperboy import` (which lets the log reach 64 MB between its own checkpoints) the chat thread's
 * next write, a subscribe or a Discord interaction's claim, copied tens of MB before answering
 * (389 ms stalls in the chat-load bench during a 171,264-paper import). A serving process turns
 * that off on its connection and checkpoints here, in a thread of its own, every few seconds.
 */
import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from '../../core/logger.ts';
import { startWorkerBeside } from '../worker-thread.ts';

/** How often the log is copied into the database: a few seconds of writes is a small copy. */
export const CHECKPOINT_EVERY_MS = 5_000;

export interface WalCheckpointer {
  /** Asks for a checkpoint now and settles when it is done (tests). */
  checkpointNow(): Promise<{ log: number; checkpointed: number }>;
  /** Ends the thread after a last checkpoint. The serving connection, closing too, keeps no log behind (SQLite checkpoints when the last connection closes). */
  stop(): Promise<void>;
}

export function startWalCheckpointer(sqlite: Database.Database, databasePath: string, log: Logger, everyMs = CHECKPOINT_EVERY_MS): WalCheckpointer {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker: Worker = startWorkerBeside(import.meta.url, 'wal-checkpointer-worker', { workerData: { databasePath, everyMs } });
  worker.unref();
  const waiting: Array<(result: { log: number; checkpointed: number }) => void> = [];
  worker.on('message', (message: { type: string; log?: number; checkpointed?: number; message?: string }) => {
    if (message.type === 'failed') log.warn({ reason: message.message }, 'could not checkpoint the store');
    if (message.type === 'checkpointed') for (const resolve of waiting.splice(0)) resolve({ log: message.log ?? 0, checkpointed: message.checkpointed ?? 0 });
  });
  worker.on('error', (error) => log.error({ err: error }, 'the store checkpointer stopped'));
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exit.then(() => (exited = true));
  return {
    checkpointNow: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        worker.postMessage({ type: 'checkpoint' });
      }),
    async stop() {
      if (!exited) worker.postMessage({ type: 'stop' });
      await exit;
    },
  };
}
