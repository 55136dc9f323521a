/**
 * A PostgreSQL store for one test (issue 21's contract suites): a scratch schema of its own,
 * opened and migrated as production's store is (openPgStore: drizzle-pg/, then search-ddl.ts),
 * dropped on close, so tests never see each other's rows and leave nothing behind. Channel rows and
 * digests go in through the PostgreSQL SubscriptionStore and DigestLedger, as the app writes them.
 * Suites register their PostgreSQL run through describePg, which registers it only when
 * PostgreSQL answers.
 */
import pg from 'pg';
import { describe } from 'vitest';
import { openPgStore, type PgDb } from '../../src/adapters/store/postgres/open-pg-store.ts';
import { createPgDigestLedger } from '../../src/adapters/store/postgres/pg-digest-ledger.ts';
import { createPgSubscriptionStore } from '../../src/adapters/store/postgres/pg-subscription-store.ts';
import type { DigestLedger } from '../../src/core/digest/digest-ledger.ts';
import type { SubscriptionStore } from '../../src/core/subscriptions/subscription-ports.ts';

/** The same database the SubscriptionStore/DigestLedger contract suite uses. */
export const PG_URL = process.env.PAPERBOY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
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
 * Registers a suite's PostgreSQL run. Where PostgreSQL does not answer (a laptop without it) the
 * run is registered skipped, under a name that says why, so the gap shows instead of passing
 * silently; CI (.ci/run sets PAPERBOY_REQUIRE_POSTGRES) fails instead, so there it always runs.
 */
export function describePg(register: (name: string) => void): void {
  if (!pgReachable && process.env.PAPERBOY_REQUIRE_POSTGRES) {
    throw new Error(`PostgreSQL does not answer at ${new URL(PG_URL).host}, and PAPERBOY_REQUIRE_POSTGRES asks for it`);
  }
  const reason = pgReachable ? '' : ` (skipped: PostgreSQL not reachable at ${new URL(PG_URL).host}; CI always runs these)`;
  describe.skipIf(!pgReachable)(`PostgreSQL${reason}`, () => register('PostgreSQL'));
}

export interface PgScratch {
  pool: pg.Pool;
  db: PgDb;
  subscriptions: SubscriptionStore;
  ledger: DigestLedger;
  /** The channel row of `ref`, made as a command makes it when missing: what a test keys its rows by. */
  channel(ref: Parameters<SubscriptionStore['ensureChannel']>[0]): Promise<number>;
  close(): Promise<void>;
}

export async function openPgScratch(): Promise<PgScratch> {
  const schema = `paperboy_contract_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const opened = await openPgStore(PG_URL, { schema, max: 4 });
  const subscriptions = createPgSubscriptionStore(opened.db);
  return {
    pool: opened.pool,
    db: opened.db,
    subscriptions,
    ledger: createPgDigestLedger(opened.db),
    channel: async (ref) => (await subscriptions.ensureChannel(ref, { timeZone: 'UTC', now: '2026-11-20T09:00:00.000Z' })).id,
    async close() {
      await opened.close();
      await dropPgSchema(schema);
    },
  };
}

/** Drops a test's scratch schema, on a connection of its own (the store's pool is closed by then). */
export async function dropPgSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}
