import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { finishDeferredIndexing, fullTextIndexingDeferred } from './deferred-indexing.ts';
import { tryAcquireIndexingLock } from './indexing-lock.ts';
import { refreshSearchAliases, searchAliasesOutdated } from './search-alias-index.ts';
import * as schema from './schema.ts';
import { storeIsNew, writeSeedState } from './seed-state.ts';
import { installWriteGuard, storeFileGone, type FileIdentity, type GuardState } from './store-guard.ts';
import {
  describeStoreError,
  fsProblemOf,
  STORE_BUSY_TIMEOUT_MS,
  storeProblemMessage,
  StoreUnavailableError,
  type StoreGone,
  type StoreProblemKind,
} from './store-health.ts';

/** The migrations folder production and tests share. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** SQLite's page cache per connection, in KB (bulk loads use less: sqlite-paper-repository.ts). */
export const PAGE_CACHE_KB = 32_000;

/** The store's drizzle handle, with its connection as drizzle() gives it (`$client`: pragmas, hand-written statements). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** What OpenDatabase.check() finds: the store usable, or its problem and the user's sentence for it. */
export type StoreCheck = { ok: true } | { ok: false; problem: StoreProblemKind; message: string };

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
  /**
   * Whether the store can still be used, cheaply enough for every /healthz request (microseconds):
   * the path still names the file opened (device and inode; missing: `deleted`), and a tiny read
   * (data_version and the schema) succeeds. It does not read the whole file: `verify` does. A
   * `deleted` or `corrupt` finding sticks, and the write guard refuses every later write with it.
   */
  check(): StoreCheck;
  /**
   * check(), plus SQLite's quick_check over the whole file: slow (0.85 s for the 78,736-paper store,
   * 274 MB, on this machine), so never on open or per request; for a start-up or a daily check of a
   * long-running process. Damage found sticks as for check().
   */
  verify(): StoreCheck;
  close(): void;
}

export interface OpenDatabaseOptions {
  readonly?: boolean;
  log?: Logger;
  /**
   * A store this open creates waits for its seed papers (seed-state.ts `pending`), which the app
   * then loads (load-seeds.ts loadPendingSeeds); without it, a created store is marked as wanting
   * none (tests, tools). Marked before the migrations run, so no crash leaves a store unmarked.
   */
  seedsOnCreate?: boolean;
}

/**
 * Opens (creating it and its folder when missing) and migrates a SQLite database.
 * `:memory:` gives a private in-memory database, used by tests.
 *
 * Fails with StoreUnavailableError (store-health.ts) when the store is full, read-only, damaged or
 * otherwise unusable for a reason the user can act on; any other error as it is.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): OpenDatabase {
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(createStoreFolder(path), { readonly: options.readonly ?? false });
    return setUp(sqlite, path, options);
  } catch (error) {
    sqlite?.close();
    const problem = describeStoreError(error, path);
    // 'deleted' means "since it was opened": a file missing at open (a read-only open) is not that.
    if (problem === null || problem.problem === 'deleted') throw error;
    throw new StoreUnavailableError(problem.problem, path, { cause: error });
  }
}

/** The path, once its folder exists; failing to create the folder is the store's problem, named by its kind. */
function createStoreFolder(path: string): string {
  if (path === ':memory:') return path;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    const problem = fsProblemOf(String((error as { code?: unknown }).code));
    if (problem) throw new StoreUnavailableError(problem, path, { cause: error });
    throw error;
  }
  return path;
}

function setUp(sqlite: Database.Database, path: string, options: OpenDatabaseOptions): OpenDatabase {
  // The file SQLite has just opened, to tell later whether the path still names it (store-guard.ts).
  const identity: FileIdentity | null = sqlite.memory ? null : statSync(path);
  // WAL lets the scheduler write while chat searches read; NORMAL sync is durable across
  // process crashes in WAL mode (https://www.sqlite.org/wal.html), which is what exactly-once needs.
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  // A write waits this long for another process's to finish instead of failing: an import's batch
  // (about 0.1 s), or the full-text rebuild at its end (2.3 s for the 78,736-paper snapshot on an
  // idle machine here, more on a loaded one or a larger store: 5 s failed 1 subscribe in 16 during
  // an import, issue 22). SQLite's busy handler sleeps in this thread, so a long wait holds up this
  // process's other work too, which beats telling a user their subscribe failed.
  sqlite.pragma(`busy_timeout = ${STORE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KB}`);
  const db = drizzle(sqlite, { schema });
  const log = options.log ?? silentLogger;
  const guard: GuardState = { found: null };
  if (!options.readonly) {
    // Before the migrations write anything, so a crash at any point leaves the mark (seed-state.ts).
    if (storeIsNew(sqlite)) writeSeedState(sqlite, options.seedsOnCreate ? 'pending' : 'none');
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    catchUpIndexing(sqlite, log);
    // After the migrations, whose tables it guards; their own writes need no guard (just opened).
    if (identity !== null) installWriteGuard(sqlite, path, identity, guard);
  }
  const schemaProbe = sqlite.prepare('SELECT count(*) FROM sqlite_schema').pluck();
  const check = (): StoreCheck => {
    if (guard.found === null && identity !== null) {
      const gone = storeFileGone(path, identity);
      if (gone !== null) guard.found = { problem: 'deleted', gone };
    }
    if (guard.found !== null) return failed(guard.found.problem, path, guard.found.gone);
    try {
      sqlite.pragma('data_version', { simple: true });
      schemaProbe.get();
      return { ok: true };
    } catch (error) {
      return failedWith(error, path, guard);
    }
  };
  const verify = (): StoreCheck => {
    const quick = check();
    if (!quick.ok) return quick;
    try {
      const result = sqlite.pragma('quick_check(1)', { simple: true });
      if (result === 'ok') return { ok: true };
      log.error({ store: path, quickCheck: result }, 'the store is damaged');
      guard.found = { problem: 'corrupt' };
      return failed('corrupt', path);
    } catch (error) {
      return failedWith(error, path, guard);
    }
  };
  return { sqlite, db, path, catchUpIndexing: () => catchUpIndexing(sqlite, log), check, verify, close: () => sqlite.close() };
}

function failed(problem: StoreProblemKind, path: string, gone?: StoreGone): StoreCheck {
  return { ok: false, problem, message: storeProblemMessage(problem, path, gone) };
}

/** A probe's error as a check result; damage sticks (the write guard refuses writes from then on). */
function failedWith(error: unknown, path: string, guard: GuardState): StoreCheck {
  const found = describeStoreError(error, path) ?? { problem: 'io-error' as const, userMessage: storeProblemMessage('io-error', path) };
  if (found.problem === 'corrupt' || found.problem === 'deleted') guard.found = { problem: found.problem };
  return { ok: false, problem: found.problem, message: found.userMessage };
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
  } finally {
    lock.release();
  }
}
