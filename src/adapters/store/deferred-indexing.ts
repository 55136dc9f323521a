import type Database from 'better-sqlite3';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { AUTHOR_LINK_INDEX, paperAuthors } from './schema.ts';

/**
 * `CREATE INDEX IF NOT EXISTS` for an index of `table` as schema.ts defines it (the definition
 * drizzle-kit generated the migrations from): plain column indexes only, which is all this needs.
 */
export function createIndexStatement(table: SQLiteTable, name: string): string {
  const { name: tableName, indexes } = getTableConfig(table);
  const found = indexes.find((i) => i.config.name === name);
  if (!found) throw new Error(`schema.ts defines no index ${name} on ${tableName}`);
  const { unique, where, columns } = found.config;
  const names = columns.map((column) => {
    if (!('name' in column) || where) throw new Error(`index ${name} is not a plain column index`);
    return `"${column.name}"`;
  });
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON "${tableName}" (${names.join(', ')})`;
}

/** The by-author index of paper_authors, which a bulk load drops and builds again at its end. */
const CREATE_AUTHOR_LINK_INDEX = createIndexStatement(paperAuthors, AUTHOR_LINK_INDEX);

/**
 * Turns off the indexing that a bulk load into an empty store does better once at the end: the
 * full-text triggers and the by-author index of paper_authors, both sorted in one pass instead
 * of updated at random row by row. In the caller's transaction.
 */
export function deferIndexing(sqlite: Database.Database): void {
  deferFullTextIndexing(sqlite);
  sqlite.exec(`DROP INDEX IF EXISTS "${AUTHOR_LINK_INDEX}"`);
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
 * Builds the indexes that a bulk load deferred (the full-text index from the papers table with
 * FTS5's 'rebuild', and the by-author index) and turns row-by-row indexing back on, in one
 * transaction. Returns whether it built them: safe to call at any time, it does nothing when
 * indexing was not deferred. Also the repair step after a process died mid-load.
 */
export function finishDeferredIndexing(sqlite: Database.Database): boolean {
  return sqlite.transaction((): boolean => {
    if (!fullTextIndexingDeferred(sqlite)) return false;
    sqlite.exec("INSERT INTO papers_fts(papers_fts) VALUES('rebuild')");
    sqlite.exec(CREATE_AUTHOR_LINK_INDEX);
    sqlite.prepare('UPDATE fts_sync_state SET deferred = 0 WHERE id = 1').run();
    return true;
  })();
}
