import type { Synchronous } from '../../src/core/awaitable.ts';
import { loadConfig } from '../../src/config.ts';
import { describe, expect, it } from 'vitest';
import { ingestFromSources, runIngest, startIngestSchedule } from '../../src/adapters/ingest/run-ingest.ts';
import { createSqliteIngestStore } from '../../src/adapters/ingest/sqlite-ingest-store.ts';
import { createSourceClients } from '../../src/adapters/sources/source-clients.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { PaperSource } from '../../src/core/paper-source.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import { makePaper } from '../support/papers.ts';
import { XML } from './fake-server.ts';
import type { IngestHarness } from './ingest-harness.ts';
import { useFakeSourceServer } from './fake-source-server.ts';
import { OAI_IDS, oaiPages, recorded, RSS_CS_LG, RSS_CS_LG_IDS, truncated } from './recorded.ts';

const fake = useFakeSourceServer();

function open(now: string, env: Record<string, string> = {}): IngestHarness {
  return fake.open(now, env);
}

const THURSDAY = '2026-09-24T06:00:00Z';
const listing = { headers: XML, body: recorded(RSS_CS_LG) };

describe('ingestion through a misbehaving network', () => {
  it('loses nothing and stores nothing twice through a 429, a 503 with Retry-After and a dropped connection', async () => {
    // Three categories whose listings share their papers, each failing once in its own way.
    fake.handler = (url, hit) => {
      if (url.pathname === '/rss/cs.LG') return hit === 1 ? { status: 429, headers: { 'retry-after': '2' }, body: '' } : listing;
      if (url.pathname === '/rss/cs.AI') return hit === 1 ? 'drop' : listing;
      if (url.pathname === '/rss/stat.ML') return hit === 1 ? { status: 503, headers: { 'retry-after': '5' }, body: 'busy' } : listing;
      return undefined;
    };
    const h = open(THURSDAY);
    const report = await runIngest(h.deps, { sources: ['arxiv-rss'], categories: ['cs.LG', 'cs.AI', 'stat.ML'] });
    expect(report.runs.map((run) => [run.source, run.status, run.fetched, run.inserted])).toEqual([
      ['arxiv-rss:cs.LG', 'ok', 4, 4],
      ['arxiv-rss:cs.AI', 'ok', 4, 0],
      ['arxiv-rss:stat.ML', 'ok', 4, 0],
    ]);
    expect(h.paperIds()).toEqual([...RSS_CS_LG_IDS].sort());
    expect(h.waits).toEqual(expect.arrayContaining([2000, 5000]));
    expect(fake.server.requests.map((url) => url.pathname)).toEqual(['/rss/cs.LG', '/rss/cs.LG', '/rss/cs.AI', '/rss/cs.AI', '/rss/stat.ML', '/rss/stat.ML']);
    expect(h.cursor('arxiv-rss:cs.AI')).toBe('2026-09-24');
  });

  it('stores nothing from a malformed body, keeps the cursor, and takes the listing once the source recovers', async () => {
    fake.handler = () => ({ headers: XML, body: truncated(recorded(RSS_CS_LG)) });
    const h = open(THURSDAY);
    const failed = await runIngest(h.deps, { sources: ['arxiv-rss'], categories: ['cs.LG'] });
    expect(failed.runs[0]).toMatchObject({ status: 'failed', inserted: 0 });
    expect(failed.runs[0]!.detail).toMatch(/^arXiv RSS listing of cs.LG is malformed: not well-formed XML/);
    expect(h.paperIds()).toEqual([]);
    expect(h.cursor('arxiv-rss:cs.LG')).toBeNull();

    fake.handler = () => listing;
    const recovered = await runIngest(h.deps, { sources: ['arxiv-rss'], categories: ['cs.LG'] });
    expect(recovered.runs[0]).toMatchObject({ status: 'ok', inserted: 4 });
    expect(h.paperIds()).toEqual([...RSS_CS_LG_IDS].sort());
    expect(h.runs().map((run) => run.status)).toEqual(['failed', 'ok']);
  });

  it('stores nothing new when the same listing is fetched again', async () => {
    fake.handler = () => listing;
    const h = open(THURSDAY);
    await runIngest(h.deps, { sources: ['arxiv-rss'], categories: ['cs.LG'] });
    const again = await runIngest(h.deps, { sources: ['arxiv-rss'], categories: ['cs.LG'] });
    expect(again.runs[0]).toMatchObject({ status: 'ok', fetched: 4, inserted: 0, updated: 0 });
    expect(h.runs().map((run) => [run.stored, run.announced])).toEqual([
      [4, 4],
      [0, 4],
    ]);
  });
});

