/** The benchmark's table: rows with a value, the target it is held to, and PASS or MISS. */
import { machineLine, type MachineInfo } from './machine-info.ts';

export type Verdict = 'PASS' | 'MISS' | '';

export interface BenchRow {
  benchmark: string;
  measure: string;
  value: string;
  target: string;
  result: Verdict;
}

export interface ReportHeader {
  title: string;
  command: string;
  machine: MachineInfo;
  startedAt: string;
  totalSeconds: number;
  loadAverage: { start: number[]; end: number[] };
  runsNote: string;
}

const COLUMNS: Array<{ key: keyof BenchRow; title: string }> = [
  { key: 'benchmark', title: 'Benchmark' },
  { key: 'measure', title: 'Measure' },
  { key: 'value', title: 'Value' },
  { key: 'target', title: 'Target' },
  { key: 'result', title: 'Result' },
];

/** A row held to a target: PASS when `met`. */
export function targetRow(benchmark: string, measure: string, value: string, target: string, met: boolean): BenchRow {
  return { benchmark, measure, value, target, result: met ? 'PASS' : 'MISS' };
}

export function infoRow(benchmark: string, measure: string, value: string): BenchRow {
  return { benchmark, measure, value, target: '', result: '' };
}

export const formatMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const formatCount = (n: number) => Math.round(n).toLocaleString('en-US');
export const formatMb = (mb: number | null) => (mb === null ? 'not measured' : `${mb.toFixed(0)} MB`);
export const formatSeconds = (s: number) => (s >= 100 ? `${s.toFixed(0)} s` : `${s.toFixed(s >= 10 ? 1 : 2)} s`);
export const formatDuration = (s: number) => (s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);

function headerLines(header: ReportHeader): string[] {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return [
    `Machine: ${machineLine(header.machine)}`,
    `Load average (1, 5, 15 min): ${load(header.loadAverage.start)} at start, ${load(header.loadAverage.end)} at end`,
    `Command: ${header.command} (${header.startedAt}, ${formatDuration(header.totalSeconds)} in all)`,
    header.runsNote,
  ];
}

/** The table as aligned plain text, for the terminal. */
export function renderTextReport(header: ReportHeader, rows: BenchRow[]): string {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...rows.map((r) => r[c.key].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    header.title,
    ...headerLines(header),
    '',
    line(COLUMNS.map((c) => c.title)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(COLUMNS.map((c) => r[c.key]))),
  ].join('\n');
}

/** The table as Markdown, for bench/RESULTS.md. */
export function renderMarkdownTable(rows: BenchRow[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${COLUMNS.map((c) => c.title).join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${COLUMNS.map((c) => escape(r[c.key]) || ' ').join(' | ')} |`),
  ].join('\n');
}

export function renderMarkdownHeader(header: ReportHeader): string {
  return headerLines(header)
    .map((l) => `${l}  `)
    .join('\n');
}
