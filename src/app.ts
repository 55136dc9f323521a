/**
 * The composition root's core: one store, one set of services, one command registry, shared by
 * the CLI, the console chat and the chat adapters.
 */
import { existsSync } from 'node:fs';
import pino from 'pino';
import { createSqliteChannelPolicy } from './adapters/store/sqlite-channel-policy.ts';
import { openDatabase, type OpenDatabase } from './adapters/store/open-database.ts';
import { createSqlitePaperRepository } from './adapters/store/sqlite-paper-repository.ts';
import { loadSeeds } from './adapters/seeds/load-seeds.ts';
import { ALL_COMMANDS } from './commands/all-commands.ts';
import type { CommandContext, Invoker } from './commands/command-context.ts';
import { createCommandRegistry, type CommandRegistry } from './commands/command-registry.ts';
import type { CommandServices } from './commands/command-services.ts';
import { dispatchText } from './commands/dispatch.ts';
import type { Config } from './config.ts';
import type { Logger } from './core/logger.ts';
import { systemClock, type Clock, type PaperRepository } from './core/ports.ts';
import type { Reply } from './core/reply.ts';
import { createPaperSearch } from './core/search/paper-search.ts';
import { createSpellingSuggester } from './core/search/spelling-suggester.ts';

/** Papers whose title words feed did-you-mean suggestions (the most recent ones). */
const SUGGESTER_VOCABULARY_PAPERS = 200_000;

export interface App {
  config: Config;
  database: OpenDatabase;
  papers: PaperRepository;
  services: CommandServices;
  registry: CommandRegistry;
  clock: Clock;
  log: Logger;
  /** Runs a `/papers …` line as the given invoker. Never throws. */
  run(text: string, invoker: Invoker): Promise<Reply>;
  contextFor(invoker: Invoker): CommandContext;
  close(): void;
}

/** A pino logger on stderr (stdout stays clean for JSON output), with secrets redacted. */
export function createLogger(level: Config['LOG_LEVEL']): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', 'botToken', '*.token', '*.botToken', 'headers.authorization', '*.headers.authorization', 'installation'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

export function createApp(config: Config, options: { clock?: Clock; log?: Logger } = {}): App {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const firstRun = config.DATABASE_PATH === ':memory:' || !existsSync(config.DATABASE_PATH);
  const database = openDatabase(config.DATABASE_PATH);
  const papers = createSqlitePaperRepository(database.sqlite);
  if (firstRun) {
    const seeded = loadSeeds(papers, clock.now().toISOString());
    log.info({ path: config.DATABASE_PATH, seeded }, 'created and seeded a new database');
  }
  const services: CommandServices = {
    search: createPaperSearch({
      papers,
      clock,
      suggester: createSpellingSuggester(() => papers.titleVocabulary(SUGGESTER_VOCABULARY_PAPERS)),
    }),
    papers,
    channels: createSqliteChannelPolicy(database.sqlite),
    resultsPerPage: config.RESULTS_PER_PAGE,
  };
  const registry = createCommandRegistry(ALL_COMMANDS);
  const contextFor = (invoker: Invoker): CommandContext => ({ invoker, services, clock, log, commands: registry.commands });
  return {
    config,
    database,
    papers,
    services,
    registry,
    clock,
    log,
    contextFor,
    run: (text, invoker) => dispatchText(registry, text, contextFor(invoker)),
    close: () => database.close(),
  };
}
