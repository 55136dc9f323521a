import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoliteHttpClient, LATE_START_TOLERANCE_MS } from '../../src/adapters/sources/http-client.ts';
import { createMemoryRequestSpacing, STALE_BOOKING_MS, type RequestSpacing } from '../../src/adapters/sources/request-spacing.ts';
import { createSqliteIngestPorts } from '../../src/adapters/ingest/ingest-ports.ts';
import { runIngest } from '../../src/adapters/ingest/run-ingest.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { fakeConfig, testClock } from '../ingest/ingest-harness.ts';
import { ARXIV_MIN_INTERVAL_MS, createSourceClients } from '../../src/adapters/sources/source-clients.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqliteRequestSpacing } from '../../src/adapters/store/sqlite-request-spacing.ts';
import { loadConfig } from '../../src/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-spacing-'));
const CHILD = fileURLToPath(new URL('./request-spacing-child.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
/** The children's interval: arXiv's 3 s scaled down, so 50 requests take 1 s. */
const CHILD_INTERVAL_MS = 20;
/** A clock stopped at `ms`. */
const at = (ms: number) => () => ms;

let server: Server;
let base: string;
let requests = 0;
beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * An arXiv client (3 s) on a fake clock that starts at `start`: each wait moves it on, by `lateBy`
 * more for the first one (a timer fired late); `sleeps` records the waits asked for.
 */
function fakeClockArxivClient(spacing: RequestSpacing, start: number, lateBy = 0) {
  const state = { clock: start, sleeps: [] as number[] };
  let late = lateBy;
  const client = createPoliteHttpClient({
    userAgent: 'paperboy-test/1.0 (mailto:team@example.org)',
    domain: 'arxiv',
    spacing,
    minIntervalMs: 3000,
    maxRetries: 0,
    baseDelayMs: 100,
    maxDelayMs: 60_000,
    now: () => state.clock,
    sleep: async (ms) => {
      state.sleeps.push(ms);
      state.clock += ms + late;
      late = 0;
    },
  });
  return { client, state };
}

/**
 * Starts request-spacing-child.mjs (plain JavaScript on dist/, built by the tests' global setup):
 * `count` bookings from a process of its own. `ready` resolves once it has opened the store;
 * `start(at)` has it book from `at` on; `starts` resolves with its starts.
 */
function bookingChild(path: string, count: number) {
  const child = spawn(process.execPath, [CHILD], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: path, BOOKINGS: String(count), INTERVAL_MS: String(CHILD_INTERVAL_MS) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  let readyNow: () => void = () => {};
  const ready = new Promise<void>((resolve) => (readyNow = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (output.startsWith('ready\n')) readyNow();
  });
  const starts = new Promise<number[]>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(output.slice('ready\n'.length).trim().split('\n').map(Number)) : reject(new Error(`child exited with ${code}: ${output}`)))),
  );
  return { ready: Promise.race([ready, starts.then(() => undefined)]), start: (at: number) => child.stdin.end(`${at}\n`), starts };
}

