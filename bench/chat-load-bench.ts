/**
 * Is anyone kept waiting while paperboy works? (issue 19) paperboy serves a copy of a benchmark
 * database in a child process, through real Bolt (Slack over HTTP) and real discord.js (the
 * gateway), against the test kits' stand-ins on 127.0.0.1, and this process measures:
 *
 * - the first search that finds nothing, right after start (it used to build the did-you-mean
 *   vocabulary on the spot): the server's longest event-loop stall while it is answered;
 * - ack times of `burst` concurrent commands on each platform in turn (a Slack slash command's
 *   HTTP 200; a Discord interaction's callback), with the server idle, while another process imports
 *   papers into its store, and while it selects a 50-subscription channel's digest over those
 *   papers (every one new to the channel);
 * - the server's longest event-loop stall in each (perf_hooks.monitorEventLoopDelay).
 *
 *   node bin/run-ts.js bench/chat-load-bench.ts '{"database":"/tmp/x.db","workDir":"/tmp/w","corpusSource":"…jsonl.gz","importPapers":5000,"burst":300}'
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, createWriteStream, existsSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createInterface, type Interface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { startDiscord } from '../src/adapters/discord/start-discord.ts';
import { startSlack } from '../src/adapters/slack/start-slack.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { searchesOf } from '../src/commands/command-services.ts';
import { silentLogger } from '../src/core/logger.ts';
import { APPLICATION_ID, BOT_USER_ID, HARNESS_GUILDS, papersInteraction, RECORDED_GUILD_ID } from '../test/discord/discord-test-kit.ts';
import { startFakeDiscordApi } from '../test/discord/fake-discord-api.ts';
import { startFakeDiscordGateway } from '../test/discord/fake-discord-gateway.ts';
import { startFakeSlack } from '../test/slack/fake-slack-api.ts';
import { loadBenchQueries } from './bench-queries.ts';
import { percentile } from './bench-stats.ts';
import { buildCorpusModel, generateRecord } from './generate-corpus.ts';
import { removeDatabase } from './import-bench.ts';
import { nodeArgv, PAPERBOY_ENV, REPO_ROOT } from './node-command.ts';
import { createSeededRandom } from './seeded-random.ts';
import { threadCpu } from './thread-cpu.ts';
import { BENCH_SIGNING_SECRET, postSignedSlashCommand, slashCommandBody } from './signed-slash-command.ts';
import { serveFloor } from './chat-floor-server.ts';
import { readWorkerArgs, reportWorkerResult } from './worker-protocol.ts';

export interface ChatLoadArgs {
  /** A benchmark database; the server works on a copy in workDir. */
  database: string;
  workDir: string;
  /** The real corpus the imported papers are generated from (generate-corpus.ts). */
  corpusSource: string;
  /** Papers the concurrent import adds (synthetic, ids no paper has). */
  importPapers: number;
  /** Concurrent commands per platform in each burst. */
  burst: number;
  /** Searches and digest selection in serve's worker pool (the default, as `serve` runs); false: on the chat thread, to compare. */
  searchPool?: boolean;
  /** Writes a V8 CPU profile of the serving process into this folder (bench/summarize-profile.ts reads it). */
  serverProfileDir?: string;
}

export interface AckSummary {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Commands not acked (Slack: no HTTP 200 within 3 s; Discord: no callback within 10 s). */
  errors: number;
  /**
   * From the burst's start until the last answer arrived (Slack: the response_url POST; Discord:
   * the edit of the deferred reply), or null when not all arrived within ANSWER_TIMEOUT_MS. The
   * next burst starts only then, so one burst's answers are not another's load.
   */
  allAnsweredMs?: number | null;
  /** The server's longest event-loop stall during this platform's burst (absent in older results). */
  longestStallMs?: number;
}

export interface LoadScenario {
  slack: AckSummary;
  discord: AckSummary;
  /** The server's longest event-loop stall while the burst (and the work beside it) ran. */
  longestStallMs: number;
  /**
   * CPU the serving process spent meanwhile (bench/thread-cpu.ts; absent off Linux): its main
   * thread, which acks and answers, and its other threads (the search pool's workers among them).
   * Does not depend on what else runs on the machine, unlike the ack times.
   */
  serverCpuMs?: { chatThread: number; otherThreads: number };
  /** The main thread's garbage collections meanwhile (perf_hooks 'gc' entries): the longest pause and their sum. */
  serverGcMs?: { longest: number; total: number };
}

