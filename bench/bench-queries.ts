import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The committed query set (bench/generate-queries.ts wrote it). */
export const BENCH_QUERIES_FILE = fileURLToPath(new URL('./queries.txt', import.meta.url));

export function loadBenchQueries(path = BENCH_QUERIES_FILE): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
