/**
 * The WAL checkpointer's thread (wal-checkpointer.ts): a read-write connection of its own that
 * copies the write-ahead log into the database every few seconds, PASSIVE (it takes no lock a
 * reader or writer waits for and stops at the oldest reader's mark:
 * https://www.sqlite.org/c3ref/wal_checkpoint_v2.html). Below the chat thread's priority, like the
 * search workers.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { yieldCpuToChatThread } from './search-pool/thread-priority.ts';
import { holdChatThreadYoungGeneration } from '../../heap-growth.ts';

holdChatThreadYoungGeneration();
yieldCpuToChatThread();

const { databasePath, everyMs } = workerData as { databasePath: string; everyMs: number };
const sqlite = new Database(databasePath, { fileMustExist: true });
// Never this connection's own checkpoints on commit (it commits nothing) nor waits: PASSIVE does not wait.
sqlite.pragma('wal_autocheckpoint = 0');

const checkpoint = () => {
  try {
    const [result] = sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    parentPort?.postMessage({ type: 'checkpointed', ...result });
  } catch (error) {
    parentPort?.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
const timer = setInterval(checkpoint, everyMs);
parentPort?.on('message', (message: { type: string }) => {
  if (message.type === 'checkpoint') checkpoint();
  if (message.type !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  sqlite.close();
  // In a worker, process.exit ends this thread only.
  process.exit(0);
});
