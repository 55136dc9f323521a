import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { PaperInput } from '../../core/paper.ts';
import type { PaperSearchAliases } from '../../core/search/search-aliases.ts';
import { parseSnapshotLine } from './parse-snapshot-record.ts';

/** A run of parsed snapshot lines: the papers, the lines that were not usable, and how far the file is read. */
export interface SnapshotBatch {
  papers: PaperInput[];
  skipped: Array<{ line: number; reason: string }>;
  /** Lines read so far, blank ones included. */
  lines: number;
  /** Bytes of the file (compressed, for `.gz`) read so far. */
  bytesRead: number;
  /** The papers' search aliases, in order, when the reader thread computed them (snapshot-reader-worker.ts). */
  aliases?: PaperSearchAliases[];
}

/**
 * Reads an arXiv bulk-metadata snapshot (JSON lines, `.gz` accepted) and yields its papers in
 * batches of `batchSize`, each malformed line reported with its number and reason.
 */
export async function* readSnapshotFile(path: string, batchSize: number): AsyncGenerator<SnapshotBatch> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  file.on('data', (chunk) => (bytesRead += chunk.length));
  const input = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  // A gunzip error (a truncated or corrupt .gz) does not reach readline: pass it on so the loop throws.
  if (input !== file) file.on('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let batch: SnapshotBatch = { papers: [], skipped: [], lines: 0, bytesRead: 0 };
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const parsed = parseSnapshotLine(line);
    if (parsed.ok) batch.papers.push(parsed.paper);
    else batch.skipped.push({ line: lineNumber, reason: parsed.reason });
    if (batch.papers.length >= batchSize) {
      yield { ...batch, lines: lineNumber, bytesRead };
      batch = { papers: [], skipped: [], lines: 0, bytesRead: 0 };
    }
  }
  yield { ...batch, lines: lineNumber, bytesRead };
}
