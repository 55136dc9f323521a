import Database from 'better-sqlite3';

/** Held while this process builds the store's full-text index; release() when done (the OS releases it if the process dies). */
export interface IndexingLock {
  release(): void;
}

const IN_MEMORY: IndexingLock = { release: () => {} };

/**
 * The lock that says "a live process is building this store's full-text index": a bulk import
 * between its first batch and its final index build, or the re-indexing after an upgrade. Other
 * processes that open the store meanwhile must leave the deferred index alone: rebuilding it
 * themselves would hold the write lock for seconds to minutes, and the import's next batch would
 * fail with "database is locked". A process that dies mid-load must not block anyone, so the
 * lock is an exclusive SQLite lock on a small file beside the store (`<store>-indexing.lock`):
 * the operating system drops it with the process, which a pid written in the store cannot
 * promise (pids are reused, within containers soon).
 *
 * Returns null when another connection, in this process or another, holds it. An in-memory
 * store belongs to one connection: the lock is always granted.
 */
export function tryAcquireIndexingLock(store: Database.Database): IndexingLock | null {
  if (store.memory) return IN_MEMORY;
  const lock = new Database(`${store.name}-indexing.lock`, { timeout: 0 });
  try {
    // An exclusive transaction takes the file's exclusive lock at once and holds it until it ends,
    // which is never: release() closes the connection, and so does the process's death.
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw error;
  }
  return {
    release: () => {
      if (lock.open) lock.close();
    },
  };
}
