/**
 * Things that were once written in two places and could drift apart, now defined once: each test
 * checks that the places using a definition agree with it, where the behaviour shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { FAILED_TEXT as DISCORD_FAILED_TEXT } from '../src/adapters/discord/handle-interaction.ts';
import { DEFAULT_INGEST_CRON, INGEST_CRON_RULE, isIngestCron } from '../src/adapters/ingest/ingest-cron.ts';
import { startIngestSchedule, type IngestDeps } from '../src/adapters/ingest/run-ingest.ts';
import { deferIndexing, finishDeferredIndexing } from '../src/adapters/store/deferred-indexing.ts';
import { openDatabase } from '../src/adapters/store/open-database.ts';
import { AUTHOR_LINK_INDEX, workspaces } from '../src/adapters/store/schema.ts';
import { ALL_COMMANDS } from '../src/commands/all-commands.ts';
import type { Invoker } from '../src/commands/command-context.ts';
import { createCommandRegistry } from '../src/commands/command-registry.ts';
import type { CommandSpec } from '../src/commands/command-spec.ts';
import { dispatchText, GENERIC_FAILURE_TEXT } from '../src/commands/dispatch.ts';
import { loadConfig } from '../src/config.ts';
import { PLATFORMS } from '../src/core/delivery-ports.ts';
import { USER_ERROR_CODES, UserError } from '../src/core/errors.ts';
import { silentLogger } from '../src/core/logger.ts';
import { parseQuery, QUERY_SYNTAX_HELP } from '../src/core/search/parse-query.ts';
import { SORT_ORDERS, sortOrderChoices } from '../src/core/search/search-query.ts';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('sort orders (search-query.ts SORT_ORDERS)', () => {
  it('the query language accepts each and offers each in its help and its error', () => {
    for (const order of SORT_ORDERS) {
      const parsed = parseQuery(`llm sort:${order}`);
      expect(parsed.ok && parsed.value.sort).toBe(order);
    }
    expect(QUERY_SYNTAX_HELP).toContain(`sort:${SORT_ORDERS.join('|')}`);
    const bad = parseQuery('llm sort:oldest');
    expect(!bad.ok && bad.error.hint).toBe(`Use ${sortOrderChoices('sort:')}.`);
    expect(sortOrderChoices('sort:')).toBe('sort:relevance, sort:new or sort:top');
  });
});

describe('INGEST_CRON (ingest-cron.ts)', () => {
  const schedule = (expression: string) =>
    startIngestSchedule({ config: { ...loadConfig({ DATABASE_PATH: ':memory:' }), INGEST_CRON: expression } } as IngestDeps);

  it.each(['every morning', '61 1 * * *', '* * *'])('“%s” is refused by the configuration and by the schedule, with one rule', (expression) => {
    expect(isIngestCron(expression)).toBe(false);
    expect(() => loadConfig({ INGEST_CRON: expression })).toThrow(`INGEST_CRON: ${INGEST_CRON_RULE}`);
    expect(() => schedule(expression)).toThrow(`INGEST_CRON "${expression}" ${INGEST_CRON_RULE}.`);
  });

  it.each([DEFAULT_INGEST_CRON, '0 */6 * * *', '15 2 * * 1-5'])('“%s” is accepted by both', (expression) => {
    expect(isIngestCron(expression)).toBe(true);
    expect(loadConfig({ INGEST_CRON: expression }).INGEST_CRON).toBe(expression);
  });

  it('the configuration defaults to the same expression', () => {
    expect(loadConfig({}).INGEST_CRON).toBe(DEFAULT_INGEST_CRON);
  });
});

describe('the generic failure text (dispatch.ts GENERIC_FAILURE_TEXT)', () => {
  it('is what a command failing on paperboy’s side answers, and what Discord says for a failure outside it', async () => {
    const boom: CommandSpec = {
      name: 'boom',
      summary: 'Fails',
      examples: ['boom'],
      options: [],
      changesChannel: false,
      run: () => {
        throw new Error('a bug');
      },
    };
    const app = createApp(loadConfig({ DATABASE_PATH: ':memory:' }), { log: silentLogger, authorLinker: null, health: null });
    try {
      const registry = createCommandRegistry([...ALL_COMMANDS, boom]);
      const invoker: Invoker = { platform: 'console', workspaceId: 'console', channelId: 'console', userId: 'u', userName: null, isAdmin: true };
      const reply = await dispatchText(registry, 'boom', app.contextFor(invoker));
      expect(reply.failed).toBe(true);
      expect(reply.blocks[0]).toEqual({ type: 'text', text: GENERIC_FAILURE_TEXT, tone: 'warning' });
    } finally {
      app.close();
    }
    expect(DISCORD_FAILED_TEXT).toBe(GENERIC_FAILURE_TEXT);
  });
});

describe('the author-link index (schema.ts AUTHOR_LINK_INDEX)', () => {
  /** The index as SQLite holds it: its columns, uniqueness and definition, quoting aside. */
  function authorLinkIndex(sqlite: ReturnType<typeof openDatabase>['sqlite']) {
    const sql = sqlite.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(AUTHOR_LINK_INDEX)?.sql;
    const columns = sqlite.pragma(`index_info(${AUTHOR_LINK_INDEX})`) as Array<{ name: string }>;
    const normalised = sql?.replace(/[`"]/g, '').replace(/\s+IF NOT EXISTS/i, '').replace(/\s+/g, ' ');
    return { sql: normalised, columns: columns.map((c) => c.name) };
  }

  it('a bulk load rebuilds it exactly as the migrations made it', () => {
    const database = openDatabase(':memory:');
    try {
      const migrated = authorLinkIndex(database.sqlite);
      expect(migrated).toEqual({ sql: `CREATE INDEX ${AUTHOR_LINK_INDEX} ON paper_authors (author_id)`, columns: ['author_id'] });
      deferIndexing(database.sqlite);
      expect(authorLinkIndex(database.sqlite).sql).toBeUndefined();
      expect(finishDeferredIndexing(database.sqlite)).toBe(true);
      expect(authorLinkIndex(database.sqlite)).toEqual(migrated);
    } finally {
      database.close();
    }
  });
});

describe('the platforms (delivery-ports.ts PLATFORMS)', () => {
  it('are the values the store’s workspaces.platform column takes', () => {
    const column = getTableConfig(workspaces).columns.find((c) => c.name === 'platform');
    expect(column?.enumValues).toEqual([...PLATFORMS]);
  });

  it('are spelled out nowhere else in src/', () => {
    const spelled = /'slack'\s*\|\s*'discord'|'discord'\s*\|\s*'slack'|\[\s*'slack',\s*'discord'/;
    const files = sourceFiles(SRC).filter((file) => spelled.test(readFileSync(file, 'utf8')));
    expect(files.map((f) => f.slice(SRC.length))).toEqual(['core/delivery-ports.ts']);
  });
});

describe('UserError codes (errors.ts USER_ERROR_CODES)', () => {
  const sources = sourceFiles(SRC)
    .filter((file) => !file.endsWith('core/errors.ts'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');

  it('lists each code once, and each is used in src/', () => {
    expect(new Set(USER_ERROR_CODES).size).toBe(USER_ERROR_CODES.length);
    const unused = USER_ERROR_CODES.filter((code) => !sources.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it('a code outside the list does not compile', () => {
    // @ts-expect-error: a typo of 'subscribe.empty' is not a UserErrorCode (tsc checks this line).
    const typo = new UserError('subscribe.emtpy', 'x');
    expect(typo.code).toBe('subscribe.emtpy');
  });
});
