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
  sqlite.prepare('UPDATE fts_sync_state SET deferred = 1 WHERE id = 1').run();
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
 * Builds the indexes that a bulk load deferred (the full-text index from the papers table and the
 * by-author index) and turns row-by-row indexing back on, in one transaction. Safe to call at any
 * time: it does nothing when indexing was not deferred. Also the repair step after a process died
 * mid-load. `builtFullText` names a scratch database whose full-text index already holds every row
 * (full-text-builder.ts): its shadow tables are copied in instead of building the index again.
 */
export function finishDeferredIndexing(sqlite: Database.Database, builtFullText: string | null = null): boolean {
  if (builtFullText === null) return finishOn(sqlite, null);
  // The copy runs on a connection of its own. FTS5 caches the index's structure per connection and
  // notices a change only when another connection commits one: copied on this connection, the
  // shadow tables would be new while this connection's FTS5 still saw the empty index (its own
  // integrity-check failed so, and its next write would have put the old structure back).
  const copier = new Database(sqlite.name);
  try {
    copier.pragma('busy_timeout = 5000');
    // FTS5's shadow tables are read-only to SQL while SQLite's defensive mode is on (better-sqlite3's default).
    copier.unsafeMode(true);
    copier.prepare('ATTACH ? AS fulltext_scratch').run(builtFullText);
    return finishOn(copier, 'fulltext_scratch');
  } finally {
    copier.close();
  }
}

/** finishDeferredIndexing's transaction on `sqlite`; the full-text index copied from the attached `scratch`, or rebuilt. */
function finishOn(sqlite: Database.Database, scratch: string | null): boolean {
  return sqlite.transaction(() => {
    if (!fullTextIndexingDeferred(sqlite)) return false;
    if (scratch === null) sqlite.exec("INSERT INTO papers_fts(papers_fts) VALUES('rebuild')");
    else {
      for (const table of ['data', 'idx', 'docsize']) {
        sqlite.exec(`DELETE FROM main.papers_fts_${table}; INSERT INTO main.papers_fts_${table} SELECT * FROM ${scratch}.papers_fts_${table}`);
      }
    }
    sqlite.exec(CREATE_AUTHOR_LINK_INDEX);
    sqlite.prepare('UPDATE fts_sync_state SET deferred = 0 WHERE id = 1').run();
    return true;
  })();
}
