/**
 * Does a serving paperboy's memory level off, and where (issue 19: ≤ 200 MB RSS at 78,736 papers
 * with the search pool running)? Builds the app as `serve` does (the search pool, the did-you-mean
 * vocabulary in the background) on a copy of a benchmark database, then runs rounds of mixed
 * commands (search, like, paper, list, recommend, help) through the chat host, as many at once as
 * a busy team sends, and prints this process's memory after each round: RSS (its anonymous and
 * file-backed parts, the search pool's threads included), the chat thread's V8 heap, external
 * memory and array buffers. It measures in a child process started as bin/paperboy.js starts
 * paperboy (its MALLOC_ARENA_MAX, and the V8 flags of src/heap-growth.ts, `serve`'s held young
 * generation included):
 *
 *   node bin/run-ts.js bench/serving-memory.ts '{"database":"/tmp/big.db","from":"dist"}'
 *
 * `"gcBeforeReading":true` runs a full collection before each reading (--expose-gc), so the heap
 * figures are what is alive, not what V8 has yet to collect: a leak shows there as a steady rise.
 * `"from":"dist"` runs the compiled app (npm run build), as `npx paperboy serve` does: use it for
 * the issue's figure. `"from":"src"` (the default) loads tsx in the chat thread and in each search
 * worker: 229 MB before the first command against 183 from dist at 78,736 papers. `"heapSnapshotDir"` writes the chat thread's and each worker's
 * heap after the first and the last round, to compare by constructor in Chrome DevTools (writing
 * them costs the process about 100 MB of RSS, so the readings after the first are not comparable).
 *
 * SQLite's page cache is not reported by better-sqlite3; each connection's cap is printed
 * (PRAGMA cache_size) and its use is inside RssAnon.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { getHeapSpaceStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type * as AppModule from '../src/app.ts';
import type * as ConfigModule from '../src/config.ts';
import type { Invoker } from '../src/commands/command-context.ts';
import { silentLogger } from '../src/core/logger.ts';
import { loadBenchQueries } from './bench-queries.ts';
import { nodeArgv, PAPERBOY_ENV, REPO_ROOT } from './node-command.ts';
import { reportWorkerResult } from './worker-protocol.ts';
import { summarizeLatencies } from './bench-stats.ts';
import { holdChatThreadYoungGeneration, SERVING_YOUNG_GENERATION_FLAG } from '../src/heap-growth.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

export interface ServingMemoryArgs {
  /** The benchmark database; the app serves a copy of it in workDir. */
  database: string;
  rounds?: number;
  /** Commands per round. */
  perRound?: number;
  /** Commands in flight at once. */
  concurrency?: number;
  /** Searches in the pool's worker threads, as `serve` runs (the default); false: on the chat thread. */
  searchPool?: boolean;
  /** Print the readings as a benchmark worker's result line (worker-protocol.ts), for npm run bench. */
  report?: boolean;
  /** 'src' (through tsx, the default) or 'dist' (the compiled app, as `paperboy serve` runs). */
  from?: 'src' | 'dist';
  workDir?: string;
  heapSnapshotDir?: string;
  /** A full collection before each reading (the child runs with --expose-gc): the heap figures are then what is alive. */
  gcBeforeReading?: boolean;
  /** V8 flags set (v8.setFlagsFromString) just before the app is built, to try a setting `serve` would make at start. */
  v8Flags?: string;
  /** After the last round, wait this long with nothing to do and read again: V8's memory reducer starts after 8 s idle. */
  idleSeconds?: number;
  seed?: number;
}

export interface MemoryReading {
  round: number;
  commands: number;
  rssMb: number;
  rssAnonMb: number | null;
  rssFileMb: number | null;
  heapUsedMb: number;
  heapTotalMb: number;
  /** The chat thread's young generation (new space) and old generation as V8 has them committed. */
  newSpaceMb: number;
  oldSpaceMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** Median and slowest command of the round, ms (what the memory caps must not cost). */
  p50Ms: number;
  maxMs: number;
}

const MB = 1024 * 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The channels the commands come from: a few subscribed ones, so `list` and `recommend` have work. */
const CHANNELS = 5;
const SUBSCRIPTIONS_PER_CHANNEL = 3;

function invokerFor(channel: number, user: number): Invoker {
  return { platform: 'slack', workspaceId: 'TMEM', channelId: `CMEM${channel}`, userId: `UMEM${user}`, userName: `user${user}`, isAdmin: true };
}

