import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importSnapshot } from '../../src/adapters/snapshot/import-snapshot.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createApp } from '../../src/app.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { INDEXING_NOTE } from '../../src/core/search/paper-search.ts';
import { makePaper } from '../support/papers.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapshotLine(id: string, title: string): string {
  return JSON.stringify({ id, title, abstract: `An abstract about ${title}.`, authors: 'Ada Lovelace', categories: 'cs.IR' });
}

const ftsMatches = (path: string, word: string) => {
  const db = openDatabase(path);
  const n = (db.sqlite.prepare('SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?').get(word) as { n: number }).n;
  const deferred = (db.sqlite.prepare('SELECT deferred FROM fts_sync_state').get() as { deferred: number }).deferred;
  // The by-author index, dropped for the load, is back and answers "papers of this author".
  const plan = db.sqlite.prepare('EXPLAIN QUERY PLAN SELECT paper_seq FROM paper_authors WHERE author_id = 1').all() as Array<{ detail: string }>;
  const byAuthorIndex = plan.some((row) => row.detail.includes('paper_authors_author_idx'));
  db.close();
  return { n, deferred, byAuthorIndex };
};

/** FTS5's own check that the index agrees with the table row for row: throws on any difference. */
const integrityCheck = (db: ReturnType<typeof openDatabase>) => db.sqlite.prepare("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)").run();

