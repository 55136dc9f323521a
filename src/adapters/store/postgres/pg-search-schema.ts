/**
 * The PostgreSQL store's schema, search included, on the schema of a pool's search_path, for
 * callers with a pool of their own (pg-paper-search.test.ts, bench/relevance/pg-relevance.ts);
 * openPgStore does the same for the app. The search DDL (search-ddl.ts) no longer makes papers
 * (drizzle owns it, drizzle-pg/), so the migrations run first, as openPgStore runs them: under the
 * schema's advisory lock, recorded in the schema's own journal.
 */
import pg from 'pg';
import { migrateOnce } from './open-pg-store.ts';

export { SEARCH_DDL } from './search-ddl.ts';

export async function applySearchDdl(pool: pg.Pool | pg.PoolClient): Promise<void> {
  // The advisory lock is a session's: lock, migrate and unlock on one connection.
  const client = pool instanceof pg.Pool ? await pool.connect() : pool;
  try {
    const schema = (await client.query<{ schema: string | null }>('SELECT current_schema() AS schema')).rows[0]?.schema;
    if (!schema) throw new Error('No schema on the search path to create the store in');
    await migrateOnce(client, schema, false);
  } finally {
    if (client !== pool) client.release();
  }
}
