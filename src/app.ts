/**
 * The composition root's core: one store (SQLite or PostgreSQL: app-stores.ts), one set of
 * services, one command registry, shared by the CLI, the console chat and the chat adapters.
 */
import type { Awaitable, Synchronous } from './core/awaitable.ts';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { AppStores, StoreEngine } from './app-stores.ts';
import type { IngestPorts } from './adapters/ingest/ingest-ports.ts';
import { openSqliteAppStores } from './sqlite-app-stores.ts';
import { createConsolePoster, type ConsolePoster } from './adapters/console/console-poster.ts';
import { writeExportFile } from './adapters/store/export-files.ts';
import { createChannelLearning } from './core/learning/channel-learning.ts';
import type { OpenDatabase } from './adapters/store/open-database.ts';
import { ALL_COMMANDS } from './commands/all-commands.ts';
import { createChatHost, type ChatHost } from './commands/chat-host.ts';
import type { CommandContext, Invoker } from './commands/command-context.ts';
import { createCommandRegistry, type CommandRegistry } from './commands/command-registry.ts';
import type { CommandServices } from './commands/command-services.ts';
import type { Config } from './config.ts';
import type { ChannelPauser, ChannelRef, Poster } from './core/delivery-ports.ts';
import type { DeliveryStep } from './core/digest/deliver-digest.ts';
import { createDigestService } from './core/digest/digest-service.ts';
import { LEASE_TTL_MS } from './core/digest/delivery-policy.ts';
import type { AuthorLinker, ChannelSettings, SourceHealth } from './core/subscriptions/subscription-ports.ts';
import type { Logger } from './core/logger.ts';
import { systemClock, type Clock, type PaperRepository } from './core/ports.ts';
import type { Invocation, Reply } from './core/reply.ts';
import { createPaperSearch } from './core/search/paper-search.ts';
import { createLogger } from './create-logger.ts';

/** The app over either engine: what `paperboy serve` and the chat adapters use. */
export interface App {
  config: Config;
  /** Which engine holds the store, and where it is (for people: a file, or a URL without its password). */
  store: { engine: StoreEngine; location: string; stores: AppStores };
  papers: PaperRepository;
  /** The ingest's store-side ports, for the ingest schedule and `paperboy ingest`. */
  ingestPorts: IngestPorts;
  pauser: ChannelPauser;
  services: CommandServices;
  registry: CommandRegistry;
  clock: Clock;
  log: Logger;
  /** Connects a platform's Poster, so digests for its channels can be posted. */
  registerPoster(platform: ChannelRef['platform'], poster: Poster): void;
  /** The console's poster (a JSON-lines log beside the database). */
  consolePoster: ConsolePoster;
  /** Runs a `/papers …` line as the given invoker. Never throws. */
  run(input: string | Invocation, invoker: Invoker): Promise<Reply>;
  /** What the chat adapters (Slack, Discord) may call: they get this, never the app. */
  host: ChatHost;
  contextFor(invoker: Invoker): CommandContext;
  /** Settles once the did-you-mean vocabulary is in use (at once when it is built on first use). */
  spellingReady: Promise<void>;
  close(): Awaitable<void>;
}

/** The app on SQLite, the embedded default: its database handle for the SQLite-only tools (import, bench, tests). */
export interface SqliteApp extends App {
  database: OpenDatabase;
  papers: Synchronous<PaperRepository>;
  close(): void;
}

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** Source health for digests on degraded days; the store's ingest runs by default, null for none. */
  health?: SourceHealth | null;
  /** External author id resolution for `follow`; Semantic Scholar and OpenAlex by default, null for none. */
  authorLinker?: AuthorLinker | null;
  /** Papers per console message (tests of multi-message digests); one message by default. */
  consolePapersPerMessage?: number;
  /** Observes each digest delivery step (logging; crash tests). */
  onDeliveryStep?: (step: DeliveryStep, channel: ChannelSettings) => void;
  /**
   * 'background' (a serving process): the did-you-mean vocabulary is built at start and after papers
   * are added, in slices between requests, and searches have no suggestion until it is ready
   * (core/search/spelling-vocabulary.ts). 'on-first-use' (the default: one-shot commands, tests):
   * the first search that checks a word builds it.
   */
  spellingVocabulary?: 'background' | 'on-first-use';
  /**
   * A serving process: searches (search, like, subscribe's check, recommend) and digest selection
   * run in a pool of worker threads (adapters/store/search-pool), so they never hold up an ack (issue 19).
   * A database file only; one-shot commands and tests search in-process.
   */
  searchPool?: boolean;
}

/** Where the console's posted digests are logged: beside the database. */
export function consolePostLogPath(databasePath: string): string | null {
  return databasePath === ':memory:' ? null : join(dirname(databasePath), 'console-posts.jsonl');
}

