/**
 * The `paperboy` command line and the composition root: config, store, services, then the
 * requested command. Users see short messages; the log (stderr) gets the full context.
 */
import { parseArgs } from 'node:util';
import type { App } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './core/logger.ts';
import { DEFAULT_COMMAND_NAME } from './core/command-name.ts';
import type { ChatPlatform } from './core/delivery-ports.ts';
import { isSortOrder, SORT_ORDERS, sortOrderChoices } from './core/search/search-query.ts';
import { applyPaperboyV8Flags, holdChatThreadYoungGeneration } from './heap-growth.ts';

// First, before the store, the search workers or an import allocate: however node was started.
applyPaperboyV8Flags();

// Everything else loads only once a command needs it: `paperboy help` and a bad flag answer
// without loading the store, zod, the time-zone library or the SDKs (bench: cold start).
const loadApp = () => import('./app.ts');
const loadConfigModule = () => import('./config.ts');
const loadLogger = () => import('./create-logger.ts');

const USAGE = `paperboy: research papers in Slack, Discord and your terminal

Usage:
  paperboy [serve]                      chat adapters and scheduler; a console chat when no platform is configured
  paperboy chat "<command>"             run one ${DEFAULT_COMMAND_NAME} command and print the reply
  paperboy search "<query>" [--limit N] [--sort ${SORT_ORDERS.join('|')}] [--json] [--queries FILE]
  paperboy import <file[.gz]>           import an arXiv bulk metadata snapshot (JSON lines)
  paperboy digest [--dry-run [--json]] [--channel ID] [--at ISO-time]
                                        select (and post) digests now; the console chat is channel "console"
  paperboy ingest [--source arxiv-rss|arxiv-oai|arxiv-api|huggingface|followed-authors] [--since YYYY-MM-DD] [--category cs.IR[,cs.LG]] [--json]
                                        fetch new papers now (progress bar on a terminal)
  paperboy status [--json]              each paper source: last run, last success, counts, last error
  paperboy db migrate|seed|stats [--json]|backup <path>
  paperboy slack manifest [--url URL] [--socket-mode]   the Slack app manifest, from the command registry
  paperboy discord register [--guild ID | --global]    register ${DEFAULT_COMMAND_NAME} and ${DEFAULT_COMMAND_NAME}-channel with Discord (only when changed)
  paperboy discord unregister [--guild ID | --global]  remove them (the application's other commands stay)

A query that starts with "-" goes after "--": paperboy search -- "-survey llm".
Environment: see .env.example (DATABASE_PATH defaults to ./data/paperboy.db).`;

// `paperboy search … | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * One-shot commands and the console chat share the terminal with their output: there, the default
 * log level is quieter (warnings and errors only). A set LOG_LEVEL other than info wins.
 */
async function oneShotLogger(config: Config): Promise<Logger> {
  return (await loadLogger()).createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
}

async function loadConfigOrExplain(): Promise<Config | null> {
  const { ConfigError, loadConfig } = await loadConfigModule();
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message);
      return null;
    }
    throw error;
  }
}

