/**
 * How replicas should share due digests (issue 21: "due digests claimed with SELECT … FOR UPDATE
 * SKIP LOCKED, or one scheduler leader by advisory lock with failover; measure and choose").
 * Three "replicas" (three pools on one scratch schema) deliver N due channels, each delivery a
 * post that takes POST_MS (a chat.postMessage round trip), eight at a time per replica as the
 * scheduler does (DIGEST_CONCURRENCY), by three strategies:
 *
 * - lease: what paperboy does. Every replica's tick walks every due channel and takes the
 *   channel's lease (pg-digest-ledger.ts acquireLease: one conditional UPDATE) before it records
 *   the slot's digest (here: a row in a done table, unique per channel, as the ledger's digest is
 *   unique per channel and slot); no transaction stays open while it posts.
 * - skip-locked: each worker claims the next undone channel with SELECT … FOR UPDATE SKIP LOCKED
 *   and keeps that transaction (and its connection) open through the post, then marks it done.
 * - leader: the replica that wins pg_try_advisory_lock delivers everything; the others idle.
 *
 * Reported: wall time until all N are delivered, each replica's share, deliveries beyond N (must
 * be 0), statements sent and the most connections held at once. Failover after a SIGKILL is the
 * mechanism's, not measured here (the three-replica test measures paperboy's): a lease lapses
 * after LEASE_TTL_MS and is retaken at the next look (LEASE_RECHECK_MS); a killed session's row
 * locks and advisory lock go at once when PostgreSQL sees its connection close.
 *
 *   node bin/run-ts.js bench/replicas/digest-claims-bench.ts [--channels 300] [--post-ms 100] [--json]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPgStore, type PgStore } from '../../src/adapters/store/postgres/open-pg-store.ts';
import { createPgDigestLedger } from '../../src/adapters/store/postgres/pg-digest-ledger.ts';
import { createPgSubscriptionStore } from '../../src/adapters/store/postgres/pg-subscription-store.ts';
import { DIGEST_CONCURRENCY, LEASE_TTL_MS } from '../../src/core/digest/delivery-policy.ts';

export interface ClaimRun {
  strategy: 'lease' | 'skip-locked' | 'leader';
  channels: number;
  wallMs: number;
  perReplica: number[];
  extraDeliveries: number;
  statements: number;
  maxConnections: number;
}

const REPLICAS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, `concurrency` at a time. */
async function pooled<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

async function freshDone(store: PgStore): Promise<void> {
  await store.pool.query('DROP TABLE IF EXISTS claim_bench_done; CREATE TABLE claim_bench_done (channel_id integer PRIMARY KEY, replica integer NOT NULL)');
  await store.pool.query('UPDATE channels SET lease_holder = NULL, lease_until = NULL');
}

async function tally(store: PgStore, strategy: ClaimRun['strategy'], channels: number, wallMs: number, deliveries: number[], statements: number, maxConnections: number): Promise<ClaimRun> {
  const done = Number((await store.pool.query<{ n: string }>('SELECT count(*) AS n FROM claim_bench_done')).rows[0]!.n);
  if (done !== channels) throw new Error(`${strategy}: ${done} of ${channels} channels delivered`);
  return { strategy, channels, wallMs, perReplica: deliveries, extraDeliveries: deliveries.reduce((a, b) => a + b, 0) - channels, statements, maxConnections };
}