/** The app as the SQLite app it is (createApp's), or null on PostgreSQL: for the SQLite-only tools. */
export function sqliteAppOf(app: App): SqliteApp | null {
  return app.store.engine === 'sqlite' && 'database' in app ? (app as SqliteApp) : null;
}

/** The app on the SQLite database at DATABASE_PATH (created, migrated and seeded on first run). */
export function createApp(config: Config, options: AppOptions = {}): SqliteApp {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const stores = openSqliteAppStores(config, clock, log, { spellingVocabulary: options.spellingVocabulary ?? 'on-first-use', searchPool: options.searchPool ?? false });
  const app = assembleApp(config, stores, clock, log, options);
  return { ...app, database: stores.database, papers: stores.papers, close: () => void stores.close() };
}

/**
 * The configured app: PostgreSQL when DATABASE_URL is set (migrated once across replicas), else
 * SQLite. PostgreSQL's driver and stores load only then: the embedded default never pays for them.
 */
export async function openApp(config: Config, options: AppOptions = {}): Promise<App> {
  if (config.DATABASE_URL === undefined) return createApp(config, options);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const { openPgAppStores } = await import('./pg-app-stores.ts');
  const stores = await openPgAppStores(config, config.DATABASE_URL, clock, log, options.spellingVocabulary ?? 'on-first-use');
  return assembleApp(config, stores, clock, log, options);
}

/** Services, digests, commands and the chat host over one engine's stores. */
function assembleApp(config: Config, stores: AppStores, clock: Clock, log: Logger, options: AppOptions): App {
  const { papers, subscriptions, authors, feedback } = stores;
  const learning = createChannelLearning({ feedback, corpus: stores.learningCorpus, papers });
  const posters = new Map<ChannelRef['platform'], Poster>();
  const consolePoster = createConsolePoster({
    logPath: consolePostLogPath(config.DATABASE_PATH),
    now: () => clock.now(),
    log,
    ...(options.consolePapersPerMessage ? { papersPerMessage: options.consolePapersPerMessage } : {}),
  });
  posters.set('console', consolePoster);
  const { searchPool } = stores;
  const digests = createDigestService({
    papers,
    store: subscriptions,
    ledger: stores.ledger,
    // Unique to this process: a channel's lease names the process delivering its digests.
    lease: { holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, ttlMs: LEASE_TTL_MS },
    clock: () => clock.now(),
    authors,
    learning,
    recaps: { settings: stores.recaps, feedback },
    posterFor: (platform) => posters.get(platform) ?? null,
    health: options.health === undefined ? stores.ingest.health : options.health,
    log,
    ...(options.onDeliveryStep ? { onStep: options.onDeliveryStep } : {}),
    ...(searchPool ? { select: searchPool.selectDigest } : {}),
  });
  const services: CommandServices = {
    search: createPaperSearch({ papers, clock, suggester: stores.spelling.suggester }),
    searchPool,
    papers,
    channels: stores.channels,
    resultsPerPage: config.RESULTS_PER_PAGE,
    subscriptions,
    authors,
    authorNames: stores.authorNames,
    authorLinker: options.authorLinker === undefined ? stores.authorLinker : options.authorLinker,
    sourceStatus: stores.ingest.health,
    digests,
    defaultTimeZone: config.DEFAULT_TIME_ZONE,
    fetchArxivPaper: stores.fetchArxivPaper,
    learning,
    recaps: stores.recaps,
    writeExportFile: (name, content) => writeExportFile(config.DATABASE_PATH, name, content),
    describeStoreFailure: stores.describeStoreFailure,
  };
  const registry = createCommandRegistry(ALL_COMMANDS);
  const contextFor = (invoker: Invoker): CommandContext => ({ invoker, services, clock, log, commands: registry.commands });
  const host = createChatHost({
    registry,
    contextFor,
    pauser: stores.pauser,
    installations: stores.installations,
    clock,
    log,
    checkStore: () => stores.checkStore(),
    papersInMessage: stores.papersInMessage,
    recordPostedPapers: stores.recordPostedPapers,
    claimEvent: (platform, eventId) => stores.eventClaims.claim(platform, eventId, clock.now()),
  });
  return {
    config,
    store: { engine: stores.engine, location: stores.location, stores },
    papers,
    ingestPorts: stores.ingest,
    pauser: host.pauser,
    services,
    registry,
    clock,
    log,
    contextFor,
    consolePoster,
    registerPoster: (platform, poster) => posters.set(platform, poster),
    run: host.run,
    host,
    spellingReady: stores.spelling.ready,
    close: () => stores.close(),
  };
}
