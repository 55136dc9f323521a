import { rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';

/**
 * What is wrong with a store that cannot be used, as far as a user can act on it:
 * - `full`: the disk holding it has no space left (SQLITE_FULL, ENOSPC, EDQUOT);
 * - `read-only`: the file, its folder or its disk cannot be written (SQLITE_READONLY*, SQLITE_PERM, EROFS, EACCES, EPERM);
 * - `corrupt`: it is not a readable SQLite database, or pages of it are damaged (SQLITE_CORRUPT*, SQLITE_NOTADB);
 * - `deleted`: the file was deleted or replaced by another one while this process had it open;
 * - `busy`: another process held its write lock for longer than this one waits (STORE_BUSY_TIMEOUT_MS);
 * - `io-error`: reading or writing it failed in a way none of the above explains (SQLITE_IOERR*, SQLITE_CANTOPEN*).
 */
export type StoreProblemKind = 'full' | 'read-only' | 'corrupt' | 'deleted' | 'busy' | 'io-error';

/** A store problem: its kind and the one sentence a user is shown, naming the store and what to do. */
export interface StoreProblem {
  problem: StoreProblemKind;
  userMessage: string;
}

/** How long a write waits for another process's write to finish (open-database.ts sets it as busy_timeout). */
export const STORE_BUSY_TIMEOUT_MS = 30_000;

/** Which of `deleted`'s two cases: the path names no file now, or another file than the one opened. */
export type StoreGone = 'deleted' | 'replaced';

/**
 * The one sentence for a problem with the store at `path`: what is wrong and what to do. None adds
 * "nothing was changed": SQLite rolls the failed write back, but an import that fails at its 40th
 * batch has stored the 39 before it.
 */
export function storeProblemMessage(problem: StoreProblemKind, path: string, gone: StoreGone = 'deleted'): string {
  const store = `The paperboy store at ${path}`;
  switch (problem) {
    case 'full':
      return `${store} is on a full disk: free some space there, then try again.`;
    case 'read-only':
      return `${store} cannot be written (the file, its folder or its disk is read-only): make them writable for the user running paperboy, then try again.`;
    case 'corrupt':
      return `${store} is damaged (not a readable SQLite database): restore it from a backup, or move it aside so paperboy creates and seeds a new one.`;
    case 'deleted':
      return gone === 'replaced'
        ? `${store} was replaced by another file while paperboy was running, so nothing more is saved to the old one: restart paperboy to use the new file.`
        : `${store} was deleted while paperboy was running, so nothing more is saved to it: restart paperboy to create a new store there, or restore a backup there first.`;
    case 'busy':
      return `${store} stayed locked by another paperboy process (an import?) for over ${STORE_BUSY_TIMEOUT_MS / 1000} s: try again when it has finished.`;
    case 'io-error':
      return `${store} could not be read or written (a disk I/O error): check the disk, then try again.`;
  }
}

/**
 * A store that cannot be used, as a typed error other layers can recognise (`instanceof`, or
 * `problem`): thrown by openDatabase when opening fails for a store reason, and by the write guard
 * (store-guard.ts) when the file was deleted or replaced under a running process. `message` is the
 * user's sentence; the original error, when there is one, is `cause`.
 */
export class StoreUnavailableError extends Error {
  readonly problem: StoreProblemKind;
  readonly path: string;
  readonly userMessage: string;

  constructor(problem: StoreProblemKind, path: string, options: { cause?: unknown; gone?: StoreGone } = {}) {
    const userMessage = storeProblemMessage(problem, path, options.gone);
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreUnavailableError';
    this.problem = problem;
    this.path = path;
    this.userMessage = userMessage;
  }
}

const errorCode = (error: object): string => String((error as { code?: unknown }).code ?? '');

/** What a file-system error code says about the store's disk: full, read-only, or nothing. */
export function fsProblemOf(code: string | null | undefined): 'full' | 'read-only' | null {
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read-only';
  return null;
}

/**
 * Names the store problem behind an error thrown while using the store at `path`, or null when the
 * error is not one (a bug, a bad argument, a network failure): for the CLI's top-level handler and
 * the chat dispatcher, which show `userMessage` instead of a generic failure and log the error itself.
 *
 * Recognised: StoreUnavailableError; better-sqlite3's SqliteError by its `code` (SQLITE_FULL,
 * SQLITE_READONLY*, SQLITE_PERM, SQLITE_CORRUPT*, SQLITE_NOTADB, SQLITE_BUSY*); I/O failures
 * (SQLITE_IOERR*, SQLITE_CANTOPEN*), which carry no errno, by looking at the store's file and disk
 * now (gone, full, read-only); Node's file system errors (ENOSPC, EDQUOT, EROFS, EACCES, EPERM) only
 * when they name a file in the store's folder, so a backup destination or an import file that
 * cannot be read is not blamed on the store. SQLite errors are assumed to be the store's: paperboy
 * opens no other database a command can fail on, bar a backup's destination (a full disk there
 * reads as the store's).
 */
export function describeStoreError(error: unknown, path: string): StoreProblem | null {
  if (error instanceof StoreUnavailableError) return { problem: error.problem, userMessage: error.userMessage };
  if (typeof error !== 'object' || error === null) return null;
  const code = errorCode(error);
  const found = (problem: StoreProblemKind, gone?: StoreGone): StoreProblem => ({ problem, userMessage: storeProblemMessage(problem, path, gone) });
  if (code.startsWith('SQLITE_')) {
    if (code === 'SQLITE_FULL') return found('full');
    // DBMOVED: SQLite's own "the file was renamed or unlinked since it was opened" (rollback-journal mode).
    if (code === 'SQLITE_READONLY_DBMOVED') return found('deleted');
    if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') return found('read-only');
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return found('corrupt');
    if (code.startsWith('SQLITE_BUSY')) return found('busy');
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
      const onDisk = path === ':memory:' ? null : diagnoseStoreFile(path);
      return found(onDisk?.problem ?? 'io-error', onDisk?.gone);
    }
    return null;
  }
  const fsPath = (error as { path?: unknown }).path;
  if (typeof fsPath !== 'string' || path === ':memory:' || !isInside(dirname(resolve(path)), resolve(fsPath))) return null;
  const problem = fsProblemOf(code);
  return problem ? found(problem) : null;
}

