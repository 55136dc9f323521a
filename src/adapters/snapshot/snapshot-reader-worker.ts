/**
 * Worker-thread entry: reads and parses a snapshot file (readSnapshotFile) and posts its batches
 * to the importing thread, at most READ_AHEAD_BATCHES ahead of what that thread has stored, so
 * memory stays flat however fast parsing runs. Protocol: workerData {path, batchSize}; the parent
 * sends 'more' for each batch it has taken; this thread posts ReaderMessage values.
 */
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { paperSearchAliases } from '../../core/search/search-aliases.ts';
import { readSnapshotFile, type SnapshotBatch } from './read-snapshot-file.ts';

/** Batches parsed ahead of the store: two keep both threads busy without holding more in memory. */
export const READ_AHEAD_BATCHES = 2;

export type ReaderMessage = { kind: 'batch'; batch: SnapshotBatch } | { kind: 'end' } | { kind: 'error'; message: string };

/**
 * How much this thread lowers its priority (nice value), on Linux, where the value is per thread
 * (elsewhere setPriority would lower the whole process): when the cores are contended, the writer,
 * the import's bottleneck, goes first, and this thread stays at most READ_AHEAD_BATCHES ahead of it
 * anyway. Measured when a third thread (a full-text follower, since removed) shared the cores:
 * 1,000,000 papers in 95.4 s against 100.5 s (single runs). Raising a nice value needs no privilege.
 */
const READER_NICENESS = 10;
/** The lowest priority there is. */
const MAX_NICE = 19;

if (process.platform === 'linux') {
  try {
    setPriority(Math.min(MAX_NICE, getPriority() + READER_NICENESS));
  } catch {
    // A sandbox that forbids it: the import is only slower.
  }
}

const port = parentPort!;
const { path, batchSize } = workerData as { path: string; batchSize: number };
let credits = READ_AHEAD_BATCHES;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
  wake = null;
});
const post = (message: ReaderMessage) => port.postMessage(message);

try {
  for await (const batch of readSnapshotFile(path, batchSize)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    // The aliases are computed here, not by the store, to keep the writing thread (the import's
    // bottleneck) free of them: 8–15 µs a paper.
    post({ kind: 'batch', batch: { ...batch, aliases: batch.papers.map(paperSearchAliases) } });
  }
  post({ kind: 'end' });
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
port.close();
