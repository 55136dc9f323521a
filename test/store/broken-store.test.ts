import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readSeeds } from '../../src/adapters/seeds/load-seeds.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { readSeedState } from '../../src/adapters/store/seed-state.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { describeStoreError, StoreUnavailableError, storeProblemMessage } from '../../src/adapters/store/store-health.ts';
import { createApp, type SqliteApp } from '../../src/app.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { cliEnv, REPO_ROOT, runCli, STACK_TRACE, type CliRun } from '../cli/run-cli.ts';
import { makePaper } from '../support/papers.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-broken-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEED_COUNT = readSeeds().length;
/** Plain JavaScript on dist/ (built by the tests' global setup): no TypeScript loader to start. */
const CHILD = fileURLToPath(new URL('./broken-store-child.mjs', import.meta.url));
const invoker: Invoker = { platform: 'console', workspaceId: 'console', channelId: 'console', userId: 'u', userName: null, isAdmin: true };

let stores = 0;
/** A path for a new store in a folder of its own. */
function newStorePath(): string {
  const folder = join(dir, `store-${++stores}`);
  mkdirSync(folder);
  return join(folder, 'paperboy.db');
}

function openApp(path: string): SqliteApp {
  return createApp(loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' }), { log: silentLogger, authorLinker: null });
}

function countRows(path: string, table: string): number {
  const sqlite = new Database(path, { readonly: true });
  try {
    return sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    sqlite.close();
  }
}

/** One sentence: it names the store and ends there (the store's path has dots, but none followed by a space). */
function expectOneSentenceAbout(path: string, text: string, says: RegExp): void {
  expect(text.startsWith(`The paperboy store at ${path} `)).toBe(true);
  expect(text).toMatch(says);
  expect(text.trimEnd().endsWith('.')).toBe(true);
  expect(text.trimEnd().slice(0, -1)).not.toMatch(/[.!?]\s/);
}

/** What a user sees when a command fails on a broken store: the sentence on stderr, alone, and a failing exit code. */
function expectStoreSentence(result: CliRun, path: string, says: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.code).not.toBeNull();
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expectOneSentenceAbout(path, result.stderr, says);
  expect(result.stderr).not.toMatch(STACK_TRACE);
  expect(result.stderr).not.toMatch(/failed unexpectedly|something went wrong|"stack"/i);
}

/** Damages every page of the papers table (found with SQLite's dbstat), as a failing disk would. */
function damagePapersPages(path: string): void {
  const sqlite = new Database(path);
  const pages = sqlite.prepare("SELECT pageno FROM dbstat WHERE name = 'papers'").pluck().all() as number[];
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.close();
  const bytes = readFileSync(path);
  for (const page of pages) bytes.fill(0xa5, (page - 1) * pageSize, page * pageSize);
  writeFileSync(path, bytes);
}

