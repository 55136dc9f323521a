/**
 * A mark beside the database, `<store>-writer-waiting`, that a serving process leaves while one of
 * its writes waits for the write lock (writes-yield-while-busy.ts), and that a bulk writer (the
 * importer) looks for between two batches: if it is there, the importer pauses so the waiting
 * write finds the lock free. A file, because the two are separate processes and SQLite itself
 * does not tell a writer that another is waiting. A mark left by a process that died is ignored
 * once it is older than STALE_MARK_MS.
 */
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const STALE_MARK_MS = 5_000;
/** The longest an importer pauses for one mark before it writes its next batch anyway. */
export const LONGEST_GIVE_WAY_MS = 250;
const POLL_MS = 2;

function markPath(databasePath: string): string | null {
  // Resolved: the serving process and the importer may name the same file from different folders.
  return databasePath === '' || databasePath === ':memory:' ? null : `${resolve(databasePath)}-writer-waiting`;
}

export function markWriterWaiting(databasePath: string): void {
  const path = markPath(databasePath);
  if (path === null) return;
  try {
    writeFileSync(path, String(process.pid));
  } catch {
    // A read-only folder: the write still waits, only without asking the importer to pause.
  }
}

export function clearWriterWaiting(databasePath: string): void {
  const path = markPath(databasePath);
  if (path !== null) rmSync(path, { force: true });
}

function freshMark(path: string, now: number): boolean {
  try {
    return now - statSync(path).mtimeMs < STALE_MARK_MS;
  } catch {
    return false;
  }
}

/**
 * Called by a bulk writer between two transactions: while another process's write waits (a fresh
 * mark), pauses until the mark is gone or LONGEST_GIVE_WAY_MS has passed. Returns the pause, ms.
 */
export async function giveWayToWaitingWriters(databasePath: string, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))): Promise<number> {
  const path = markPath(databasePath);
  if (path === null || !freshMark(path, Date.now())) return 0;
  const started = Date.now();
  while (Date.now() - started < LONGEST_GIVE_WAY_MS && freshMark(path, Date.now())) await sleep(POLL_MS);
  return Date.now() - started;
}
