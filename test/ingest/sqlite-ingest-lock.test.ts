/**
 * The ingest lock between processes on one SQLite file: `paperboy ingest` beside a running bot
 * must not run at the same time as the bot's scheduled run (each would take the other's `running`
 * rows for interrupted ones), and a process killed mid-run must not block the next run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteIngestPorts } from '../../src/adapters/ingest/ingest-ports.ts';
import { IngestBusyError, runIngest } from '../../src/adapters/ingest/run-ingest.ts';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { fakeConfig, instantClients, testClock } from './ingest-harness.ts';

const CHILD = fileURLToPath(new URL('./ingest-lock-child.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starts ingest-lock-child.mjs on the store; resolves with what it says once it has tried the lock. */
async function lockingChild(path: string) {
  const child = spawn(process.execPath, [CHILD], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: path }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [said] = (await once(child.stdout.setEncoding('utf8'), 'data')) as [string];
  return {
    said: said.trim(),
    async kill() {
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

describe('the ingest lock between processes on one SQLite file', () => {
  let folder: string;
  let path: string;
  let database: OpenDatabase;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'paperboy-ingest-lock-'));
    path = join(folder, 'paperboy.db');
    database = openDatabase(path);
  });
  afterEach(() => {
    database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps a manual run out while another process holds the lock, and lets it in once that process is killed', async () => {
    const papers = createSqlitePaperRepository(database.sqlite);
    const ports = createSqliteIngestPorts(database.db, papers);
    const other = await lockingChild(path);
    expect(other.said).toBe('locked');
    const config = fakeConfig('http://127.0.0.1:9');
    const manual = () =>
      runIngest(
        { config, ports, papers, clock: testClock('2026-11-20T06:31:00.000Z'), log: silentLogger, clients: instantClients(config).clients },
        { sources: ['arxiv-api'], categories: ['cs.LG'] },
      );
    await expect(manual()).rejects.toBeInstanceOf(IngestBusyError);
    await other.kill();
    // The dead process's row is still there; its pid is gone, so the lock is free.
    const report = await manual();
    expect(report.runs.map((run) => [run.source, run.status])).toEqual([['arxiv-api', 'ok']]);
  });

  it('is refused to another process while this one holds it, and given once this one releases it', async () => {
    const ports = createSqliteIngestPorts(database.db, createSqlitePaperRepository(database.sqlite));
    const held = await ports.lockRun();
    expect(held).not.toBeNull();
    const refused = await lockingChild(path);
    expect(refused.said).toBe('busy');
    await refused.kill();
    await held!.release();
    const taker = await lockingChild(path);
    expect(taker.said).toBe('locked');
    await taker.kill();
  });
});
