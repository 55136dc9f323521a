/**
 * Contract suite for what keeps ingestion right with several processes on one store (issue 21),
 * on SQLite (two connections to one file, as a bot and a `paperboy ingest` beside it) and on
 * PostgreSQL (two pools on one schema, as two replicas): request bookings that hold arXiv's one
 * request per 3 s between them, one claim per firing of the ingest schedule, and the run lock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteIngestPorts, type IngestPorts } from '../../src/adapters/ingest/ingest-ports.ts';
import { IngestBusyError, runIngest, startIngestSchedule, type IngestSchedule } from '../../src/adapters/ingest/run-ingest.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { openPgStore } from '../../src/adapters/store/postgres/open-pg-store.ts';
import { createPgIngestPorts } from '../../src/adapters/store/postgres/pg-ingest-ports.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import { startFakeServer, type FakeServer } from '../ingest/fake-server.ts';
import { fakeConfig, instantClients, testClock } from '../ingest/ingest-harness.ts';
import { describePg, openPgScratch, PG_URL } from './pg-scratch.ts';

/** One process on the store: its ports and papers, and how it ends (as a process that stops, or is killed). */
interface Replica {
  ports: IngestPorts;
  papers: PaperRepository;
  close(): Awaitable<void>;
}

interface Store {
  replicas: [Replica, Replica];
  /** PostgreSQL: ends the second replica's sessions from the server's side, as when its process is killed. */
  killSecond?(): Promise<void>;
  close(): Awaitable<void>;
}

const ARXIV_INTERVAL_MS = 3000;
const T0 = Date.parse('2026-11-20T09:00:00.000Z');

/** A logger that keeps what is logged at info, for the skip lines. */
function infoLog(): { log: Logger; lines: Array<{ msg: string; fields: object }> } {
  const lines: Array<{ msg: string; fields: object }> = [];
  const log: Logger = {
    debug() {},
    info: (fields: object, msg?: string) => {
      lines.push({ msg: msg ?? '', fields });
    },
    warn() {},
    error() {},
    child: () => log,
  } as Logger;
  return { log, lines };
}

