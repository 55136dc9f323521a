/**
 * The part of the composition root every command needs: the store, opened, migrated and seeded on
 * first run, its papers, and a search over them. Kept apart from app.ts, which wires everything
 * else (digests, learning, sources, commands), so that `paperboy search` loads only this (bench:
 * cold start; most of a one-shot command's start-up is loading modules).
 */
import type { Synchronous } from './core/awaitable.ts';
import type { Config } from './config.ts';
import { loadPendingSeeds } from './adapters/seeds/load-seeds.ts';
import { openDatabase, type OpenDatabase } from './adapters/store/open-database.ts';
import { createSqlitePaperRepository } from './adapters/store/sqlite-paper-repository.ts';
import type { Logger } from './core/logger.ts';
import type { Clock, PaperRepository } from './core/ports.ts';
import { createPaperSearch, type PaperSearch } from './core/search/paper-search.ts';
import { createSpellingSuggester, type SpellingSuggester } from './core/search/spelling-suggester.ts';
import { VOCABULARY_PAPERS } from './core/search/spelling-vocabulary.ts';

export interface PaperStore {
  database: OpenDatabase;
  papers: Synchronous<PaperRepository>;
}

/**
 * Opens the configured store. A store this creates waits for its seeds, loaded in one transaction
 * with the mark that they are: a first run killed at any point leaves a store the next run seeds
 * (load-seeds.ts).
 */
export function openPaperStore(config: Config, clock: Clock, log: Logger): PaperStore {
  const database = openDatabase(config.DATABASE_PATH, { log, seedsOnCreate: true });
  const papers = createSqlitePaperRepository(database.sqlite);
  const seeded = loadPendingSeeds(database.sqlite, papers, clock.now().toISOString());
  if (seeded) log.info({ path: config.DATABASE_PATH, seeded }, 'created and seeded a new database');
  return { database, papers };
}

/** A one-shot process's did-you-mean: the first search that checks a word builds the vocabulary. */
export function onFirstUseSpelling(papers: Synchronous<PaperRepository>): SpellingSuggester {
  return createSpellingSuggester(() => papers.titleVocabulary(VOCABULARY_PAPERS));
}

/** `paperboy search`: the store and a search over it in this thread, and nothing else of the app. */
export function openStoreSearch(config: Config, clock: Clock, log: Logger): { search: PaperSearch; close(): void } {
  const { database, papers } = openPaperStore(config, clock, log);
  return { search: createPaperSearch({ papers, clock, suggester: onFirstUseSpelling(papers) }), close: () => database.close() };
}