/** One command line of the mix: mostly searches, as people use paperboy. */
function commandOf(random: SeededRandom, queries: readonly string[], paperIds: readonly string[]): string {
  const roll = random.next();
  if (roll < 0.55) return random.pick(queries);
  if (roll < 0.7) return `like ${random.pick(paperIds)}`;
  if (roll < 0.8) return `paper ${random.pick(paperIds)}`;
  if (roll < 0.88) return 'list';
  if (roll < 0.96) return 'recommend';
  return random.next() < 0.5 ? 'help' : 'help search';
}

async function procStatusMb(): Promise<{ rssAnonMb: number | null; rssFileMb: number | null }> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const kb = (name: string) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? round1(Number(m[1]) / 1024) : null;
    };
    return { rssAnonMb: kb('RssAnon'), rssFileMb: kb('RssFile') };
  } catch {
    return { rssAnonMb: null, rssFileMb: null };
  }
}

function spacesMb(): { newSpaceMb: number; oldSpaceMb: number } {
  const spaces = getHeapSpaceStatistics();
  const committed = (name: string) => round1((spaces.find((s) => s.space_name === name)?.space_size ?? 0) / MB);
  return { newSpaceMb: committed('new_space'), oldSpaceMb: committed('old_space') };
}

/** A copy of the database made through SQLite's backup, so a process writing the original leaves it consistent. */
async function copyDatabase(source: string, target: string): Promise<void> {
  const from = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await from.backup(target);
  } finally {
    from.close();
  }
}

async function snapshotHeaps(dir: string, label: string, workers: readonly Worker[]): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files = [writeHeapSnapshot(join(dir, `${label}-main.heapsnapshot`))];
  for (const [i, worker] of workers.entries()) {
    const file = join(dir, `${label}-worker${i}.heapsnapshot`);
    await pipeline(await worker.getHeapSnapshot(), createWriteStream(file));
    files.push(file);
  }
  return files;
}

