/** Applies search-ddl.sql to the schema on the connection's search_path. */
import { readFileSync } from 'node:fs';
import type pg from 'pg';

export const SEARCH_DDL_PATH = new URL('./search-ddl.sql', import.meta.url);

export async function applySearchDdl(pool: pg.Pool | pg.PoolClient): Promise<void> {
  // A simple-protocol query (no parameters) may hold several statements.
  await pool.query(readFileSync(SEARCH_DDL_PATH, 'utf8'));
}
