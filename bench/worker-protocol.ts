/**
 * How the runner talks to the benchmark workers it starts in child processes (so each measures
 * its own memory): arguments go in as one JSON argument, the result comes back as one stdout line.
 */
const RESULT_PREFIX = 'BENCH_RESULT ';

/** The worker's arguments: the JSON given as its first command-line argument. */
export function readWorkerArgs<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('a benchmark worker needs its arguments as one JSON argument');
  return JSON.parse(raw) as T;
}

/** Prints the worker's result for the runner. */
export function reportWorkerResult(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** The result a worker printed, or an error naming what it printed instead. */
export function parseWorkerResult<T>(stdout: string, worker: string): T {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (line === undefined) throw new Error(`${worker} printed no result`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}

/** Peak and current resident memory of this process, in MB (Linux /proc; falls back to Node's own figure). */
export async function memoryOfThisProcess(): Promise<{ rssMb: number; peakRssMb: number | null }> {
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  try {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile('/proc/self/status', 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return { rssMb, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null };
  } catch {
    return { rssMb, peakRssMb: null };
  }
}
