import { describe, expect, it } from 'vitest';
import { FULL_PLAN, QUICK_PLAN, REAL_CORPUS_PAPERS } from '../../bench/bench-plan.ts';
import { summarizeAcks, type ChatLoadResult, type LoadScenario } from '../../bench/chat-load-bench.ts';
import { chatLoadRows, loadScenarioRows, plainTableRows, servingMemoryRow } from '../../bench/issue-19-rows.ts';

describe('the chat-load benchmark (issue 19)', () => {
  it('summarises the acks that came, and counts the ones that never did as errors', () => {
    const summary = summarizeAcks([10, 20, null, 30, 40]);
    expect(summary).toMatchObject({ p50Ms: 25, maxMs: 40, errors: 1 });
    expect(summary.p99Ms).toBeCloseTo(39.7);
    expect(summarizeAcks([null, null])).toMatchObject({ errors: 2 });
    expect(summarizeAcks([null]).p99Ms).toBeNaN();
  });

  it('sends 300 concurrent commands in the full run and brings the served store to 250,000 papers', () => {
    expect(FULL_PLAN.chatLoad.burst).toBe(300);
    expect(REAL_CORPUS_PAPERS + FULL_PLAN.chatLoad.importPapers).toBe(250_000);
    expect(QUICK_PLAN.chatLoad.importPapers).toBeLessThan(FULL_PLAN.chatLoad.importPapers);
  });
});

