import { setFlagsFromString } from 'node:v8';

/**
 * V8's --heap-growing-percent for every paperboy process: a heap's old generation may grow to 1.5x
 * what survived the last full collection before V8 collects again, not up to 4x (its default on a
 * machine with this much memory). A serving process keeps about 21 MB alive on its chat thread and
 * 8 MB in each search worker (heap snapshots), yet without the pool its chat thread's heap grew from
 * 62 to 104 MB over 6,000 commands, most of it garbage. At 78,736 papers with the pool
 * (bench/serving-memory.ts, 20 rounds of 300 commands): RSS peak 212 MB against 227, after round 20
 * 202 against 217; `paperboy import` of the snapshot peaked at 199 MB against 209-215, in
 * 10.5 / 12.8 s against 10.7 / 11.8 s. A large import lowers it further (src/cli/import-cli.ts).
 */
export const PAPERBOY_V8_FLAGS: readonly string[] = ['--heap-growing-percent=50'];

/**
 * Sets PAPERBOY_V8_FLAGS in the running process. Done in code, not on bin/paperboy.js's #! line, so
 * that `node bin/paperboy.js`, `node dist/cli.js` and `node --env-file=.env bin/paperboy.js serve`
 * get it too. V8 reads the factor at each full collection and the flags are process-wide, so setting
 * it at start governs the chat thread and the search workers started later (measured: a worker
 * thread churning garbage peaked at 243 MB heap total with the flag set this way, 542 MB without,
 * the same as with the flag on node's command line).
 */
export function applyPaperboyV8Flags(): void {
  for (const flag of PAPERBOY_V8_FLAGS) setFlagsFromString(flag);
}
