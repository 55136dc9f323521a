import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { StoreUnavailableError, type StoreGone, type StoreProblemKind } from './store-health.ts';

/** The file a connection opened, as the file system names it: device and inode. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * Whether the store's path still names the file that was opened (`identity`): 'deleted' when it
 * names nothing, 'replaced' when it names another file (a restored backup moved into place), null
 * when it is the same file. One stat(2), about a microsecond.
 */
export function storeFileGone(path: string, identity: FileIdentity): StoreGone | null {
  const now = statSync(path, { throwIfNoEntry: false });
  if (now === undefined) return 'deleted';
  return now.dev === identity.dev && now.ino === identity.ino ? null : 'replaced';
}

/** What the guard has found wrong with the store so far: it stays found (a deleted file does not come back to this connection). */
export interface GuardState {
  found: { problem: StoreProblemKind; gone?: StoreGone } | null;
}

/** The SQL function the guard's triggers call. */
const GUARD_FUNCTION = 'paperboy_store_in_place';

/**
 * Tables whose writes the guard does not check: FTS5's, SQLite's and drizzle's own, and the bulk
 * tables a paper's write always comes with (authors, author links), which the check on `papers`
 * covers. Every other table, today's and any a later migration adds, is checked.
 */
const UNGUARDED = /^(sqlite_|papers_fts|__|authors$|paper_authors$)/;

/** How old a check may be for a write to `papers` (an import writes thousands a second). */
export const PAPERS_CHECK_MAX_AGE_MS = 100;

/**
 * Refuses writes into a store file that was deleted or replaced while this connection had it open.
 *
 * Why: SQLite keeps using the open file descriptors of an unlinked database (its -wal and -shm,
 * when deleted too, included): in WAL mode every write "succeeds" into an inode that nothing names
 * any more, and is gone when the process exits. SQLite's own SQLITE_READONLY_DBMOVED check runs
 * only when a rollback journal is opened, never in WAL mode (measured: an INSERT after unlinking
 * all three files succeeds).
 *
 * How: the repositories prepare statements on the connection directly, so the check sits under
 * them, in SQLite: a TEMP trigger on each guarded table (BEFORE INSERT, UPDATE and DELETE) calls a
 * JavaScript function that stats the path and compares device and inode with the ones fstat gave
 * at open. A mismatch throws StoreUnavailableError('deleted') out of the statement, so the write
 * and its transaction are rolled back and the command reports the problem instead of success. TEMP
 * triggers live in this connection only: other processes and the store file are unchanged, and no
 * migration is needed.
 *
 * Cost: one stat(2) (about 1 µs) per row written to the small tables (channels, subscriptions,
 * digests, ...), so a subscribe is checked in the same statement that writes it: the only window
 * left is between that statement and its commit, microseconds. Writes to `papers` reuse a check
 * up to PAPERS_CHECK_MAX_AGE_MS old, so an import pays for a few stats a second, not one a paper
 * (its rows are refused within that time of the deletion; a write of the small tables, an ingest's
 * cursor or run record included, is always checked afresh).
 */
export function installWriteGuard(sqlite: Database.Database, path: string, identity: FileIdentity, state: GuardState): void {
  let checkedAt = -Infinity;
  sqlite.function(GUARD_FUNCTION, { deterministic: false, varargs: false }, (maxAgeMs: unknown) => {
    if (state.found === null) {
      const now = performance.now();
      if (now - checkedAt <= Number(maxAgeMs)) return null;
      const gone = storeFileGone(path, identity);
      if (gone === null) {
        checkedAt = now;
        return null;
      }
      state.found = { problem: 'deleted', gone };
    }
    throw new StoreUnavailableError(state.found.problem, path, state.found.gone ? { gone: state.found.gone } : {});
  });
  const tables = sqlite
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
    .all()
    .map((row) => row.name)
    .filter((name) => !UNGUARDED.test(name));
  const statements: string[] = [];
  for (const table of tables) {
    const maxAge = table === 'papers' ? PAPERS_CHECK_MAX_AGE_MS : 0;
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      const trigger = `"paperboy_guard_${table}_${event.toLowerCase()}"`;
      statements.push(`CREATE TEMP TRIGGER IF NOT EXISTS ${trigger} BEFORE ${event} ON main."${table}" BEGIN SELECT ${GUARD_FUNCTION}(${maxAge}); END;`);
    }
  }
  sqlite.exec(statements.join('\n'));
}
