import { describe, expect, it } from 'vitest';
import { FULL_PLAN, QUICK_PLAN, REAL_CORPUS_PAPERS } from '../../bench/bench-plan.ts';
import { summarizeAcks } from '../../bench/chat-load-bench.ts';

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
