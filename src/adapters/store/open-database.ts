import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { finishDeferredIndexing, fullTextIndexingDeferred } from './deferred-indexing.ts';
import { fullTextScratchPath } from './full-text-follower.ts';
import { tryAcquireIndexingLock } from './indexing-lock.ts';
import { refreshSearchAliases, searchAliasesOutdated } from './search-alias-index.ts';
import * as schema from './schema.ts';

/** The migrations folder production and tests share. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** SQLite's page cache per connection, in KB (bulk loads use less: sqlite-paper-repository.ts). */
export const PAGE_CACHE_KB = 32_000;

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenDatabase {
  sqlite: Database.Database;
  db: Db;
  path: string;
  /**
   * Catches the full-text index up when it is behind and no live process is building it: what
   * opening does, again. A long-running bot calls it each minute, so an import that dies after
   * the bot opened the store is repaired without a restart.
   */
  catchUpIndexing(): void;
  close(): void;
}

/**
 * Opens (creating it and its folder when missing) and migrates a SQLite database.
 * `:memory:` gives a private in-memory database, used by tests.
 */
export function openDatabase(path: string, options: { readonly?: boolean; log?: Logger } = {}): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { readonly: options.readonly ?? false });
  // WAL lets the scheduler write while chat searches read; NORMAL sync is durable across
  // process crashes in WAL mode (https://www.sqlite.org/wal.html), which is what exactly-once needs.
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KB}`);
  const db = drizzle(sqlite, { schema });
  const log = options.log ?? silentLogger;
  if (!options.readonly) {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    catchUpIndexing(sqlite, log);
  }
  return { sqlite, db, path, catchUpIndexing: () => catchUpIndexing(sqlite, log), close: () => sqlite.close() };
}

/**
 * Brings the full-text index up to date when it is behind: search aliases from an older
 * abbreviation table, or a bulk import that died before indexing. Left to the process that holds
 * the indexing lock when one does (a live import): this one then searches what is indexed so far.
 */
function catchUpIndexing(sqlite: Database.Database, log: Logger): void {
  if (!searchAliasesOutdated(sqlite) && !fullTextIndexingDeferred(sqlite)) return;
  const lock = tryAcquireIndexingLock(sqlite);
  if (lock === null) {
    log.info({ store: sqlite.name }, 'another paperboy process is building the full-text index (an import or an upgrade); searches find what it has indexed so far');
    return;
  }
  try {
    refreshSearchAliases(sqlite, log);
    finishDeferredIndexing(sqlite);
    if (!sqlite.memory) removeDeadImportScratch(sqlite.name, log);
  } finally {
    lock.release();
  }
}

/** The scratch index of an import that died (full-text-follower.ts); the indexing lock says none is running. */
function removeDeadImportScratch(storePath: string, log: Logger): void {
  const scratch = fullTextScratchPath(storePath);
  try {
    rmSync(scratch, { force: true });
  } catch (error) {
    log.warn({ err: error, scratch }, 'could not remove the scratch file of an import that stopped; it is safe to delete');
  }
}
