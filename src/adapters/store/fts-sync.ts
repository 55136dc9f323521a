import type Database from 'better-sqlite3';

/**
 * Rebuilds the full-text index from the papers table if indexing was deferred for a bulk load,
 * and turns row-by-row indexing back on, in one transaction. Safe to call at any time: it does
 * nothing when indexing was not deferred. Also the repair step after a process died mid-load.
 */
export function finishDeferredIndexing(sqlite: Database.Database): boolean {
  return sqlite.transaction(() => {
    const state = sqlite.prepare<[], { deferred: number }>('SELECT deferred FROM fts_sync_state WHERE id = 1').get();
    if (state?.deferred !== 1) return false;
    sqlite.exec("INSERT INTO papers_fts(papers_fts) VALUES('rebuild')");
    sqlite.prepare('UPDATE fts_sync_state SET deferred = 0 WHERE id = 1').run();
    return true;
  })();
}