describe('describeStoreError', () => {
  const path = join(dir, 'classify', 'paperboy.db');

  /** The error a statement throws. */
  function errorOf(run: () => unknown): unknown {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error('expected an error');
  }

  it('names the problem behind the errors SQLite itself raises, with one sentence about the store', () => {
    const seeded = newStorePath();
    openDatabase(seeded).close();
    const readOnly = new Database(seeded, { readonly: true });
    const cases: Array<[string, unknown, string, RegExp]> = [
      ['read-only connection', errorOf(() => readOnly.exec("INSERT INTO workspaces (platform, team_id, created_at) VALUES ('slack', 'T', 'now')")), 'read-only', /cannot be written/],
      [
        'page limit (SQLITE_FULL)',
        errorOf(() => {
          const full = new Database(':memory:');
          full.exec('CREATE TABLE t (x)');
          full.pragma('max_page_count = 3');
          for (let i = 0; i < 100; i++) full.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(1000));
        }),
        'full',
        /full disk/,
      ],
      [
        'not a database',
        errorOf(() => {
          const garbage = join(dir, 'garbage.db');
          writeFileSync(garbage, Buffer.alloc(8192, 7));
          new Database(garbage).pragma('journal_mode = WAL');
        }),
        'corrupt',
        /damaged/,
      ],
    ];
    readOnly.close();
    for (const [name, error, problem, says] of cases) {
      const found = describeStoreError(error, path);
      expect(found?.problem, name).toBe(problem);
      expectOneSentenceAbout(path, found!.userMessage, says);
    }
  });

  it('names a lock held too long as busy', () => {
    const store = newStorePath();
    openDatabase(store).close();
    const holder = new Database(store);
    const waiter = new Database(store);
    waiter.pragma('busy_timeout = 0');
    holder.exec('BEGIN IMMEDIATE');
    const error = errorOf(() => waiter.exec('BEGIN IMMEDIATE'));
    holder.exec('ROLLBACK');
    holder.close();
    waiter.close();
    expect(describeStoreError(error, store)?.problem).toBe('busy');
  });

  it('blames file system errors on the store only when they name a file in its folder', () => {
    const fsError = (code: string, file: string) => Object.assign(new Error(`${code}: ${file}`), { code, path: file });
    expect(describeStoreError(fsError('ENOSPC', `${path}-wal`), path)?.problem).toBe('full');
    expect(describeStoreError(fsError('EROFS', path), path)?.problem).toBe('read-only');
    expect(describeStoreError(fsError('EACCES', join(dir, 'classify', 'console-posts.jsonl')), path)?.problem).toBe('read-only');
    // A backup destination or an import file elsewhere is not the store.
    expect(describeStoreError(fsError('EACCES', join(dir, 'elsewhere', 'copy.db')), path)).toBeNull();
    expect(describeStoreError(fsError('ENOENT', path), path)).toBeNull();
  });

  it('explains an I/O error by looking at the file: a missing one was deleted', () => {
    const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_FSTAT' });
    expect(describeStoreError(ioError, join(dir, 'no-such-folder', 'paperboy.db'))?.problem).toBe('deleted');
    const present = newStorePath();
    writeFileSync(present, '');
    expect(describeStoreError(ioError, present)?.problem).toBe('io-error');
  });

  it('passes a StoreUnavailableError through and leaves other errors alone', () => {
    const error = new StoreUnavailableError('deleted', path, { gone: 'replaced' });
    expect(describeStoreError(error, path)).toEqual({ problem: 'deleted', userMessage: storeProblemMessage('deleted', path, 'replaced') });
    expect(error.userMessage).toMatch(/replaced by another file/);
    expect(describeStoreError(new TypeError('x is undefined'), path)).toBeNull();
    expect(describeStoreError(Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }), path)).toBeNull();
    expect(describeStoreError('a string', path)).toBeNull();
    expect(describeStoreError(null, path)).toBeNull();
  });
});

describe('the CLI on a broken store', () => {
  it('a store file replaced by garbage: one sentence saying it is damaged, a failing exit code, no stack, the file untouched', async () => {
    const path = newStorePath();
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
    writeFileSync(path, garbage);
    const env = cliEnv({ DATABASE_PATH: path });
    const [search, subscribe, stats] = await Promise.all([
      runCli(['search', 'cold start'], env),
      runCli(['chat', '/papers subscribe llm'], env),
      runCli(['db', 'stats'], { ...env, LOG_LEVEL: 'info' }),
    ]);
    for (const result of [search, subscribe, stats]) expectStoreSentence(result, path, /is damaged/);
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });

  it('a store with damaged pages: search says the store is damaged', async () => {
    const path = newStorePath();
    openApp(path).close();
    damagePapersPages(path);
    expectStoreSentence(await runCli(['search', 'cold start'], cliEnv({ DATABASE_PATH: path })), path, /is damaged/);
  });
});

/** Whether this process may mount file systems in a private mount namespace (root with CAP_SYS_ADMIN, util-linux). */
const canMount = spawnSync('unshare', ['-m', 'sh', '-c', `mount -t tmpfs -o size=1m tmpfs ${JSON.stringify(dir)}`]).status === 0;

/**
 * Runs `script` (bash) in a private mount namespace with a 64 MB tmpfs at $M, where a store is
 * created and seeded first (at $M/data/paperboy.db, by `paperboy db stats`): a real read-only or
 * full disk, which running as root could not get from file permissions. Each line `run ARGS...`
 * runs the CLI and prints its exit code, stdout and stderr as one JSON line.
 */
function inMountedStore(script: string): Promise<{ path: string; runs: CliRun[] }> {
  const mountPoint = join(dir, `mount-${++stores}`);
  mkdirSync(mountPoint);
  const path = join(mountPoint, 'data', 'paperboy.db');
  const full = `
    set -u
    M=${JSON.stringify(mountPoint)}
    mount -t tmpfs -o size=64m tmpfs "$M"
    run() {
      node bin/paperboy.js "$@" >"$M/../out" 2>"$M/../err"
      code=$?
      node -e 'const fs = require("node:fs"); console.log(JSON.stringify({ code: Number(process.argv[1]), stdout: fs.readFileSync(process.argv[2], "utf8"), stderr: fs.readFileSync(process.argv[3], "utf8") }))' "$code" "$M/../out" "$M/../err"
    }
    node bin/paperboy.js db stats >/dev/null || exit 3
    ${script}
  `;
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-m', 'bash', '-c', full], { cwd: REPO_ROOT, env: cliEnv({ DATABASE_PATH: path }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the mounted-store script failed (${code}): ${stderr}`));
      else resolve({ path, runs: stdout.trim().split('\n').map((line) => JSON.parse(line) as CliRun) });
    });
  });
}