function isInside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Why the store's file cannot be used, looked at now: gone, on a full disk, or on a folder or disk
 * that refuses writes; null when none of these shows (the I/O error stays unexplained). For I/O
 * errors, which SQLite reports without the errno behind them.
 */
export function diagnoseStoreFile(path: string): { problem: StoreProblemKind; gone?: StoreGone } | null {
  const folder = dirname(resolve(path));
  try {
    if (statSync(path, { throwIfNoEntry: false }) === undefined) return { problem: 'deleted' };
  } catch {
    return null;
  }
  try {
    // Free blocks for unprivileged users: what SQLite's writes can have, bar root's reserve.
    const disk = statfsSync(folder);
    if (disk.bavail === 0) return { problem: 'full' };
  } catch {
    // No statfs (an unusual file system): go on to the write probe.
  }
  const probe = join(folder, `.paperboy-write-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'x');
    rmSync(probe, { force: true });
    return null;
  } catch (error) {
    const code = errorCode(error as object);
    const problem = fsProblemOf(code);
    return problem ? { problem } : null;
  }
}

/**
 * The sentence a chat user sees for a store problem: no file path (that is the server's business),
 * what it means for them, and that nothing they asked for was half-done.
 */
export function chatStoreMessage(problem: StoreProblemKind): string {
  const why: Record<StoreProblemKind, string> = {
    full: 'its disk is full',
    'read-only': 'its store cannot be written',
    corrupt: 'its store is damaged',
    deleted: 'its store was removed while it was running',
    busy: 'its store is busy with a long import',
    'io-error': 'its disk reported an error',
  };
  const wait = problem === 'busy' ? 'Try again in a minute.' : 'Whoever runs paperboy has the details in its log.';
  return `paperboy cannot save or read its data right now: ${why[problem]}. Nothing was changed. ${wait}`;
}
