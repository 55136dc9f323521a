import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** GNU time reports a child's peak resident set size exactly; without it /proc is polled. */
const GNU_TIME = '/usr/bin/time';
const RSS_POLL_MS = 50;

export interface MeasuredRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit. */
  wallMs: number;
  /** From spawn to the first byte on stdout, null when the process printed nothing. */
  firstOutputMs: number | null;
  /** Peak resident set size in MB, null when it could not be measured. */
  peakRssMb: number | null;
  /** How peakRssMb was measured. */
  rssMethod: 'gnu-time' | 'proc-poll' | 'none';
}

function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

function readVmHwmMb(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs a command to completion, recording its wall time, time to first output and peak RSS.
 * stdout and stderr are kept in memory, so use it for commands with modest output.
 */
export function spawnMeasured(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<MeasuredRun> {
  const gnuTime = hasGnuTime();
  const [file, argv] = gnuTime ? [GNU_TIME, ['-v', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let firstOutputMs: number | null = null;
    let polledPeak: number | null = null;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (firstOutputMs === null) firstOutputMs = performance.now() - started;
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const poll = gnuTime
      ? null
      : setInterval(() => {
          const hwm = child.pid === undefined ? null : readVmHwmMb(child.pid);
          if (hwm !== null) polledPeak = Math.max(polledPeak ?? 0, hwm);
        }, RSS_POLL_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const wallMs = performance.now() - started;
      let peakRssMb: number | null = polledPeak;
      let rssMethod: MeasuredRun['rssMethod'] = polledPeak === null ? 'none' : 'proc-poll';
      if (gnuTime) {
        const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        peakRssMb = match ? Number(match[1]) / 1024 : null;
        rssMethod = match ? 'gnu-time' : 'none';
        const exit = /Exit status: (\d+)/.exec(stderr);
        if (exit) code = Number(exit[1]);
      }
      resolve({ code, stdout, stderr, wallMs, firstOutputMs, peakRssMb, rssMethod });
    });
  });
}
