import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchPool, type SearchPool } from '../../src/adapters/store/search-pool/search-pool.ts';
import { searchWorkerNice, yieldCpuToChatThread } from '../../src/adapters/store/search-pool/thread-priority.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import { createApp, type SqliteApp } from '../../src/app.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { loadConfig } from '../../src/config.ts';
import { UserError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { createSpellingSuggester } from '../../src/core/search/spelling-suggester.ts';
import { VOCABULARY_PAPERS } from '../../src/core/search/spelling-vocabulary.ts';
import { makePaper } from '../support/papers.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-search-pool-'));
const path = join(dir, 'paperboy.db');
const workers: Worker[] = [];
let pool: SearchPool;

beforeAll(async () => {
  const store = openDatabase(path);
  const papers = createSqlitePaperRepository(store.sqlite);
  await papers.upsertPapers(
    [
      makePaper({ id: '2611.00001', title: 'Pause tokens for reasoning', abstract: 'Thinking before answering.' }),
      ...Array.from({ length: 30 }, (_, i) => makePaper({ id: `2611.${String(100 + i).padStart(5, '0')}`, title: `Pause tokens, part ${i + 1}` })),
      makePaper({ id: '2611.00002', title: 'Quokka ecology', abstract: 'Where quokkas feed.' }),
      makePaper({ id: '2611.00003', title: 'Quokka ecology in winter', abstract: 'Where quokkas feed when it is cold.' }),
    ],
    '2026-11-01T00:00:00Z',
  );
  // The one did-you-mean vocabulary, on this (the main) thread: the workers have none.
  const suggester = createSpellingSuggester(() => papers.titleVocabulary(VOCABULARY_PAPERS));
  suggester.suggest('warm up');
  store.close();
  pool = createSearchPool({ databasePath: path, log: silentLogger, suggester, size: 2, onWorkerStarted: (worker) => workers.push(worker) });
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The nice value of each thread of this process, from /proc (Linux keeps it per thread: proc(5), field 19 of stat). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19 - 3]);
  });
}

describe('the search pool answers searches from worker threads with read-only connections', () => {
  it.runIf(process.platform === 'linux')('runs its workers below the chat thread’s priority, so acks get the CPU first', async () => {
    // Four searches at once: the pool hands the first two to its two idle workers, and a worker
    // answers only once its module has run, which lowers its priority before anything else.
    await Promise.all(Array.from({ length: 4 }, () => pool.searchText('quokka', 5)));
    const chatThread = getPriority();
    const nices = threadNiceValues();
    // Nothing runs ahead of the chat thread, whatever nice value the process was started with.
    expect(nices.filter((nice) => nice < chatThread)).toEqual([]);
    // Below nice 9 the workers are 10 steps down; at 9 and above they share 19 with the chat thread.
    const workerNice = searchWorkerNice(chatThread);
    if (workerNice > chatThread) expect(nices.filter((nice) => nice === workerNice)).toHaveLength(2);
  });

  it('lowers a worker 10 nice steps from the thread that started it, never above it and at most to 19', () => {
    const started = (nice: number) => {
      const thread = { nice, getPriority: () => thread.nice, setPriority: (priority: number) => void (thread.nice = priority) };
      expect(yieldCpuToChatThread('linux', thread)).toBe(true);
      return thread.nice;
    };
    expect([0, 5, 9, 15, 19, -5].map(started)).toEqual([10, 15, 19, 19, 19, 5]);
    // Elsewhere setpriority renices the whole process, chat thread included: left alone.
    const untouched = { getPriority: () => 0, setPriority: () => expect.fail('setPriority called off Linux') };
    expect(yieldCpuToChatThread('darwin', untouched)).toBe(false);
  });

  it('finds papers, with the same outcome as a search on the chat thread would give', async () => {
    const outcome = await pool.searchText('quokka winter', 10);
    expect(outcome.hits.filter((h) => !h.partial).map((h) => h.paper.title)).toEqual(['Quokka ecology in winter']);
    expect(outcome.suggestion).toBeNull();
  });

  it('suggests a correction from the main thread’s vocabulary', async () => {
    expect((await pool.searchText('pauze', 10)).suggestion).toBe('pause');
    expect((await pool.searchText('pauze', 10, { withSuggestion: false })).suggestion).toBeNull();
  });

  it('answers many concurrent searches, each with its own outcome', async () => {
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.searchText(i % 2 === 0 ? 'quokka' : 'pause tokens', 5)));
    outcomes.forEach((outcome, i) => expect(outcome.hits[0]!.paper.title).toMatch(i % 2 === 0 ? /Quokka/ : /Pause/));
  });

  it('keeps a user error a user error, with its code and hint', async () => {
    const error = await pool.searchText('"unbalanced', 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'query.unbalanced_quote' });
    expect((error as UserError).hint).toBeTruthy();
  });

  it('replaces a worker that stopped, and keeps answering', async () => {
    expect(workers).toHaveLength(2);
    await workers[0]!.terminate();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => pool.searchText('quokka', 5)));
    expect(outcomes.every((o) => o.hits.length === 2)).toBe(true);
    expect(workers).toHaveLength(3);
  });

  it('selects a channel’s digest in a worker, reading the subscriptions the main thread wrote', async () => {
    const store = openDatabase(path);
    const subscriptions = createSqliteSubscriptionStore(store.db);
    const channel = (await subscriptions.ensureChannel({ platform: 'console', workspaceId: 'w', channelId: 'pool' }, { timeZone: 'UTC', now: '2026-10-01T00:00:00Z' }));
    await subscriptions.addSubscription(channel.id, { kind: 'topic', query: 'quokka', authorId: null, externalId: null, createdBy: 'u' }, '2026-10-01T00:00:00Z');
    const listed = (await subscriptions.listSubscriptions(channel.id)).map((s) => ({ ...s, afterSeq: 0 }));
    store.close();
    const selection = await pool.selectDigest(channel, listed, new Date('2026-11-02T00:00:00Z'), Number.MAX_SAFE_INTEGER);
    expect(selection.picks.map((p) => p.paper.title).sort()).toEqual(['Quokka ecology', 'Quokka ecology in winter']);
    expect(selection.picks[0]!.reasons).toEqual(['matches: quokka']);
  });
});

