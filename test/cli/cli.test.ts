import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { readSeeds } from '../../src/adapters/seeds/load-seeds.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';
import { writeSnapshotSlice } from '../store/arxiv-slice.ts';
import { cliEnv, runCli, STACK_TRACE, type CliRun } from './run-cli.ts';

const COLD_START_SEEDS = [
  'Zero-Shot Recommender Systems',
  'Contrastive Learning for Cold Start Recommendation with Adaptive Feature Fusion',
  'M2TRec: Metadata-aware Multi-task Transformer for Large-scale and Cold-start free Session-based Recommendations',
];
const SEED_COUNT = readSeeds().length;

// [name, query, search exit code, what search says, chat exit code, what chat says]
const HOSTILE: Array<[string, string, number, RegExp, number, RegExp]> = [
  ['empty', '', 2, /Tell paperboy what to look for/, 0, /paperboy commands/],
  ['10 kB', 'recsys '.repeat(1500), 2, /10,500 characters long; the limit is 1,000/, 1, /characters long; the limit is 1,000/],
  ['unbalanced quote', '"cold start', 2, /no closing quote/, 1, /no closing quote/],
  ['FTS5 operators', 'AND OR NOT NEAR(a b) * ^ : ( ) {title}:x', 0, /No papers match “AND OR NOT NEAR\(a b\) \{title\}:x”/, 0, /No papers match “AND OR NOT NEAR\(a b\) \{title\}:x”/],
  ['SQL', "'; DROP TABLE papers; --", 0, /^1\. /m, 0, /Papers for “DROP TABLE papers;”/],
  ['control characters', 'cold\u0007start\u001b[31m\u0001', 0, /Few papers match every word[\s\S]*^1\. /m, 0, /Papers for “cold start \[31m”/],
  ['emoji', '😀🎉🚀', 2, /Tell paperboy what to look for/, 1, /Tell paperboy what to look for/],
  ['right-to-left', '\u200fمرحبا بالعالم\u200f \u05e9\u05dc\u05d5\u05dd', 0, /No papers match “مرحبا بالعالم שלום”/, 0, /No papers match “مرحبا بالعالم שלום”/],
];

let dir: string;
let env: NodeJS.ProcessEnv;
let databasePath: string;
let firstSearch: CliRun;
/** Runs started together once the database exists; each test awaits its own. */
const runs = new Map<string, Promise<CliRun>>();
const run = (name: string) => runs.get(name)!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
  databasePath = join(dir, 'data', 'paperboy.db');
  env = cliEnv({ DATABASE_PATH: databasePath });
  const slice = join(dir, 'arxiv-slice.jsonl');
  await writeSnapshotSlice(slice, 2000);
  const queries = join(dir, 'queries.txt');
  writeFileSync(queries, 'recsys cold-start\n\n"cold start\nauthor:"Anoop Deoras"\n');
  mkdirSync(join(dir, 'backups'));
  // A migrated store without the seeds, for `db seed`.
  const seedPath = join(dir, 'seed', 'paperboy.db');
  openDatabase(seedPath).close();
  const seedEnv = cliEnv({ DATABASE_PATH: seedPath });
  const importEnv = cliEnv({ DATABASE_PATH: join(dir, 'import', 'paperboy.db') });

  // The first run creates, migrates and seeds the database; everything else starts after it.
  firstSearch = await runCli(['search', 'recsys cold-start', '--json', '--limit', '5'], env);

  const later = (name: string, after: string, args: string[], runEnv: NodeJS.ProcessEnv) =>
    runs.set(name, run(after).then(() => runCli(args, runEnv)));
  runs.set('queries', runCli(['search', '--queries', queries, '--limit', '5'], env));
  runs.set('chat help', runCli(['chat', '/papers help'], env));
  runs.set('chat search', runCli(['chat', 'recsys cold-start'], env));
  runs.set('search text', runCli(['search', 'recsys cold-start', '--limit', '3'], env));
  runs.set('search newest', runCli(['search', 'recsys cold-start', '--sort', 'new', '--limit', '3'], env));
  runs.set('bad sort', runCli(['search', 'recsys', '--sort', 'oldest'], env));
  runs.set('stats', runCli(['db', 'stats', '--json'], env));
  runs.set('backup', runCli(['db', 'backup', join(dir, 'backups', 'copy.db')], env));
  runs.set('seed 1', runCli(['db', 'seed'], seedEnv));
  later('seed 2', 'seed 1', ['db', 'seed'], seedEnv);
  runs.set('import 1', runCli(['import', slice], importEnv));
  later('import 2', 'import 1', ['import', slice], importEnv);
  for (const [name, query] of HOSTILE) {
    runs.set(`search ${name}`, runCli(['search', query], env));
    runs.set(`chat ${name}`, runCli(['chat', query], env));
  }
  runs.set('bad env', runCli(['chat', 'help'], { ...env, RESULTS_PER_PAGE: 'abc' }));
  runs.set('no queries file', runCli(['search', '--queries', join(dir, 'no-such-queries.txt')], env));
  runs.set('import a folder', runCli(['import', dir], env));
  runs.set('backup to no folder', runCli(['db', 'backup', join(dir, 'no-such-folder', 'copy.db')], env));
  // Settle every run before the tests read them, so one failure does not leave others unobserved.
  await Promise.allSettled(runs.values());
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Nothing a user sees looks like a crash. */
function expectNoCrash(result: CliRun): void {
  expect(result.stdout + result.stderr).not.toMatch(STACK_TRACE);
  expect(result.stdout + result.stderr).not.toMatch(/failed unexpectedly|something went wrong/i);
}

function countPapers(path: string): number {
  const sqlite = new Database(path, { readonly: true });
  try {
    return sqlite.prepare('SELECT count(*) FROM papers').pluck().get() as number;
  } finally {
    sqlite.close();
  }
}

describe('paperboy search', () => {
  it('--json --limit 5 prints the cold-start seed papers, creating and seeding the database on first use', () => {
    expect(firstSearch.code).toBe(0);
    expectNoCrash(firstSearch);
    const results = JSON.parse(firstSearch.stdout) as Array<Record<string, unknown>>;
    expect(results).toHaveLength(5);
    for (const result of results) {
      expect(Object.keys(result)).toEqual(expect.arrayContaining(['id', 'title', 'authors', 'published', 'categories', 'score']));
      expect(typeof result['id']).toBe('string');
      expect(Array.isArray(result['authors'])).toBe(true);
      expect(Array.isArray(result['categories'])).toBe(true);
      expect(typeof result['score']).toBe('number');
    }
    expect(results.map((r) => r['title'])).toEqual(expect.arrayContaining(COLD_START_SEEDS));
    expect(results.find((r) => r['title'] === 'Zero-Shot Recommender Systems')).toMatchObject({
      authors: ['Hao Ding', 'Yifei Ma', 'Anoop Deoras'],
      published: '2021-05-18',
      categories: ['cs.LG'],
    });
  });

  it('--queries FILE prints one JSON line per query, errors included', async () => {
    const result = await run('queries');
    expect(result.code).toBe(0);
    expectNoCrash(result);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { query: string; results: Array<{ title: string; authors: string[] }>; error?: string });
    expect(lines.map((l) => l.query)).toEqual(['recsys cold-start', '"cold start', 'author:"Anoop Deoras"']);
    expect(lines[0]!.results.map((r) => r.title)).toEqual(expect.arrayContaining(COLD_START_SEEDS));
    expect(lines[1]!.results).toEqual([]);
    expect(lines[1]!.error).toMatch(/quote/);
    expect(lines[2]!.results.length).toBeGreaterThan(0);
    for (const r of lines[2]!.results) expect(r.authors).toContain('Anoop Deoras');
  });
});