export interface ChatLoadResult {
  papers: number;
  burst: number;
  /** From just after start until the vocabulary is ready, with the first search that found nothing in between. */
  firstZeroResultSearch: { longestStallMs: number; ackMs: number } & Pick<LoadScenario, 'serverCpuMs' | 'serverGcMs'>;
  idle: LoadScenario & { writes?: SubscribeBurst };
  /**
   * `burstsWithinImport`: the import was still running when both bursts had their acks.
   * `aloneStallMs`: the longest stall in the import's first second, before any command came.
   */
  duringImport: LoadScenario & { importSeconds: number; burstsWithinImport: boolean; aloneStallMs?: number; writes?: SubscribeBurst };
  /**
   * The selection runs once alone (`aloneStallMs`: the longest stall meanwhile, what the selection
   * itself costs the chat thread), then once before each platform's burst; `selectionMs` is the longest.
   */
  duringDigest: LoadScenario & { selectionMs: number; subscriptions: number; newPapers: number; picks: number; aloneStallMs?: number };
  /**
   * The same bursts, idle, against chat-floor-server.ts: a server that only checks Slack signatures,
   * acks and answers "ok", and a bare discord.js client that defers and edits: the platform
   * plumbing's own cost on this machine (absent in older results).
   */
  floor?: { slack: AckSummary; discord: AckSummary };
  /** Whether searches and selection ran in the worker pool (absent in results from before the pool). */
  searchPool?: boolean;
  /**
   * The serving process's resident memory (its worker threads included), MB: the largest of its
   * readings after each scenario. It runs through the TypeScript loader, which each worker thread
   * registers again, so this is 100-150 MB above `paperboy serve` from dist/ on the same store.
   */
  servingRssMb?: number;
}

const SLACK_ACK_TIMEOUT_MS = 3000;
const DISCORD_ACK_TIMEOUT_MS = 10_000;
/** How long the import runs before the bursts meet it, to see what it alone does to the chat thread. */
const IMPORT_ALONE_MS = 1000;
/** Subscribes sent while the import writes (before the bursts): each waits for its write lock. */
const WRITES_DURING_IMPORT = 20;
/** How long a burst's answers may take, all told, before the burst is left behind. */
const ANSWER_TIMEOUT_MS = 60_000;
const DIGEST_SUBSCRIPTIONS = 50;
const BENCH_DISCORD_TOKEN = 'fake-bot-token';
const ZERO_RESULT_QUERY = 'qwzxvbnmk florbixquat';
const QUERIES = ['recsys cold-start', 'graph neural network', 'llm evaluation', 'contrastive learning recommendation', 'policy-driven llm diagnosis', 'help'];
/** The day the imported papers are listed: after the real corpus ends. */
const IMPORT_DAY = new Date(Date.UTC(2026, 7, 4, 18));

// ── the server (child process) ────────────────────────────────────────────────

interface ServeArgs {
  database: string;
  searchPool: boolean;
  slackApiUrl: string;
  discordApiUrl: string;
}

/**
 * paperboy as `serve` runs it (the did-you-mean vocabulary in the background), with Slack and
 * Discord, answering the load generator's lines on stdin: `stall` (the longest event-loop stall
 * since the last `stall`), `digest-prepare` (a channel with 50 topic subscriptions, before the
 * import), `digest` (that channel's selection, started on the next turn of the event loop).
 */