export async function measureServingMemory(args: ServingMemoryArgs, print: (line: string) => void = console.log): Promise<MemoryReading[]> {
  const rounds = args.rounds ?? 20;
  const perRound = args.perRound ?? 300;
  const concurrency = args.concurrency ?? 20;
  const from = args.from ?? 'src';
  const workDir = args.workDir ?? mkdtempSync(join(tmpdir(), 'paperboy-serving-memory-'));
  const ownWorkDir = args.workDir === undefined;
  mkdirSync(workDir, { recursive: true });
  const database = join(workDir, 'serving.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
  await copyDatabase(args.database, database);

  const modules =
    from === 'dist'
      ? { app: (await import('../dist/app.js' as string)) as typeof AppModule, config: (await import('../dist/config.js' as string)) as typeof ConfigModule }
      : { app: await import('../src/app.ts'), config: await import('../src/config.ts') };
  if (from === 'dist' && !existsSync(new URL('../dist/app.js', import.meta.url))) throw new Error('dist/ is not built: npm run build');
  // The pool's threads, as they start (Node emits 'worker' on process for each new Worker).
  const workers: Worker[] = [];
  process.on('worker', (worker: Worker) => workers.push(worker));

  print(`chat thread's young generation before the app: ${spacesMb().newSpaceMb} MB`);
  if (args.v8Flags) setFlagsFromString(args.v8Flags);
  const started = performance.now();
  const app = modules.app.createApp(modules.config.loadConfig({ DATABASE_PATH: database, LOG_LEVEL: 'silent' }), {
    log: silentLogger,
    spellingVocabulary: 'background',
    searchPool: args.searchPool ?? true,
    authorLinker: null,
  });
  try {
    const random = createSeededRandom(args.seed ?? 19);
    const queries = loadBenchQueries();
    const paperIds = app.database.sqlite.prepare<[], string>('SELECT id FROM papers ORDER BY random() LIMIT 2000').pluck().all();
    for (let c = 0; c < CHANNELS; c++) {
      for (let s = 0; s < SUBSCRIPTIONS_PER_CHANNEL; s++) await app.run(`subscribe ${queries[c * SUBSCRIPTIONS_PER_CHANNEL + s]!}`, invokerFor(c, 0));
    }
    await app.spellingReady;
    const readyMs = performance.now() - started;
    const mainCache = app.database.sqlite.pragma('cache_size', { simple: true }) as number;
    print(`papers ${app.papers.countPapers()} · from ${from} · pool ${args.searchPool ?? true ? `on (${workers.length} workers)` : 'off'} · ready (vocabulary built) in ${Math.round(readyMs)} ms`);
    print(`chat-thread page cache cap ${mainCache < 0 ? `${-mainCache} KB` : `${mainCache} pages`}; workers' caps are search-pool.ts WORKER_PAGE_CACHE_KB`);
    const readings: MemoryReading[] = [];
    const read = async (round: number, commands: number, latencies: number[]) => {
      (globalThis as { gc?: () => void }).gc?.();
      const m = process.memoryUsage();
      const summary = latencies.length > 0 ? summarizeLatencies(latencies) : null;
      const reading: MemoryReading = {
        round,
        commands,
        rssMb: round1(m.rss / MB),
        ...(await procStatusMb()),
        heapUsedMb: round1(m.heapUsed / MB),
        heapTotalMb: round1(m.heapTotal / MB),
        ...spacesMb(),
        externalMb: round1(m.external / MB),
        arrayBuffersMb: round1(m.arrayBuffers / MB),
        p50Ms: summary ? round1(summary.p50) : 0,
        maxMs: summary ? round1(summary.max) : 0,
      };
      readings.push(reading);
      print(
        `round ${String(round).padStart(2)} · ${String(commands).padStart(5)} commands · RSS ${reading.rssMb} MB (anon ${reading.rssAnonMb}, file ${reading.rssFileMb}) · heap ${reading.heapUsedMb}/${reading.heapTotalMb} MB (new ${reading.newSpaceMb}, old ${reading.oldSpaceMb}) · external ${reading.externalMb} · arrayBuffers ${reading.arrayBuffersMb} · p50 ${reading.p50Ms} ms, max ${reading.maxMs} ms`,
      );
    };
    await read(0, 0, []);
    let done = 0;
    for (let round = 1; round <= rounds; round++) {
      const lines = Array.from({ length: perRound }, () => ({ line: commandOf(random, queries, paperIds), invoker: invokerFor(random.below(CHANNELS), random.below(40)) }));
      const latencies: number[] = [];
      let next = 0;
      const lane = async () => {
        while (next < lines.length) {
          const { line, invoker } = lines[next++]!;
          const t = performance.now();
          await app.run(line, invoker);
          latencies.push(performance.now() - t);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      done += perRound;
      await read(round, done, latencies);
      if (args.heapSnapshotDir && (round === 1 || round === rounds)) {
        for (const file of await snapshotHeaps(args.heapSnapshotDir, `round${round}`, workers)) print(`heap snapshot ${file}`);
      }
    }
    if (args.idleSeconds) {
      await new Promise((resolve) => setTimeout(resolve, args.idleSeconds! * 1000));
      print(`after ${args.idleSeconds} s idle:`);
      await read(rounds + 1, done, []);
    }
    return readings;
  } finally {
    app.close();
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}

/** This file run in a child process with paperboy's environment (bin/paperboy.js's first line) and V8 flags (src/heap-growth.ts), as `npx paperboy serve` runs. */
async function runAsPaperboy(args: ServingMemoryArgs, expose: boolean): Promise<number> {
  // `serve` holds the chat thread's young generation from its first line (src/cli.ts): here, before tsx loads.
  const serving = `--import=data:text/javascript,import{setFlagsFromString}from"node:v8";setFlagsFromString("${SERVING_YOUNG_GENERATION_FLAG}")`;
  const flags = [serving, ...(expose ? ['--expose-gc'] : [])];
  const child = spawn(process.execPath, nodeArgv('bin/run-ts.js', ['bench/serving-memory.ts', '--child', JSON.stringify(args)], { flags }), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...PAPERBOY_ENV },
    stdio: 'inherit',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const child = process.argv[2] === '--child';
  const raw = child ? process.argv[3] : process.argv[2];
  const args = JSON.parse(raw ?? '{}') as ServingMemoryArgs;
  if (!args.database) {
    console.error('usage: node bin/run-ts.js bench/serving-memory.ts \'{"database":"/tmp/big.db","rounds":20,"perRound":300}\'');
    process.exit(2);
  }
  if (!child) process.exit(await runAsPaperboy(args, args.gcBeforeReading ?? false));
  // tsx's loader thread, started since, raised V8's young-generation growth factor again (heap-growth.ts).
  holdChatThreadYoungGeneration();
  const readings = await measureServingMemory(args);
  if (args.report) reportWorkerResult({ readings });
  const last = readings.at(-1)!;
  const half = readings[Math.floor(readings.length / 2)]!;
  console.log(`peak RSS ${Math.max(...readings.map((r) => r.rssMb))} MB; RSS from round ${half.round} to ${last.round}: ${half.rssMb} -> ${last.rssMb} MB, heap used ${half.heapUsedMb} -> ${last.heapUsedMb} MB`);
  process.exit(0);
}
