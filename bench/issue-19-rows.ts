/**
 * The benchmark table's rows for issue 19 ("never block the chat"): search beside a plain FTS5
 * table of the same corpus (search-worker.ts, plain-fts-table.ts), and acks and event-loop stalls
 * under concurrent commands (chat-load-bench.ts). Kept apart from run-bench.ts so they are tested.
 */
import { formatCount, formatMs, formatSeconds, infoRow, targetRow, type BenchRow } from './bench-report.ts';
import type { AckSummary, ChatLoadResult, LoadScenario } from './chat-load-bench.ts';
import type { SearchWorkerResult } from './search-worker.ts';

export const ISSUE_19_TARGETS = {
  /** paperboy's search beside a plain FTS5 table of the same corpus: mean and p95 ratios. */
  searchMeanRatioToPlainFts: 1.3,
  searchP95RatioToPlainFts: 1.5,
  /** Every user acked while paperboy searches, digests and imports. */
  ackP99Ms: 250,
  longestStallMs: 50,
  /** A serving process (the search pool running, from dist/) at 78,736 papers. */
  servingWithPoolRssMb: 200,
} as const;

const T = ISSUE_19_TARGETS;
const latencies = (l: { p50: number; p95: number; p99: number }) => `${formatMs(l.p50)} / ${formatMs(l.p95)} / ${formatMs(l.p99)} ms`;

/** paperboy's mean and p95 over the plain FTS5 table's, when the worker built one. */
export function plainTableRows(name: string, result: Pick<SearchWorkerResult, 'plainTable' | 'paperboyMeanMs' | 'paperboy'>): BenchRow[] {
  const plain = result.plainTable;
  if (!plain) return [];
  const meanRatio = result.paperboyMeanMs / plain.meanMs;
  const p95Ratio = result.paperboy.p95 / plain.latency.p95;
  return [
    infoRow(name, `plain FTS5 table (porter, bm25, AND, top 10; built in ${formatSeconds(plain.buildSeconds)}): mean, p50 / p95 / p99`, `${formatMs(plain.meanMs)} ms, ${latencies(plain.latency)}`),
    targetRow(name, 'paperboy mean ÷ plain FTS5 table mean', `${meanRatio.toFixed(2)}× (${formatMs(result.paperboyMeanMs)} ms)`, `≤ ${T.searchMeanRatioToPlainFts}×`, meanRatio <= T.searchMeanRatioToPlainFts),
    targetRow(name, 'paperboy p95 ÷ plain FTS5 table p95', `${p95Ratio.toFixed(2)}×`, `≤ ${T.searchP95RatioToPlainFts}×`, p95Ratio <= T.searchP95RatioToPlainFts),
  ];
}

const msOrNone = (ms: number | null) => (typeof ms === 'number' && !Number.isNaN(ms) ? formatMs(ms) : 'none');

/** The longest stall of each platform's burst, when the result has them. */
function burstStalls(bursts: Pick<LoadScenario, 'slack' | 'discord'>): string | null {
  const { slack, discord } = bursts;
  if (slack.longestStallMs === undefined || discord.longestStallMs === undefined) return null;
  return `Slack burst ${formatMs(slack.longestStallMs)} ms · Discord burst ${formatMs(discord.longestStallMs)} ms`;
}

/**
 * Ack and stall rows of one chat-load scenario. The stall target is held against what the work
 * beside the bursts does to the chat thread (`aloneStallMs`: the import, the selection, before any
 * command came); each burst's own stall is shown beside the floor's (chat-floor-server.ts), as a
 * server that only acks stalls as long under the same 300 commands on this machine.
 */
export function loadScenarioRows(name: string, scenario: LoadScenario & { aloneStallMs?: number }, stallTarget: boolean, aloneLabel = ''): BenchRow[] {
  const acks = (platform: 'slack' | 'discord', label: string) => {
    const a = scenario[platform];
    // With no ack at all the figures are NaN, which the worker's JSON turns into null: never a pass.
    const met = typeof a.p99Ms === 'number' && a.p99Ms <= T.ackP99Ms && a.errors === 0;
    // When every answer arrived (results from before the bench waited for them have none).
    const answered = a.allAnsweredMs === undefined ? '' : ` · all answered ${a.allAnsweredMs === null ? 'not within 60 s' : `in ${formatMs(a.allAnsweredMs)} ms`}`;
    return targetRow(name, `${label} ack p50 / p99 / max · errors`, `${msOrNone(a.p50Ms)} / ${msOrNone(a.p99Ms)} / ${msOrNone(a.maxMs)} ms · ${a.errors}${answered}`, `p99 ≤ ${T.ackP99Ms} ms, no errors`, met);
  };
  const measure = 'longest event-loop stall (monitorEventLoopDelay)';
  const bursts = burstStalls(scenario);
  const stall = `${formatMs(scenario.longestStallMs)} ms${bursts === null ? '' : ` (${bursts})`}`;
  const rows = [acks('slack', 'Slack HTTP slash commands'), acks('discord', 'Discord gateway interactions')];
  const alone = scenario.aloneStallMs;
  if (stallTarget && alone !== undefined) {
    rows.push(targetRow(name, `longest event-loop stall from ${aloneLabel} alone, before the bursts`, `${formatMs(alone)} ms`, `≤ ${T.longestStallMs} ms`, alone <= T.longestStallMs));
    rows.push(infoRow(name, `${measure}, with the bursts`, stall));
  } else if (stallTarget) {
    rows.push(targetRow(name, measure, stall, `≤ ${T.longestStallMs} ms`, scenario.longestStallMs <= T.longestStallMs));
  } else {
    rows.push(infoRow(name, measure, stall));
  }
  return rows;
}

