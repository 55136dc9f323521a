/**
 * `paperboy db` on the SQLite store: counts, drizzle's record of applied migrations, and a backup
 * through SQLite's online backup API, which copies a consistent snapshot while the bot keeps
 * running and writing (https://www.sqlite.org/backup.html).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MIGRATIONS_FOLDER, type OpenDatabase } from './open-database.ts';
import { migrationState, STATS_TABLES, type StoreAdmin, type StoreStats } from './store-admin.ts';

const JOURNAL_TABLE = '__drizzle_migrations';

export function createSqliteStoreAdmin(database: Pick<OpenDatabase, 'sqlite' | 'path'>): StoreAdmin {
  const { sqlite, path } = database;
  return {
    engine: 'sqlite',
    location: path,
    schema: null,
    async stats() {
      const stats = {} as StoreStats;
      // Table names from a fixed list, never from input.
      for (const table of STATS_TABLES) stats[table] = sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      return stats;
    },
    async migrations() {
      const createdAt = sqlite.prepare(`SELECT created_at FROM ${JOURNAL_TABLE}`).pluck().all() as number[];
      return migrationState(MIGRATIONS_FOLDER, createdAt.map(Number), JOURNAL_TABLE);
    },
    async backup(destination) {
      if (destination === undefined) return { kind: 'refused', reason: 'backup needs a destination: paperboy db backup ./backups/paperboy.db' };
      if (!existsSync(dirname(resolve(destination))) || resolve(destination) === resolve(path)) {
        return { kind: 'refused', reason: `Cannot back up to ${destination}: give a new file in an existing folder, not the database itself.` };
      }
      await sqlite.backup(destination);
      return { kind: 'copied', to: destination };
    },
  };
}
