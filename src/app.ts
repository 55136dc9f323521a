/**
 * The composition root's core: one store, one set of services, one command registry, shared by
 * the CLI, the console chat and the chat adapters.
 */
import type { Synchronous } from './core/awaitable.ts';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { createAuthorLinker } from './adapters/ingest/author-linker.ts';
import { createSqliteSourceHealth } from './adapters/ingest/sqlite-source-health.ts';
import { createConsolePoster, type ConsolePoster } from './adapters/console/console-poster.ts';
import { createSqliteAuthorDirectory } from './adapters/store/sqlite-author-directory.ts';
import { createSqliteAuthorNameIndex } from './adapters/store/sqlite-author-name-index.ts';
import { createSqliteSubscriptionStore } from './adapters/store/sqlite-subscription-store.ts';
import { createSqliteDigestLedger } from './adapters/store/sqlite-digest-ledger.ts';
import { createSqliteChannelPauser } from './adapters/store/sqlite-channel-pauser.ts';
import { createSqliteChannelPolicy } from './adapters/store/sqlite-channel-policy.ts';
import { createSqliteInstallationStore } from './adapters/store/sqlite-installation-store.ts';
import { createSqliteFeedbackStore } from './adapters/store/sqlite-feedback-store.ts';
import { writesYieldWhileBusy } from './adapters/store/writes-yield-while-busy.ts';
import { createSqliteMessagePapers } from './adapters/store/sqlite-message-papers.ts';
import { createSqlitePostedMessages } from './adapters/store/sqlite-posted-messages.ts';
import { createSqliteLearningCorpus } from './adapters/store/sqlite-learning-corpus.ts';
import { createSqliteRecapSettings } from './adapters/store/sqlite-recap-settings.ts';
import { writeExportFile } from './adapters/store/export-files.ts';
import { createChannelLearning } from './core/learning/channel-learning.ts';
import type { OpenDatabase } from './adapters/store/open-database.ts';
import { chatStoreMessage, describeStoreError } from './adapters/store/store-health.ts';
import { createOnDemandArxivFetch } from './adapters/sources/arxiv-paper-fetch.ts';
import { ALL_COMMANDS } from './commands/all-commands.ts';
import { createChatHost, type ChatHost, type StoreHealth } from './commands/chat-host.ts';
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
import { createBackgroundSpellingSuggester, type SpellingSuggester } from './core/search/spelling-suggester.ts';
import { keepSpellingVocabulary } from './core/search/spelling-vocabulary.ts';
import { createLogger } from './create-logger.ts';
import { onFirstUseSpelling, openPaperStore } from './paper-store.ts';
import { createSqliteTitleSource } from './adapters/store/sqlite-title-source.ts';
import { createSearchPool, WORKER_PAGE_CACHE_KB } from './adapters/store/search-pool/search-pool.ts';