describe.skipIf(!canMount)('the CLI on a store whose disk is read-only or full (a tmpfs in a private mount namespace)', () => {
  it('a read-only disk: search, subscribe and import each say the store cannot be written', async () => {
    const { path, runs } = await inMountedStore(`
      mount -o remount,ro "$M"
      run search cold start
      run chat "/papers subscribe llm"
      run import /dev/null
    `);
    expect(runs).toHaveLength(3);
    for (const result of runs) expectStoreSentence(result, path, /cannot be written \(the file, its folder or its disk is read-only\)/);
  });

  it('a full disk: subscribe and import each say the store is on a full disk', async () => {
    const { path, runs } = await inMountedStore(`
      dd if=/dev/zero of="$M/filler" bs=1M 2>/dev/null
      run chat "/papers subscribe llm"
      run search cold start
    `);
    expect(runs).toHaveLength(2);
    for (const result of runs) expectStoreSentence(result, path, /is on a full disk: free some space there, then try again\./);
  });
});

describe('a store deleted or replaced under a running app', () => {
  it('check() says ok while the file is in place', () => {
    const app = openApp(newStorePath());
    expect(app.database.check()).toEqual({ ok: true });
    app.close();
    const memory = openDatabase(':memory:');
    expect(memory.check()).toEqual({ ok: true });
    memory.close();
  });

  it('deleted (with its -wal and -shm): check() says so, and the next subscribe is refused instead of claiming success', async () => {
    const path = newStorePath();
    const app = openApp(path);
    try {
      expect((await app.run('/papers subscribe llm', invoker)).failed).toBeFalsy();
      for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });

      const check = app.database.check();
      expect(check).toMatchObject({ ok: false, problem: 'deleted' });
      expectOneSentenceAbout(path, (check as { message: string }).message, /was deleted while paperboy was running/);

      const reply = await app.run('/papers subscribe gnn', invoker);
      expect(reply.failed).toBe(true);
      expect(renderReplyText(reply)).not.toMatch(/Subscribed/);
      // The chat user is told what happened, without the server's file path.
      expect(renderReplyText(reply)).toContain('its store was removed while it was running. Nothing was changed.');
      expect(renderReplyText(reply)).not.toContain(path);
      const channel = (await app.services.subscriptions.findChannel({ platform: 'console', workspaceId: 'console', channelId: 'console' }))!;
      const write = () => app.services.subscriptions.addSubscription(channel.id, { kind: 'topic', query: 'rl', authorId: null, externalId: null, createdBy: 'u' }, 'now');
      expect(write).toThrow(StoreUnavailableError);
      expect(write).toThrow(/was deleted while paperboy was running/);
      // Reads of what the process has still work; only writes are refused.
      expect((await app.services.subscriptions.listSubscriptions(channel.id)).map((s) => s.query)).toEqual(['llm']);
    } finally {
      app.close();
    }
  });

  it('deleted without its -wal and -shm, mid-transaction state untouched: a write inside a transaction is refused and rolled back', () => {
    const path = newStorePath();
    const database = openDatabase(path);
    const insert = database.sqlite.prepare("INSERT INTO workspaces (platform, team_id, created_at) VALUES ('slack', ?, 'now')");
    insert.run('T1');
    rmSync(path);
    expect(() => database.sqlite.transaction(() => insert.run('T2'))()).toThrow(StoreUnavailableError);
    expect(database.sqlite.inTransaction).toBe(false);
    expect(database.sqlite.prepare('SELECT team_id FROM workspaces').pluck().all()).toEqual(['T1']);
    database.close();
  });

  it('replaced by another file (a backup moved into place): check() says replaced, and writes to the old file are refused', () => {
    const path = newStorePath();
    const other = `${path}.restored`;
    const database = openDatabase(path);
    openDatabase(other).close();
    renameSync(other, path);
    const check = database.check();
    expect(check).toMatchObject({ ok: false, problem: 'deleted' });
    expect((check as { message: string }).message).toMatch(/was replaced by another file while paperboy was running/);
    expect(() => database.sqlite.prepare("INSERT INTO workspaces (platform, team_id, created_at) VALUES ('slack', 'T', 'now')").run()).toThrow(
      /replaced by another file/,
    );
    database.close();
    // The new file is untouched and opens.
    expect(countRows(path, 'workspaces')).toBe(0);
  });

  it('verify() finds damaged pages that check() does not read, and writes are refused from then on', () => {
    const path = newStorePath();
    openApp(path).close();
    damagePapersPages(path);
    const database = openDatabase(path);
    expect(database.check()).toEqual({ ok: true });
    const verified = database.verify();
    expect(verified).toMatchObject({ ok: false, problem: 'corrupt' });
    expect(database.check()).toMatchObject({ ok: false, problem: 'corrupt' });
    expect(() => database.sqlite.prepare("INSERT INTO workspaces (platform, team_id, created_at) VALUES ('slack', 'T', 'now')").run()).toThrow(/is damaged/);
    database.close();
  });
});

