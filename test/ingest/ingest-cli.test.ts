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
  return paperboyWith({}, ...args);
}

/** The same, with some environment variables set otherwise (another store, unreachable sources). */
async function paperboyWith(overrides: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    DATABASE_PATH: join(dir, 'paperboy.db'),
    ARXIV_RSS_URL: `${server.base}/rss/`,
    INGEST_CATEGORIES: 'cs.LG',
    LOG_LEVEL: 'warn',
    ...overrides,
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

  it('offline: says in one line per source that the host cannot be reached, logs nothing through the bar, and status says it once', async () => {
    const offline = {
      DATABASE_PATH: join(dir, 'offline.db'),
      // Names under .invalid never resolve (RFC 2606): the DNS lookup fails as it does offline.
      ARXIV_RSS_URL: 'http://rss.arxiv.invalid/rss/',
      HF_API_URL: 'http://huggingface.invalid/api/',
      INGEST_CATEGORIES: 'cs.LG,cs.IR',
    };
    const result = await paperboyWith(offline, 'ingest', '--source', 'arxiv-rss,huggingface');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Stored 0 new and 0 updated papers from 3 sources (3 failed, 0 degraded; see paperboy status).');
    // No JSON log lines or stack traces: exactly one sentence per failed source.
    expect(result.stderr.trim().split('\n')).toEqual([
      'arxiv-rss cs.LG: cannot reach rss.arxiv.invalid (DNS lookup failed): check the network',
      'arxiv-rss cs.IR: cannot reach rss.arxiv.invalid (DNS lookup failed): check the network',
      'huggingface: cannot reach huggingface.invalid (DNS lookup failed): check the network',
    ]);

    const status = await paperboyWith(offline, 'status');
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('3 of 3 sources need attention.');
    expect(status.stdout.match(/cannot reach rss\.arxiv\.invalid/g)).toHaveLength(2);
    expect(status.stdout.match(/cannot reach huggingface\.invalid/g)).toHaveLength(1);
    expect(status.stdout).toMatch(/last error \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: cannot reach huggingface\.invalid \(DNS lookup failed\): check the network/);
  });

  it('offline: a refused connection is one line too, with nothing logged through the bar', async () => {
    const closed = await startFakeServer(() => undefined);
    const base = closed.base;
    await closed.close();
    const result = await paperboyWith(
      { DATABASE_PATH: join(dir, 'refused.db'), ARXIV_RSS_URL: `${base}/rss/` },
      'ingest',
      '--source',
      'arxiv-rss',
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `arxiv-rss cs.LG: cannot reach ${base.replace('http://', '')} (connection refused): check the network and the source URL`,
    ]);
  });
});