async function runLease(pools: PgStore[], ids: number[], postMs: number): Promise<ClaimRun> {
  await freshDone(pools[0]!);
  const deliveries = new Array<number>(REPLICAS).fill(0);
  let statements = 0;
  const started = performance.now();
  await Promise.all(pools.map(async (store, replica) => {
    const ledger = createPgDigestLedger(store.db);
    const lease = { holder: `replica-${replica}`, ttlMs: LEASE_TTL_MS };
    await pooled(ids, DIGEST_CONCURRENCY, async (id) => {
      statements++;
      if (!(await ledger.acquireLease(id, lease, new Date()))) return;
      try {
        statements++;
        const recorded = await store.pool.query('INSERT INTO claim_bench_done VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, replica]);
        if (recorded.rowCount !== 1) return;
        await sleep(postMs);
        deliveries[replica]!++;
      } finally {
        statements++;
        await ledger.releaseLease(id, lease.holder);
      }
    });
  }));
  return tally(pools[0]!, 'lease', ids.length, performance.now() - started, deliveries, statements, REPLICAS * DIGEST_CONCURRENCY);
}

async function runSkipLocked(pools: PgStore[], ids: number[], postMs: number): Promise<ClaimRun> {
  await freshDone(pools[0]!);
  const deliveries = new Array<number>(REPLICAS).fill(0);
  let statements = 0;
  const started = performance.now();
  await Promise.all(pools.map(async (store, replica) => {
    await Promise.all(Array.from({ length: DIGEST_CONCURRENCY }, async () => {
      const client = await store.pool.connect();
      try {
        for (;;) {
          await client.query('BEGIN');
          const claimed = await client.query<{ id: number }>(
            // The claimable mark must be on the locked row itself: a row locked after another
            // transaction's commit is re-checked against its new version only (READ COMMITTED's
            // re-check, https://www.postgresql.org/docs/15/transaction-iso.html#XACT-READ-COMMITTED);
            // a NOT EXISTS on another table would still see the old snapshot and claim it twice.
            'SELECT id FROM channels WHERE lease_holder IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED',
          );
          statements += 2;
          const id = claimed.rows[0]?.id;
          if (id === undefined) {
            await client.query('COMMIT');
            statements++;
            return;
          }
          // The transaction, its row lock and the connection stay taken while the post is out.
          await sleep(postMs);
          await client.query("UPDATE channels SET lease_holder = 'delivered' WHERE id = $1", [id]);
          await client.query('INSERT INTO claim_bench_done VALUES ($1, $2)', [id, replica]);
          await client.query('COMMIT');
          statements += 3;
          deliveries[replica]!++;
        }
      } finally {
        client.release();
      }
    }));
  }));
  return tally(pools[0]!, 'skip-locked', ids.length, performance.now() - started, deliveries, statements, REPLICAS * DIGEST_CONCURRENCY);
}

async function runLeader(pools: PgStore[], ids: number[], postMs: number): Promise<ClaimRun> {
  await freshDone(pools[0]!);
  const deliveries = new Array<number>(REPLICAS).fill(0);
  let statements = 0;
  const started = performance.now();
  const sessions = await Promise.all(pools.map((store) => store.pool.connect()));
  try {
    await Promise.all(pools.map(async (store, replica) => {
      statements++;
      const won = (await sessions[replica]!.query<{ won: boolean }>('SELECT pg_try_advisory_lock(4242) AS won')).rows[0]!.won;
      if (!won) return;
      await pooled(ids, DIGEST_CONCURRENCY, async (id) => {
        statements++;
        await store.pool.query('INSERT INTO claim_bench_done VALUES ($1, $2)', [id, replica]);
        await sleep(postMs);
        deliveries[replica]!++;
      });
    }));
    const wallMs = performance.now() - started;
    await Promise.all(sessions.map((session) => session.query('SELECT pg_advisory_unlock_all()')));
    return tally(pools[0]!, 'leader', ids.length, wallMs, deliveries, statements, 1 + DIGEST_CONCURRENCY);
  } finally {
    for (const session of sessions) session.release();
  }
}

export async function measureDigestClaims(url: string, options: { channels: number; postMs: number }): Promise<ClaimRun[]> {
  const schema = `paperboy_claims_${process.pid}`;
  const pools = [] as PgStore[];
  try {
    for (let i = 0; i < REPLICAS; i++) pools.push(await openPgStore(url, { schema, max: DIGEST_CONCURRENCY + 2 }));
    const subscriptions = createPgSubscriptionStore(pools[0]!.db);
    const ids: number[] = [];
    for (let i = 0; i < options.channels; i++) {
      ids.push((await subscriptions.ensureChannel({ platform: 'slack', workspaceId: 'T-BENCH', channelId: `C${i}` }, { timeZone: 'UTC', now: new Date().toISOString() })).id);
    }
    return [await runLease(pools, ids, options.postMs), await runSkipLocked(pools, ids, options.postMs), await runLeader(pools, ids, options.postMs)];
  } finally {
    await Promise.all(pools.map((store) => store.close()));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { channels: { type: 'string', default: '300' }, 'post-ms': { type: 'string', default: '100' }, json: { type: 'boolean', default: false } } });
  const url = process.env.PAPERBOY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const runs = await measureDigestClaims(url, { channels: Number(values.channels), postMs: Number(values['post-ms']) });
  if (values.json) console.log(JSON.stringify(runs));
  else {
    console.log('strategy     wall ms  per replica        extra  statements  connections');
    for (const run of runs) {
      console.log(`${run.strategy.padEnd(12)} ${run.wallMs.toFixed(0).padStart(7)}  ${run.perReplica.join(' / ').padEnd(17)}  ${String(run.extraDeliveries).padStart(5)}  ${String(run.statements).padStart(10)}  ${String(run.maxConnections).padStart(11)}`);
    }
  }
}
