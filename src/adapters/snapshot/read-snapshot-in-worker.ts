import { startWorkerBeside } from '../worker-thread.ts';
import type { SnapshotBatch } from './read-snapshot-file.ts';
import type { ReaderMessage } from './snapshot-reader-worker.ts';

/** The file could not be read to its end: missing, unreadable, or a damaged or truncated `.gz`. */
export class SnapshotReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Could not read ${path}: ${reason}`);
    this.name = 'SnapshotReadError';
  }
}

/** Memory the reader may use: the import's peak RSS stays under 300 MB (bench/RESULTS.md). */
const READER_LIMITS = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 };

/**
 * readSnapshotFile on a worker thread: decompressing and parsing (about a third of an import's
 * time) then run beside the store's writes on the other core. Yields the same batches in order.
 * The worker stops when the file ends, on an error (rethrown here), or when the caller stops
 * iterating.
 */
export async function* readSnapshotInWorker(path: string, batchSize: number): AsyncGenerator<SnapshotBatch> {
  const worker = startWorkerBeside(import.meta.url, 'snapshot-reader-worker', { workerData: { path, batchSize }, resourceLimits: READER_LIMITS });
  const queue: ReaderMessage[] = [];
  let notify: (() => void) | null = null;
  const push = (message: ReaderMessage) => {
    queue.push(message);
    notify?.();
    notify = null;
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ kind: 'error', message: error.message }));
  worker.on('exit', (code) => push(code === 0 ? { kind: 'end' } : { kind: 'error', message: `the snapshot reader stopped (exit code ${code})` }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (notify = resolve));
      const message = queue.shift()!;
      if (message.kind === 'end') return;
      if (message.kind === 'error') throw new SnapshotReadError(path, message.message);
      worker.postMessage('more');
      yield message.batch;
    }
  } finally {
    await worker.terminate();
  }
}
