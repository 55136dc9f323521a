/**
 * Opens the PostgreSQL store (issue 21): a pg.Pool from a `postgres://` URL, drizzle over it, the
 * drizzle-kit migrations of `drizzle-pg/` applied once, then the full-text search DDL
 * (search-ddl.sql, idempotent).
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
import { applySearchDdl } from './pg-search-schema.ts';

/** drizzle-kit's PostgreSQL migrations (drizzle.pg.config.ts). */
export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../../drizzle-pg', import.meta.url));

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
 * on the search path, like every other statement of the migrations and of search-ddl.sql, so the
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
 * search-ddl.sql declares the search columns inside its CREATE TABLE IF NOT EXISTS papers, which is
 * a no-op once the migrations have made papers (without them: pg-schema.ts leaves search to that
 * file). Until it adds them itself, they are added here, and only when missing: an ALTER TABLE takes
 * an ACCESS EXCLUSIVE lock even when IF NOT EXISTS makes it a no-op, and every replica's start would
 * then queue behind a running import and make every search queue behind it
 * (https://www.postgresql.org/docs/15/explicit-locking.html#LOCKING-TABLES). Run once, on the empty
 * table the first migration made, so NOT NULL without a default is satisfied. Definitions as in search-ddl.sql.
 */
async function addMissingSearchColumns(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'papers' AND column_name IN ('search_vector', 'search_terms', 'search_length')`,
  );
  const present = new Set(rows.map((row) => row.column_name));
  const missing = [
    ['search_vector', 'tsvector COMPRESSION lz4 NOT NULL'],
    ['search_terms', 'jsonb COMPRESSION lz4 NOT NULL'],
    ['search_length', 'integer NOT NULL'],
  ].filter(([name]) => !present.has(name!));
  if (missing.length === 0) return;
  await client.query(`ALTER TABLE papers ${missing.map(([name, type]) => `ADD COLUMN IF NOT EXISTS ${name} ${type}`).join(', ')}`);
}

/** Migrates the schema on the client's search path, holding the schema's migration lock. */
async function migrateOnce(client: pg.PoolClient, schema: string, createSchema: boolean): Promise<void> {
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
    await addMissingSearchColumns(client);
    // Under the same lock: its DROP TRIGGER / CREATE TRIGGER and CREATE OR REPLACE FUNCTION
    // statements fail ("tuple concurrently updated") when two sessions run them at once.
    await applySearchDdl(client);
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
      if (schema === '') throw new Error('No schema on the search path to create the store in');
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
