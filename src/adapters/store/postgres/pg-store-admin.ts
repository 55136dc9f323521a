/**
 * `paperboy db` on the PostgreSQL store (issue 21): counts, drizzle's record of applied migrations
 * (`__drizzle_migrations`, kept in the store's own schema: open-pg-store.ts), and a backup that
 * copies nothing. The database is the operator's service, backed up where it runs; paperboy says
 * how: the pg_dump command for the configured database and schema, and how to restore it.
 *
 * pg_dump reads one consistent snapshot while replicas keep reading and writing, and blocks none
 * of them (https://www.postgresql.org/docs/15/app-pgdump.html). Its `--dbname` takes a connection
 * URI. The printed URI never holds the password: libpq asks for it, or takes it from PGPASSWORD or
 * ~/.pgpass (https://www.postgresql.org/docs/15/libpq-pgpass.html).
 */
import type { PgStore } from './open-pg-store.ts';
import { PG_MIGRATIONS_FOLDER } from './open-pg-store.ts';
import { migrationState, STATS_TABLES, type StoreAdmin, type StoreStats } from '../store-admin.ts';

/**
 * The URL with no password in it, neither as user:password@ nor as ?password=, and otherwise as
 * written: it goes into commands libpq reads. The query is filtered as text, since URLSearchParams
 * would write it again with a space as `+`, which libpq does not decode
 * (`?options=-c+search_path%3Dx` fails: "unrecognized configuration parameter").
 */
export function urlWithoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    const pairs = parsed.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && decodeURIComponent(pair.split('=')[0]!) !== 'password');
    parsed.search = pairs.length > 0 ? `?${pairs.join('&')}` : '';
    return parsed.toString();
  } catch {
    // Not a URL at all: say nothing of what it holds.
    return 'postgres://(unparsable DATABASE_URL)';
  }
}

/** `text` as one shell word: single-quoted, a single quote inside written as '\''. */
function shellWord(text: string): string {
  return /^[\w./:=@-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function createPgStoreAdmin(store: Pick<PgStore, 'pool' | 'schema'>, url: string): StoreAdmin {
  const { pool, schema } = store;
  const safeUrl = urlWithoutPassword(url);
  return {
    engine: 'postgres',
    location: safeUrl,
    schema,
    async stats() {
      // One statement, so the counts are of one snapshot. Table names from a fixed list, never from input.
      const { rows } = await pool.query<Record<keyof StoreStats, string>>(`SELECT ${STATS_TABLES.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(', ')}`);
      const stats = {} as StoreStats;
      // count(*) is a bigint, which node-postgres gives as text.
      for (const table of STATS_TABLES) stats[table] = Number(rows[0]![table]);
      return stats;
    },
    async migrations() {
      const journalTable = `${quoteIdentifier(schema)}.__drizzle_migrations`;
      const { rows } = await pool.query<{ created_at: string }>(`SELECT created_at FROM ${journalTable}`);
      return migrationState(PG_MIGRATIONS_FOLDER, rows.map((row) => Number(row.created_at)), journalTable);
    },
    async backup(destination, now) {
      const file = destination ?? `paperboy-${now.toISOString().slice(0, 10)}.dump`;
      return {
        kind: 'instructions',
        // The custom format: compressed, and pg_restore can restore all of it or pick parts.
        dump: `pg_dump --format=custom --schema=${shellWord(schema)} --file=${shellWord(file)} --dbname=${shellWord(safeUrl)}`,
        restore: `pg_restore --clean --if-exists --no-owner --dbname=${shellWord(safeUrl)} ${shellWord(file)}`,
        notes: [
          'The password is not shown: pg_dump and pg_restore ask for it, or read PGPASSWORD or ~/.pgpass.',
          `The dump holds the schema ${schema}: every paperboy table, the search columns and triggers, and the record of applied migrations.`,
          // Checked with pg_restore 15: into the same database, and into a new one (where, for the
          // public schema, a restore without --clean fails on CREATE SCHEMA public).
          'Stop every replica before a restore and start them after it. The same command restores into a new, empty database.',
          "Use the server's major version of pg_dump or a newer one: pg_dump cannot dump a newer server.",
          'A plain SQL dump (--format=plain) is restored with psql --file=<dump> instead.',
        ],
      };
    },
  };
}
