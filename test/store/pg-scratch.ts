/**
 * A PostgreSQL store for one test (issue 21's contract suites): a scratch schema of its own, made
 * from the drizzle-kit migrations in drizzle-pg/, its connections' search_path set to it, dropped
 * on close, so tests never see each other's rows and leave nothing behind. Suites register their
 * PostgreSQL run through describePg, which registers it only when PostgreSQL answers.
 */
import { readFileSync } from 'node:fs';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { describe, it } from 'vitest';
import * as schema from '../../src/adapters/store/postgres/pg-schema.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';

export const PG_CONNECTION = {
  host: '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  database: process.env.PGDATABASE ?? 'test',
};

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ ...PG_CONNECTION, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const pgReachable = await reachable();

/**
 * Registers a suite's PostgreSQL run when PostgreSQL answers; else one skipped test that says why,
 * so a run without it shows the gap instead of passing silently.
 */
export function describePg(register: (name: string) => void): void {
  if (pgReachable) register('PostgreSQL');
  else describe('PostgreSQL', () => it.skip(`PostgreSQL not reachable at 127.0.0.1:${PG_CONNECTION.port} (pg_isready); CI always runs these`, () => undefined));
}

/**
 * The migrations' SQL, in journal order, one statement per entry. drizzle-kit writes the foreign
 * keys as REFERENCES "public"."…": unqualified, they resolve through the search_path to the
 * scratch schema's own tables, as every other statement of the migration does.
 */
function migrationStatements(): string[] {
  const folder = new URL('../../drizzle-pg/', import.meta.url);
  const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', folder), 'utf8')) as { entries: Array<{ tag: string }> };
  return journal.entries.flatMap(({ tag }) =>
    readFileSync(new URL(`${tag}.sql`, folder), 'utf8')
      .replaceAll('"public".', '')
      .split('--> statement-breakpoint')
      .map((statement) => statement.trim())
      .filter((statement) => statement.length > 0),
  );
}

export type ScratchDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface ChannelRow {
  id: number;
  timeZone: string;
  createdAt: string;
  pausedAt: string | null;
  pauseReason: string | null;
}

export interface PgScratch {
  schema: string;
  pool: pg.Pool;
  db: ScratchDb;
  /** A channel row for `ref` (and its workspace row), made if missing: what a test keys its rows by. */
  channel(ref: ChannelRef): Promise<number>;
  /** The same, made with a command's defaults (a new row only; an existing one is left as it is), as SubscriptionStore.ensureChannel makes it. */
  ensureChannel(ref: ChannelRef, defaults: { timeZone: string; now: string }): Promise<{ id: number }>;
  /** The channel row of `ref` as stored, or null. */
  channelRow(ref: ChannelRef): Promise<ChannelRow | null>;
  close(): Promise<void>;
}

async function asAdmin(statement: string): Promise<void> {
  const admin = new pg.Client(PG_CONNECTION);
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

export async function openPgScratch(): Promise<PgScratch> {
  const name = `paperboy_contract_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await asAdmin(`CREATE SCHEMA ${name}`);
  const pool = new pg.Pool({ ...PG_CONNECTION, max: 4, options: `-c search_path=${name}` });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const statement of migrationStatements()) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  const db = drizzle(pool, { schema }) as ScratchDb;
  /** Upserts that answer the row either way (DO UPDATE with no change returns it where DO NOTHING would not). */
  async function ensureChannel(ref: ChannelRef, defaults: { timeZone: string; now: string } | null): Promise<{ id: number }> {
    const workspace = await pool.query<{ id: number }>(
      `INSERT INTO workspaces (platform, team_id) VALUES ($1, $2)
       ON CONFLICT (platform, team_id) DO UPDATE SET team_id = EXCLUDED.team_id RETURNING id`,
      [ref.platform, ref.workspaceId],
    );
    const channel = await pool.query<{ id: number }>(
      `INSERT INTO channels (workspace_id, channel_id, time_zone, created_at)
       VALUES ($1, $2, coalesce($3, 'UTC'), coalesce($4, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
       ON CONFLICT (workspace_id, channel_id) DO UPDATE SET channel_id = EXCLUDED.channel_id RETURNING id`,
      [workspace.rows[0]!.id, ref.channelId, defaults?.timeZone ?? null, defaults?.now ?? null],
    );
    return { id: channel.rows[0]!.id };
  }
  return {
    schema: name,
    pool,
    db,
    async channel(ref) {
      return (await ensureChannel(ref, null)).id;
    },
    ensureChannel,
    async channelRow(ref) {
      const { rows } = await pool.query<ChannelRow>(
        `SELECT c.id, c.time_zone AS "timeZone", c.created_at AS "createdAt", c.paused_at AS "pausedAt", c.pause_reason AS "pauseReason"
         FROM channels c JOIN workspaces w ON w.id = c.workspace_id WHERE w.platform = $1 AND w.team_id = $2 AND c.channel_id = $3`,
        [ref.platform, ref.workspaceId, ref.channelId],
      );
      return rows[0] ?? null;
    },
    async close() {
      await pool.end();
      await asAdmin(`DROP SCHEMA ${name} CASCADE`);
    },
  };
}