describe('a serving app answers search, like, subscribe, recommend and the digest preview through its pool', () => {
  const invoker: Invoker = { platform: 'console', workspaceId: 'w', channelId: 'served', userId: 'u', userName: 'u', isAdmin: false };
  let app: SqliteApp;
  beforeAll(async () => {
    const clock = { now: () => new Date('2026-11-02T00:00:00Z') };
    app = createApp(loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' }), { clock, log: silentLogger, spellingVocabulary: 'background', searchPool: true, health: null, authorLinker: null });
    await app.spellingReady;
  });
  afterAll(() => app.close());
  const run = async (line: string) => renderReplyText(await app.run(line, invoker));

  it('runs a pool: searches are not answered on the chat thread', () => {
    expect(app.services.searchPool).toBeTruthy();
  });

  it('search: the papers, and the did-you-mean', async () => {
    expect(await run('/papers search quokka winter')).toContain('Quokka ecology in winter');
    expect(await run('/papers search pauze')).toContain('Did you mean “pause”?');
    expect(await run('/papers search "unbalanced')).toMatch(/quote/i);
  });

  it('like: papers like the given one', async () => {
    const text = await run('/papers like 2611.00002');
    expect(text).toContain('Quokka ecology in winter');
  });

  it('subscribe: a typo that matches nothing is refused with the correction found by the pool', async () => {
    const text = await run('/papers subscribe pauze');
    expect(text).toContain('Did you mean “pause”?');
    expect((await app.services.subscriptions.findChannel({ platform: 'console', workspaceId: 'w', channelId: 'served' }))).toBeNull();
  });

  it('subscribe, then the digest preview and recommend select in the pool', async () => {
    expect(await run('/papers subscribe quokka')).toContain('Subscribed this channel to “quokka”');
    // A digest brings papers newer than the subscription.
    await app.papers.upsertPapers([makePaper({ id: '2611.00004', title: 'Quokka ecology at night', abstract: 'Where quokkas feed after dark.' })], '2026-11-01T12:00:00Z');
    const preview = await run('/papers digest preview');
    expect(preview).toContain('Quokka ecology at night');
    expect(preview).not.toContain('Quokka ecology in winter');
    expect(preview).toContain('matches: quokka');
    const recommended = await run('/papers recommend');
    expect(recommended).toContain('Quokka ecology in winter');
  });
});