describe('paperboy search as text', () => {
  it('prints the reply a search in chat gets, through the console renderer', async () => {
    const [search, chat] = await Promise.all([run('search text'), run('chat search')]);
    expect(search.code).toBe(0);
    expectNoCrash(search);
    expect(search.stdout).toMatch(/^Papers for “recsys cold-start”\n\n1\. /);
    expect(search.stdout).toMatch(/^3\. /m);
    expect(search.stdout).not.toMatch(/^4\. /m);
    expect(search.stdout).toContain('Results 1–3 · sort:relevance');
    expect(search.stdout).toContain('[More like this: /papers like ');
    // The same papers, cards and wording as in chat: the first result's card is identical.
    const firstCard = (text: string) => text.split('\n\n')[1];
    expect(firstCard(search.stdout)).toBe(firstCard(chat.stdout));
    expect(search.stdout).not.toContain('\x1b');
  });

  it('--sort takes the sort orders of the query language', async () => {
    const newest = await run('search newest');
    expect(newest.code).toBe(0);
    expect(newest.stdout).toMatch(/^Papers for “recsys cold-start sort:new”/);
    expect(newest.stdout).toContain('sort:new');
    const bad = await run('bad sort');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sort must be relevance, new or top; got "oldest".');
  });
});

describe('paperboy chat', () => {
  it('"/papers help" lists every command', async () => {
    const result = await run('chat help');
    expect(result.code).toBe(0);
    expectNoCrash(result);
    for (const command of ALL_COMMANDS) expect(result.stdout).toContain(`/papers ${command.name}`);
  });

  it('"recsys cold-start" shows the cold-start seed papers, without colour codes when piped', async () => {
    const result = await run('chat search');
    expect(result.code).toBe(0);
    expectNoCrash(result);
    expect(result.stdout).toContain('Papers for “recsys cold-start”');
    for (const title of COLD_START_SEEDS) expect(result.stdout).toContain(title);
    expect(result.stdout).not.toContain('\x1b');
  });
});