/** Runs broken-store-child.mjs in `mode` on the store at `path`; resolves with its exit code, signal and output. */
function startChild(mode: string, path: string) {
  const child = spawn(process.execPath, [CHILD, mode], {
    cwd: REPO_ROOT,
    // The long import's papers: copies of this one, each with its own id, title, abstract and author.
    env: { ...process.env, DATABASE_PATH: path, PAPER: JSON.stringify(makePaper({ absUrl: null })) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: Array<{ line: string; resolve: () => void }> = [];
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      lines.push(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      for (const waiter of waiters.filter((w) => lines.includes(w.line))) waiter.resolve();
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    lines,
    exited,
    printed: (line: string) => new Promise<void>((resolve) => (lines.includes(line) ? resolve() : waiters.push({ line, resolve }))),
  };
}

describe('the first run, killed while seeding', () => {
  it('leaves a store that the next run seeds fully, once', async () => {
    const path = newStorePath();
    const child = startChild('first-run-killed', path);
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(child.lines).toEqual([]);
    // The store exists and is migrated, but the seeding never committed.
    expect(countRows(path, 'papers')).toBe(0);

    const app = openApp(path);
    expect((await app.papers.countPapers())).toBe(SEED_COUNT);
    expect(readSeedState(app.database.sqlite)).toBe('loaded');
    app.close();
    const again = openApp(path);
    expect((await again.papers.countPapers())).toBe(SEED_COUNT);
    again.close();
  });

  it('a store created without seeds (openDatabase, as tools and tests do) stays unseeded: `db seed` is for that', async () => {
    const path = newStorePath();
    openDatabase(path).close();
    const app = openApp(path);
    expect((await app.papers.countPapers())).toBe(0);
    app.close();
  });

  it('a store from before the seed mark that never got its seeds is seeded; one with papers is left alone', async () => {
    const empty = newStorePath();
    const withPapers = newStorePath();
    for (const path of [empty, withPapers]) {
      const database = openDatabase(path);
      database.sqlite.pragma('user_version = 0');
      if (path === withPapers) {
        await createSqlitePaperRepository(database.sqlite).upsertPapers(
          [makePaper({ id: '2601.00001', title: 'A paper' })],
          'now',
        );
      }
      database.close();
    }
    const seeded = openApp(empty);
    expect((await seeded.papers.countPapers())).toBe(SEED_COUNT);
    seeded.close();
    const kept = openApp(withPapers);
    expect((await kept.papers.countPapers())).toBe(1);
    kept.close();
  });
});

describe('writes during an import', () => {
  it('16 subscribes while an import loads and then holds the write lock for 6.5 s: all succeed, waiting their turn', async () => {
    const path = newStorePath();
    openDatabase(path).close();
    const app = openApp(path);
    const child = startChild('long-import', path);
    const waits: number[] = [];
    const failures: string[] = [];
    const subscribe = async (i: number) => {
      const started = performance.now();
      const reply = await app.run(`/papers subscribe numbat topic ${i}`, invoker);
      waits.push(performance.now() - started);
      if (reply.failed) failures.push(renderReplyText(reply));
    };
    try {
      await child.printed('loading');
      let i = 0;
      // While the batches commit,
      for (; i < 6; i++) {
        await subscribe(i);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // while the final build holds the lock,
      await child.printed('holding');
      for (; i < 8; i++) await subscribe(i);
      // and after.
      await child.printed('done');
      for (; i < 16; i++) await subscribe(i);
      expect(await child.exited).toEqual({ code: 0, signal: null });
    } finally {
      app.close();
    }
    expect(failures).toEqual([]);
    expect(waits).toHaveLength(16);
    // One of them did wait out the long hold, longer than writes used to wait (5 s).
    expect(Math.max(...waits)).toBeGreaterThan(5_000);
    expect(countRows(path, 'subscriptions')).toBe(16);
  }, 60_000);
});
