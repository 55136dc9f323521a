/**
 * The app's stores on SQLite, the embedded default: one database file, created, migrated and seeded
 * on first run (paper-store.ts). The chat thread's writes wait for another process's write lock
 * without holding up the event loop (writes-yield-while-busy.ts); reads are left as they are. A
 * serving process searches and selects digests in a pool of worker threads, each with its own
 * read-only connection (search-pool.ts).
 */
import type { SqliteAppStores, StorePorts } from './app-stores.ts';
import type { Config } from './config.ts';
import type { Logger } from './core/logger.ts';
import type { Clock } from './core/ports.ts';
import { createAuthorLinker } from './adapters/ingest/author-linker.ts';
import { createSqliteIngestPorts } from './adapters/ingest/ingest-ports.ts';
import { createOnDemandArxivFetch } from './adapters/sources/arxiv-paper-fetch.ts';
import type { OpenDatabase } from './adapters/store/open-database.ts';
import { createSearchPool, WORKER_PAGE_CACHE_KB } from './adapters/store/search-pool/search-pool.ts';
import { createSqliteAuthorDirectory } from './adapters/store/sqlite-author-directory.ts';
import { createSqliteAuthorNameIndex } from './adapters/store/sqlite-author-name-index.ts';
import { createSqliteChannelPauser } from './adapters/store/sqlite-channel-pauser.ts';
import { createSqliteChatEventClaims } from './adapters/store/sqlite-chat-event-claims.ts';
import { createSqliteChannelPolicy } from './adapters/store/sqlite-channel-policy.ts';
import { createSqliteDigestLedger } from './adapters/store/sqlite-digest-ledger.ts';
import { createSqliteFeedbackStore } from './adapters/store/sqlite-feedback-store.ts';
import { createSqliteInstallationStore } from './adapters/store/sqlite-installation-store.ts';
import { createSqliteLearningCorpus } from './adapters/store/sqlite-learning-corpus.ts';
import { createSqliteMessagePapers } from './adapters/store/sqlite-message-papers.ts';
import { createSqlitePostedMessages } from './adapters/store/sqlite-posted-messages.ts';
import { createSqliteRecapSettings } from './adapters/store/sqlite-recap-settings.ts';
import { createSqliteSubscriptionStore } from './adapters/store/sqlite-subscription-store.ts';
import { createSqliteTitleSource } from './adapters/store/sqlite-title-source.ts';
import { chatStoreMessage, describeStoreError } from './adapters/store/store-health.ts';
import { writesYieldWhileBusy } from './adapters/store/writes-yield-while-busy.ts';
import { startWalCheckpointer } from './adapters/store/wal-checkpointer.ts';
import { createBackgroundSpellingSuggester } from './core/search/spelling-suggester.ts';
import { keepSpellingVocabulary } from './core/search/spelling-vocabulary.ts';
import { onFirstUseSpelling, openPaperStore } from './paper-store.ts';
import type { StoreHealth } from './commands/chat-host.ts';

export interface SqliteStoreOptions {
  /** Build the did-you-mean vocabulary at start, in slices between requests ('background'), or on the first search that needs it. */
  spellingVocabulary: 'background' | 'on-first-use';
  /** Searches and digest selection in a pool of worker threads (a database file only). */
  searchPool: boolean;
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

export function openSqliteAppStores(config: Config, clock: Clock, log: Logger, options: SqliteStoreOptions): SqliteAppStores {
  const { database, papers } = openPaperStore(config, clock, log);
  const yielding = <T extends object, K extends keyof T>(store: T, writes: readonly K[]) => writesYieldWhileBusy(database.sqlite, store, writes);
  const sqliteSubscriptions = createSqliteSubscriptionStore(database.db);
  const subscriptions = yielding(sqliteSubscriptions, ['ensureChannel', 'updateSchedule', 'setPaused', 'addSubscription', 'removeSubscription']);
  const authors = createSqliteAuthorDirectory(database.db);
  // Its record runs in one transaction with the channel row it may create: the SQLite store's own ensureChannel.
  const ingest = createSqliteIngestPorts(database.db, papers);
  const postedMessages = yielding(createSqlitePostedMessages(database.db, { channels: sqliteSubscriptions, defaultTimeZone: config.DEFAULT_TIME_ZONE, clock }), ['record']);

  let spelling: StorePorts['spelling'] = { suggester: onFirstUseSpelling(papers), ready: Promise.resolve(), stop: () => {} };
  if (options.spellingVocabulary === 'background') {
    const suggester = createBackgroundSpellingSuggester();
    const keeper = keepSpellingVocabulary({ source: createSqliteTitleSource(database.sqlite), suggester, log });
    spelling = { suggester, ready: keeper.ready, stop: keeper.stop };
  }
  const searchPool = options.searchPool && config.DATABASE_PATH !== ':memory:' ? createSearchPool({ databasePath: config.DATABASE_PATH, log, suggester: spelling.suggester }) : null;
  // With searches in the workers, this connection reads channels, subscriptions and the ledger: a small page cache does (search-pool.ts).
  if (searchPool) database.sqlite.pragma(`cache_size = -${WORKER_PAGE_CACHE_KB}`);
  // A serving process's writes never copy the write-ahead log on the chat thread (wal-checkpointer.ts).
  const checkpointer = searchPool ? startWalCheckpointer(database.sqlite, config.DATABASE_PATH, log) : null;

  return {
    engine: 'sqlite',
    location: config.DATABASE_PATH,
    database,
    papers,
    subscriptions,
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
    authors,
    authorNames: createSqliteAuthorNameIndex(database.db),
    feedback: yielding(createSqliteFeedbackStore(database.db), ['setRating', 'save']),
    learningCorpus: createSqliteLearningCorpus(database.db),
    recaps: yielding(createSqliteRecapSettings(database.db), ['setRecap']),
    channels: createSqliteChannelPolicy(database.db),
    pauser: yielding(createSqliteChannelPauser(database.db, clock), ['pauseChannel', 'pauseWorkspace']),
    installations: yielding(createSqliteInstallationStore(database.db, clock), ['save', 'remove']),
    papersInMessage: createSqliteMessagePapers(database.db, postedMessages),
    recordPostedPapers: postedMessages.record,
    eventClaims: createSqliteChatEventClaims(database.db, database.sqlite, log),
    ingest,
    authorLinker: createAuthorLinker({ config, ports: ingest, papers, clock, log, authors }),
    fetchArxivPaper: createOnDemandArxivFetch({ config, spacing: ingest.spacing, papers, clock, log }),
    spelling,
    searchPool,
    checkStore: () => storeHealth(database),
    describeStoreFailure: (error) => {
      const problem = describeStoreError(error, config.DATABASE_PATH);
      return problem ? chatStoreMessage(problem.problem) : null;
    },
    // An import that died after this process opened the store leaves the index behind: repair it here.
    beforeEachTick: () => database.catchUpIndexing(),
    close: () => {
      spelling.stop();
      void searchPool?.close();
      void checkpointer?.stop();
      database.close();
    },
  };
}
