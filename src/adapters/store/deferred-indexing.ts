import Database from 'better-sqlite3';

/** The paper_authors index a bulk load drops and builds again at the end (also in drizzle/0003). */
const CREATE_AUTHOR_LINK_INDEX = 'CREATE INDEX IF NOT EXISTS paper_authors_author_idx ON paper_authors (author_id)';

/**
 * Turns off the indexing that a bulk load into an empty store does better once at the end: the
 * full-text triggers and the by-author index of paper_authors, both sorted in one pass instead
 * of updated at random row by row. In the caller's transaction.
 */
export function deferIndexing(sqlite: Database.Database): void {
  deferFullTextIndexing(sqlite);
  sqlite.exec('DROP INDEX IF EXISTS paper_authors_author_idx');
}

/**
 * Turns off the full-text triggers only, for a pass that rewrites what the index reads but no
 * author link (search-alias-index.ts). finishDeferredIndexing rebuilds the index; the by-author
 * index it then creates "if not exists" is still there.
 */
export function deferFullTextIndexing(sqlite: Database.Database): void {
  sqlite.prepare('UPDATE fts_sync_state SET deferred = 1, load_batch = 0 WHERE id = 1').run();
}

/** A check, prepared once: is the full-text index behind the papers table (a bulk load or a re-aliasing under way, or died)? */
export function fullTextIndexingDeferredCheck(sqlite: Database.Database): () => boolean {
  const state = sqlite.prepare<[], { deferred: number }>('SELECT deferred FROM fts_sync_state WHERE id = 1');
  return () => state.get()?.deferred === 1;
}

export function fullTextIndexingDeferred(sqlite: Database.Database): boolean {
  return fullTextIndexingDeferredCheck(sqlite)();
}

/**
 * Builds the by-author index a bulk load dropped, on its own, ahead of finishDeferredIndexing (which
 * then finds it there): a load whose full-text index is built on another thread does this while
 * that thread indexes its last rows. Safe whenever: the index only ever speeds up reads.
 */
export function buildAuthorLinkIndex(sqlite: Database.Database): void {
  sqlite.exec(CREATE_AUTHOR_LINK_INDEX);
}

/** How finishDeferredIndexing built the full-text index: copied from a follower's scratch database, rebuilt from the table, or not at all (not deferred). */
export type DeferredIndexBuild = 'copied' | 'rebuilt' | 'none';

/**
 * Builds the indexes that a bulk load deferred (the full-text index from the papers table and the
 * by-author index) and turns row-by-row indexing back on, in one transaction. Safe to call at any
 * time: it does nothing when indexing was not deferred. Also the repair step after a process died
 * mid-load.
 *
 * `followed` names a scratch database whose full-text index already holds every row of the store
 * (full-text-follower.ts): its shadow tables are copied in instead of building the index again,
 * unless `othersCommitted` says another connection wrote to the store meanwhile (rows the follower
 * may not have seen), checked once the store's write lock is held.
 */
export function finishDeferredIndexing(
  sqlite: Database.Database,
  followed: { scratch: string; othersCommitted: () => boolean } | null = null,
): DeferredIndexBuild {
  if (followed !== null) {
    try {
      const copied = copyFollowedIndex(sqlite.name, followed.scratch, followed.othersCommitted);
      if (copied !== 'rebuilt') return copied;
    } catch {
      // Nothing was copied (the copy rolled back): the index is built from the table below instead.
    }
  }
  return sqlite.transaction((): DeferredIndexBuild => {
    if (!fullTextIndexingDeferred(sqlite)) return 'none';
    sqlite.exec("INSERT INTO papers_fts(papers_fts) VALUES('rebuild')");
    endDeferral(sqlite);
    return 'rebuilt';
  })();
}

function endDeferral(sqlite: Database.Database): void {
  sqlite.exec(CREATE_AUTHOR_LINK_INDEX);
  sqlite.prepare('UPDATE fts_sync_state SET deferred = 0 WHERE id = 1').run();
}

/** FTS5's tables behind papers_fts that hold the index (its config stays the store's own). */
const FULL_TEXT_SHADOW_TABLES = ['papers_fts_data', 'papers_fts_idx', 'papers_fts_docsize'];

/** Copies a followed index into the store; 'rebuilt' means it did not, and the caller must build it. */
function copyFollowedIndex(storePath: string, scratch: string, othersCommitted: () => boolean): DeferredIndexBuild {
  // On a connection of its own: FTS5 caches the index's structure per connection and notices a
  // change only when another connection commits one. Copied on the loading connection, the shadow
  // tables would be new while its FTS5 still saw the empty index, and its next write would put
  // that back (FTS5's integrity-check in the tests failed so).
  const copier = new Database(storePath);
  try {
    copier.pragma('busy_timeout = 5000');
    // As on the store's own connections (open-database.ts): in WAL mode, NORMAL syncs at checkpoints
    // only, and the copy's commit checkpoints the whole index (1,000,000 papers: 6.0 → 4.9 s alone).
    copier.pragma('synchronous = NORMAL');
    // FTS5's shadow tables are read-only to SQL while SQLite's defensive mode is on (better-sqlite3's default).
    copier.unsafeMode(true);
    copier.prepare('ATTACH ? AS followed').run(scratch);
    copier.exec('BEGIN IMMEDIATE');
    try {
      if (!fullTextIndexingDeferred(copier) || othersCommitted()) {
        copier.exec('ROLLBACK');
        return 'rebuilt';
      }
      for (const table of FULL_TEXT_SHADOW_TABLES) copier.exec(`DELETE FROM main.${table}; INSERT INTO main.${table} SELECT * FROM followed.${table}`);
      endDeferral(copier);
      copier.exec('COMMIT');
      return 'copied';
    } catch (error) {
      if (copier.inTransaction) copier.exec('ROLLBACK');
      throw error;
    }
  } finally {
    copier.close();
  }
}
