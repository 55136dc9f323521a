import { giveWayToWaitingWriters } from '../store/waiting-writers.ts';
import { statSync } from 'node:fs';
import type { BulkLoadIndexing, PaperRepository } from '../../core/ports.ts';
import { readSnapshotInWorker } from './read-snapshot-in-worker.ts';

/** Papers written per transaction: large enough to amortise the commit, small enough to keep memory flat. */
export const IMPORT_BATCH_SIZE = 1000;

/**
 * Skipped or shortened lines whose number and reason an import keeps: a file of a hundred million
 * bad lines is counted, not listed in memory.
 */
export const DETAILS_KEPT = 1000;

/** Typical size of one snapshot line, plain and gzipped: a file's size estimates its paper count. */
const BYTES_PER_PAPER = 1750;
const GZIPPED_BYTES_PER_PAPER = 600;

/** About how many papers a snapshot file holds, from its size (in bytes, when already known). */
export function estimatedPapers(path: string, bytes = statSync(path).size): number {
  return Math.round(bytes / (path.endsWith('.gz') ? GZIPPED_BYTES_PER_PAPER : BYTES_PER_PAPER));
}

export interface ImportProgress {
  lines: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportSummary {
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Lines not stored (malformed, a refused id, or over the line limit: read-snapshot-file.ts), the first DETAILS_KEPT of them. */
  skipped: Array<{ line: number; reason: string }>;
  /** How many lines were skipped in all. */
  skippedLines: number;
  /** Lines stored with a field cut to its limit, and what was cut, the first DETAILS_KEPT of them. */
  shortened: Array<{ line: number; reason: string }>;
  /** How many lines were stored shortened in all. */
  shortenedLines: number;
  seconds: number;
  /** How the full-text index of what was stored got built. */
  fullTextIndex: BulkLoadIndexing;
}

/**
 * Streams an arXiv bulk-metadata snapshot (JSON lines, `.gz` accepted) into the store in batched
 * transactions, parsing on a worker thread while this thread writes. Idempotent: importing the
 * same file again changes nothing. Malformed lines, refused ids and lines over 1 MB are reported
 * with their line number and skipped; the lines around them are stored.
 *
 * Either engine's repository: SQLite's answers at once (its bulk load defers the FTS5 index), and
 * PostgreSQL's answers promises (one transaction per batch; its GIN index stays current). Every
 * call is awaited, which costs SQLite one microtask per batch of IMPORT_BATCH_SIZE papers; the
 * reader thread parses the next batch meanwhile either way.
 */
export async function importSnapshot(
  path: string,
  papers: PaperRepository,
  options: {
    seenAt: string;
    onProgress?: (p: ImportProgress) => void;
    now?: () => number;
    /** SQLite's store file: between two batches, a serving process's waiting write goes first (waiting-writers.ts). PostgreSQL needs none (row locks). */
    databasePath?: string;
  },
): Promise<ImportSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const totalBytes = statSync(path).size;
  const summary: ImportSummary = { lines: 0, inserted: 0, updated: 0, unchanged: 0, skipped: [], skippedLines: 0, shortened: [], shortenedLines: 0, seconds: 0, fullTextIndex: 'not-deferred' };
  await papers.beginBulkLoad(estimatedPapers(path, totalBytes));
  try {
    for await (const batch of readSnapshotInWorker(path, IMPORT_BATCH_SIZE)) {
      summary.lines = batch.lines;
      summary.skippedLines += batch.skipped.length;
      summary.shortenedLines += batch.shortened.length;
      summary.skipped.push(...batch.skipped.slice(0, DETAILS_KEPT - summary.skipped.length));
      summary.shortened.push(...batch.shortened.slice(0, DETAILS_KEPT - summary.shortened.length));
      if (batch.papers.length > 0) {
        const counts = await papers.upsertPapers(batch.papers, options.seenAt, batch.aliases);
        summary.inserted += counts.inserted;
        summary.updated += counts.updated;
        summary.unchanged += counts.unchanged;
      }
      options.onProgress?.({ lines: batch.lines, bytesRead: batch.bytesRead, totalBytes });
      if (options.databasePath !== undefined) await giveWayToWaitingWriters(options.databasePath);
    }
  } finally {
    // Also on failure: what was stored must be searchable.
    summary.fullTextIndex = await papers.finishBulkLoad();
  }
  summary.seconds = (now() - started) / 1000;
  return summary;
}