async function serve(args: ServeArgs): Promise<void> {
  const app = createApp(
    loadConfig({
      DATABASE_PATH: args.database,
      LOG_LEVEL: 'silent',
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: args.slackApiUrl,
      DISCORD_TOKEN: BENCH_DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: args.discordApiUrl,
    }),
    { log: silentLogger, spellingVocabulary: 'background', searchPool: args.searchPool },
  );
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  // Per platform's burst, beside the scenario's own (which spans both bursts and the work between).
  const burstStalls = monitorEventLoopDelay({ resolution: 1 });
  burstStalls.enable();
  const slack = await startSlack(app, { port: 0, host: '127.0.0.1' });
  const discord = await startDiscord({ host: app.host, config: app.config }, { log: silentLogger });
  const store = app.services.subscriptions;
  let channel: ReturnType<typeof store.ensureChannel> | null = null;
  let cpuAtLastStall = threadCpu();
  const gc = { longest: 0, total: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.longest = Math.max(gc.longest, entry.duration);
      gc.total += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`listening ${slack.port} ${(await app.papers.countPapers())}`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'stall') {
      const cpu = threadCpu();
      const spent = cpu && cpuAtLastStall ? `${cpu.mainMs - cpuAtLastStall.mainMs} ${cpu.otherThreadsMs - cpuAtLastStall.otherThreadsMs}` : '';
      say(`stall ${stalls.max / 1e6} ${gc.longest} ${gc.total} ${spent}`.trim());
      stalls.reset();
      gc.longest = 0;
      gc.total = 0;
      cpuAtLastStall = cpu;
    } else if (line === 'burst-stall') {
      say(`burst-stall ${burstStalls.max / 1e6}`);
      burstStalls.reset();
    } else if (line === 'rss') {
      say(`rss ${process.memoryUsage().rss / 1048576}`);
    } else if (line === 'vocabulary') {
      await app.spellingReady;
      say('vocabulary ready');
    } else if (line === 'digest-prepare') {
      const now = new Date().toISOString();
      channel = (await store.ensureChannel({ platform: 'slack', workspaceId: 'TLOAD', channelId: 'CLOAD' }, { timeZone: 'UTC', now }));
      for (const query of loadBenchQueries().slice(0, DIGEST_SUBSCRIPTIONS)) {
        await store.addSubscription(channel.id, { kind: 'topic', query, authorId: null, externalId: null, createdBy: 'bench' }, now);
      }
      say('digest-prepared');
    } else if (line === 'digest') {
      const selecting = channel!;
      say('digest-started');
      setImmediate(async () => {
        const throughSeq = app.database.sqlite.prepare<[], number>('SELECT max(seq) FROM papers').pluck().get()!;
        const started = performance.now();
        // As a digest selects (deliver-digest.ts): in the pool when serving with one.
        const selection = await searchesOf(app.services).selectDigest(selecting, (await store.listSubscriptions(selecting.id)), new Date(Date.now() + 86_400_000), throughSeq);
        say(`digest-done ${performance.now() - started} ${selection.picks.length}`);
      });
    }
  }
  await discord.stop();
  await slack.stop();
  app.close();
}

// ── the load generator (this process) ────────────────────────────────────────

interface Server {
  port: number;
  papers: number;
  /** The next line the server prints that starts with `prefix`. */
  next(prefix: string): Promise<string>;
  send(line: string): void;
  /** Sends a line and waits for the first answer line that starts with `prefix`. */
  ask(line: string, prefix: string): Promise<string>;
  stop(): Promise<void>;
}

function nextLineStarting(lines: Interface, prefix: string): Promise<string> {
  return new Promise((resolve) => {
    const onLine = (line: string) => {
      if (!line.startsWith(prefix)) return;
      lines.off('line', onLine);
      resolve(line);
    };
    lines.on('line', onLine);
  });
}

/** paperboy (`--serve`), or the bare floor server (`--floor`, chat-floor-server.ts), in a child process. */
async function startServer(args: ServeArgs, profileDir: string | undefined, mode: '--serve' | '--floor' = '--serve'): Promise<Server> {
  const argv = nodeArgv('bin/run-ts.js', ['bench/chat-load-bench.ts', mode, JSON.stringify(args)], { cpuProfileDir: profileDir ?? null });
  const child: ChildProcess = spawn(process.execPath, argv, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...PAPERBOY_ENV },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([nextLineStarting(lines, 'listening '), once(child, 'exit').then(() => null)]);
  const [, port, papers] = (first ?? '').split(' ').map(Number);
  if (!port) throw new Error('the paperboy server process did not start');
  return {
    port,
    papers: papers!,
    next: (prefix) => nextLineStarting(lines, prefix),
    send: (line) => void child.stdin!.write(`${line}\n`),
    ask(line, prefix) {
      const answer = nextLineStarting(lines, prefix);
      child.stdin!.write(`${line}\n`);
      return answer;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin!.end();
      await exited;
    },
  };
}

function signedSlashCommand(port: number, agent: Agent, text: string, i: number, hooksBase: string): Promise<number> {
  return postSignedSlashCommand(`http://127.0.0.1:${port}/slack/events`, agent, slashCommandBody(i, text, hooksBase), SLACK_ACK_TIMEOUT_MS);
}

