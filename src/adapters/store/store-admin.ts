/**
 * What `paperboy db` asks of a store, whichever engine holds it (sqlite-store-admin.ts,
 * postgres/pg-store-admin.ts): row counts, which migrations are applied, and a backup, which
 * SQLite takes itself (a file copy) and PostgreSQL leaves to pg_dump, whose command it spells out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Rows of the tables people ask about, the same on both engines. */
export interface StoreStats {
  papers: number;
  authors: number;
  workspaces: number;
  channels: number;
  subscriptions: number;
  deliveries: number;
}

/** The tables StoreStats counts, in the order `paperboy db stats` prints them. */
export const STATS_TABLES: ReadonlyArray<keyof StoreStats> = ['papers', 'authors', 'workspaces', 'channels', 'subscriptions', 'deliveries'];

export interface MigrationState {
  /** The migrations the store records as applied (drizzle's `__drizzle_migrations`), oldest first, by their file's tag. */
  applied: string[];
  /** Migrations of the folder newer than the last applied one: none once the store was opened, which migrates it. */
  pending: string[];
  /**
   * Applied migrations this version's folder does not have: a newer paperboy migrated the store
   * (a rolling upgrade under way, or this binary is older than the store).
   */
  unknown: number;
  /** Where the record is kept: the table, with its schema on PostgreSQL. */
  journalTable: string;
}

export type BackupOutcome =
  /** SQLite: a consistent copy was written to `to`. */
  | { kind: 'copied'; to: string }
  /** The destination cannot be used; nothing was written. */
  | { kind: 'refused'; reason: string }
  /** PostgreSQL: nothing was copied; how to dump and restore the store, with the commands to run. */
  | { kind: 'instructions'; dump: string; restore: string; notes: string[] };

export interface StoreAdmin {
  engine: 'sqlite' | 'postgres';
  /** Where the store is, for people: the file, or the URL without its password. */
  location: string;
  /** PostgreSQL: the schema paperboy's tables are in; SQLite: null. */
  schema: string | null;
  stats(): Promise<StoreStats>;
  migrations(): Promise<MigrationState>;
  /** Backs up to `destination` (SQLite: required; PostgreSQL: the dump file the command names, a dated one when absent). */
  backup(destination: string | undefined, now: Date): Promise<BackupOutcome>;
}

interface JournalEntry {
  when: number;
  tag: string;
}

/**
 * Names the applied migrations of a drizzle-kit folder. drizzle records each applied migration by
 * its hash and its journal entry's `when` (as created_at), and applies those newer than the last
 * recorded one (drizzle-orm's migrators), so `when` finds each one's tag in meta/_journal.json.
 */
export function migrationState(folder: string, appliedCreatedAt: readonly number[], journalTable: string): MigrationState {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  const tagOf = new Map(journal.entries.map((entry) => [entry.when, entry.tag]));
  const applied = [...appliedCreatedAt].sort((a, b) => a - b);
  const last = applied.at(-1) ?? -Infinity;
  return {
    // A record without a journal entry (made by a newer paperboy's migrations) is shown by its time.
    applied: applied.map((when) => tagOf.get(when) ?? `a migration of ${new Date(when).toISOString()} this version does not know`),
    pending: journal.entries.filter((entry) => entry.when > last).map((entry) => entry.tag),
    unknown: applied.filter((when) => !tagOf.has(when)).length,
    journalTable,
  };
}