describe('resuming a harvest', () => {
  const pages = oaiPages();

  it('resumes a harvest that failed mid-way at the page after the last stored one: no gap, no duplicate', async () => {
    let secondPageUp = false;
    fake.handler = (url) => {
      const token = url.searchParams.get('resumptionToken');
      if (token === null) return { headers: XML, body: pages[0]! };
      if (token === 'tok-1') return secondPageUp ? { headers: XML, body: pages[1]! } : 'drop';
      return { headers: XML, body: pages[2]! };
    };
    const h = open('2017-12-14T13:00:00Z');
    const first = await runIngest(h.deps, { sources: ['arxiv-oai'], categories: ['hep-ex'] });
    expect(first.runs[0]).toMatchObject({ source: 'arxiv-oai:hep-ex', status: 'failed', fetched: 1, inserted: 1 });
    expect(h.paperIds()).toEqual([OAI_IDS[0]]);
    expect(JSON.parse(h.cursor('arxiv-oai:hep-ex')!)).toMatchObject({ token: 'tok-1', received: 1, announced: 3 });

    secondPageUp = true;
    fake.server.requests.length = 0;
    const second = await runIngest(h.deps, { sources: ['arxiv-oai'], categories: ['hep-ex'] });
    expect(second.runs[0]).toMatchObject({ status: 'ok', fetched: 2, inserted: 2, announced: 3 });
    expect(fake.server.requests.map((url) => url.searchParams.get('resumptionToken'))).toEqual(['tok-1', 'tok-2']);
    expect(h.paperIds()).toEqual(OAI_IDS);
    expect(h.cursor('arxiv-oai:hep-ex')).toBe('2017-12-14');
  });

  it('keeps a page and its cursor together: a page that cannot be stored leaves both as they were', async () => {
    const h = open(THURSDAY);
    const store = createSqliteIngestStore(h.database.db, h.papers);
    const good = makePaper({ id: '2609.00001', title: 'Stored' });
    // A paper without a title breaks the NOT NULL constraint half-way through the second page.
    const broken = { ...makePaper({ id: '2609.00003' }), title: null } as unknown as PaperInput;
    const source: PaperSource = {
      name: 'test:pages',
      async *fetch() {
        yield { papers: [good], cursor: 'after-page-1' };
        yield { papers: [makePaper({ id: '2609.00002' }), broken], cursor: 'after-page-2' };
      },
    };
    const report = await ingestFromSources([source], { store, clock: h.clock, log: silentLogger });
    expect(report.runs[0]).toMatchObject({ status: 'failed', inserted: 1 });
    expect(h.paperIds()).toEqual(['2609.00001']);
    expect(h.cursor('test:pages')).toBe('after-page-1');
  });

  it('marks a run left running by a process that died as failed, and starts the next from its cursor', async () => {
    const h = open(THURSDAY);
    const store = createSqliteIngestStore(h.database.db, h.papers);
    store.startRun('test:crash', '2026-09-24T05:00:00.000Z');
    store.storePage('test:crash', { papers: [makePaper({ id: '2609.00001' })], cursor: 'page-1' }, '2026-09-24T05:00:01.000Z');
    const seen: Array<string | null> = [];
    const source: PaperSource = {
      name: 'test:crash',
      async *fetch(cursor) {
        seen.push(cursor);
        yield { papers: [makePaper({ id: '2609.00002' })], cursor: 'page-2' };
      },
    };
    await ingestFromSources([source], { store, clock: h.clock, log: silentLogger });
    expect(seen).toEqual(['page-1']);
    expect(h.runs().map((run) => [run.status, run.detail?.split(';')[0]])).toEqual([
      ['failed', 'interrupted before it finished (the process stopped)'],
      ['ok', '1 new, 0 updated'],
    ]);
  });

  it('stops between pages when asked to, keeping what was stored for the next run', async () => {
    const h = open(THURSDAY);
    const store = createSqliteIngestStore(h.database.db, h.papers);
    const controller = new AbortController();
    const source: PaperSource = {
      name: 'test:stop',
      async *fetch() {
        yield { papers: [makePaper({ id: '2609.00001' })], cursor: 'page-1' };
        yield { papers: [makePaper({ id: '2609.00002' })], cursor: 'page-2' };
      },
    };
    const report = await ingestFromSources([source, source], { store, clock: h.clock, log: silentLogger }, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(report.runs).toHaveLength(1);
    expect(report.runs[0]).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^stopped before it finished/) });
    expect(h.paperIds()).toEqual(['2609.00001']);
    expect(h.cursor('test:stop')).toBe('page-1');
  });
});