/** `slack …` and `discord …` parse their own options. */
async function runPlatformCli(platform: ChatPlatform, args: string[]): Promise<number> {
  const config = await loadConfigOrExplain();
  if (!config) return 78;
  const { openApp } = await loadApp();
  const app = await openApp(config, { log: await oneShotLogger(config) });
  try {
    // The platform SDKs load only for the commands that use them: they cost every other command
    // about 50 MB of memory and 0.2 s of start-up (bench: cold start, import peak RSS).
    if (platform === 'slack') return (await import('./adapters/slack/slack-cli.ts')).runSlackCli({ host: app.host, config: app.config }, args, out, err);
    return await (await import('./adapters/discord/discord-cli.ts')).runDiscordCli({ host: app.host, config: app.config }, args, out, err);
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'slack' || argv[0] === 'discord') return runPlatformCli(argv[0], argv.slice(1));
  const { values, positionals } = parseCliArgs(argv);
  const [command = 'serve', ...rest] = positionals;
  // Before the modules, the store and the vocabulary allocate: a young generation never shrinks back.
  if (command === 'serve') holdChatThreadYoungGeneration();
  if (values.help || command === 'help') {
    out(USAGE);
    return 0;
  }
  const config = await loadConfigOrExplain();
  if (!config) return 78;
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    err(`--limit must be a whole number from 1 to 1000; got "${values.limit}".`);
    return 2;
  }
  if (values.sort !== undefined && !isSortOrder(values.sort)) {
    err(`--sort must be ${sortOrderChoices()}; got "${values.sort}".`);
    return 2;
  }
  if (command === 'search') return runSearch(config, rest, values, limit);
  const { enabledPlatforms } = await loadConfigModule();
  const { openApp } = await loadApp();
  const serving = command === 'serve' && (enabledPlatforms(config).slack || enabledPlatforms(config).discord);
  // A server builds the did-you-mean vocabulary in the background, never on a request, and searches
  // and selects digests in its worker pool, never on the thread that acks (issue 19).
  const spelling = command === 'serve' ? ({ spellingVocabulary: 'background', searchPool: true } as const) : {};
  const app: App = await openApp(config, serving ? spelling : { ...spelling, log: await oneShotLogger(config) });
  try {
    return await runCommand(app, command, rest, values, limit);
  } finally {
    await app.close();
  }
}

/**
 * `paperboy search` opens the store and searches, and builds nothing else of the app (digests,
 * commands, sources, learning): their modules would be most of its start-up (bench: cold start).
 */
async function runSearch(config: Config, rest: string[], values: CliOptions, limit: number): Promise<number> {
  const { runSearchCli } = await import('./cli/search-cli.ts');
  const options = { query: rest.length > 0 ? rest.join(' ') : undefined, limit, sort: values.sort, json: values.json, queries: values.queries };
  if (config.DATABASE_URL !== undefined) {
    // PostgreSQL: the app's own search (its driver and stores load either way).
    const app = await (await loadApp()).openApp(config, { log: await oneShotLogger(config) });
    try {
      return await runSearchCli(app.services.search, options, out, err);
    } finally {
      await app.close();
    }
  }
  const { openStoreSearch } = await import('./paper-store.ts');
  const { systemClock } = await import('./core/ports.ts');
  const store = openStoreSearch(config, systemClock, await oneShotLogger(config));
  try {
    return await runSearchCli(store.search, options, out, err);
  } finally {
    store.close();
  }
}

type CliOptions = ReturnType<typeof parseCliArgs>['values'];

function parseCliArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      limit: { type: 'string' },
      sort: { type: 'string' },
      json: { type: 'boolean', default: false },
      queries: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      'dry-run': { type: 'boolean', default: false },
      channel: { type: 'string' },
      at: { type: 'string' },
      source: { type: 'string' },
      since: { type: 'string' },
      category: { type: 'string' },
    },
  });
}

