import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { PaperInput } from '../../core/paper.ts';
import type { PaperRepository } from '../../core/ports.ts';
import { parseSnapshotLine } from './parse-snapshot-record.ts';

/** Papers written per transaction: large enough to amortise the commit, small enough to keep memory flat. */
export const IMPORT_BATCH_SIZE = 5000;

/** Typical size of one snapshot line, plain and gzipped: a file's size estimates its paper count. */
const BYTES_PER_PAPER = 1750;
const GZIPPED_BYTES_PER_PAPER = 600;

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
  skipped: Array<{ line: number; reason: string }>;
  seconds: number;
}

/**
 * Streams an arXiv bulk-metadata snapshot (JSON lines, `.gz` accepted) into the store in batched
 * transactions. Idempotent: importing the same file again changes nothing. Malformed lines are
 * reported with their line number and skipped.
 */
export async function importSnapshot(
  path: string,
  papers: PaperRepository,
  options: { seenAt: string; onProgress?: (p: ImportProgress) => void; now?: () => number },
): Promise<ImportSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const totalBytes = statSync(path).size;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  file.on('data', (chunk) => (bytesRead += chunk.length));
  const gzipped = path.endsWith('.gz');
  const input = gzipped ? file.pipe(createGunzip()) : file;
  const lines = createInterface({ input, crlfDelay: Infinity });

  const summary: ImportSummary = { lines: 0, inserted: 0, updated: 0, unchanged: 0, skipped: [], seconds: 0 };
  papers.beginBulkLoad(Math.round(totalBytes / (gzipped ? GZIPPED_BYTES_PER_PAPER : BYTES_PER_PAPER)));
  try {
    let batch: PaperInput[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      const counts = papers.upsertPapers(batch, options.seenAt);
      summary.inserted += counts.inserted;
      summary.updated += counts.updated;
      summary.unchanged += counts.unchanged;
      batch = [];
      options.onProgress?.({ lines: summary.lines, bytesRead, totalBytes });
    };
    for await (const line of lines) {
      summary.lines++;
      if (line.trim() === '') continue;
      const parsed = parseSnapshotLine(line);
      if (!parsed.ok) {
        summary.skipped.push({ line: summary.lines, reason: parsed.reason });
        continue;
      }
      batch.push(parsed.paper);
      if (batch.length >= IMPORT_BATCH_SIZE) flush();
    }
    flush();
  } finally {
    // Also on failure: what was stored must be searchable.
    papers.finishBulkLoad();
  }
  summary.seconds = (now() - started) / 1000;
  return summary;
}
