import type { Synchronous } from '../../src/core/awaitable.ts';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { loadSeeds, readSeeds, seedToPaperInput } from '../../src/adapters/seeds/load-seeds.ts';
import { importSnapshot } from '../../src/adapters/snapshot/import-snapshot.ts';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { SqliteApp } from '../../src/app.ts';
import { runImportCli } from '../../src/cli/import-cli.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { PaperRepository } from '../../src/core/ports.ts';

/**
 * `paperboy import` of a file built to hurt: a 200 MB line between two good ones, ids that are
 * paths, SQL, URLs, control characters, 5,000 characters or a seed's id, text with NUL and
 * escape sequences, a 2 MB title. Checked: what the store holds and what the user is shown (the
 * lines runImportCli prints, run in this process on a seeded store file, as `paperboy import`
 * runs it; test/cli/cli.test.ts covers the command's start-up).
 */

const FIRST_SEEN = '2026-01-01T00:00:00.000Z';
const SEED_COUNT = readSeeds().length;
const SEED_TITLE = 'Zero-Shot Recommender Systems';
const SEED_ID = seedToPaperInput(readSeeds().find((seed) => seed.title === SEED_TITLE)!).id;

/** 200 MB of title, written a megabyte at a time: neither this test nor the import holds it whole. */
const HUGE_LINE_MB = 200;
const HUGE_PREFIX = '{"id": "2401.09999", "title": "';
const HUGE_SUFFIX = '"}';
const HUGE_LINE_BYTES = HUGE_PREFIX.length + HUGE_LINE_MB * (1 << 20) + HUGE_SUFFIX.length;

/** Ids a file must not store, each with what the skip message says about it. */
const HOSTILE_IDS: Array<[name: string, id: string, says: RegExp]> = [
  ['a path', '../../etc/passwd', /is not an arXiv id/],
  ['SQL', "'; DROP TABLE papers; --", /is not an arXiv id/],
  ['a NUL', '2401.01111\u0000', /is not an arXiv id/],
  ['a URL', 'https://evil.example/2401.01112', /is not an arXiv id/],
  ['5,000 characters', '2401.'.padEnd(5000, '7'), /is 5,000 characters long; ids are at most 64/],
  ['a seed id', SEED_ID, /seed: ids belong to the seed papers/],
  ['an escape sequence', '\u001b]0;pwned\u0007\u001b[2J2401.01113', /is not an arXiv id/],
];

const paper = (id: string, title: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, title, abstract: `About ${title}.`, authors: 'Ada Lovelace', categories: 'cs.IR', versions: [{ version: 'v1', created: 'Mon, 1 Jan 2024 00:00:00 GMT' }], ...extra });

/** A title over the 1 MB line limit, and one under it but far over the 1,000-character title limit. */
const TWO_MB_TITLE = 'word '.repeat(400_000);
const LONG_TITLE = 'word '.repeat(120_000);

/** The lines of the hostile file after the first three (good, 200 MB, good), from line 4 on. */
const REST: string[] = [
  ...HOSTILE_IDS.map(([, id]) => paper(id, 'Overwritten By A File', { versions: [{ version: 'v9', created: 'Mon, 1 Jan 2024 00:00:00 GMT' }] })),
  paper('2402.00001', '\u0000Null\u0000 Title', { abstract: 'Before\u0000after, a\ttab and a\nnewline.', authors: 'Nu\u0000ll Author' }),
  paper('2402.00002', '\u001b[31mRed\u001b[0m Title\u007f\u0085', { comments: 'bell\u0007 and \u009b31m C1' }),
  paper('2402.00003', TWO_MB_TITLE),
  paper('2402.00004', LONG_TITLE, { abstract: 'A short abstract.' }),
  // Not JSON, with raw escape bytes V8's error message quotes.
  '\u001b[2J\u001b]0;pwned\u0007 not json at all',
];
const FIRST_REST_LINE = 4;
const lineOf = (index: number) => FIRST_REST_LINE + index;
const NUL_LINE = lineOf(HOSTILE_IDS.length);
const TWO_MB_LINE = NUL_LINE + 2;
const LONG_TITLE_LINE = NUL_LINE + 3;
const NOT_JSON_LINE = NUL_LINE + 4;