/** Ack times of a set of commands: the answered ones summarised, the rest counted as errors. */
export function summarizeAcks(acks: ReadonlyArray<number | null>): AckSummary {
  const answered = acks.filter((a): a is number => a !== null);
  const figure = (p: number) => (answered.length > 0 ? percentile(answered, p) : Number.NaN);
  return { p50Ms: figure(50), p99Ms: figure(99), maxMs: figure(100), errors: acks.length - answered.length };
}

interface Stand {
  slackHooks: string;
  agent: Agent;
  /** Answers received so far on each platform (response_url POSTs; edits of deferred replies). */
  answers(platform: 'slack' | 'discord'): number;
  dispatchInteraction(d: { id: string }): void;
  /** Resolves with the time from dispatch to the interaction's callback, or null after the timeout. */
  callbackOf(id: string, dispatchedAt: number): Promise<number | null>;
  /** The server's longest event-loop stall since the last call. */
  longestStall(): Promise<number>;
}

/**
 * `count` concurrent commands on one platform, their acks timed. One platform at a time: the load
 * generator also plays both platforms' APIs, and with 600 commands in flight its own event loop,
 * not paperboy's, set the ack times (a profile of the server showed it idle 60 % of a burst).
 */
async function burstOf(server: Server, stand: Stand, count: number, platform: 'slack' | 'discord'): Promise<AckSummary> {
  const answeredBefore = stand.answers(platform);
  const started = performance.now();
  const acks = Array.from({ length: count }, (_, i) => {
    const query = QUERIES[i % QUERIES.length]!;
    if (platform === 'slack') return signedSlashCommand(server.port, stand.agent, query, i, stand.slackHooks).then((ms) => ms, () => null);
    const d = papersInteraction('interaction-create-slash-subcommand-group-string-option-guild.gateway.json', 'search', { query }, { guildId: RECORDED_GUILD_ID });
    const acked = stand.callbackOf(d.id, performance.now());
    stand.dispatchInteraction(d);
    return acked;
  });
  const summary = summarizeAcks(await Promise.all(acks));
  const expected = answeredBefore + count - summary.errors;
  while (stand.answers(platform) < expected && performance.now() - started < ANSWER_TIMEOUT_MS) await sleep(5);
  return { ...summary, allAnsweredMs: stand.answers(platform) >= expected ? performance.now() - started : null };
}

/**
 * `count` concurrent `/papers subscribe` over Slack, in 20 channels: during the import each answer
 * needs the import to let it write; idle, what the same writes cost by themselves.
 */
export interface SubscribeBurst {
  count: number;
  /** From sending them until the last answer arrived, or null when not all did within ANSWER_TIMEOUT_MS. */
  allAnsweredMs: number | null;
  ackP99Ms: number;
  /** The server's longest event-loop stall meanwhile. */
  longestStallMs: number;
  /** The import was still running when the last answer came. */
  withinImport?: boolean;
}

async function concurrentSubscribes(server: Server, stand: Stand, count: number, label = 'import'): Promise<SubscribeBurst> {
  await stand.longestStall();
  const before = stand.answers('slack');
  const started = performance.now();
  const acks = await Promise.all(
    Array.from({ length: count }, (_, i) => signedSlashCommand(server.port, stand.agent, `subscribe ${label} write ${i}`, 5_000 + i, stand.slackHooks).then((ms) => ms, () => null)),
  );
  while (stand.answers('slack') < before + count && performance.now() - started < ANSWER_TIMEOUT_MS) await sleep(5);
  const answered = stand.answers('slack') >= before + count;
  return { count, allAnsweredMs: answered ? performance.now() - started : null, ackP99Ms: summarizeAcks(acks).p99Ms, longestStallMs: await stand.longestStall() };
}

