import { loadConfig, type Config } from '../../src/config.ts';
import type { Synchronous } from '../../src/core/awaitable.ts';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createSourceClients, type SourceClients } from '../../src/adapters/sources/source-clients.ts';
import { createSqliteIngestPorts, type IngestPorts } from '../../src/adapters/ingest/ingest-ports.ts';
import type { IngestDeps } from '../../src/adapters/ingest/run-ingest.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Clock, PaperRepository } from '../../src/core/ports.ts';

/** A clock the test moves by hand. */
export interface TestClock extends Clock {
  set(iso: string): void;
}

export function testClock(iso: string): TestClock {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set(next) {
      now = new Date(next);
    },
  };
}

/** Configuration whose every source URL points at the fake server. */
export function fakeConfig(base: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_PATH: ':memory:',
    CONTACT_EMAIL: 'team@example.org',
    INGEST_CATEGORIES: 'cs.LG',
    ARXIV_RSS_URL: `${base}/rss/`,
    ARXIV_API_URL: `${base}/api/query`,
    ARXIV_OAI_URL: `${base}/oai`,
    HF_API_URL: `${base}/hf/api/`,
    S2_API_URL: `${base}/s2/graph/v1/`,
    OPENALEX_API_URL: `${base}/openalex/`,
    ...env,
  });
}

/** Clients without the production politeness waits: every wait is recorded and passes at once. */
export function instantClients(config: Config): { clients: SourceClients; waits: number[] } {
  const waits: number[] = [];
  const clients = createSourceClients(config, {
    minIntervalMs: 0,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  });
  return { clients, waits };
}

/** A fresh migrated in-memory store with everything a run needs. */
export interface IngestHarness {
  database: OpenDatabase;
  papers: Synchronous<PaperRepository>;
  clock: TestClock;
  config: Config;
  clients: SourceClients;
  waits: number[];
  ports: IngestPorts;
  deps: IngestDeps;
  /** Row counts and ids, to assert nothing was lost or stored twice. */
  paperIds(): string[];
  cursor(source: string): string | null;
  runs(): Array<{ source: string; status: string; fetched: number; stored: number; announced: number | null; detail: string | null }>;
  close(): void;
}

export function ingestHarness(base: string, now: string, env: Record<string, string> = {}): IngestHarness {
  const database = openDatabase(':memory:');
  const papers = createSqlitePaperRepository(database.sqlite);
  const clock = testClock(now);
  const config = fakeConfig(base, env);
  const { clients, waits } = instantClients(config);
  const ports = createSqliteIngestPorts(database.db, papers);
  return {
    database,
    papers,
    clock,
    config,
    clients,
    waits,
    ports,
    deps: { config, ports, papers, clock, log: silentLogger, clients },
    paperIds: () => (database.sqlite.prepare('SELECT id FROM papers ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id),
    cursor: (source) =>
      (database.sqlite.prepare('SELECT cursor FROM ingest_cursors WHERE source = ?').get(source) as { cursor: string | null } | undefined)?.cursor ?? null,
    runs: () =>
      database.sqlite.prepare('SELECT source, status, fetched, stored, announced, detail FROM ingest_runs ORDER BY id').all() as ReturnType<
        IngestHarness['runs']
      >,
    close: () => database.close(),
  };
}