function describeIngestReplicasContract(name: string, open: () => Promise<Store>): void {
  describe(`ingest across processes: ${name}`, () => {
    let store: Store;
    let a: Replica;
    let b: Replica;
    beforeEach(async () => {
      store = await open();
      [a, b] = store.replicas;
    });
    afterEach(async () => store.close());

    it('books 10 arXiv requests from each of two processes at 20 distinct starts at least 3 s apart', async () => {
      // The fake clock stands still: every start after the first comes from the bookings alone.
      const now = () => T0;
      const bookTen = async (replica: Replica) => {
        const starts: number[] = [];
        for (let i = 0; i < 10; i++) starts.push(await replica.ports.spacing.book('arxiv.org', ARXIV_INTERVAL_MS, now));
        return starts;
      };
      const [fromA, fromB] = await Promise.all([bookTen(a), bookTen(b)]);
      const starts = [...fromA, ...fromB].sort((x, y) => x - y);
      expect(new Set(starts).size).toBe(20);
      expect(starts[0]).toBeGreaterThanOrEqual(T0);
      const gaps = starts.slice(1).map((start, i) => start - starts[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(ARXIV_INTERVAL_MS);
    });

    it('keeps the interval after another process’s booking, and forgets a booking from a clock that went back', async () => {
      const first = await a.ports.spacing.book('arxiv', ARXIV_INTERVAL_MS, () => T0);
      const second = await b.ports.spacing.book('arxiv', ARXIV_INTERVAL_MS, () => T0 + 1000);
      expect(second - first).toBe(ARXIV_INTERVAL_MS);
      // A process whose clock ran ten minutes ahead booked then; a later booking on the right clock does not wait for it.
      await a.ports.spacing.book('huggingface', 1000, () => T0 + 600_000);
      const after = await b.ports.spacing.book('huggingface', 1000, () => T0);
      expect(after - T0).toBeLessThan(1000);
    });

    it('gives a firing of the ingest schedule to exactly one process', async () => {
      const firing = '2026-11-20T06:30Z';
      const claims = await Promise.all([
        a.ports.claimScheduledRun(firing, 'host-a:1', '2026-11-20T06:30:00.010Z'),
        b.ports.claimScheduledRun(firing, 'host-b:2', '2026-11-20T06:30:00.020Z'),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await a.ports.claimScheduledRun(firing, 'host-a:1', '2026-11-20T06:31:00.000Z')).toBe(false);
      expect(await b.ports.claimScheduledRun('2026-11-21T06:30Z', 'host-b:2', '2026-11-21T06:30:00.000Z')).toBe(true);
    });

    it('lets one run hold the ingest lock at a time, and the next take it once released', async () => {
      const held = await a.ports.lockRun();
      expect(held).not.toBeNull();
      expect(await a.ports.lockRun()).toBeNull();
      await held!.release();
      const next = await a.ports.lockRun();
      expect(next).not.toBeNull();
      await next!.release();
    });

    it('keeps a second process’s run out while the first holds the lock', async () => {
      const held = await a.ports.lockRun();
      expect(held).not.toBeNull();
      expect(await b.ports.lockRun()).toBeNull();
      await held!.release();
      const next = await b.ports.lockRun();
      expect(next).not.toBeNull();
      await next!.release();
    });

    it('refuses a manual run while a replica’s run holds the lock, and records no run for it', async () => {
      const held = await a.ports.lockRun();
      const config = fakeConfig('http://127.0.0.1:9');
      const manual = runIngest(
        { config, ports: b.ports, papers: b.papers, clock: testClock('2026-11-20T06:31:00.000Z'), log: infoLog().log, clients: instantClients(config).clients },
        { sources: ['arxiv-rss'], categories: ['cs.LG'] },
      );
      await expect(manual).rejects.toBeInstanceOf(IngestBusyError);
      expect(await b.ports.health.sourceStatuses()).toEqual([]);
      await held!.release();
    });

    it('leaves an unfinished firing to its claimer while the claimer holds the lock', async () => {
      expect(await a.ports.claimScheduledRun('2026-11-20T06:30Z', 'host-a:1', '2026-11-20T06:30:00.010Z')).toBe(true);
      const held = await a.ports.lockRun();
      await withSchedules([b], '2026-11-20T06:35:00.000Z', async ([schedule]) => {
        expect(await schedule!.resumeAbandoned()).toBeNull();
      });
      expect(await b.ports.latestScheduledRun()).toMatchObject({ finishedAt: null });
      expect(await b.ports.health.sourceStatuses()).toEqual([]);
      await held!.release();
    });
    it('runs a scheduled firing in one process; the other logs at info that it skipped and why', async () => {
      await withSchedules([a, b], '2026-11-20T06:30:00.000Z', async (schedules, logs) => {
        const at = new Date('2026-11-20T06:30:00.000Z');
        const reports = await Promise.all(schedules.map((schedule) => schedule.runFiring(at)));
        const ran = reports.findIndex((report) => report !== null);
        expect(reports.filter((report) => report !== null)).toHaveLength(1);
        expect(reports[ran]!.runs.map((run) => run.source)).toContain('arxiv-rss:cs.LG');
        expect(logs[1 - ran]!.lines.map((line) => line.msg)).toEqual(['ingestion skipped: another paperboy process claimed this firing and runs it']);
        expect(logs[1 - ran]!.lines[0]!.fields).toMatchObject({ firing: '2026-11-20T06:30Z' });
        // Its run is recorded finished: nobody takes it over.
        expect(await a.ports.latestScheduledRun()).toMatchObject({ firing: '2026-11-20T06:30Z', finishedAt: '2026-11-20T06:30:00.000Z' });
        expect(await schedules[1 - ran]!.resumeAbandoned()).toBeNull();
      });
    });

    it('takes over a firing whose process stopped between its claim and the end of its run', async () => {
      // The claimer died right after its claim: the row is there, unfinished, and nobody runs it.
      expect(await a.ports.claimScheduledRun('2026-11-20T06:30Z', 'host-a:1', '2026-11-20T06:30:00.010Z')).toBe(true);
      await withSchedules([b], '2026-11-20T06:35:00.000Z', async ([schedule], [log]) => {
        const report = await schedule!.resumeAbandoned();
        expect(report?.runs.map((run) => run.source)).toContain('arxiv-rss:cs.LG');
        const tookOver = log!.lines.filter((line) => line.msg === 'took over an ingest firing whose process stopped before finishing it');
        expect(tookOver.map((line) => line.fields)).toEqual([expect.objectContaining({ firing: '2026-11-20T06:30Z', claimedBy: 'host-a:1' })]);
        expect(await b.ports.latestScheduledRun()).toMatchObject({ firing: '2026-11-20T06:30Z', finishedAt: '2026-11-20T06:35:00.000Z' });
        expect(await schedule!.resumeAbandoned()).toBeNull();
      });
    });

    it('leaves a firing claimed more than half a day ago to the next one', async () => {
      expect(await a.ports.claimScheduledRun('2026-11-20T06:30Z', 'host-a:1', '2026-11-20T06:30:00.010Z')).toBe(true);
      await withSchedules([b], '2026-11-20T18:31:00.000Z', async ([schedule]) => {
        expect(await schedule!.resumeAbandoned()).toBeNull();
        expect(await b.ports.latestScheduledRun()).toMatchObject({ firing: '2026-11-20T06:30Z', finishedAt: null });
      });
    });
  });
}

/**
 * Each replica's ingest schedule at `now`, its sources a fake server that answers 404 to everything
 * (every source fails at once, and a run still ends with a report), its info lines kept.
 */
async function withSchedules(
  replicas: Replica[],
  now: string,
  use: (schedules: IngestSchedule[], logs: Array<ReturnType<typeof infoLog>>) => Promise<void>,
): Promise<void> {
  const server: FakeServer = await startFakeServer(() => undefined);
  try {
    const config = { ...fakeConfig(server.base), INGEST_CATEGORIES: ['cs.LG'] };
    const logs = replicas.map(() => infoLog());
    const schedules = replicas.map((replica, i) =>
      startIngestSchedule({ config, ports: replica.ports, papers: replica.papers, clock: testClock(now), log: logs[i]!.log, clients: instantClients(config).clients }),
    );
    try {
      await use(schedules, logs);
    } finally {
      await Promise.all(schedules.map((schedule) => schedule.stop()));
    }
  } finally {
    await server.close();
  }
}

/** Two connections to one SQLite file: two processes on one embedded store. */
async function openSqlite(): Promise<Store> {
  const folder = mkdtempSync(join(tmpdir(), 'paperboy-ingest-replicas-'));
  const path = join(folder, 'paperboy.db');
  const replica = (): Replica => {
    const database = openDatabase(path);
    const papers = createSqlitePaperRepository(database.sqlite);
    return { ports: createSqliteIngestPorts(database.db, papers), papers, close: () => database.close() };
  };
  const replicas: [Replica, Replica] = [replica(), replica()];
  return {
    replicas,
    async close() {
      for (const r of replicas) await r.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Two pools on one scratch schema (pg-scratch.ts): two replicas on one database. */
async function openPg(): Promise<Store> {
  const scratch = await openPgScratch();
  const { rows } = await scratch.pool.query<{ schema: string }>('SELECT current_schema() AS schema');
  // The second replica's connections carry a name of their own, so a test can end them as a kill would.
  const url = new URL(PG_URL);
  url.searchParams.set('application_name', `paperboy_replica_${process.pid}_${Math.random().toString(36).slice(2, 10)}`);
  const other = await openPgStore(url.toString(), { schema: rows[0]!.schema, max: 4 });
  const replica = (db: typeof scratch.db, pool: typeof scratch.pool, close: () => Promise<void>): Replica => {
    const papers = createPgPaperRepository({ pool });
    return { ports: createPgIngestPorts(db, papers), papers, close };
  };
  let otherOpen = true;
  const closeOther = async () => {
    if (!otherOpen) return;
    otherOpen = false;
    await other.close();
  };
  return {
    replicas: [replica(scratch.db, scratch.pool, async () => undefined), replica(other.db, other.pool, closeOther)],
    async killSecond() {
      // pg_terminate_backend with a timeout waits until the session is gone (and its locks with it):
      // https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADMIN-SIGNAL
      await scratch.pool.query('SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = $1', [url.searchParams.get('application_name')]);
    },
    async close() {
      await closeOther();
      await scratch.close();
    },
  };
}

describeIngestReplicasContract('SQLite', openSqlite);
describePg((name) => {
  describeIngestReplicasContract(name, openPg);

  describe('the ingest lock across replicas', () => {
    let store: Store;
    beforeEach(async () => {
      store = await openPg();
    });
    afterEach(async () => store.close());

    it('frees the lock when its holder dies (its sessions ended as a kill ends them)', async () => {
      const [a, b] = store.replicas;
      const held = await b.ports.lockRun();
      expect(held).not.toBeNull();
      expect(await a.ports.lockRun()).toBeNull();
      // The holder's sessions end without a release, as when its process is killed.
      await store.killSecond!();
      const taken = await a.ports.lockRun();
      expect(taken).not.toBeNull();
      await taken!.release();
      // The holder, had it lived, finds its connection gone and gives nothing back to the pool.
      await held!.release();
    });
  });
});
