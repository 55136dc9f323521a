import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, XML, type FakeServer } from './fake-server.ts';
import { recorded, RSS_CS_LG, RSS_CS_LG_IDS } from './recorded.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));

let server: FakeServer;
let dir: string;

beforeAll(async () => {
  server = await startFakeServer((url) => (url.pathname === '/rss/cs.LG' ? { headers: XML, body: recorded(RSS_CS_LG) } : undefined));
  dir = mkdtempSync(join(tmpdir(), 'paperboy-ingest-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `node bin/paperboy.js …` as a newcomer runs it, offline, against the fake listing. */
async function paperboy(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    DATABASE_PATH: join(dir, 'paperboy.db'),
    ARXIV_RSS_URL: `${server.base}/rss/`,
    INGEST_CATEGORIES: 'cs.LG',
    LOG_LEVEL: 'warn',
  };
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/paperboy.js', ...args], { cwd: REPO, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

function storedListingIds(): string[] {
  const db = new Database(join(dir, 'paperboy.db'), { readonly: true });
  try {
    const placeholders = RSS_CS_LG_IDS.map(() => '?').join(', ');
    return (db.prepare(`SELECT id FROM papers WHERE id IN (${placeholders}) ORDER BY id`).all(...RSS_CS_LG_IDS) as Array<{ id: string }>).map((r) => r.id);
  } finally {
    db.close();
  }
}

describe('paperboy ingest and status, as a newcomer runs them', () => {
  it('stores the listing, stores nothing new on a second run, and shows the source healthy', async () => {
    const first = await paperboy('ingest', '--source', 'arxiv-rss');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/✓ arxiv-rss:cs\.LG\s+ok\s+4 fetched, 4 new, 0 updated/);
    expect(first.stdout).toContain('Stored 4 new and 0 updated papers from 1 source.');
    expect(storedListingIds()).toEqual([...RSS_CS_LG_IDS].sort());

    const second = await paperboy('ingest', '--source', 'arxiv-rss');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/✓ arxiv-rss:cs\.LG\s+ok\s+4 fetched, 0 new, 0 updated/);
    expect(storedListingIds()).toEqual([...RSS_CS_LG_IDS].sort());

    const status = await paperboy('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('The one source is healthy.');
    expect(status.stdout).toMatch(/arXiv listings \(cs\.LG\): ✓ ok · last run \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · 4 fetched, 0 stored \(4 announced\)/);

    const json = await paperboy('status', '--json');
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ source: 'arxiv-rss:cs.LG', cursor: '2026-09-24' })]);
  });

  it('explains a bad flag instead of running', async () => {
    const result = await paperboy('ingest', '--source', 'arxiv');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--source must be one or more of arxiv-rss, arxiv-oai, arxiv-api, huggingface');
  });
});
