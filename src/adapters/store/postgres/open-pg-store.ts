/**
 * Opens the PostgreSQL store (issue 21): a pg.Pool from a `postgres://` URL, drizzle over it, the
 * drizzle-kit migrations of `drizzle-pg/` applied once, then the full-text search DDL
 * (search-ddl.ts, idempotent, and lock-free on papers when nothing is missing).
 *
 * Several replicas start at once against one database, and each runs this. The migrations and the
 * search DDL run under a session-level advisory lock, on the connection that holds it: the first
 * replica migrates, the others wait on pg_advisory_lock and then find every migration recorded
 * (drizzle's journal) and the DDL's IF NOT EXISTS objects there. A session lock is released when
 * its connection ends (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS), so a
 * replica killed mid-migration leaves no lock behind, and drizzle runs all pending migrations in one
 * transaction, so it leaves no half-migrated schema either: the next replica starts over.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as pgSchema from './pg-schema.ts';
import { SEARCH_DDL } from './search-ddl.ts';

/** drizzle-kit's PostgreSQL migrations (drizzle.pg.config.ts). */
export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../../drizzle-pg', import.meta.url));

/** The database is reachable but not set up for paperboy in a way only its operator can fix; the message says how. */
export class StoreSetupError extends Error {
  override name = 'StoreSetupError';
}

export type PgDb = NodePgDatabase<typeof pgSchema> & { $client: pg.Pool };

export interface PgStore {
  pool: pg.Pool;
  db: PgDb;
  /** The schema the tables live in (the connection's current_schema()). */
  schema: string;
  close(): Promise<void>;
}

export interface OpenPgStoreOptions {
  /**
   * Put the tables in this schema (created when missing) instead of the URL's search_path: a test
   * or a benchmark gets a scratch schema of its own. Every connection of the pool gets it as its
   * search_path.
   */
  schema?: string;
  /** Pool size (pg's default is 10). */
  max?: number;
}

/** The session drizzle's migrate() takes (its own migrator passes the db's session the same way, untyped). */
type MigrationSession = Parameters<PgDialect['migrate']>[1];

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * drizzle-kit writes `REFERENCES "public"."channels"` for a table declared without a schema, which
 * would tie every foreign key to the public schema. Read without it, a reference names the table
 * on the search path, like every other statement of the migrations and of search-ddl.ts, so the
 * same migrations serve public and a scratch schema. (The file keeps drizzle-kit's text: its hash in
 * the journal stays what drizzle computes, and a new generate needs no hand edit.)
 */
function migrationsForSearchPath(folder: string) {
  return readMigrationFiles({ migrationsFolder: folder }).map((migration) => ({
    ...migration,
    sql: migration.sql.map((statement) => statement.replaceAll('"public".', '')),
  }));
}

/**
 * The advisory lock key of the migrations of one schema: replicas on the same schema exclude each
 * other, scratch schemas side by side do not. A 64-bit key from the schema's name (advisory lock
 * keys are the application's to choose, one bigint or two integers).
 */
function migrationLockKey(schema: string): string {
  return createHash('sha256').update(`paperboy:migrations:${schema}`).digest().readBigInt64BE(0).toString();
}

/**
 * Migrates `schema`, the one on the client's search path, holding the schema's migration lock:
 * drizzle-pg's migrations (which make papers), then the search DDL (which adds the search columns
 * to it). Exported for applySearchDdl (pg-search-schema.ts), for callers with a pool of their own.
 */
export async function migrateOnce(client: pg.PoolClient, schema: string, createSchema: boolean): Promise<void> {
  const key = migrationLockKey(schema);
  // Blocks until no other replica migrates this schema (pg_advisory_lock waits, it does not fail).
  await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
  try {
    if (createSchema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const db = drizzle(client);
    // drizzle's migrate() (drizzle-orm/node-postgres/migrator) with the migrations read for the
    // search path; the journal is kept in the store's own schema, so each schema (a scratch one
    // too) knows its own migrations, where drizzle's default is one shared `drizzle` schema.
    await new PgDialect().migrate(migrationsForSearchPath(PG_MIGRATIONS_FOLDER), db._.session as unknown as MigrationSession, {
      migrationsFolder: PG_MIGRATIONS_FOLDER,
      migrationsSchema: schema,
    });
    // Under the same lock: its CREATE TRIGGER and CREATE OR REPLACE FUNCTION statements fail
    // ("tuple concurrently updated", or a duplicate trigger) when two sessions run them at once.
    // A simple-protocol query (no parameters) may hold several statements.
    await client.query(SEARCH_DDL);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
  }
}

/**
 * Opens a pool on `url` (postgres://user:password@host:port/database), migrates the store once
 * across replicas, and returns it. Fails when the database cannot be reached or migrated (the pool
 * is closed then).
 */
export async function openPgStore(url: string, options: OpenPgStoreOptions = {}): Promise<PgStore> {
  if (options.schema !== undefined && !IDENTIFIER.test(options.schema)) {
    throw new Error(`Not a plain PostgreSQL schema name: ${JSON.stringify(options.schema)}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    ...(options.max === undefined ? {} : { max: options.max }),
    // A startup option, so every pooled connection has it before its first query (a URL's own
    // ?options= wins over it: pg reads the URL last).
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle connection the server drops (a restart, a failover) must not crash the process: pg
  // emits the error on the pool, and the next query takes a fresh connection.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    let schema: string;
    try {
      schema = options.schema ?? (await client.query<{ schema: string | null }>('SELECT current_schema() AS schema')).rows[0]?.schema ?? '';
      if (schema === '') {
        // current_schema() is null when no schema of the search path exists (a URL's
        // `options=-c search_path=paperboy` before CREATE SCHEMA paperboy).
        const path = (await client.query<{ search_path: string }>('SHOW search_path')).rows[0]?.search_path ?? '';
        throw new StoreSetupError(
          `None of the schemas DATABASE_URL's search path names (${path}) exists in that database, so paperboy has nowhere to create its tables. ` +
            'Create the schema first (CREATE SCHEMA <name>; as the database owner), or leave search_path out of DATABASE_URL to use public.',
        );
      }
      await migrateOnce(client, schema, options.schema !== undefined);
    } finally {
      client.release();
    }
    const db = drizzle(pool, { schema: pgSchema }) as PgDb;
    return { pool, db, schema, close: () => pool.end() };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
