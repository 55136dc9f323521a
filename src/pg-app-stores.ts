/**
 * The app's stores on PostgreSQL (issue 21): several replicas on one database. Opening migrates the
 * store once across replicas (open-pg-store.ts, under an advisory lock) and loads the seed papers
 * once; every port is the PostgreSQL implementation of the same contract the SQLite stores pass
 * (test/store/*.contract.test.ts). Searches and digest selection run in this process: the
 * database does the ranking (pg-paper-search.ts), so there is no worker pool to keep.
 */
import type { PgAppStores } from './app-stores.ts';
import type { Config } from './config.ts';
import type { Logger } from './core/logger.ts';
import type { Clock } from './core/ports.ts';
import { createAuthorLinker } from './adapters/ingest/author-linker.ts';
import { createPgIngestPorts } from './adapters/store/postgres/pg-ingest-ports.ts';
import { createOnDemandArxivFetch } from './adapters/sources/arxiv-paper-fetch.ts';
import { loadPendingSeedsPg } from './adapters/seeds/load-seeds-pg.ts';
import { openPgStore } from './adapters/store/postgres/open-pg-store.ts';
import { createPgAuthorDirectory } from './adapters/store/postgres/pg-author-directory.ts';
import { createPgAuthorNameIndex } from './adapters/store/postgres/pg-author-name-index.ts';
import { createPgChannelPauser } from './adapters/store/postgres/pg-channel-pauser.ts';
import { createPgChatEventClaims } from './adapters/store/postgres/pg-chat-event-claims.ts';
import { createPgChannelPolicy } from './adapters/store/postgres/pg-channel-policy.ts';
import { createPgDigestLedger } from './adapters/store/postgres/pg-digest-ledger.ts';
import { createPgFeedbackStore } from './adapters/store/postgres/pg-feedback-store.ts';
import { pgStoreProblem, startPgHealthProbe } from './adapters/store/postgres/pg-health-probe.ts';
import { createPgInstallationStore } from './adapters/store/postgres/pg-installation-store.ts';
import { createPgLearningCorpus } from './adapters/store/postgres/pg-learning-corpus.ts';
import { createPgMessagePapers } from './adapters/store/postgres/pg-message-papers.ts';
import { createPgPaperRepository } from './adapters/store/postgres/pg-paper-repository.ts';
import { createPgPostedMessages } from './adapters/store/postgres/pg-posted-messages.ts';
import { createPgRecapSettings } from './adapters/store/postgres/pg-recap-settings.ts';
import { createPgSubscriptionStore } from './adapters/store/postgres/pg-subscription-store.ts';
import { createPgTitleSource } from './adapters/store/postgres/pg-title-source.ts';
import { redactedDatabaseUrl } from './adapters/store/postgres/database-url.ts';
import { createBackgroundSpellingSuggester, type SpellingSuggester } from './core/search/spelling-suggester.ts';
import { keepSpellingVocabulary } from './core/search/spelling-vocabulary.ts';

const WHY: Record<'unavailable' | 'full' | 'read-only', string> = {
  unavailable: 'its database does not answer',
  full: "its database's disk is full",
  'read-only': 'its database cannot be written (a standby?)',
};

export async function openPgAppStores(config: Config, url: string, clock: Clock, log: Logger, spellingVocabulary: 'background' | 'on-first-use'): Promise<PgAppStores> {
  const location = redactedDatabaseUrl(url);
  const pg = await openPgStore(url);
  try {
    const papers = createPgPaperRepository(pg);
    const seeded = await loadPendingSeedsPg(pg, papers, clock.now().toISOString());
    if (seeded) log.info({ database: location, seeded: seeded.inserted + seeded.updated }, 'seeded a new PostgreSQL store');
    const { db } = pg;
    const subscriptions = createPgSubscriptionStore(db);
    const authors = createPgAuthorDirectory(db);
    const ingest = createPgIngestPorts(db, papers);
    const postedMessages = createPgPostedMessages(db, { channels: subscriptions, defaultTimeZone: config.DEFAULT_TIME_ZONE, clock });
    // The vocabulary is read from the database in the background, between requests: at start for a
    // serving process, and on the first search that checks a word for a one-shot command (which then
    // answers without a suggestion), so `paperboy db`, `import` or `status` never read 200,000 titles.
    const background = createBackgroundSpellingSuggester();
    let keeper: ReturnType<typeof keepSpellingVocabulary> | null = null;
    const startKeeper = () => (keeper ??= keepSpellingVocabulary({ source: createPgTitleSource(db), suggester: background, log }));
    // As on SQLite: ready once the vocabulary is in use for a server, at once for a one-shot command.
    const ready = spellingVocabulary === 'background' ? startKeeper().ready : Promise.resolve();
    const suggester: SpellingSuggester = {
      suggest: (text) => {
        if (!keeper) startKeeper();
        return background.suggest(text);
      },
    };
    const health = startPgHealthProbe(pg.pool, log);
    return {
      engine: 'postgres',
      location,
      pg,
      papers,
      subscriptions,
      ledger: createPgDigestLedger(db),
      authors,
      authorNames: createPgAuthorNameIndex(db),
      feedback: createPgFeedbackStore(db),
      learningCorpus: createPgLearningCorpus(db),
      recaps: createPgRecapSettings(db),
      channels: createPgChannelPolicy(db),
      pauser: createPgChannelPauser(db, clock),
      installations: createPgInstallationStore(db, clock),
      papersInMessage: createPgMessagePapers(db, postedMessages),
      recordPostedPapers: postedMessages.record,
      eventClaims: createPgChatEventClaims(db),
      ingest,
      authorLinker: createAuthorLinker({ config, ports: ingest, papers, clock, log, authors }),
      fetchArxivPaper: createOnDemandArxivFetch({ config, spacing: ingest.spacing, papers, clock, log }),
      spelling: { suggester, ready, stop: () => keeper?.stop() },
      searchPool: null,
      checkStore: () => health.current(),
      describeStoreFailure: (error) => {
        const problem = pgStoreProblem(error);
        if (!problem) return null;
        const wait = problem === 'unavailable' ? 'Try again in a minute.' : 'Whoever runs paperboy has the details in its log.';
        return `paperboy cannot save or read its data right now: ${WHY[problem]}. Nothing was changed. ${wait}`;
      },
      beforeEachTick: () => {},
      close: async () => {
        keeper?.stop();
        health.stop();
        await pg.close();
      },
    };
  } catch (error) {
    await pg.close();
    throw error;
  }
}