/** A burst on each platform, each after `before` (which starts the work the burst should meet). */
async function burstsOf(server: Server, stand: Stand, count: number, before: () => Promise<void> = async () => {}): Promise<{ slack: AckSummary; discord: AckSummary }> {
  await before();
  // Each burst's stall from its own start: the reading before it holds whatever came first (the server's start).
  await stand.longestStall();
  const slack = { ...(await burstOf(server, stand, count, 'slack')), longestStallMs: await stand.longestStall() };
  await before();
  await stand.longestStall();
  const discord = { ...(await burstOf(server, stand, count, 'discord')), longestStallMs: await stand.longestStall() };
  return { slack, discord };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The id of the import's paper `n`: the upper half of a month's arXiv numbers (YYMM.50000–99999,
 * which no month of the real corpus reaches), a month per 50,000 papers from 2608, so every id is a
 * valid arXiv id (five digits after the dot) and new to the store. (A single month's 2608.NNNNN ran
 * past 99,999 after 50,000 papers: the rest of the lines were refused as bad ids and never written.)
 */
export function importPaperId(n: number): string {
  return `${2608 + Math.floor(n / 50_000)}.${String(50_000 + (n % 50_000)).padStart(5, '0')}`;
}

/** Writes `papers` synthetic papers (generate-corpus.ts) listed on IMPORT_DAY, as a snapshot file. */
async function writeImportFile(corpusSource: string, papers: number, file: string): Promise<void> {
  const model = await buildCorpusModel(corpusSource);
  const random = createSeededRandom(20261204);
  const out = createWriteStream(file);
  for (let n = 0; n < papers; n++) {
    const record = generateRecord(model, random, { id: importPaperId(n), date: IMPORT_DAY });
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function copyDatabase(from: string, to: string): void {
  removeDatabase(to);
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}

export async function benchChatLoad(args: ChatLoadArgs): Promise<ChatLoadResult> {
  const database = join(args.workDir, 'chat-load.db');
  copyDatabase(args.database, database);
  const importFile = join(args.workDir, 'chat-load-import.jsonl');
  await writeImportFile(args.corpusSource, args.importPapers, importFile);

  const fakeSlack = await startFakeSlack();
  let gatewayUrl = '';
  const callbacks = new Map<string, (at: number) => void>();
  const discordApi = await startFakeDiscordApi({ applicationId: APPLICATION_ID, botUserId: BOT_USER_ID, gatewayUrl: () => gatewayUrl });
  // The ack is the interaction callback (https://discord.com/developers/docs/interactions/receiving-and-responding#create-interaction-response).
  let discordAnswers = 0;
  discordApi.intercept((req) => {
    const id = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(req.path)?.[1];
    if (id) callbacks.get(id)?.(performance.now());
    // The answer replaces the deferred reply (https://discord.com/developers/docs/interactions/receiving-and-responding#edit-original-interaction-response).
    if (req.method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(req.path)) discordAnswers += 1;
    return undefined;
  });
  const gateway = await startFakeDiscordGateway({ applicationId: APPLICATION_ID, botUserId: BOT_USER_ID, guilds: HARNESS_GUILDS });
  gatewayUrl = gateway.url;
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const stand: Stand = {
    slackHooks: fakeSlack.url,
    agent,
    answers: (platform) => (platform === 'slack' ? fakeSlack.hooks.length : discordAnswers),
    dispatchInteraction: (d) => gateway.dispatch('INTERACTION_CREATE', d),
    callbackOf: (id, dispatchedAt) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), DISCORD_ACK_TIMEOUT_MS);
        callbacks.set(id, (at) => {
          clearTimeout(timer);
          resolve(at - dispatchedAt);
        });
      }),
    // paperboy's server, then the floor's (both start below, before any burst asks).
    longestStall: async () => Number((await serving.ask('burst-stall', 'burst-stall ')).split(' ')[1]),
  };
  const searchPool = args.searchPool ?? true;
  const serveArgs: ServeArgs = { database, searchPool, slackApiUrl: fakeSlack.apiUrl, discordApiUrl: discordApi.url };
  const server = await startServer(serveArgs, args.serverProfileDir);
  let serving = server;
  /** The longest stall since the last ask, and the server's CPU since then when it can tell. */
  const stallAndCpuOf = async (): Promise<Pick<LoadScenario, 'longestStallMs' | 'serverCpuMs' | 'serverGcMs'>> => {
    const [, stall, gcLongest, gcTotal, chatThread, otherThreads] = (await server.ask('stall', 'stall ')).split(' ').map(Number);
    const cpu = chatThread === undefined ? {} : { serverCpuMs: { chatThread, otherThreads: otherThreads! } };
    return { longestStallMs: stall!, serverGcMs: { longest: gcLongest!, total: gcTotal! }, ...cpu };
  };
  const stallOf = async () => (await stallAndCpuOf()).longestStallMs;
  const rssReadings: number[] = [];
  const readRss = async () => rssReadings.push(Number((await server.ask('rss', 'rss ')).split(' ')[1]));
  try {
    // The first search that finds nothing, while the vocabulary is (or may still be) building.
    await stallOf();
    const ackMs = await signedSlashCommand(server.port, agent, ZERO_RESULT_QUERY, 0, fakeSlack.url);
    await server.ask('vocabulary', 'vocabulary ready');
    const firstZeroResultSearch = { ...(await stallAndCpuOf()), ackMs };

    await stallOf();
    const idle = { ...(await burstsOf(server, stand, args.burst)), ...(await stallAndCpuOf()) };
    // The same subscribes as during the import below, with no other writer: what they cost by themselves.
    const idleWrites = await concurrentSubscribes(server, stand, WRITES_DURING_IMPORT, 'idle');
    await stallOf();
    await readRss();

    await server.ask('digest-prepare', 'digest-prepared');
    await stallOf();
    const importStarted = performance.now();
    const importer = spawn(process.execPath, nodeArgv('bin/paperboy.js', ['import', importFile]), {
      cwd: REPO_ROOT,
      env: { ...process.env, ...PAPERBOY_ENV, DATABASE_PATH: database, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    let importRunning = true;
    const imported = once(importer, 'exit').then(([code]) => {
      importRunning = false;
      return code as number | null;
    });
    // What the import alone does to the chat thread (its store changes under the thread's connection).
    await sleep(IMPORT_ALONE_MS);
    const importAloneStallMs = await stallOf();
    const writes = await concurrentSubscribes(server, stand, WRITES_DURING_IMPORT);
    const writesWithinImport = importRunning;
    await stallOf();
    const duringImportBursts = await burstsOf(server, stand, args.burst);
    const burstsWithinImport = importRunning;
    const code = await imported;
    if (code !== 0) throw new Error(`paperboy import exited with ${code}`);
    const duringImport = {
      ...duringImportBursts,
      ...(await stallAndCpuOf()),
      importSeconds: (performance.now() - importStarted) / 1000,
      burstsWithinImport,
      aloneStallMs: importAloneStallMs,
      writes: { ...writes, withinImport: writesWithinImport },
    };
    await readRss();

    await stallOf();
    const selections: Array<Promise<string>> = [];
    const startDigest = async () => {
      const started = server.next('digest-started');
      selections.push(server.next('digest-done '));
      server.send('digest');
      await started;
    };
    await startDigest();
    await selections[0];
    const digestAloneStallMs = await stallOf();
    const digestBursts = await burstsOf(server, stand, args.burst, startDigest);
    const finished = (await Promise.all(selections)).map((line) => line.split(' ').map(Number));
    const picks = finished[0]![2]!;
    const duringDigest = {
      ...digestBursts,
      ...(await stallAndCpuOf()),
      selectionMs: Math.max(...finished.map((f) => f[1]!)),
      subscriptions: DIGEST_SUBSCRIPTIONS,
      newPapers: args.importPapers,
      picks,
      aloneStallMs: digestAloneStallMs,
    };
    await readRss();

    // The floor: the same bursts against a server that only does what the platforms require. The
    // fake gateway dispatches to every connection, so paperboy's server goes first.
    await server.stop();
    serving = await startServer(serveArgs, undefined, '--floor');
    const floor = await burstsOf(serving, stand, args.burst);
    await serving.stop();
    return { papers: server.papers, burst: args.burst, firstZeroResultSearch, idle: { ...idle, writes: idleWrites }, duringImport, duringDigest, floor, searchPool, servingRssMb: Math.max(...rssReadings) };
  } finally {
    agent.destroy();
    await serving.stop();
    await server.stop();
    await gateway.close();
    await discordApi.close();
    await fakeSlack.close();
    removeDatabase(database);
    rmSync(importFile, { force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--serve') return serve(JSON.parse(process.argv[3]!) as ServeArgs);
  if (process.argv[2] === '--floor') {
    const args = JSON.parse(process.argv[3]!) as ServeArgs;
    return serveFloor({ discordApiUrl: args.discordApiUrl, discordToken: BENCH_DISCORD_TOKEN });
  }
  const result = await benchChatLoad(readWorkerArgs<ChatLoadArgs>());
  reportWorkerResult(result);
  process.exit(0);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