describe('the issue 19 rows of the benchmark table', () => {
  const scenario = (p99Ms: number, errors: number, longestStallMs: number): LoadScenario => ({
    slack: { p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms, errors },
    discord: { p50Ms: 10, p99Ms: 20, maxMs: 30, errors: 0 },
    longestStallMs,
  });
  const result: ChatLoadResult = {
    papers: 78_769,
    burst: 300,
    firstZeroResultSearch: { longestStallMs: 38, ackMs: 54 },
    idle: scenario(120, 0, 500),
    duringImport: { ...scenario(240, 0, 49), importSeconds: 9.6, burstsWithinImport: true },
    duringDigest: { ...scenario(Number.NaN, 300, 2181), selectionMs: 492, subscriptions: 50, newPapers: 2000, picks: 5 },
  };
  const burstStall = (a: LoadScenario['slack'], longestStallMs: number) => ({ ...a, longestStallMs });
  const measured: ChatLoadResult = {
    ...result,
    duringImport: { ...result.duringImport, longestStallMs: 130, aloneStallMs: 12, slack: burstStall(result.duringImport.slack, 90), discord: burstStall(result.duringImport.discord, 130) },
    duringDigest: { ...result.duringDigest, longestStallMs: 100, aloneStallMs: 61, slack: burstStall(result.duringDigest.slack, 80), discord: burstStall(result.duringDigest.discord, 100) },
    floor: { slack: burstStall(scenario(200, 0, 0).slack, 95), discord: burstStall(scenario(200, 0, 0).discord, 110) },
  };

  it('holds acks to p99 ≤ 250 ms with no errors, and stalls to 50 ms during the import, the digest and the first zero-result search', () => {
    const rows = chatLoadRows(result);
    const verdicts = rows.map((r) => `${r.benchmark} | ${r.measure} | ${r.result || 'info'}`);
    expect(verdicts).toEqual([
      'first zero-result search after start, 78,769 papers | longest event-loop stall, start until the did-you-mean vocabulary is ready | PASS',
      '300 concurrent commands, each platform in turn, idle | Slack HTTP slash commands ack p50 / p99 / max · errors | PASS',
      '300 concurrent commands, each platform in turn, idle | Discord gateway interactions ack p50 / p99 / max · errors | PASS',
      '300 concurrent commands, each platform in turn, idle | longest event-loop stall (monitorEventLoopDelay) | info',
      '300 concurrent commands, each platform in turn, during an import of 2,000 papers (9.60 s) | Slack HTTP slash commands ack p50 / p99 / max · errors | PASS',
      '300 concurrent commands, each platform in turn, during an import of 2,000 papers (9.60 s) | Discord gateway interactions ack p50 / p99 / max · errors | PASS',
      '300 concurrent commands, each platform in turn, during an import of 2,000 papers (9.60 s) | longest event-loop stall (monitorEventLoopDelay) | PASS',
      '300 concurrent commands, each platform in turn, during a 50-subscription digest over 2,000 new papers (selection 492 ms) | Slack HTTP slash commands ack p50 / p99 / max · errors | MISS',
      '300 concurrent commands, each platform in turn, during a 50-subscription digest over 2,000 new papers (selection 492 ms) | Discord gateway interactions ack p50 / p99 / max · errors | PASS',
      '300 concurrent commands, each platform in turn, during a 50-subscription digest over 2,000 new papers (selection 492 ms) | longest event-loop stall (monitorEventLoopDelay) | MISS',
    ]);
  });

  it('holds the stall target against the import and the selection alone, and shows each burst’s stall beside the floor’s', () => {
    const rows = chatLoadRows(measured).filter((r) => /stall/.test(r.measure));
    expect(rows.map((r) => `${r.benchmark.replace(/^300 concurrent commands, each platform in turn, /, '')} | ${r.measure} | ${r.value} | ${r.result || 'info'}`)).toEqual([
      'first zero-result search after start, 78,769 papers | longest event-loop stall, start until the did-you-mean vocabulary is ready | 38.0 ms (ack 54.0 ms) | PASS',
      'idle | longest event-loop stall (monitorEventLoopDelay) | 500 ms | info',
      'during an import of 2,000 papers (9.60 s) | longest event-loop stall from the import alone, before the bursts | 12.0 ms | PASS',
      'during an import of 2,000 papers (9.60 s) | longest event-loop stall (monitorEventLoopDelay), with the bursts | 130 ms (Slack burst 90.0 ms · Discord burst 130 ms) | info',
      'during a 50-subscription digest over 2,000 new papers (selection 492 ms) | longest event-loop stall from the selection alone, before the bursts | 61.0 ms | MISS',
      'during a 50-subscription digest over 2,000 new papers (selection 492 ms) | longest event-loop stall (monitorEventLoopDelay), with the bursts | 100 ms (Slack burst 80.0 ms · Discord burst 100 ms) | info',
      'idle, a bare server (node:http checking signatures; discord.js deferring): the floor | longest event-loop stall (monitorEventLoopDelay) | Slack burst 95.0 ms · Discord burst 110 ms | info',
    ]);
  });

  it('shows a burst with no ack as none, and a MISS, also after the JSON between processes turned NaN into null', () => {
    const noAck = JSON.parse(JSON.stringify(scenario(Number.NaN, 300, 10))) as LoadScenario;
    expect(noAck.slack.p99Ms).toBeNull();
    const [slack] = loadScenarioRows('idle', noAck, true);
    expect(slack).toMatchObject({ value: 'none / none / none ms · 300', result: 'MISS' });
  });

  it('says when every answer of a burst arrived, or that some never did', () => {
    const answered = scenario(120, 0, 10);
    const [slack] = loadScenarioRows('idle', { ...answered, slack: { ...answered.slack, allAnsweredMs: 1830 } }, true);
    expect(slack!.value).toBe('60.0 / 120 / 120 ms · 0 · all answered in 1830 ms');
    const [late] = loadScenarioRows('idle', { ...answered, slack: { ...answered.slack, allAnsweredMs: null } }, true);
    expect(late!.value).toMatch(/· all answered not within 60 s$/);
  });

  it('holds subscribes that wait for the import’s write lock to the stall target, answered', () => {
    const writes = (longestStallMs: number, allAnsweredMs: number | null) =>
      chatLoadRows({ ...measured, duringImport: { ...measured.duringImport, writes: { count: 20, allAnsweredMs, ackP99Ms: 40, longestStallMs, withinImport: true } } }).filter((r) => r.benchmark.includes('subscribe'));
    expect(writes(12, 900).map((r) => [r.benchmark, r.value, r.result])).toEqual([
      ['20 concurrent /papers subscribe during an import of 2,000 papers', '12.0 ms · 40.0 ms · all answered in 900 ms', 'PASS'],
    ]);
    expect(writes(1300, 900)[0]!.result).toBe('MISS');
    expect(writes(12, null)[0]!.result).toBe('MISS');
  });

  it('holds a serving process with the search pool to 200 MB', () => {
    expect(servingMemoryRow('78,736 papers', 20, 300, 171.8, { p50Ms: 380, maxMs: 900 })).toMatchObject({ value: '171.8 MB · 380 / 900 ms', target: '≤ 200 MB', result: 'PASS' });
    expect(servingMemoryRow('78,736 papers', 20, 300, 213.3, { p50Ms: 380, maxMs: 900 }).result).toBe('MISS');
  });

  it('divides paperboy mean and p95 by the plain FTS5 table, and says nothing when no table was built', () => {
    const latency = (p95: number) => ({ p50: 1, p95, p99: p95, max: p95 });
    const rows = plainTableRows('search', { paperboyMeanMs: 6.3, paperboy: latency(15), plainTable: { buildSeconds: 18, meanMs: 3.2, latency: latency(11) } });
    expect(rows.map((r) => [r.value, r.result])).toEqual([
      ['3.20 ms, 1.00 / 11.0 / 11.0 ms', ''],
      ['1.97× (6.30 ms)', 'MISS'],
      ['1.36×', 'PASS'],
    ]);
    expect(plainTableRows('search', { paperboyMeanMs: 6.3, paperboy: latency(15), plainTable: null })).toEqual([]);
  });
});