describe('paperboy db', () => {
  it('stats --json counts what the store holds', async () => {
    const result = await run('stats');
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout) as Record<string, number>;
    expect(stats).toMatchObject({ papers: SEED_COUNT, channels: 0, subscriptions: 0, deliveries: 0 });
    expect(stats['authors']).toBeGreaterThan(0);
  });

  it('seed loads the seed papers once; a second run adds nothing', async () => {
    const first = await run('seed 1');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${SEED_COUNT} added, 0 updated`);
    const second = await run('seed 2');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`0 added, 0 updated, ${SEED_COUNT} already up to date`);
    expect(countPapers(join(dir, 'seed', 'paperboy.db'))).toBe(SEED_COUNT);
  });

  it('backup writes a consistent copy that opens and holds the papers', async () => {
    const result = await run('backup');
    const target = join(dir, 'backups', 'copy.db');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(target);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(SEED_COUNT);
    expect(copy.prepare("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'recommender'").pluck().get()).toBeGreaterThan(0);
    copy.close();
  });
});

describe('paperboy import', () => {
  it('imports a 2,000-line slice, and importing it again adds nothing', async () => {
    const first = await run('import 1');
    expect(first.code).toBe(0);
    expectNoCrash(first);
    expect(first.stdout).toMatch(/2,000 lines, 2,000 new, 0 updated, 0 unchanged, 0 skipped/);
    const second = await run('import 2');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/2,000 lines, 0 new, 0 updated, 2,000 unchanged, 0 skipped/);
    expect(countPapers(join(dir, 'import', 'paperboy.db'))).toBe(SEED_COUNT + 2000);
  });
});

describe('hostile input to search and chat gets a clear answer and exit status', () => {
  it.each(HOSTILE)('%s', async (name, _query, searchCode, searchSays, chatCode, chatSays) => {
    const search = await run(`search ${name}`);
    const chat = await run(`chat ${name}`);
    expect({ code: search.code, out: search.stdout + search.stderr }).toMatchObject({ code: searchCode, out: expect.stringMatching(searchSays) });
    expect({ code: chat.code, out: chat.stdout + chat.stderr }).toMatchObject({ code: chatCode, out: expect.stringMatching(chatSays) });
    for (const result of [search, chat]) {
      expectNoCrash(result);
      expect(result.stdout).not.toContain('\x1b');
    }
  });

  it('leaves every paper in place', async () => {
    await run(`search SQL`);
    expect(countPapers(databasePath)).toBe(SEED_COUNT);
  });
});

describe('bad configuration and bad arguments', () => {
  it('stops on an invalid variable with a message naming it', async () => {
    const result = await run('bad env');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('RESULTS_PER_PAGE');
    expectNoCrash(result);
  });

  it.each(['no queries file', 'import a folder', 'backup to no folder'])('%s: a message and exit status 2', async (name) => {
    const result = await run(name);
    expect(result.code).toBe(2);
    expect(result.stderr.length).toBeGreaterThan(10);
    expectNoCrash(result);
  });
});