describe('request spacing shared through the store', () => {
  it('gives two connections (two processes) starts one interval apart, in booking order', () => {
    const path = join(dir, 'two-connections.db');
    const bot = openDatabase(path);
    const manualIngest = openDatabase(path);
    const botSpacing = createSqliteRequestSpacing(bot.sqlite);
    const ingestSpacing = createSqliteRequestSpacing(manualIngest.sqlite);
    expect(botSpacing.book('arxiv', 3000, at(T0))).toBe(T0);
    expect(ingestSpacing.book('arxiv', 3000, at(T0 + 100))).toBe(T0 + 3000);
    expect(botSpacing.book('arxiv', 3000, at(T0 + 200))).toBe(T0 + 6000);
    // Another domain has its own spacing; and a booking after the interval has passed starts at once.
    expect(ingestSpacing.book('openalex', 200, at(T0 + 300))).toBe(T0 + 300);
    expect(ingestSpacing.book('arxiv', 3000, at(T0 + 60_000))).toBe(T0 + 60_000);
    bot.close();
    manualIngest.close();
  });

  it('keeps every start of two processes booking at the same time an interval apart', async () => {
    const path = join(dir, 'two-processes.db');
    openDatabase(path).close(); // created and migrated before the children race
    const children = [bookingChild(path, 25), bookingChild(path, 25)];
    await Promise.all(children.map((child) => child.ready));
    // Both are up with the store open: they start booking at the same moment.
    const startAt = Date.now() + 50;
    for (const child of children) child.start(startAt);
    const [first, second] = await Promise.all(children.map((child) => child.starts));
    const starts = [...first!, ...second!].sort((a, b) => a - b);
    expect(starts).toHaveLength(50);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(CHILD_INTERVAL_MS);
  });

  it('does not wait out a booking left far ahead by a clock that went back', () => {
    const database = openDatabase(join(dir, 'clock-back.db'));
    const spacing = createSqliteRequestSpacing(database.sqlite);
    database.sqlite.prepare('INSERT INTO request_spacing (domain, next_at) VALUES (?, ?)').run('arxiv', T0 + 3 * 3600_000);
    expect(spacing.book('arxiv', 3000, at(T0))).toBe(T0);
    // A queue of bookings within the stale limit is still honoured.
    database.sqlite.prepare('UPDATE request_spacing SET next_at = ? WHERE domain = ?').run(T0 + STALE_BOOKING_MS, 'arxiv');
    expect(spacing.book('arxiv', 3000, at(T0))).toBe(T0 + STALE_BOOKING_MS);
    database.close();
  });

  it('spaces this process\'s own requests when the store stays locked past its busy timeout', () => {
    const path = join(dir, 'locked.db');
    const importer = openDatabase(path);
    const database = openDatabase(path);
    const spacing = createSqliteRequestSpacing(database.sqlite);
    expect(spacing.book('arxiv', 3000, at(T0))).toBe(T0);
    database.sqlite.pragma('busy_timeout = 20');
    importer.sqlite.exec('BEGIN IMMEDIATE'); // an import's final index build holds the write lock
    expect(spacing.book('arxiv', 3000, at(T0 + 1000))).toBe(T0 + 3000);
    expect(spacing.book('arxiv', 3000, at(T0 + 1100))).toBe(T0 + 6000);
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(20); // the connection's own timeout is back
    importer.sqlite.exec('COMMIT');
    importer.close();
    database.close();
  });

  it('makes a client wait for a start another process booked before it, then send', async () => {
    const path = join(dir, 'client-waits.db');
    const other = openDatabase(path);
    createSqliteRequestSpacing(other.sqlite).book('arxiv', 3000, at(T0)); // the other process's request at T0
    const database = openDatabase(path);
    const { client, state } = fakeClockArxivClient(createSqliteRequestSpacing(database.sqlite), T0 + 1000);
    const before = requests;
    expect((await client.get(`${base}/listing`)).status).toBe(200);
    expect(state.sleeps).toEqual([2000]);
    expect(requests).toBe(before + 1);
    // Booked with the late-start tolerance on top of the interval (http-client.ts).
    expect(database.sqlite.prepare('SELECT next_at FROM request_spacing WHERE domain = ?').pluck().get('arxiv')).toBe(T0 + 3000 + 3000 + LATE_START_TOLERANCE_MS);
    other.close();
    database.close();
  });

  it('books each source client under its own domain and interval', async () => {
    const database = openDatabase(join(dir, 'domains.db'));
    const clients = createSourceClients(loadConfig({ CONTACT_EMAIL: 'team@example.org' }), {}, createSqliteRequestSpacing(database.sqlite));
    const started = Date.now();
    await clients.arxiv.get(`${base}/arxiv`);
    await clients.openAlex.get(`${base}/openalex`);
    const booked = database.sqlite.prepare('SELECT domain, next_at AS nextAt FROM request_spacing ORDER BY domain').all() as Array<{ domain: string; nextAt: number }>;
    expect(booked.map((row) => row.domain)).toEqual(['arxiv', 'openalex']);
    const arxiv = booked[0]!.nextAt;
    expect(arxiv).toBeGreaterThanOrEqual(started + ARXIV_MIN_INTERVAL_MS + LATE_START_TOLERANCE_MS);
    expect(arxiv).toBeLessThanOrEqual(Date.now() + ARXIV_MIN_INTERVAL_MS + LATE_START_TOLERANCE_MS);
    database.close();
  });

  it('books again when its timer fires late, instead of sending off its booked start', async () => {
    // The event loop was busy once: the first wait ends half a second late.
    const { client, state } = fakeClockArxivClient(createMemoryRequestSpacing(), T0, 500);
    const sentAt: number[] = [];
    for (const path of ['/first', '/second']) {
      await client.get(`${base}${path}`);
      sentAt.push(state.clock);
    }
    // The second start was booked for T0 + 3050; woken at T0 + 3550 it books the next free start.
    expect(state.sleeps).toEqual([3000 + LATE_START_TOLERANCE_MS, 2 * (3000 + LATE_START_TOLERANCE_MS) - 3550]);
    expect(sentAt).toEqual([T0, T0 + 2 * (3000 + LATE_START_TOLERANCE_MS)]);
  });

  it('is what an ingest run books with when it is given no clients', async () => {
    const database = openDatabase(':memory:');
    const config = fakeConfig(base);
    const papers = createSqlitePaperRepository(database.sqlite);
    await runIngest({ config, ports: createSqliteIngestPorts(database.db, papers), papers, clock: testClock('2026-11-23T09:00:00Z'), log: silentLogger }, { sources: ['arxiv-rss'], categories: ['cs.LG'] });
    expect(database.sqlite.prepare('SELECT domain FROM request_spacing').pluck().all()).toEqual(['arxiv']);
    database.close();
  });
});