export interface App {
  config: Config;
  database: OpenDatabase;
  papers: Synchronous<PaperRepository>;
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

/** The store's own check, without the user's sentence (a health probe reports the problem code). Never throws. */
function storeHealth(database: OpenDatabase): StoreHealth {
  try {
    const result = database.check();
    return result.ok ? { ok: true } : { ok: false, problem: result.problem };
  } catch {
    return { ok: false, problem: 'unavailable' };
  }
}

/** Where the console's posted digests are logged: beside the database. */
export function consolePostLogPath(databasePath: string): string | null {
  return databasePath === ':memory:' ? null : join(dirname(databasePath), 'console-posts.jsonl');
}

export function createApp(config: Config, options: AppOptions = {}): App {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const { database, papers } = openPaperStore(config, clock, log);
  const sourceHealth = createSqliteSourceHealth(database.db);
  // The chat thread's writes wait for another process's write lock without holding up the event
  // loop (writes-yield-while-busy.ts); reads are left as they are.
  const yielding = <T extends object, K extends keyof T>(store: T, writes: readonly K[]) => writesYieldWhileBusy(database.sqlite, store, writes);
  const sqliteSubscriptions = createSqliteSubscriptionStore(database.db);
  const subscriptions = yielding(sqliteSubscriptions, ['ensureChannel', 'updateSchedule', 'setPaused', 'addSubscription', 'removeSubscription']);
  const authors = createSqliteAuthorDirectory(database.db);
  const feedback = yielding(createSqliteFeedbackStore(database.db), ['setRating', 'save']);
  const learning = createChannelLearning({ feedback, corpus: createSqliteLearningCorpus(database.db), papers });
  const recaps = yielding(createSqliteRecapSettings(database.db), ['setRecap']);
  const posters = new Map<ChannelRef['platform'], Poster>();
  const consolePoster = createConsolePoster({
    logPath: consolePostLogPath(config.DATABASE_PATH),
    now: () => clock.now(),
    log,
    ...(options.consolePapersPerMessage ? { papersPerMessage: options.consolePapersPerMessage } : {}),
  });
  posters.set('console', consolePoster);
  let suggester: SpellingSuggester;
  let spellingReady = Promise.resolve();
  let stopSpellingVocabulary = () => {};
  if (options.spellingVocabulary === 'background') {
    const background = createBackgroundSpellingSuggester();
    const keeper = keepSpellingVocabulary({ source: createSqliteTitleSource(database.sqlite), suggester: background, log });
    suggester = background;
    spellingReady = keeper.ready;
    stopSpellingVocabulary = keeper.stop;
  } else {
    suggester = onFirstUseSpelling(papers);
  }
  // Searches and digest selection off the chat thread, in workers with their own read-only connections.
  const searchPool = options.searchPool && config.DATABASE_PATH !== ':memory:' ? createSearchPool({ databasePath: config.DATABASE_PATH, log, suggester }) : null;
  // With searches in the workers, this connection reads channels, subscriptions and the ledger: a small page cache does (search-pool.ts).
  if (searchPool) database.sqlite.pragma(`cache_size = -${WORKER_PAGE_CACHE_KB}`);
  const digests = createDigestService({
    papers,
    store: subscriptions,
    ledger: yielding(createSqliteDigestLedger(database.db), [
      'acquireLease',
      'renewLease',
      'releaseLease',
      'createDigest',
      'markAttempt',
      'markNotSent',
      'markMessageSent',
      'deferDigest',
      'markNoticeSent',
      'settleSkipped',
      'failDigest',
    ]),
    // Unique to this process: a channel's lease names the process delivering its digests.
    lease: { holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, ttlMs: LEASE_TTL_MS },
    clock: () => clock.now(),
    authors,
    learning,
    recaps: { settings: recaps, feedback },
    posterFor: (platform) => posters.get(platform) ?? null,
    health: options.health === undefined ? sourceHealth : options.health,
    log,
    ...(options.onDeliveryStep ? { onStep: options.onDeliveryStep } : {}),
    ...(searchPool ? { select: searchPool.selectDigest } : {}),
  });
  const services: CommandServices = {
    search: createPaperSearch({ papers, clock, suggester }),
    searchPool,
    papers,
    channels: createSqliteChannelPolicy(database.db),
    resultsPerPage: config.RESULTS_PER_PAGE,
    subscriptions,
    authors,
    authorNames: createSqliteAuthorNameIndex(database.db),
    authorLinker:
      options.authorLinker === undefined ? createAuthorLinker({ config, db: database.db, papers, clock, log, authors }) : options.authorLinker,
    sourceStatus: sourceHealth,
    digests,
    defaultTimeZone: config.DEFAULT_TIME_ZONE,
    fetchArxivPaper: createOnDemandArxivFetch({ config, sqlite: database.sqlite, papers, clock, log }),
    learning,
    recaps,
    writeExportFile: (name, content) => writeExportFile(config.DATABASE_PATH, name, content),
    describeStoreFailure: (error) => {
      const problem = describeStoreError(error, config.DATABASE_PATH);
      return problem ? chatStoreMessage(problem.problem) : null;
    },
  };
  // Its record runs in one transaction with the channel row it may create: the SQLite store's own ensureChannel.
  const postedMessages = yielding(createSqlitePostedMessages(database.db, { channels: sqliteSubscriptions, defaultTimeZone: config.DEFAULT_TIME_ZONE, clock }), ['record']);
  const registry = createCommandRegistry(ALL_COMMANDS);
  const contextFor = (invoker: Invoker): CommandContext => ({ invoker, services, clock, log, commands: registry.commands });
  const host = createChatHost({
    registry,
    contextFor,
    pauser: yielding(createSqliteChannelPauser(database.db, clock), ['pauseChannel', 'pauseWorkspace']),
    installations: yielding(createSqliteInstallationStore(database.db, clock), ['save', 'remove']),
    clock,
    log,
    checkStore: () => storeHealth(database),
    papersInMessage: createSqliteMessagePapers(database.db, postedMessages),
    recordPostedPapers: postedMessages.record,
  });
  return {
    config,
    database,
    papers,
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
    spellingReady,
    close: () => {
      stopSpellingVocabulary();
      void searchPool?.close();
      database.close();
    },
  };
}