/** Plain JavaScript on dist/ (built by the tests' global setup): no TypeScript loader to start. */
const CHILD = fileURLToPath(new URL('./bulk-load-child.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const wombat = (id: string, title: string) => makePaper({ id, title, abstract: 'Wombats.' });

const consoleInvoker: Invoker = { platform: 'console', workspaceId: 'console', channelId: 'console', userId: 'u', userName: null, isAdmin: true };

/** The text of the reply to `/papers <query>` from a bot opening the store now. */
async function searchText(path: string, query: string): Promise<string> {
  const app = createApp(loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' }), { log: silentLogger });
  try {
    return renderReplyText(await app.run(`/papers ${query}`, consoleInvoker));
  } finally {
    app.close();
  }
}

/** bulk-load-child.mjs, once it has begun its load and stored three "wombat" papers. */
async function startLoadingChild(path: string) {
  const papers = [1, 2, 3].map((i) => wombat(`2611.3000${i}`, `Wombat paper ${i}`));
  const env = { ...process.env, DATABASE_PATH: path, PAPERS: JSON.stringify(papers) };
  const child = spawn(process.execPath, [CHILD], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('loading deferred=true')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the loading child exited (${code}) before loading: ${output}`)));
  });
  return { process: child, exited, output: () => output };
}

describe('bulk loads index once at the end', () => {
  it('a large import into an empty store defers indexing, then every paper is searchable', async () => {
    const path = join(dir, 'fresh.db');
    const file = join(dir, 'papers.jsonl');
    // The last line revises the first paper (an update during the load: its old words leave the index).
    const lines = Array.from({ length: 300 }, (_, i) => snapshotLine(`2611.${20000 + i}`, `Quokka study ${i}`));
    lines.push(JSON.stringify({ id: '2611.20000', title: 'Numbat study 0', abstract: 'An abstract about numbats.', authors: 'Ada Lovelace', categories: 'cs.IR', versions: [{ version: 'v1', created: 'Mon, 2 Nov 2026 10:00:00 GMT' }, { version: 'v2', created: 'Mon, 9 Nov 2026 10:00:00 GMT' }] }));
    writeFileSync(file, lines.join('\n'));
    const db = openDatabase(path);
    const papers = createSqlitePaperRepository(db.sqlite);
    const summary = await importSnapshot(file, papers, { seenAt: '2026-11-22T00:00:00Z' });
    // The index was built once, from the table, at the end of the load, and it agrees with the
    // table row for row (FTS5's own check; it throws on any difference).
    expect(summary.fullTextIndex).toBe('rebuilt');
    expect(summary).toMatchObject({ inserted: 300, updated: 1 });
    expect(() => integrityCheck(db)).not.toThrow();
    // Foreign keys, off while the load wrote links it had just checked, are enforced again.
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.sqlite.prepare('INSERT INTO paper_authors (paper_seq, position, author_id) VALUES (999999, 0, 999999)').run()).toThrow(/FOREIGN KEY/);
    db.close();
    expect(ftsMatches(path, 'quokka')).toEqual({ n: 299, deferred: 0, byAuthorIndex: true });
    expect(ftsMatches(path, 'numbat').n).toBe(1);
  });

  it('papers the store held before the load are indexed, and a change to one during it too', async () => {
    const db = openDatabase(join(dir, 'held-before.db'));
    const papers = createSqlitePaperRepository(db.sqlite);
    await papers.upsertPapers([wombat('2611.31001', 'Kiwi one'), wombat('2611.31002', 'Kiwi two')], '2026-11-21T00:00:00Z'); // indexed row by row
    expect((await papers.beginBulkLoad(1000))).toBe(true);
    await papers.upsertPapers(Array.from({ length: 30 }, (_, i) => wombat(`2611.3110${String(i).padStart(2, '0')}`, `Quokka ${i}`)), '2026-11-22T00:00:00Z');
    await papers.upsertPapers([{ ...wombat('2611.31002', 'Takahe two'), version: 2 }], '2026-11-22T00:00:00Z');
    expect((await papers.finishBulkLoad())).toBe('rebuilt');
    expect(() => integrityCheck(db)).not.toThrow();
    const titles = (word: string) => db.sqlite.prepare<[string], string>('SELECT p.title FROM papers_fts JOIN papers p ON p.seq = papers_fts.rowid WHERE papers_fts MATCH ?').pluck().all(word);
    expect(titles('kiwi')).toEqual(['Kiwi one']);
    expect(titles('takahe')).toEqual(['Takahe two']);
    expect(titles('quokka')).toHaveLength(30);
    db.close();
  });

  it('a process that dies mid-load leaves the index behind, and the next open repairs it', async () => {
    const path = join(dir, 'crashed.db');
    const child = await startLoadingChild(path);
    child.process.kill('SIGKILL');
    await child.exited;
    expect(ftsMatches(path, 'wombat')).toEqual({ n: 3, deferred: 0, byAuthorIndex: true });
  });

  it('a process that opens the store during a live load leaves the index to the load, and neither fails', async () => {
    const path = join(dir, 'live.db');
    const child = await startLoadingChild(path);
    // Rebuilding here would hold the write lock for as long as the build takes, and the load's
    // next batch would fail with "database is locked" (seen with `paperboy search` mid-import).
    expect(ftsMatches(path, 'wombat')).toEqual({ n: 0, deferred: 1, byAuthorIndex: false });
    // Searching meanwhile works, and says why the import's papers are missing.
    expect(await searchText(path, 'wombat')).toContain(INDEXING_NOTE);
    // A second load meanwhile stores its rows and leaves their indexing to the first one's build.
    const db = openDatabase(path);
    const papers = createSqlitePaperRepository(db.sqlite);
    expect((await papers.beginBulkLoad(1000))).toBe(false);
    await papers.upsertPapers([wombat('2611.30009', 'Late wombat')], '2026-11-22T00:00:00Z');
    await papers.finishBulkLoad();
    db.close();
    // Still the live load's to build: finishing the second one built nothing under it.
    expect(ftsMatches(path, 'wombat')).toEqual({ n: 0, deferred: 1, byAuthorIndex: false });
    child.process.stdin.end('finish\n');
    await child.exited;
    // The load's build reads the table, which has the other connection's paper too.
    expect(child.output()).toContain('finished rebuilt');
    expect(ftsMatches(path, 'wombat')).toEqual({ n: 4, deferred: 0, byAuthorIndex: true });
    const after = await searchText(path, 'wombat');
    expect(after).not.toContain(INDEXING_NOTE);
    expect(after).toContain('Late wombat');
  });

  it('a bot that opened the store during a load repairs the index itself when the load dies', async () => {
    const path = join(dir, 'died-under-bot.db');
    const child = await startLoadingChild(path);
    const app = createApp(loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' }), { log: silentLogger });
    try {
      app.database.catchUpIndexing(); // the load is alive: nothing to do yet
      expect(renderReplyText(await app.run("/papers wombat", consoleInvoker))).toContain(INDEXING_NOTE);
      child.process.kill('SIGKILL');
      await child.exited;
      app.database.catchUpIndexing(); // what the bot's scheduler does every minute (cli/serve.ts)
      const reply = renderReplyText(await app.run("/papers wombat", consoleInvoker));
      expect(reply).not.toContain(INDEXING_NOTE);
      expect(reply).toContain('Wombat paper 3');
    } finally {
      app.close();
    }
  });

  it('a small import into a large store keeps indexing row by row', async () => {
    const db = openDatabase(':memory:');
    const papers = createSqlitePaperRepository(db.sqlite);
    expect((await papers.beginBulkLoad(0))).toBe(true); // empty store: nothing to lose by deferring
    expect((await papers.finishBulkLoad())).toBe('rebuilt');
    await papers.upsertPapers(
      [makePaper({ id: '2611.40001', title: 'Kiwi', abstract: 'Kiwis.' })],
      'now',
    );
    expect((await papers.beginBulkLoad(0))).toBe(false);
    expect((await papers.finishBulkLoad())).toBe('not-deferred');
    db.close();
  });
});
