import { existsSync, statSync } from 'node:fs';
import type { App } from '../app.ts';
import { importSnapshot, type ImportSummary } from '../adapters/snapshot/import-snapshot.ts';
import { SnapshotReadError } from '../adapters/snapshot/read-snapshot-in-worker.ts';
import { createProgressBar } from './terminal-progress.ts';

/** Malformed lines listed one by one before the rest are only counted. */
const SKIPPED_LINES_SHOWN = 20;

/** `paperboy import <file>`: the arXiv bulk snapshot, streamed into the store. Returns the exit code. */
export async function runImportCli(app: App, file: string | undefined, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  if (!file) {
    err('import needs a file: paperboy import arxiv-metadata-oai-snapshot.json[.gz]');
    return 2;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    err(`No such file: ${file}`);
    return 2;
  }
  const bar = createProgressBar(process.stderr, 'importing');
  let summary: ImportSummary;
  try {
    summary = await importSnapshot(file, app.papers, {
      seenAt: app.clock.now().toISOString(),
      onProgress: (p) => bar.update(p.lines, p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0, 'lines'),
    });
  } catch (error) {
    bar.done();
    if (!(error instanceof SnapshotReadError)) throw error;
    app.log.error({ err: error, file }, 'import stopped: the file could not be read');
    err(
      `${error.message}. The papers read before that point are stored and searchable; ` +
        'fix or download the file again and rerun the same command: papers already stored are not duplicated.',
    );
    return 1;
  }
  bar.done();
  for (const skipped of summary.skipped.slice(0, SKIPPED_LINES_SHOWN)) err(`line ${skipped.line}: skipped, ${skipped.reason}`);
  if (summary.skipped.length > SKIPPED_LINES_SHOWN) err(`… and ${summary.skipped.length - SKIPPED_LINES_SHOWN} more malformed lines skipped`);
  const rate = summary.seconds > 0 ? Math.round(summary.lines / summary.seconds) : summary.lines;
  out(
    `Imported ${file}: ${summary.lines.toLocaleString('en-US')} lines, ${summary.inserted.toLocaleString('en-US')} new, ` +
      `${summary.updated.toLocaleString('en-US')} updated, ${summary.unchanged.toLocaleString('en-US')} unchanged, ` +
      `${summary.skipped.length} skipped, in ${summary.seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} lines/s).`,
  );
  return 0;
}