/** One command against an open app; each command's module loads only when it runs. */
async function runCommand(app: App, command: string, rest: string[], values: CliOptions, limit: number): Promise<number> {
  switch (command) {
    case 'serve':
      return await (await import('./cli/serve.ts')).runServe(app, err);
    case 'chat': {
      const { CONSOLE_INVOKER } = await import('./adapters/console/console-chat.ts');
      const { renderConsoleReply } = await import('./adapters/console/render-console.ts');
      const reply = await app.run(rest.join(' '), CONSOLE_INVOKER);
      out(renderConsoleReply(reply, process.stdout.isTTY === true));
      return reply.failed ? 1 : 0;
    }
    case 'import': {
      const { runImportCli } = await import('./cli/import-cli.ts');
      const { sqliteAppOf } = await loadApp();
      const { stores } = app.store;
      const sqliteApp = sqliteAppOf(app);
      if (sqliteApp) return await runImportCli({ engine: 'sqlite', app: sqliteApp }, rest[0], out, err);
      if (stores.engine !== 'postgres') throw new Error('an app that is neither SQLite nor PostgreSQL');
      return await runImportCli({ engine: 'postgres', pg: stores.pg, papers: stores.papers, clock: app.clock, log: app.log }, rest[0], out, err);
    }
    case 'digest':
      return await (await import('./cli/digest-cli.ts')).runDigestCli(app, { dryRun: values['dry-run'], json: values.json, channel: values.channel, at: values.at }, out, err);
    case 'ingest':
      return await (await import('./cli/ingest-cli.ts')).runIngestCli(app, { source: values.source, since: values.since, category: values.category, json: values.json }, out, err);
    case 'status':
      return await (await import('./cli/status-cli.ts')).runStatusCli(app, { json: values.json }, out, err);
    case 'db': {
      const { stores } = app.store;
      const admin =
        stores.engine === 'postgres'
          ? (await import('./adapters/store/postgres/pg-store-admin.ts')).createPgStoreAdmin(stores.pg, app.config.DATABASE_URL ?? '')
          : (await import('./adapters/store/sqlite-store-admin.ts')).createSqliteStoreAdmin(stores.database);
      return await (await import('./cli/db-cli.ts')).runDbCli({ admin, papers: app.papers, clock: app.clock }, rest[0], { json: values.json, path: rest[1] }, out, err);
    }
    default:
      err(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Bad flags from parseArgs are the user's to fix; anything else is logged in full.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      err(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    // A store that is full, read-only, damaged or gone: one sentence saying which and what to do,
    // and the error itself only in the log, at debug level (LOG_LEVEL=debug shows it).
    explainFailure(error).catch((failure: unknown) => {
      process.stderr.write(`paperboy failed unexpectedly: ${String(failure)}\n`);
      process.exitCode = 1;
    });
  },
);

async function explainFailure(error: unknown): Promise<void> {
  const config = await configOrNull();
  const { describeStoreError } = await import('./adapters/store/store-health.ts');
  const { createLogger } = await loadLogger();
  if (error instanceof Error && error.name === 'StoreSetupError') {
    err(error.message);
    process.exitCode = 78;
    return;
  }
  if (config?.DATABASE_URL !== undefined) {
    const { pgStoreProblem } = await import('./adapters/store/postgres/pg-health-probe.ts');
    const { redactedDatabaseUrl } = await import('./adapters/store/postgres/database-url.ts');
    const problem = pgStoreProblem(error);
    if (problem) {
      createLogger(config.LOG_LEVEL).debug({ err: error, argv: process.argv.slice(2), problem }, 'the PostgreSQL store is unavailable');
      const url = new URL(redactedDatabaseUrl(config.DATABASE_URL));
      err(
        problem === 'unavailable'
          ? `paperboy cannot reach its PostgreSQL database at ${url.host || 'the default host'} (DATABASE_URL). Check that the server runs (pg_isready -h ${url.hostname || 'localhost'}) and that DATABASE_URL names it, then try again.`
          : `paperboy's PostgreSQL database at ${url.host} ${problem === 'full' ? 'has a full disk' : 'cannot be written (a standby?)'}. Nothing was changed.`,
      );
      process.exitCode = EXIT_STORE_UNAVAILABLE;
      return;
    }
  }
  const store = config ? describeStoreError(error, config.DATABASE_PATH) : null;
  if (config && store) {
    createLogger(config.LOG_LEVEL).debug({ err: error, argv: process.argv.slice(2), problem: store.problem }, 'the store is unavailable');
    err(store.userMessage);
    process.exitCode = EXIT_STORE_UNAVAILABLE;
    return;
  }
  createLogger('error').error({ err: error, argv: process.argv.slice(2) }, 'paperboy failed');
  err('paperboy failed unexpectedly; the log above has the details.');
  process.exitCode = 1;
}

/** sysexits.h EX_IOERR: the store could not be read or written. */
const EXIT_STORE_UNAVAILABLE = 74;

/** The configuration again, for the error handler (main's copy is gone with its frame); null when it does not parse. */
async function configOrNull(): Promise<Config | null> {
  const { loadConfig } = await loadConfigModule();
  try {
    return loadConfig();
  } catch {
    return null;
  }
}