describe('politeness', () => {
  it('spaces every arXiv request 3 s apart across RSS and OAI-PMH, and sends the contact User-Agent', async () => {
    const pages = oaiPages();
    fake.handler = (url) => {
      if (url.pathname === '/rss/hep-ex') return listing;
      const token = url.searchParams.get('resumptionToken');
      return { headers: XML, body: token === null ? pages[0]! : token === 'tok-1' ? pages[1]! : pages[2]! };
    };
    const h = open('2017-12-14T13:00:00Z');
    let now = 0;
    const waits: number[] = [];
    // Production settings, on a fake clock that each wait moves forward.
    const clients = createSourceClients(h.config, {
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    await runIngest({ ...h.deps, clients }, { sources: ['arxiv-rss', 'arxiv-oai'], categories: ['hep-ex'] });
    expect(fake.server.requests).toHaveLength(4);
    // 3 s and the late-start tolerance (http-client.ts) between request starts.
    expect(waits).toEqual([3050, 3050, 3050]);
    expect(new Set(fake.server.headers.map((headers) => headers['user-agent']))).toEqual(new Set(['paperboy/0.1.0 (mailto:team@example.org)']));
  });
});

describe('the ingestion schedule', () => {
  it('ingests the categories subscriptions filter on plus INGEST_CATEGORIES', async () => {
    fake.handler = (url) => (url.pathname.startsWith('/rss/') ? listing : undefined);
    const h = open(THURSDAY, { INGEST_CATEGORIES: 'cs.LG', INGEST_CRON: '30 1 * * *' });
    const sqlite = h.database.sqlite;
    sqlite.prepare("INSERT INTO workspaces (id, platform, team_id) VALUES (1, 'console', 'console')").run();
    sqlite.prepare("INSERT INTO channels (id, workspace_id, channel_id) VALUES (1, 1, 'console')").run();
    const subscribe = sqlite.prepare("INSERT INTO subscriptions (channel_id, kind, query, created_by) VALUES (1, ?, ?, 'u1')");
    subscribe.run('topic', 'recsys cold-start cat:cs.ir');
    subscribe.run('category', 'stat.ML');
    subscribe.run('author', 'cat:Not A Category');
    const schedule = startIngestSchedule({ ...h.deps, config: { ...h.config } });
    try {
      const report = await schedule.runNow();
      const rss = report.runs.filter((run) => run.source.startsWith('arxiv-rss:')).map((run) => run.source);
      expect(rss).toEqual(['arxiv-rss:cs.LG', 'arxiv-rss:cs.IR', 'arxiv-rss:stat.ML']);
    } finally {
      await schedule.stop();
    }
  });

  it('refuses an INGEST_CRON that is not a cron expression, naming the variable', () => {
    expect(() => loadConfig({ INGEST_CRON: 'every morning' })).toThrow(/INGEST_CRON: must be a cron expression/);
  });
});
