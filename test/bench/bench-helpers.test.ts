import { describe, expect, it } from 'vitest';
import { infoRow, renderMarkdownTable, renderTextReport, targetRow } from '../../bench/bench-report.ts';
import { median, medianOfSummaries, percentile, summarizeLatencies } from '../../bench/bench-stats.ts';
import type { MachineInfo } from '../../bench/machine-info.ts';
import { plainFtsExpression, plainTerms } from '../../bench/plain-terms.ts';
import { summarizeProfile } from '../../bench/summarize-profile.ts';
import { parseWorkerResult } from '../../bench/worker-protocol.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';

describe('percentiles', () => {
  it('interpolate between the closest ranks', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 50)).toBe(3);
    expect(percentile(samples, 100)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5);
    expect(median([7])).toBe(7);
  });

  it('summarise each pass, and several passes by the median of each figure', () => {
    const passes = [[1, 2, 3, 100], [2, 3, 4, 50], [3, 4, 5, 10]].map(summarizeLatencies);
    expect(medianOfSummaries(passes)).toEqual(passes[1]);
  });
});

describe('plainTerms for the reference engines', () => {
  it('keeps the words and field values, drops sort, since and exclusions', () => {
    expect(plainTerms('graph neural since:2025 sort:new -survey')).toEqual(['graph', 'neural']);
    expect(plainTerms('cat:cs.IR knowledge graph')).toEqual(['cs', 'ir', 'knowledge', 'graph']);
    expect(plainTerms('image author:"Hui Liu"')).toEqual(['image', 'hui', 'liu']);
    expect(plainTerms('"remote sensing data"')).toEqual(['remote', 'sensing', 'data']);
    expect(plainTerms('cold-start -"large language"')).toEqual(['cold', 'start']);
  });

  it('gives MATCH expressions FTS5 accepts, even for FTS5 keywords', () => {
    const database = openDatabase(':memory:');
    const statement = database.sqlite.prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank LIMIT 10');
    for (const query of ['NOT AND OR', 'near(x y)', 'title: x*', 'llm sort:top']) {
      for (const operator of ['AND', 'OR'] as const) expect(() => statement.all(plainFtsExpression(plainTerms(query), operator))).not.toThrow();
    }
    database.close();
  });
});

describe('the report', () => {
  const machine: MachineInfo = { cores: 2, cpuModel: 'Test CPU', memoryGb: 4, platform: 'linux', node: 'v20', sqlite: '3.50.0' };
  const header = {
    title: 'paperboy benchmark: quick run',
    command: 'npm run bench -- --quick',
    machine,
    startedAt: '2026-01-01T00:00:00.000Z',
    totalSeconds: 90,
    loadAverage: { start: [0.5, 0.4, 0.3], end: [1, 0.8, 0.6] },
    runsNote: 'Each figure is a median.',
  };
  const rows = [targetRow('search', 'p95', '12 ms', '≤ 20 ms', true), targetRow('import', 'papers/s', '3,000', '≥ 10,000', false), infoRow('raw | FTS5', 'p95', '4 ms')];

  it('puts the machine in the header and PASS or MISS beside each target', () => {
    const text = renderTextReport(header, rows);
    expect(text).toContain('2 cores (Test CPU), 4 GB memory');
    expect(text).toMatch(/search\s+p95\s+12 ms\s+≤ 20 ms\s+PASS/);
    expect(text).toMatch(/import\s+papers\/s\s+3,000\s+≥ 10,000\s+MISS/);
  });

  it('renders a Markdown table with pipes escaped', () => {
    const markdown = renderMarkdownTable(rows);
    expect(markdown.split('\n')).toHaveLength(5);
    expect(markdown).toContain('| raw \\| FTS5 | p95 | 4 ms |   |   |');
  });
});

describe('worker results', () => {
  it('are read from the one result line among other output', () => {
    expect(parseWorkerResult<{ n: number }>('log line\nBENCH_RESULT {"n":3}\n', 'w')).toEqual({ n: 3 });
    expect(() => parseWorkerResult('nothing here', 'search-worker.ts')).toThrow(/search-worker.ts printed no result/);
  });
});

describe('summarizeProfile', () => {
  it('adds self time per function and counts each sample once per function on its stack', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile = {
      startTime: 0,
      endTime: 4000,
      samples: [2, 3, 3, 4],
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2] },
        { id: 2, callFrame: frame('search', 'file:///repo/src/store.ts'), hitCount: 1, children: [3, 4] },
        { id: 3, callFrame: frame('rank', 'file:///repo/src/rank.ts'), hitCount: 2 },
        { id: 4, callFrame: frame('search', 'file:///repo/src/store.ts'), hitCount: 1 },
      ],
    };
    const { totalMs, functions } = summarizeProfile(profile);
    expect(totalMs).toBe(4);
    expect(functions.find((f) => f.name === 'rank')).toMatchObject({ name: 'rank', location: 'src/rank.ts:1', selfMs: 2, totalMs: 2 });
    expect(functions.find((f) => f.name === 'search')).toMatchObject({ selfMs: 2, totalMs: 4 });
  });
});