/** Subscribes that wait for the import's write lock: the chat thread must not wait with them. */
function importWriteRows(writes: ChatLoadResult['duringImport']['writes'], papers: string, idle?: ChatLoadResult['idle']['writes']): BenchRow[] {
  if (!writes) return [];
  const alone = idle ? ` (the same with no import: ${formatMs(idle.longestStallMs)} ms, all answered in ${idle.allAnsweredMs === null ? '—' : formatMs(idle.allAnsweredMs)} ms)` : '';
  const name = `${writes.count} concurrent /papers subscribe during an import of ${papers} papers${writes.withinImport === false ? ' (it ended first)' : ''}`;
  const answered = writes.allAnsweredMs === null ? 'not all answered within 60 s' : `all answered in ${formatMs(writes.allAnsweredMs)} ms`;
  return [targetRow(name, 'longest event-loop stall · ack p99 · answers', `${formatMs(writes.longestStallMs)} ms · ${formatMs(writes.ackP99Ms)} ms · ${answered}${alone}`, `≤ ${T.longestStallMs} ms`, writes.longestStallMs <= T.longestStallMs && writes.allAnsweredMs !== null)];
}

/** The same bursts against a server that only does what the platforms require: the plumbing's floor. */
function floorRows(burst: string, floor: NonNullable<ChatLoadResult['floor']>): BenchRow[] {
  const name = `${burst}, idle, a bare server (node:http checking signatures; discord.js deferring): the floor`;
  const acks = (a: AckSummary) => `${msOrNone(a.p50Ms)} / ${msOrNone(a.p99Ms)} / ${msOrNone(a.maxMs)} ms · ${a.errors}`;
  return [
    infoRow(name, 'Slack ack p50 / p99 / max · errors', acks(floor.slack)),
    infoRow(name, 'Discord ack p50 / p99 / max · errors', acks(floor.discord)),
    infoRow(name, 'longest event-loop stall (monitorEventLoopDelay)', burstStalls(floor) ?? 'not measured'),
  ];
}

export function chatLoadRows(result: ChatLoadResult): BenchRow[] {
  const burst = `${formatCount(result.burst)} concurrent commands, each platform in turn`;
  const first = result.firstZeroResultSearch;
  const digest = result.duringDigest;
  return [
    targetRow(
      `first zero-result search after start, ${formatCount(result.papers)} papers`,
      'longest event-loop stall, start until the did-you-mean vocabulary is ready',
      `${formatMs(first.longestStallMs)} ms (ack ${formatMs(first.ackMs)} ms)`,
      `≤ ${T.longestStallMs} ms`,
      first.longestStallMs <= T.longestStallMs,
    ),
    ...loadScenarioRows(`${burst}, idle`, result.idle, false),
    ...loadScenarioRows(
      `${burst}, during an import of ${formatCount(digest.newPapers)} papers (${formatSeconds(result.duringImport.importSeconds)}${result.duringImport.burstsWithinImport ? '' : '; it ended before the bursts did'})`,
      result.duringImport,
      true,
      'the import',
    ),
    ...importWriteRows(result.duringImport.writes, formatCount(digest.newPapers), result.idle.writes),
    ...loadScenarioRows(
      `${burst}, during a ${digest.subscriptions}-subscription digest over ${formatCount(digest.newPapers)} new papers (selection ${formatMs(digest.selectionMs)} ms)`,
      digest,
      true,
      'the selection',
    ),
    ...(result.floor ? floorRows(burst, result.floor) : []),
  ];
}

/** The peak RSS of a serving process through rounds of mixed commands (bench/serving-memory.ts). */
export function servingMemoryRow(papers: string, rounds: number, perRound: number, peakRssMb: number, last: { p50Ms: number; maxMs: number }): BenchRow {
  return targetRow(
    `serving with the search pool, ${papers} (from dist/, as paperboy serve runs)`,
    `peak RSS over ${rounds} rounds of ${formatCount(perRound)} mixed commands · last round p50 / max`,
    `${peakRssMb.toFixed(1)} MB · ${formatMs(last.p50Ms)} / ${formatMs(last.maxMs)} ms`,
    `≤ ${T.servingWithPoolRssMb} MB`,
    peakRssMb <= T.servingWithPoolRssMb,
  );
}
