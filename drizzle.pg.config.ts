import { defineConfig } from 'drizzle-kit';

/**
 * PostgreSQL migrations (issue 21), from the PostgreSQL twin of the SQLite schema. SQLite's stay in
 * drizzle.config.ts / drizzle/; `npx drizzle-kit generate --config drizzle.pg.config.ts` writes these.
 * The full-text search is not here: search-ddl.ts, applied after them (open-pg-store.ts).
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/adapters/store/postgres/pg-schema.ts',
  out: './drizzle-pg',
});
