import type Database from 'better-sqlite3';

/**
 * Whether a store has its seed papers, kept in the database header's `user_version` (which drizzle
 * and the schema leave alone): written in the same transaction as what it describes, copied by
 * backups, and readable before any table exists.
 * - `unknown` (0): a store from before this mark, or one whose creation stopped before anything was written;
 * - `pending` (1): created by the app, which seeds it (load-seeds.ts loadPendingSeeds); a first run
 *   killed before or while seeding leaves this mark, so the next run seeds;
 * - `loaded` (2): seeded, in the same transaction that wrote this mark;
 * - `none` (3): created without seeds on purpose (openDatabase without `seedsOnCreate`: tests, tools).
 */
export type SeedState = 'unknown' | 'pending' | 'loaded' | 'none';

const STATES: readonly SeedState[] = ['unknown', 'pending', 'loaded', 'none'];

export function readSeedState(sqlite: Database.Database): SeedState {
  const value = sqlite.pragma('user_version', { simple: true }) as number;
  return STATES[value] ?? 'unknown';
}

/** In the caller's transaction when there is one. */
export function writeSeedState(sqlite: Database.Database, state: SeedState): void {
  sqlite.pragma(`user_version = ${STATES.indexOf(state)}`);
}

/** Whether the store has been set up yet: drizzle's migration table is the first thing opening creates. */
export function storeIsNew(sqlite: Database.Database): boolean {
  return sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '__drizzle_migrations'").get() === undefined;
}
