import { describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/ingest/run-ingest.ts';
import { createSqliteSourceHealth } from '../../src/adapters/ingest/sqlite-source-health.ts';
import { sourceStatusReply } from '../../src/commands/definitions/status-command.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { JSON_TYPE, XML } from './fake-server.ts';
import type { IngestHarness } from './ingest-harness.ts';
import { useFakeSourceServer } from './fake-source-server.ts';
import { HF_DAILY, recorded, RSS_CS_LG, RSS_HOLIDAY, rssWithoutItems } from './recorded.ts';

const fake = useFakeSourceServer();

function open(now: string): IngestHarness {
  return fake.open(now);
}

const BEFORE = '2020-01-01T00:00:00.000Z';

describe('source health', () => {
  it('takes arXiv’s empty holiday feed as a normal day: ok with 0 and no notice', async () => {
    fake.handler = () => ({ headers: XML, body: recorded(RSS_HOLIDAY) });
    const h = open('2025-12-31T06:30:00Z');
    const report = await runIngest(h.deps, { sources: ['arxiv-rss'], categories: ['physics'] });
    expect(report.runs[0]).toMatchObject({ status: 'ok', fetched: 0, inserted: 0, announced: 0 });
    expect(report.runs[0]!.detail).toMatch(/^nothing was announced on Wednesday 2025-12-31: every listing was empty, a holiday/);
    expect(h.runs()[0]).toMatchObject({ status: 'ok', stored: 0, announced: 0 });
    expect(createSqliteSourceHealth(h.database.db).degradedNotice(BEFORE)).toBeNull();
  });

  it('calls a weekday listing that is empty while others have papers degraded, and the digest notice says so', async () => {
    fake.handler = (url) => ({ headers: XML, body: url.pathname === '/rss/cs.IR' ? rssWithoutItems() : recorded(RSS_CS_LG) });
    const h = open('2026-09-24T06:00:00Z');
    const report = await runIngest(h.deps, { sources: ['arxiv-rss'], categories: ['cs.LG', 'cs.IR'] });
    expect(report.runs.map((run) => [run.source, run.status])).toEqual([
      ['arxiv-rss:cs.LG', 'ok'],
      ['arxiv-rss:cs.IR', 'degraded'],
    ]);
    expect(report.runs[1]!.detail).toBe('no papers on Thursday 2026-09-24, a publishing day; listing of 2026-09-24: 0 announced; 0 new, 0 updated');
    expect(createSqliteSourceHealth(h.database.db).degradedNotice(BEFORE)).toBe(
      'Heads-up: arXiv listings (cs.IR) was degraded since the last digest, so some papers may be missing. /papers status has the details.',
    );
  });

  it('records a weekday on which sources fail, names them in one line, and clears it once they recover', async () => {
    fake.handler = (url) => (url.pathname.startsWith('/rss/') ? { status: 503, body: 'Service Unavailable' } : undefined);
    const h = open('2026-09-24T06:00:00Z');
    const failed = await runIngest(h.deps, { sources: ['arxiv-rss', 'huggingface'], categories: ['cs.LG', 'cs.IR'] });
    expect(failed.runs.map((run) => [run.source, run.status])).toEqual([
      ['arxiv-rss:cs.LG', 'failed'],
      ['arxiv-rss:cs.IR', 'failed'],
      ['huggingface', 'failed'],
    ]);
    expect(failed.runs[0]!.detail).toMatch(/failed after 5 attempts \(last status 503\)$/);
    const health = createSqliteSourceHealth(h.database.db);
    expect(health.degradedNotice(BEFORE)).toBe(
      'Heads-up: arXiv listings (cs.IR, cs.LG) and Hugging Face were degraded since the last digest, so some papers may be missing. /papers status has the details.',
    );

    fake.handler = (url) =>
      url.pathname.startsWith('/rss/') ? { headers: XML, body: recorded(RSS_CS_LG) } : { headers: JSON_TYPE, body: recorded(HF_DAILY) };
    h.clock.set('2026-09-24T07:00:00Z');
    await runIngest(h.deps, { sources: ['arxiv-rss', 'huggingface'], categories: ['cs.LG', 'cs.IR'] });
    // The latest run of each source since the last digest decides: they recovered.
    expect(health.degradedNotice(BEFORE)).toBeNull();
  });

  it('calls a past weekday without Hugging Face papers degraded, and an empty weekend normal', async () => {
    fake.handler = () => ({ headers: JSON_TYPE, body: '[]' });
    // Monday morning: Saturday and Sunday are over and empty, Monday has only begun.
    const h = open('2026-09-28T06:00:00Z');
    const weekend = await runIngest(h.deps, { sources: ['huggingface'], since: '2026-09-26' });
    expect(weekend.runs[0]).toMatchObject({ status: 'ok', fetched: 0 });
    h.clock.set('2026-09-29T06:00:00Z');
    const monday = await runIngest(h.deps, { sources: ['huggingface'] });
    expect(monday.runs[0]).toMatchObject({ status: 'degraded' });
    expect(monday.runs[0]!.detail).toMatch(/^no papers on Monday 2026-09-28, a publishing day/);
    expect(createSqliteSourceHealth(h.database.db).degradedNotice('2026-09-29T00:00:00.000Z')).toBe(
      'Heads-up: Hugging Face was degraded since the last digest, so some papers may be missing. /papers status has the details.',
    );
  });

  it('reports each source’s cursor, last success, last run and last error', async () => {
    fake.handler = (url) => (url.pathname === '/rss/cs.LG' ? { headers: XML, body: recorded(RSS_CS_LG) } : { status: 500, body: 'oops' });
    const h = open('2026-09-24T06:00:00Z');
    await runIngest(h.deps, { sources: ['arxiv-rss'], categories: ['cs.LG', 'cs.IR'] });
    const statuses = createSqliteSourceHealth(h.database.db).sourceStatuses();
    expect(statuses).toEqual([
      {
        source: 'arxiv-rss:cs.IR',
        cursor: null,
        lastSuccessAt: null,
        lastErrorAt: '2026-09-24T06:00:00.000Z',
        lastError: expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/rss\/cs\.IR failed after 5 attempts \(last status 500\)$/),
        lastRun: expect.objectContaining({ status: 'failed', fetched: 0, stored: 0, announced: null }),
      },
      {
        source: 'arxiv-rss:cs.LG',
        cursor: '2026-09-24',
        lastSuccessAt: '2026-09-24T06:00:00.000Z',
        lastErrorAt: null,
        lastError: null,
        lastRun: {
          status: 'ok',
          startedAt: '2026-09-24T06:00:00.000Z',
          finishedAt: '2026-09-24T06:00:00.000Z',
          fetched: 4,
          stored: 4,
          announced: 4,
          detail: 'listing of 2026-09-24: 4 announced; 4 new, 0 updated',
        },
      },
    ]);

    // /papers status renders the same, as a neutral reply.
    const reply = sourceStatusReply(createSqliteSourceHealth(h.database.db).sourceStatuses(), h.clock.now());
    expect(reply.visibility).toBe('ephemeral');
    const text = renderReplyText(reply);
    expect(text).toContain('1 of 2 sources need attention.');
    expect(text).toContain('arXiv listings (cs.LG): ✓ ok · last run 2026-09-24 06:00 UTC · 4 fetched, 4 stored (4 announced)');
    expect(text).toContain('arXiv listings (cs.IR): ✗ failed · last run 2026-09-24 06:00 UTC · 0 fetched, 0 stored');
    expect(text).toMatch(/last error 2026-09-24 06:00 UTC: GET http:\/\/127\.0\.0\.1:\d+\/rss\/cs\.IR failed after 5 attempts/);
  });

  it('says when nothing has run yet', async () => {
    const h = open('2026-09-24T06:00:00Z');
    const text = renderReplyText(sourceStatusReply(createSqliteSourceHealth(h.database.db).sourceStatuses(), h.clock.now()));
    expect(text).toContain('No paper source has run yet.');
  });
});