let dir: string;
let hostileFile: string;
let smallFile: string;
/** What `paperboy import` printed and returned. */
let cli: { code: number; stdout: string; stderr: string };
let store: OpenDatabase;

/** Writes the hostile file: good line, the 200 MB line (streamed), good line, REST. */
function writeHostileFile(path: string, withHugeLine: boolean): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${paper('2401.01234', 'A Good Paper Before The Huge Line')}\n`);
    if (withHugeLine) {
      writeSync(fd, HUGE_PREFIX);
      const megabyte = Buffer.alloc(1 << 20, 'x');
      for (let i = 0; i < HUGE_LINE_MB; i++) writeSync(fd, megabyte);
      writeSync(fd, `${HUGE_SUFFIX}\n`);
    } else {
      writeSync(fd, '\n');
    }
    writeSync(fd, `${paper('2401.05678', 'A Good Paper After The Huge Line')}\n`);
    for (const line of REST) writeSync(fd, `${line}\n`);
  } finally {
    closeSync(fd);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-import-hostile-'));
  hostileFile = join(dir, 'hostile.jsonl');
  smallFile = join(dir, 'hostile-small.jsonl');
  writeHostileFile(hostileFile, true);
  writeHostileFile(smallFile, false);
  // A store file, seeded as a first run seeds it, then imported into as the command does.
  store = openDatabase(join(dir, 'paperboy.db'));
  const papers = createSqlitePaperRepository(store.sqlite);
  loadSeeds(papers, FIRST_SEEN);
  const app = { database: store, papers, clock: { now: () => new Date(FIRST_SEEN) }, log: silentLogger } as unknown as SqliteApp;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runImportCli(app, hostileFile, (line) => stdout.push(line), (line) => stderr.push(line));
  cli = { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}, 300_000);

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function seededStore(): { database: OpenDatabase; papers: Synchronous<PaperRepository> } {
  const database = openDatabase(':memory:');
  const papers = createSqlitePaperRepository(database.sqlite);
  loadSeeds(papers, FIRST_SEEN);
  return { database, papers };
}

/** Control characters (C0 but tab, line feed, carriage return; DEL; C1) anywhere in a text. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
/** What a terminal must never get from a file: ESC, BEL, NUL, CSI. */
const RAW_ESCAPES = /[\x00\x07\x1b\x9b]/;

describe('paperboy import of a file with a 200 MB line and hostile records', () => {
  it('stores the good lines on both sides of the 200 MB line and skips it by number', () => {
    expect(cli.code).toBe(0);
    expect(cli.stderr).toContain(`line 2: skipped, the line is ${HUGE_LINE_BYTES.toLocaleString('en-US')} bytes long; lines are at most 1,048,576 bytes (1 MB)`);
    const db = store.sqlite;
    const title = db.prepare('SELECT title FROM papers WHERE id = ?').pluck();
    expect(title.get('2401.01234')).toBe('A Good Paper Before The Huge Line');
    expect(title.get('2401.05678')).toBe('A Good Paper After The Huge Line');
    expect(title.get('2401.09999')).toBeUndefined();
    // The seeds and the five good papers, nothing else.
    expect(db.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(SEED_COUNT + 5);
    // Searchable too.
    expect(db.prepare("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'huge'").pluck().get()).toBe(2);
  });

  it('ends by saying exactly how many papers were stored and lines skipped, naming the first ones', () => {
    const skipped = 1 + HOSTILE_IDS.length + 2;
    expect(cli.stdout).toContain(
      `5 lines stored as papers (1 with a field shortened), ${skipped} lines skipped (` +
        `line 2: the line is ${HUGE_LINE_BYTES.toLocaleString('en-US')} bytes long; lines are at most 1,048,576 bytes (1 MB); ` +
        'line 4: id "../../etc/passwd" is not an arXiv id; ids are arXiv ids',
    );
    expect(cli.stdout).toContain(`line 5: id "'; DROP TABLE papers; --" is not an arXiv id`);
    expect(cli.stdout.trimEnd()).toMatch(/; …\)\.$/);
  });

  it.each(HOSTILE_IDS.map(([name, id, says], index) => [name, id, says, lineOf(index)] as const))('skips the id with %s by line number and reason', (_name, id, says, line) => {
    const message = cli.stderr.split('\n').find((l) => l.startsWith(`line ${line}: skipped, `));
    expect(message).toMatch(/^line \d+: skipped, id "/);
    expect(message).toMatch(says);
    const db = store.sqlite;
    // Nothing from the file under that id (the seed's own row is the seed's).
    expect(db.prepare("SELECT count(*) FROM papers WHERE (id = ? OR id = ?) AND sources LIKE '%snapshot%'").pluck().get(id, id.trim())).toBe(0);
  });

  it('leaves the seed paper a seed: id names as it was', () => {
    const db = store.sqlite;
    const row = db.prepare('SELECT title, sources FROM papers WHERE id = ?').get(SEED_ID) as { title: string; sources: string };
    expect(row).toEqual({ title: SEED_TITLE, sources: 'seed' });
    expect(db.prepare("SELECT count(*) FROM papers WHERE title = 'Overwritten By A File'").pluck().get()).toBe(0);
  });

  it('stores text without control characters: NUL and escapes stripped, not the title emptied', () => {
    const db = store.sqlite;
    const get = db.prepare('SELECT title, abstract, authors, comment FROM papers WHERE id = ?');
    expect(get.get('2402.00001')).toEqual({ title: 'Null Title', abstract: 'Beforeafter, a tab and a newline.', authors: '["Null Author"]', comment: null });
    expect(get.get('2402.00002')).toEqual({ title: 'Red Title', abstract: expect.stringContaining('Red'), authors: '["Ada Lovelace"]', comment: 'bell and C1' });
    const rows = db.prepare('SELECT id, title, abstract, authors, comment FROM papers').all() as Array<Record<string, string | null>>;
    for (const row of rows) for (const value of Object.values(row)) if (value !== null) expect(value).not.toMatch(CONTROL);
  });

  it('skips a line with a 2 MB title as over-long, and stores a 600 kB title cut to 1,000 characters, saying so', () => {
    const db = store.sqlite;
    const title = db.prepare('SELECT title FROM papers WHERE id = ?').pluck();
    expect(title.get('2402.00003')).toBeUndefined();
    expect(cli.stderr).toMatch(new RegExp(`^line ${TWO_MB_LINE}: skipped, the line is [\\d,]+ bytes long; lines are at most 1,048,576 bytes`, 'm'));
    const cut = title.get('2402.00004') as string;
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect(cut.length).toBeGreaterThan(900);
    expect(cut).toMatch(/^(word )+word…$/);
    expect(cli.stderr).toContain(`line ${LONG_TITLE_LINE}: stored, title shortened from 599,999 to 1,000 characters`);
  });

  it('never echoes raw escape sequences or more than about 80 characters of the file', () => {
    expect(cli.stdout + cli.stderr).not.toMatch(RAW_ESCAPES);
    const notJson = cli.stderr.split('\n').find((l) => l.startsWith(`line ${NOT_JSON_LINE}: skipped, `));
    expect(notJson).toMatch(/not valid JSON/);
    const escaped = cli.stderr.split('\n').find((l) => l.startsWith(`line ${lineOf(HOSTILE_IDS.length - 1)}: skipped, `));
    expect(escaped).toContain('id "\\x1b]0;pwned\\x07\\x1b[2J2401.01113"');
    // The 5,000-character id is quoted, not echoed.
    expect(cli.stdout + cli.stderr).not.toContain('7'.repeat(81));
    expect(cli.stdout + cli.stderr).not.toContain('x'.repeat(81));
    expect(cli.stdout + cli.stderr).not.toContain('word '.repeat(20));
  });
});

describe('importSnapshot of hostile records', () => {
  it('skips each hostile id with its line number and stores the good papers around them', async () => {
    const { database, papers } = seededStore();
    const summary = await importSnapshot(smallFile, papers, { seenAt: FIRST_SEEN });
    expect(summary.skipped.map((s) => s.line)).toEqual([...HOSTILE_IDS.map((_, i) => lineOf(i)), TWO_MB_LINE, NOT_JSON_LINE]);
    HOSTILE_IDS.forEach(([, , says], i) => expect(summary.skipped[i]!.reason).toMatch(says));
    for (const skip of summary.skipped) expect(skip.reason).not.toMatch(RAW_ESCAPES);
    expect(summary.inserted).toBe(5);
    expect((await papers.countPapers())).toBe(SEED_COUNT + 5);
    expect((await papers.getPaper(SEED_ID))).toMatchObject({ title: SEED_TITLE, sources: ['seed'] });
    expect((await papers.getPaper('2402.00001'))).toMatchObject({ title: 'Null Title', authors: ['Null Author'] });
    expect((await papers.getPaper('2402.00002'))).toMatchObject({ title: 'Red Title', comment: 'bell and C1' });
    database.close();
  });

  it('never lets a seed: id from a file overwrite a seed paper', async () => {
    const { database, papers } = seededStore();
    const file = join(dir, 'seed-id.jsonl');
    writeFileSync(file, `${paper(SEED_ID, 'Overwritten By A File', { versions: [{ version: 'v9', created: 'Mon, 1 Jan 2024 00:00:00 GMT' }] })}\n`);
    const summary = await importSnapshot(file, papers, { seenAt: FIRST_SEEN });
    expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 0, skipped: [{ line: 1, reason: expect.stringMatching(/seed: ids belong to the seed papers/) }] });
    expect((await papers.getPaper(SEED_ID))).toMatchObject({ title: SEED_TITLE, sources: ['seed'] });
    database.close();
  });

  it('counts every skipped line of a file of 5,000 bad lines, keeping the first 1,000 reasons, and stores the good one at its end', async () => {
    const { database, papers } = seededStore();
    const file = join(dir, 'many-bad-lines.jsonl');
    writeFileSync(file, `${'{"id": "../x", "title": "t"}\n'.repeat(5000)}${paper('2403.00001', 'The Last Line')}\n`);
    const summary = await importSnapshot(file, papers, { seenAt: FIRST_SEEN });
    expect(summary).toMatchObject({ lines: 5001, inserted: 1 });
    // The full count, and the first thousand reasons.
    expect(summary.skippedLines).toBe(5000);
    expect(summary.skipped).toHaveLength(1000);
    expect(summary.skipped.at(-1)).toMatchObject({ line: 1000 });
    expect((await papers.getPaper('2403.00001'))).toMatchObject({ title: 'The Last Line' });
    database.close();
  });

  it('keeps the allowed id shapes: new and old style arXiv ids and the other sources\' ids', async () => {
    const { database, papers } = seededStore();
    const ids = ['2401.01234v3', 'hep-th/9901001', 'math.GT/0309136', 'openalex:W4396723768', 's2:01063e45d9fc9635d29d8d78aa24ed8de351f36a'];
    const file = join(dir, 'allowed-ids.jsonl');
    writeFileSync(file, ids.map((id) => `${paper(id, `Paper ${id}`, { versions: [] })}\n`).join(''));
    const summary = await importSnapshot(file, papers, { seenAt: FIRST_SEEN });
    expect(summary.skipped).toEqual([]);
    expect((await papers.getPaper('2401.01234'))).toMatchObject({ version: 3, absUrl: 'https://arxiv.org/abs/2401.01234' });
    for (const id of ids.slice(1)) expect((await papers.getPaper(id))).toMatchObject({ title: `Paper ${id}` });
    expect((await papers.getPaper('openalex:W4396723768'))).toMatchObject({ absUrl: null, pdfUrl: null });
    database.close();
  });
});
