import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { PaperInput } from '../../core/paper.ts';
import type { PaperSearchAliases } from '../../core/search/search-aliases.ts';
import { LineSplitter, type SplitLine } from './line-splitter.ts';
import { parseSnapshotLine } from './parse-snapshot-record.ts';

/**
 * The longest line read, in bytes: 1 MB, eight times the longest line of the 2025–26 arXiv cs
 * snapshot (124,357 bytes: a paper with 3,303 authors). A longer line is skipped with its number
 * and length, never held whole (line-splitter.ts), and the lines around it are read as usual.
 */
export const MAX_LINE_BYTES = 1 << 20;

/**
 * A batch also ends once its lines add up to this many bytes, so that a file of lines near the
 * limit cannot gather 1,000 of them (1 GB) in the reader thread, whose heap is capped
 * (read-snapshot-in-worker.ts). Usual lines (1.75 kB) fill a batch of 1,000 papers long before.
 */
const MAX_BATCH_BYTES = 8 << 20;

/** A run of parsed snapshot lines: the papers, the lines that were not usable, and how far the file is read. */
export interface SnapshotBatch {
  papers: PaperInput[];
  skipped: Array<{ line: number; reason: string }>;
  /** Lines stored with a field cut to its limit (core/paper.ts PAPER_TEXT_LIMITS), and what was cut. */
  shortened: Array<{ line: number; reason: string }>;
  /** Lines read so far, blank ones included. */
  lines: number;
  /** Bytes of the file (compressed, for `.gz`) read so far. */
  bytesRead: number;
  /** The papers' search aliases, in order, when the reader thread computed them (snapshot-reader-worker.ts). */
  aliases?: PaperSearchAliases[];
}

/**
 * Reads an arXiv bulk-metadata snapshot (JSON lines, `.gz` accepted) and yields its papers in
 * batches of `batchSize`, each unusable line (malformed, refused, or over MAX_LINE_BYTES)
 * reported with its number and reason. A batch also ends at `batchSize` skipped lines or
 * MAX_BATCH_BYTES of lines, so a file of bad or long lines keeps the reader's memory flat too.
 */
export async function* readSnapshotFile(path: string, batchSize: number): AsyncGenerator<SnapshotBatch> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  file.on('data', (chunk) => (bytesRead += chunk.length));
  const input = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  // A read error of the file does not reach the gunzip stream read below: pass it on so the loop throws.
  if (input !== file) file.on('error', (error) => input.destroy(error));
  const splitter = new LineSplitter(MAX_LINE_BYTES);
  let lineNumber = 0;
  let batchBytes = 0;
  let batch: SnapshotBatch = { papers: [], skipped: [], shortened: [], lines: 0, bytesRead: 0 };

  /** Parses one line into the batch; true when the batch is full. */
  const take = (line: SplitLine): boolean => {
    lineNumber++;
    batchBytes += line.bytes;
    if (line.text === null) {
      batch.skipped.push({
        line: lineNumber,
        reason: `the line is ${line.bytes.toLocaleString('en-US')} bytes long; lines are at most ${MAX_LINE_BYTES.toLocaleString('en-US')} bytes (1 MB)`,
      });
    } else {
      const text = lineNumber === 1 && line.text.startsWith('\uFEFF') ? line.text.slice(1) : line.text;
      if (text.trim() !== '') {
        const parsed = parseSnapshotLine(text);
        if (!parsed.ok) batch.skipped.push({ line: lineNumber, reason: parsed.reason });
        else {
          batch.papers.push(parsed.paper);
          if (parsed.shortened.length > 0) batch.shortened.push({ line: lineNumber, reason: parsed.shortened.join('; ') });
        }
      }
    }
    return batch.papers.length >= batchSize || batch.skipped.length >= batchSize || batchBytes >= MAX_BATCH_BYTES;
  };
  const full = (): SnapshotBatch => {
    const done = { ...batch, lines: lineNumber, bytesRead };
    batch = { papers: [], skipped: [], shortened: [], lines: 0, bytesRead: 0 };
    batchBytes = 0;
    return done;
  };

  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (const line of splitter.push(chunk)) if (take(line)) yield full();
  }
  const last = splitter.end();
  if (last !== null) take(last);
  yield full();
}
