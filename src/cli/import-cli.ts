import { existsSync, statSync } from 'node:fs';
import { runImportBelowServing } from '../adapters/store/search-pool/thread-priority.ts';
import { setFlagsFromString } from 'node:v8';
import type { SqliteApp } from '../app.ts';
import type { PgStore } from '../adapters/store/postgres/open-pg-store.ts';
import type { Logger } from '../core/logger.ts';
import type { Clock, PaperRepository } from '../core/ports.ts';
import { estimatedPapers, importSnapshot, type ImportSummary } from '../adapters/snapshot/import-snapshot.ts';
import { SnapshotReadError } from '../adapters/snapshot/read-snapshot-in-worker.ts';
import { forTerminal } from '../core/safe-text.ts';
import { createProgressBar } from './terminal-progress.ts';

/** Skipped (and shortened) lines listed one by one before the rest are only counted. */
const SKIPPED_LINES_SHOWN = 20;
/** Skipped lines the final message names, with their reasons. */
const SKIPPED_LINES_SUMMARISED = 3;

/**
 * A message made safe for the terminal: the reasons quote outside text already cut and escaped
 * (parse-snapshot-record.ts), and this escapes any control character left, as a second guard.
 * The limit is the message's, not a quote's: it only stops a runaway.
 */
const MESSAGE_LIMIT = 400;
const safe = (text: string) => forTerminal(text, MESSAGE_LIMIT);

/**
 * How much V8 lets a heap grow past what its last full collection kept, in percent, for a large
 * import. Left to choose, V8 grows a busy heap by up to four times: an import allocates and drops
 * every batch, and the main thread's heap reached 110 MB with 14 MB live at 1,000,000 papers, whose
 * import then peaked at 270–309 MB (the target is under 300). At 20 % it peaked at 234–242 MB and
 * took 99–115 s against 116–127 s. For a file of 78,736 papers V8's own choice was the faster one
 * (8.5 against 8.9 s, alternated) at 241–256 MB, so the fixed factor starts at LARGE_IMPORT_PAPERS.
 * V8 reads the factor at each collection, so setting it here, before the import's threads start,
 * governs all of them; it replaces the 50 % every paperboy process starts with (src/heap-growth.ts).
 */
const LARGE_IMPORT_HEAP_GROWING_PERCENT = 20;
const LARGE_IMPORT_PAPERS = 250_000;

/**
 * The store `paperboy import` writes to. SQLite: the app (its repository, and its file, whose
 * waiting writers the import lets in between batches). PostgreSQL (DATABASE_URL): the opened store
 * and its PaperRepository (createPgPaperRepository(pg)); several replicas may serve from it during
 * the import, and row locks order their writes, so there is no file to give way on. A SqliteApp alone
 * is the SQLite target.
 */
export type ImportTarget = { engine: 'sqlite'; app: SqliteApp } | { engine: 'postgres'; pg: PgStore; papers: PaperRepository; clock: Clock; log: Logger };

/** What the import needs of either target. */
function importStore(target: ImportTarget | SqliteApp): { papers: PaperRepository; clock: Clock; log: Logger; databasePath?: string } {
  if (!('engine' in target)) return importStore({ engine: 'sqlite', app: target });
  if (target.engine === 'postgres') return { papers: target.papers, clock: target.clock, log: target.log.child({ schema: target.pg.schema }) };
  const { app } = target;
  return { papers: app.papers, clock: app.clock, log: app.log, databasePath: app.database.sqlite.name };
}

/** `paperboy import <file>`: the arXiv bulk snapshot, streamed into the store. Returns the exit code. */
export async function runImportCli(target: ImportTarget | SqliteApp, file: string | undefined, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  if (!file) {
    err('import needs a file: paperboy import arxiv-metadata-oai-snapshot.json[.gz]');
    return 2;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    err(`No such file: ${safe(file)}`);
    return 2;
  }
  if (estimatedPapers(file) >= LARGE_IMPORT_PAPERS) setFlagsFromString(`--heap-growing-percent=${LARGE_IMPORT_HEAP_GROWING_PERCENT}`);
  runImportBelowServing();
  const store = importStore(target);
  const bar = createProgressBar(process.stderr, 'importing');
  let summary: ImportSummary;
  try {
    summary = await importSnapshot(file, store.papers, {
      seenAt: store.clock.now().toISOString(),
      ...(store.databasePath === undefined ? {} : { databasePath: store.databasePath }),
      onProgress: (p) => bar.update(p.lines, p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0, 'lines'),
    });
  } catch (error) {
    bar.done();
    if (!(error instanceof SnapshotReadError)) throw error;
    store.log.error({ err: error, file }, 'import stopped: the file could not be read');
    err(
      `${safe(error.message)}. The papers read before that point are stored and searchable; ` +
        'fix or download the file again and rerun the same command: papers already stored are not duplicated.',
    );
    return 1;
  }
  bar.done();
  for (const skipped of summary.skipped.slice(0, SKIPPED_LINES_SHOWN)) err(`line ${skipped.line}: skipped, ${safe(skipped.reason)}`);
  if (summary.skippedLines > SKIPPED_LINES_SHOWN) err(`… and ${(summary.skippedLines - SKIPPED_LINES_SHOWN).toLocaleString('en-US')} more lines skipped`);
  for (const shortened of summary.shortened.slice(0, SKIPPED_LINES_SHOWN)) err(`line ${shortened.line}: stored, ${safe(shortened.reason)}`);
  if (summary.shortenedLines > SKIPPED_LINES_SHOWN) err(`… and ${(summary.shortenedLines - SKIPPED_LINES_SHOWN).toLocaleString('en-US')} more lines stored shortened`);
  const rate = summary.seconds > 0 ? Math.round(summary.lines / summary.seconds) : summary.lines;
  // For whoever looks into a slow import: `not-deferred` means the index was kept row by row (the
  // store held more than the file, or another process was building it; see beginBulkLoad).
  store.log.info(
    { file, lines: summary.lines, inserted: summary.inserted, updated: summary.updated, skipped: summary.skippedLines, seconds: summary.seconds, fullTextIndex: summary.fullTextIndex },
    'import finished',
  );
  const stored = summary.inserted + summary.updated + summary.unchanged;
  const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const firstSkipped = summary.skipped
    .slice(0, SKIPPED_LINES_SUMMARISED)
    .map((skipped) => `line ${skipped.line}: ${safe(skipped.reason)}`)
    .join('; ');
  const more = summary.skippedLines > SKIPPED_LINES_SUMMARISED ? '; …' : '';
  out(
    `Imported ${safe(file)}: ${summary.lines.toLocaleString('en-US')} lines, ${summary.inserted.toLocaleString('en-US')} new, ` +
      `${summary.updated.toLocaleString('en-US')} updated, ${summary.unchanged.toLocaleString('en-US')} unchanged, ` +
      `${summary.skippedLines.toLocaleString('en-US')} skipped, in ${summary.seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} lines/s). ` +
      // Lines, not distinct papers: a file that gives one id twice stores it twice (new, then updated or unchanged).
      `${count(stored, 'line', 'lines')} stored as papers` +
      (summary.shortenedLines > 0 ? ` (${count(summary.shortenedLines, 'with a field', 'with fields')} shortened)` : '') +
      `, ${count(summary.skippedLines, 'line', 'lines')} skipped` +
      (summary.skippedLines > 0 ? ` (${firstSkipped}${more}).` : '.'),
  );
  return 0;
}
