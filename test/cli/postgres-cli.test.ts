/**
 * Issue 21: DATABASE_URL=postgres://… selects PostgreSQL for every command, from dist/ as a user
 * runs it. Each run here is its own process, as replicas and one-shot commands are: what one
 * writes the next reads from the database, not from memory.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliEnv, runCli } from './run-cli.ts';
import { describePg, dropPgSchema, PG_URL } from '../store/pg-scratch.ts';

describePg((name) => {
  const schema = `paperboy_cli_${process.pid}`;
  // The schema a deployment keeps paperboy's tables in, named in the URL as .env.example shows.
  const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const env = cliEnv({ DATABASE_URL: url, DATABASE_PATH: '/nonexistent/never-used.db' });

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
  });
  afterAll(() => dropPgSchema(schema));

  it(`${name}: the first command migrates and seeds the store; the next finds the seed papers and what the first subscribed`, async () => {
    const subscribe = await runCli(['chat', '/papers subscribe recsys cold-start'], env);
    expect(subscribe.stderr).toBe('');
    expect(subscribe.code).toBe(0);
    expect(subscribe.stdout).toMatch(/subscribed/i);

    const list = await runCli(['chat', '/papers list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('recsys cold-start');

    const search = await runCli(['search', 'recsys cold-start', '--json', '--limit', '3'], env);
    expect(search.code).toBe(0);
    const hits = JSON.parse(search.stdout) as Array<{ id: string; title: string }>;
    expect(hits.length).toBe(3);

    // The rows are PostgreSQL's, in the schema the URL named (the SQLite path above does not exist).
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const rows = await admin.query<{ query: string }>(`SELECT query FROM ${schema}.subscriptions`);
      expect(rows.rows.map((row) => row.query)).toEqual(['recsys cold-start']);
    } finally {
      await admin.end();
    }
  }, 120_000);

  it(`${name}: a schema named in DATABASE_URL that does not exist is one sentence saying how to create it, exit 78`, async () => {
    const missing = `${PG_URL}?options=${encodeURIComponent('-c search_path=paperboy_no_such_schema')}`;
    const run = await runCli(['chat', '/papers list'], cliEnv({ DATABASE_URL: missing }));
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('(paperboy_no_such_schema) exists in that database');
    expect(run.stderr).toContain('CREATE SCHEMA');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it(`${name}: a database that does not answer gets one sentence naming its host and what to check, no stack, exit 74`, async () => {
    const down = await runCli(['chat', '/papers list'], cliEnv({ DATABASE_URL: 'postgres://paperboy:s3cret-pw@127.0.0.1:1/paperboy' }));
    expect(down.code).toBe(74);
    expect(down.stderr).toContain('cannot reach its PostgreSQL database at 127.0.0.1:1');
    expect(down.stderr).toContain('pg_isready -h 127.0.0.1');
    expect(down.stderr).not.toContain('s3cret-pw');
    expect(down.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
